package io.github.alphadropout.job.input;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a batch run reads, checked and pinned when it is opened ({@link Inputs#open}): files of a format, a Delta
 * table at a version, an Iceberg table at a snapshot. Every read of its {@link #rows()} sees the same rows,
 * whatever is committed to a table meanwhile.
 */
public interface Input {

    /** The input's rows. */
    Dataset<Row> rows();

    /** The version read, as the summary names it (e.g. "version 3", "snapshot 8"); null for files. */
    String version();
}
