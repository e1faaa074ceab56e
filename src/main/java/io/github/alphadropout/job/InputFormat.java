package io.github.alphadropout.job;

/** The formats {@code augment --format} reads; the output is always Parquet. */
enum InputFormat {
    PARQUET,
    ORC,
    JSON;

    /** The name Spark's readers know it by. */
    String sparkName() {
        return EnumOption.text(this);
    }

    @Override
    public String toString() {
        return sparkName();
    }
}
