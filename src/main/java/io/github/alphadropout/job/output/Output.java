/*
 * Copyright 2026 the spark-alpha-dropout authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package io.github.alphadropout.job.output;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.util.Map;

/**
 * Where a run writes its rows, one implementation per kind of output: a Parquet folder (committed by renames on a
 * local disk or HDFS, through S3A's magic committer on {@code s3a://}), a Delta Lake table, an Iceberg table. Made by
 * {@link Outputs}, used in this order, so that a run never asks which kind it writes:
 * <ol>
 *   <li>{@link #open()}, before the input is read: refuses what the output cannot take (a {@code UsageException}
 *       with the message users know: an existing output without {@code --overwrite} or {@code --append}, an output
 *       that overlaps the input, a folder that is a table, a session not set up for the table); puts right what an
 *       interrupted run left at the output, saying in one line each what it did; and claims the output where the
 *       kind allows, so that a second run on it is refused from here on (a folder: its staging folder and journal;
 *       a table commits optimistically and claims nothing);</li>
 *   <li>{@link #prepareWrite}: refuses {@code --append} rows whose columns are not those of the existing output;</li>
 *   <li>{@link #write} the rows (Parquet, with the writer options given);</li>
 *   <li>{@link #rowsWritten()} and {@link #writtenRows()}: what was written, counted and read back before it becomes
 *       visible where the kind allows (a folder: from the written files' Parquet footers, before its commit; a table
 *       commits when it writes: its commit's own row count);</li>
 *   <li>{@link #commit()} once, unless the counts are refused ({@link #rejected}); then {@link #version()} (the
 *       version the commit made, e.g. "Delta table /p version 3"; none for a folder) and {@link #committedRows()}
 *       (this run's rows, for the report);</li>
 *   <li>{@link #close()}, always: undoes whatever was not committed.</li>
 * </ol>
 * A failure before the commit is told by {@link #failed}, which says what is left: nothing written to a folder
 * (whose old output, if any, is intact), nothing committed to a table (which is as it was).
 */
public interface Output extends AutoCloseable {

    /**
     * Checks the output, puts right what an interrupted run left there, and claims it (see the class comment). Any
     * other method but {@link #failed} and {@link #close()} needs it first.
     */
    void open();

    /**
     * Before the write: with {@code --append} to an existing output, refuses rows of {@code schema} unless their
     * columns are the output's (same names, order and types), or the output could not be read as one table.
     */
    void prepareWrite(StructType schema);

    /** Writes the rows; only a table makes them visible now, in one commit. */
    void write(Dataset<Row> rows, Map<String, String> options);

    /** The rows {@link #write} wrote, counted without reading the data. */
    long rowsWritten();

    /** The rows {@link #write} wrote, read back (for their sample lengths). */
    Dataset<Row> writtenRows();

    /** Makes the rows written the output, or part of it when appending (a table: already done by the write). */
    void commit();

    /**
     * The version {@link #commit()} made, as the summary names it (e.g. "Delta table /p version 3"); null when the
     * kind has no versions (a folder).
     */
    String version();

    /** After {@link #commit()}: this run's rows in the output (with {@code --append}, only those). */
    Dataset<Row> committedRows();

    /**
     * The failure to throw for {@code problem}, found after {@link #write} and instead of {@link #commit()} (counts
     * that do not add up): a folder was not changed ("nothing was written to ..."); a table's commit is made, and
     * the failure says it is suspect and how to undo it.
     */
    RuntimeException rejected(String problem);

    /**
     * Undoes what was not committed (as {@link #close()} does), then returns the failure to throw for
     * {@code cause}, which says what is left: a folder: "nothing was written to ..." (and, when it held an output
     * before, that it is intact); a table: "nothing was committed to ..., which is as it was". A failure that
     * already says what it leaves (or a usage error) is returned as it is.
     *
     * @param memoryAdvice what to do if {@code cause} is running out of memory
     */
    RuntimeException failed(Throwable cause, String memoryAdvice);

    /** Undoes whatever was not committed; never fails (the run already failed for a better reason). */
    @Override
    void close();
}
