package io.github.alphadropout.job.run;


/** The formats {@code augment --output-format} writes: Parquet files, or a table that commits in one transaction. */
public enum OutputFormat {
    PARQUET,
    DELTA,
    ICEBERG;

    /** Whether the output is a table (Delta Lake or Iceberg) rather than a folder of Parquet files. */
    boolean isTable() {
        return this != PARQUET;
    }

    @Override
    public String toString() {
        return OptionText.of(this);
    }
}
