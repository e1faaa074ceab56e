package io.github.alphadropout.job;

/** The formats {@code augment --format} reads: files, or a table read at one version. */
enum InputFormat {
    PARQUET,
    ORC,
    JSON,
    DELTA,
    ICEBERG;

    /** The name Spark's readers know it by. */
    String sparkName() {
        return EnumOption.text(this);
    }

    /** Whether the input is a table (Delta Lake or Iceberg) rather than files. */
    boolean isTable() {
        return this == DELTA || this == ICEBERG;
    }

    @Override
    public String toString() {
        return sparkName();
    }
}
