package io.github.alphadropout.job.input;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Files of a format (Parquet, ORC, JSON, ...): what the folder holds when the run reads it; no version. */
record FileInput(Dataset<Row> rows) implements Input {

    @Override
    public String version() {
        return null;
    }
}
