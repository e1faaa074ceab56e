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

import io.github.alphadropout.job.table.TableSetup;
import io.github.alphadropout.job.files.OutputPaths;
import io.github.alphadropout.job.files.ParquetFooters;
import io.github.alphadropout.job.run.JobFailure;
import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.RunningTasks;
import io.github.alphadropout.job.run.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;

/**
 * A Parquet folder. It is claimed at {@link #open()} (its staging folder and journal, {@link CommitJournal}), which
 * first puts right what interrupted runs left ({@link FolderCommit#recover}); its new files are counted from their
 * footers before they are visible, and committed by its file system's {@link FolderCommit}: renames on a local
 * disk or HDFS ({@link RenameCommit}), S3A's magic committer on {@code s3a://} ({@link ObjectStoreCommit}). It has
 * no versions.
 */
final class ParquetFolderOutput implements Output {

    private final SparkSession spark;
    private final String output;
    private final OutputMode mode;
    private final String input;
    private final String otherChoice;
    private final PrintWriter notes;
    private final Function<String[], Dataset<Row>> reader;
    private FolderCommit commit;
    private String[] written;
    private String[] committed;

    /**
     * @param input       the input path to keep apart from the output (null: none)
     * @param otherChoice how the message about an existing output ends (e.g. ", or --append to add to it")
     * @param reader      how the job reads Parquet files back
     */
    ParquetFolderOutput(SparkSession spark, String output, OutputMode mode, String input, String otherChoice,
                        PrintWriter notes, Function<String[], Dataset<Row>> reader) {
        this.spark = spark;
        this.output = output;
        this.mode = mode;
        this.input = input;
        this.otherChoice = otherChoice;
        this.notes = notes;
        this.reader = reader;
    }

    private Configuration conf() {
        return spark.sparkContext().hadoopConfiguration();
    }

    @Override
    public void open() {
        check(output, input, mode, conf(), notes, otherChoice);
        // The output is claimed (its staging folder and journal) before anything else: from here a second run on
        // it is refused, not only once the input is read and counted.
        commit = FolderCommit.open(spark, output, mode, notes);
    }

    @Override
    public void prepareWrite(StructType schema) {
        if (mode == OutputMode.APPEND && OutputPaths.exists(OutputPaths.qualify(output, conf()), conf())) {
            Outputs.checkColumns(output, reader.apply(new String[] {output}).schema(), schema);
        }
    }

    @Override
    public void write(Dataset<Row> rows, Map<String, String> options) {
        try (RunningTasks tasks = RunningTasks.watch(spark.sparkContext())) {
            try {
                commit.write(rows, options);
            } catch (Exception e) { // SparkException too: Spark throws it undeclared
                // A failed job's other tasks are killed asynchronously and may still write into the scratch
                // folder; let them end before closing the commit deletes it.
                tasks.awaitNone(60_000);
                throw e;
            }
        }
    }

    private String[] written() {
        if (written == null) {
            written = commit.written().toArray(new String[0]);
        }
        return written;
    }

    @Override
    public long rowsWritten() {
        return ParquetFooters.rows(conf(), written());
    }

    @Override
    public Dataset<Row> writtenRows() {
        return reader.apply(written());
    }

    @Override
    public void commit() {
        commit.commit();
        committed = commit.committed().toArray(new String[0]);
    }

    @Override
    public String version() {
        return null;
    }

    @Override
    public Dataset<Row> committedRows() {
        return reader.apply(committed);
    }

    @Override
    public RuntimeException rejected(String problem) {
        return JobFailure.nothingWritten(problem, output);
    }

    @Override
    public RuntimeException failed(Throwable cause, String memoryAdvice) {
        close();
        return JobFailure.nothingWritten(cause, output, mode,
                () -> OutputPaths.exists(OutputPaths.qualify(output, conf()), conf()), memoryAdvice);
    }

    @Override
    public void close() {
        if (commit != null) {
            commit.close(); // undoes what was not committed
            commit = null;
        }
    }

    /**
     * Refuses an output that equals the input or contains it or lies inside it ({@code input} null: none), and an
     * existing output without {@code --overwrite} or {@code --append}; what interrupted runs left beside the output
     * is put right first, and said on {@code notes}. {@code otherChoice} ends the message about an existing output
     * (e.g. ", or --append to add to it").
     */
    static void check(String output, String input, OutputMode mode, Configuration conf, PrintWriter notes,
                      String otherChoice) {
        OutputPaths.checkSeparate(output, input, conf);
        Path out = OutputPaths.qualify(output, conf);
        FolderCommit.recover(output, conf, notes);
        if (mode == OutputMode.CREATE && OutputPaths.exists(out, conf)) {
            throw new UsageException("output " + output + " already exists; add --overwrite to replace it"
                    + otherChoice);
        }
        if (mode == OutputMode.APPEND) {
            checkNotATable(output, out, conf);
        }
    }

    /**
     * Refuses to add Parquet files to a table's folder: a Delta or Iceberg reader sees only the files its log or
     * metadata lists, so they would be invisible there, and deleted by the table's clean-up (VACUUM,
     * remove_orphan_files).
     */
    private static void checkNotATable(String output, Path out, Configuration conf) {
        if (OutputPaths.exists(new Path(out, TableSetup.DELTA_LOG), conf)) {
            throw new UsageException("output " + output + " is a Delta table (it holds " + TableSetup.DELTA_LOG
                    + "); add --output-format delta to append rows to it in one commit (Parquet files added beside"
                    + " the log would be invisible to Delta readers and deleted by VACUUM)");
        }
        Path metadata = new Path(out, "metadata");
        if (OutputPaths.isDirectory(metadata, conf) && (OutputPaths.exists(new Path(metadata, "version-hint.text"),
                conf) || holdsTableMetadata(metadata, conf))) {
            throw new UsageException("output " + output + " is an Iceberg table's folder (it holds metadata/);"
                    + " append to the table through its catalog with --output-format iceberg and its name"
                    + " CATALOG.NAMESPACE.TABLE (Parquet files added to its folder would be invisible to Iceberg"
                    + " readers and deleted by its orphan-file clean-up)");
        }
    }

    private static boolean holdsTableMetadata(Path metadata, Configuration conf) {
        try {
            for (FileStatus f : metadata.getFileSystem(conf).listStatus(metadata)) {
                if (f.getPath().getName().endsWith(".metadata.json")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + metadata + ": " + e.getMessage(), e);
        }
    }
}
