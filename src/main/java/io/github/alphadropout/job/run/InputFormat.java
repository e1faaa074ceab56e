package io.github.alphadropout.job.run;


/** The formats {@code augment --format} reads: files, or a table read at one version. */
public enum InputFormat {
    PARQUET,
    ORC,
    JSON,
    DELTA,
    ICEBERG;

    /** The name Spark's readers know it by. */
    public String sparkName() {
        return OptionText.of(this);
    }

    /** Whether the input is a table (Delta Lake or Iceberg) rather than files. */
    public boolean isTable() {
        return this == DELTA || this == ICEBERG;
    }

    @Override
    public String toString() {
        return sparkName();
    }
}
