package io.github.alphadropout.job.input;

import io.github.alphadropout.job.table.LakeTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A table ({@link LakeTable}: Delta Lake or Iceberg) read at the version that was current when the run opened it, so
 * later commits do not change what the run reads.
 *
 * @param at the version read (null when the table has none)
 */
record TableInput(Dataset<Row> rows, LakeTable.Version at) implements Input {

    @Override
    public String version() {
        return at == null ? null : at.text();
    }
}
