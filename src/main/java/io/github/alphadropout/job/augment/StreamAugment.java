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

package io.github.alphadropout.job.augment;

import io.github.alphadropout.job.files.OutputPaths;
import io.github.alphadropout.job.files.ParquetWriterSettings;
import io.github.alphadropout.job.input.Inputs;
import io.github.alphadropout.job.input.ReaderBatchSize;
import io.github.alphadropout.job.output.Outputs;
import io.github.alphadropout.job.report.ReportStep;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.JobFailure;
import io.github.alphadropout.job.run.OutputFormat;
import io.github.alphadropout.job.run.RunSummary;
import io.github.alphadropout.job.run.StreamSettings;
import io.github.alphadropout.job.run.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.types.StructType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;

/**
 * {@code augment --stream}: the same augmentation as a Structured Streaming query, from a file source over the
 * input folder (new files are new data) to a Parquet file sink or a Delta table at the output, with a checkpoint
 * folder.
 *
 * <ul>
 *   <li>The input's schema is inferred once from the files already there (at least one is needed), as a batch
 *       read of the folder would infer it, and imposed on the files that come later.</li>
 *   <li>Each micro-batch is augmented exactly as the batch job augments a data set ({@link Augmentation}): same
 *       copies, same seeds per copy. With position seeds, each row's mask also depends on the micro-batch id
 *       (see {@code io.github.alphadropout.kernel.RowSeeds#rowSeedInMicroBatch}), so identical rows in different
 *       micro-batches get different masks, and a micro-batch re-run after a failure (from the checkpoint) gets the
 *       same masks; with {@code --seed-column} the masks are those of the batch job, whatever the micro-batch.</li>
 *   <li>The sink writes each micro-batch once: a restart re-runs an unfinished micro-batch but the sink (Parquet:
 *       its {@code _spark_metadata} log; Delta: the query's transaction id in the table's log) skips one it already
 *       committed, so every row is in the output once per copy.</li>
 *   <li>A progress line per micro-batch ({@link StreamProgress}); with a trigger that ends (available-now, once)
 *       the summary of this run and, with {@code --report}, the report over the whole input and output.</li>
 * </ul>
 */
public final class StreamAugment {

    private StreamAugment() {
    }

    /** What a stream run produced: its numbers, the micro-batches it ran, the report (null without one). */
    public record Result(RunSummary summary, long batches, ReportStep.Report report) {
    }

    /** The folder checks that can be made before Spark starts: when input, output and checkpoint are all local. */
    public static void checkBeforeSpark(AugmentSettings s, StreamSettings stream, String master) {
        if (OutputPaths.isLocal(s.input(), master)) {
            OutputPaths.checkInput(s.input(), OutputPaths.localConf());
            if (OutputPaths.isLocal(s.output(), master) && OutputPaths.isLocal(stream.checkpoint(), master)) {
                Outputs.checkStream(s.input(), s.output(), stream.checkpoint(), s.outputFormat(),
                        OutputPaths.localConf());
            }
        }
    }

