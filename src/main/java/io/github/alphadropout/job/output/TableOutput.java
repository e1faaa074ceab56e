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

import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.JobFailure;
import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.UsageException;
import io.github.alphadropout.job.table.LakeTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.Map;
import java.util.UUID;

/**
 * A Delta Lake or Iceberg table ({@link LakeTable}). It claims nothing at {@link #open()} and leaves nothing to put
 * right: the table's log makes every commit atomic, and a run that fails before its commit leaves the table as it
 * was. The write is the commit, one per run, tagged with the run ({@link LakeTable#RUN_TAG}), so the rows are counted
 * after it, by the commit's own record; counts refused then leave a commit that is suspect, with the command that
 * undoes it.
 */
final class TableOutput implements Output {

    private final SparkSession spark;
    private final LakeTable table;
    private final String output;
    private final OutputMode mode;
    private final String input;
    private final InputFormat inputFormat;
    private final String otherChoice;
    private LakeTable.Version before;
    private String runTag;
    private LakeTable.Commit commit;

    /**
     * @param input       the run's input (a path or a table's name) and its format, to keep apart from the table
     * @param otherChoice how the message about an existing table ends (e.g. ", or --append to add to it")
     */
    TableOutput(SparkSession spark, LakeTable table, String output, OutputMode mode, String input,
                InputFormat inputFormat, String otherChoice) {
        this.spark = spark;
        this.table = table;
        this.output = output;
        this.mode = mode;
        this.input = input;
        this.inputFormat = inputFormat;
        this.otherChoice = otherChoice;
    }

    @Override
    public void open() {
        table.checkSession(spark);
        table.checkApart(input, inputFormat, spark.sparkContext().hadoopConfiguration());
        table.checkOutput(spark);
        if (mode == OutputMode.CREATE && table.exists(spark)) {
            throw new UsageException("output " + table.describe() + " already exists; add --overwrite to replace its"
                    + " rows in one commit" + otherChoice);
        }
    }

    @Override
    public void prepareWrite(StructType schema) {
        boolean exists = table.exists(spark);
        if (mode == OutputMode.APPEND && exists) {
            Outputs.checkColumns(output, table.schema(spark), schema);
        }
        before = exists ? table.current(spark) : null;
    }

    @Override
    public void write(Dataset<Row> rows, Map<String, String> options) {
        runTag = UUID.randomUUID().toString();
        table.write(rows, mode, runTag, options);
    }

    /** The commit the write made, found in the table's history by the run's tag. */
    private LakeTable.Commit commitMade() {
        if (commit == null) {
            try {
                commit = table.find(spark, runTag, before);
            } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
                throw JobFailure.leaving(e, "the rows are committed to " + table.describe() + " (a commit with "
                        + LakeTable.RUN_TAG + " " + runTag + "), but could not be checked", null);
            }
        }
        return commit;
    }

    @Override
    public long rowsWritten() {
        return commitMade().rowsAdded();
    }

    @Override
    public Dataset<Row> writtenRows() {
        return table.rowsOf(spark, commitMade());
    }

    @Override
    public void commit() {
        commitMade(); // the write committed
    }

    @Override
    public String version() {
        return table.describe() + " " + commitMade().version();
    }

    @Override
    public Dataset<Row> committedRows() {
        return table.rowsOf(spark, commitMade());
    }

    @Override
    public RuntimeException rejected(String problem) {
        LakeTable.Commit made = commitMade();
        return JobFailure.leaving(problem, "the rows are committed as " + made.version() + " of "
                + table.describe() + " but suspect; undo with " + table.undo(made));
    }

    @Override
    public RuntimeException failed(Throwable cause, String memoryAdvice) {
        return JobFailure.leaving(cause, "nothing was committed to " + table.describe() + ", which is as it was",
                memoryAdvice);
    }

    @Override
    public void close() {
        // Nothing to undo: a table's commit is all or nothing.
    }
}