    /**
     * Runs the stream until it ends (or fails, or is stopped), on a running SparkSession. A failure says what the
     * output holds: the micro-batches committed before it (none, on a first run that failed early).
     *
     * @param printBatches print a line per micro-batch on {@code out}
     * @param show         draw the report's progress bar
     */
    public static Result run(SparkSession spark, AugmentSettings s, StreamSettings stream, Path reportDir,
                      PrintWriter out, boolean printBatches, boolean show) {
        String committed = "the micro-batches committed before the failure stay in " + s.output()
                + ", and a run with the same --checkpoint goes on from there";
        StructType schema;
        StreamProgress progress;
        RunSummary summary;
        try {
            ReaderBatchSize.limit(spark, s);
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            OutputPaths.checkInput(s.input(), conf);
            OutputPaths.checkApart(conf, BatchAugment.paths(s, reportDir, stream.checkpoint()));
            Outputs.checkStream(s.input(), s.output(), stream.checkpoint(), s.outputFormat(), conf);
            Outputs.checkStreamSession(spark, s);
            schema = inferSchema(spark, s);
            s.checkInputSchema(schema);
            long start = System.nanoTime();
            progress = runQuery(spark, s, stream, schema, out, printBatches);
            double seconds = (System.nanoTime() - start) / 1e9;
            long values = progress.rowsOut() == 0 ? 0
                    : BatchAugment.valuesPerRow(schema, s, () -> Outputs.readAll(spark, s)) * progress.rowsOut();
            summary = new RunSummary(progress.rowsIn(), s.copies(), progress.rowsOut(), seconds, values);
        } catch (Exception | Error e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw JobFailure.leaving(e, committed, BatchAugment.MEMORY_ADVICE);
        }
        String changed = summary.inputChanged(s.handleInvalid());
        if (changed != null) {
            throw JobFailure.leaving(changed, "the micro-batches of this run are committed in " + s.output()
                    + " but suspect");
        }
        if (reportDir == null) {
            return new Result(summary, progress.batches(), null);
        }
        try {
            return new Result(summary, progress.batches(), ReportStep.write(spark, s, summary,
                    Inputs.input(spark, s).schema(schema).load(s.input()),
                    Outputs.readAll(spark, s), reportDir, show));
        } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
            throw JobFailure.reportFailed(e, "the stream's output at " + s.output() + " holds every micro-batch of"
                    + " this run");
        }
    }

    /** Starts the query and waits until it ends; returns its progress listener, which counted the rows. */
    private static StreamProgress runQuery(SparkSession spark, AugmentSettings s, StreamSettings stream,
                                           StructType schema, PrintWriter out, boolean printBatches)
            throws TimeoutException, StreamingQueryException, InterruptedException {
        DataStreamReader reader = Inputs.inputStream(spark, s).schema(schema);
        if (stream.maxFilesPerTrigger() != null) {
            reader = reader.option("maxFilesPerTrigger", stream.maxFilesPerTrigger());
        }
        // Rows in and out of each micro-batch, counted in the query itself, before and after the copies are made.
        Dataset<Row> source = reader.load(s.input());
        Dataset<Row> augmented = Augmentation.apply(
                        source.observe(StreamProgress.INPUT_METRIC, count(lit(1)).as("rows")), s)
                .observe(StreamProgress.OUTPUT_METRIC, count(lit(1)).as("rows"));

        String name = "alpha_dropout_augment_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        StreamProgress progress = new StreamProgress(name, s.copies(), out, printBatches);
        spark.streams().addListener(progress);
        try {
            StreamingQuery query = augmented.writeStream()
                    .queryName(name)
                    // A Delta sink records each micro-batch's id in its log, so a re-run batch is not added twice.
                    .format(s.outputFormat() == OutputFormat.DELTA ? "delta" : "parquet")
                    .options(ParquetWriterSettings.writeOptions(spark, s.sampleBytes(schema)))
                    .option("path", s.output())
                    .option("checkpointLocation", stream.checkpoint())
                    .trigger(stream.trigger().trigger())
                    .start();
            out.println(OutputPaths.redact("alpha-dropout augment: streaming " + s.input() + " to " + s.output()
                    + " (checkpoint " + stream.checkpoint() + ", trigger " + stream.trigger() + ")"));
            out.flush();
            query.awaitTermination();
            progress.awaitTerminatedEvent(30_000);
        } finally {
            spark.streams().removeListener(progress);
        }
        return progress;
    }

    /** The schema of the files already in the input folder; a usage error when there are none to infer it from. */
    private static StructType inferSchema(SparkSession spark, AugmentSettings s) {
        try {
            return Inputs.input(spark, s).load(s.input()).schema();
        } catch (Exception e) { // AnalysisException, which javac takes for a checked exception nothing throws
            if (e instanceof AnalysisException && e.getMessage() != null && e.getMessage().contains("infer schema")) {
                throw new UsageException("cannot infer the input's schema: " + s.input() + " holds no "
                        + s.format() + " files yet; --stream needs at least one to start from");
            }
            throw e;
        }
    }
}
