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
import io.github.alphadropout.job.files.ParquetFooters;
import io.github.alphadropout.job.files.ParquetWriterSettings;
import io.github.alphadropout.job.input.Input;
import io.github.alphadropout.job.input.Inputs;
import io.github.alphadropout.job.input.ReaderBatchSize;
import io.github.alphadropout.job.output.Output;
import io.github.alphadropout.job.output.Outputs;
import io.github.alphadropout.job.report.ReportStep;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.JobFailure;
import io.github.alphadropout.job.run.OutputFormat;
import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.RunSummary;
import io.github.alphadropout.job.run.SparkProgress;
import io.github.alphadropout.sql.ColumnNames;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A batch {@code augment} run on a running SparkSession, one straight path whatever the output's kind: the
 * settings' checks against the real file systems, the output opened (checked, put right after an interrupted run,
 * claimed: {@link Output}), the input opened ({@link Input}) and counted, the augmented copies written, counted,
 * committed, then the summary and the report ({@link ReportStep}).
 */
public final class BatchAugment {
    /** The phase that writes the augmented copies (its Spark jobs are described "alpha-dropout: augment"). */
    public static final String WRITE_PHASE = "augment";

    /**
     * What to do when augment runs out of memory. A task holds one batch of the reader (capped by
     * {@link ReaderBatchSize}) and the Parquet writer's buffer, up to a row group or the task's whole output if that is
     * smaller; smaller input splits make that smaller, fewer tasks at once make fewer of them.
     */
    static final String MEMORY_ADVICE = JobFailure.MORE_MEMORY + "; or let each task hold less"
            + " (--conf spark.sql.files.maxPartitionBytes=32m) or run fewer at once (--master local[2])";

    /** What a run produced: its numbers, and the report (null without {@code --report}). */
    public record Result(RunSummary summary, ReportStep.Report report) {
    }

    private BatchAugment() {
    }

    /**
     * The checks that can be made before Spark starts: those on paths that are local for sure under
     * {@code master}. {@link #run} makes them all again on Spark's file systems.
     */
    public static void checkBeforeSpark(AugmentSettings s, OutputMode mode, String master, PrintWriter notes) {
        Inputs.checkBeforeSpark(s, master);
        Outputs.checkBeforeSpark(s, mode, master, notes);
    }

    /**
     * The run's paths that must be separate folders ({@link OutputPaths#checkApart}): the input and output when they
     * are paths (not Iceberg identifiers), the report, and a stream's checkpoint (null: none).
     */
    static OutputPaths.Named[] paths(AugmentSettings s, Path report, String checkpoint) {
        return new OutputPaths.Named[] {
            s.outputFormat() == OutputFormat.ICEBERG ? null : new OutputPaths.Named("--output", s.output()),
            s.format() == InputFormat.ICEBERG ? null : new OutputPaths.Named("--input", s.input()),
            report == null ? null : OutputPaths.Named.local("--report", report),
            checkpoint == null ? null : new OutputPaths.Named("--checkpoint", checkpoint)};
    }

    /** {@link #paths}, those local for sure under {@code master}: what can be compared before Spark starts. */
    public static OutputPaths.Named[] localPaths(AugmentSettings s, Path report, String checkpoint, String master) {
        return Arrays.stream(paths(s, report, checkpoint))
                .filter(n -> n != null && OutputPaths.isLocal(n.location(), master))
                .toArray(OutputPaths.Named[]::new);
    }

    /**
     * Runs the augmentation. A failure before the output is committed leaves nothing at the output (and says so);
     * a failure of the report after it says that the output is complete.
     */
    public static Result run(SparkSession spark, AugmentSettings s, Path reportDir, OutputMode mode, boolean show,
                             PrintWriter notes) {
        Output output = Outputs.of(spark, s, mode, notes);
        Input input;
        RunSummary summary;
        try {
            ReaderBatchSize.limit(spark, s);
            OutputPaths.checkApart(spark.sparkContext().hadoopConfiguration(), paths(s, reportDir, null));
            output.open();
            input = Inputs.open(spark, s);
            s.checkInputSchema(input.rows().schema());
            LargeSampleSettings.configure(spark, s.sampleBytes(input.rows().schema()));
            summary = write(spark, s, input, output, show);
        } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
            throw output.failed(e, MEMORY_ADVICE);
        } finally {
            output.close();
        }
        if (reportDir == null) {
            return new Result(summary, null);
        }
        try {
            // With --append the report covers this run's rows only.
            return new Result(summary, ReportStep.write(spark, s, summary, input.rows(), output.committedRows(),
                    reportDir, show));
        } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
            throw JobFailure.reportFailed(e, "the augmented output is complete at " + s.output()
                    + (summary.outputVersion() == null ? "" : " (" + summary.outputVersion() + ")"));
        }
    }

    /**
     * Counts the input, writes the copies to the output (opened by the caller, who closes it), counts them as the
     * output can before they are visible, and commits them; the counts must agree, or the output refuses them
     * ({@link Output#rejected}). The input is a table version or a fixed list of files, so they agree unless files
     * were rewritten meanwhile.
     */
    private static RunSummary write(SparkSession spark, AugmentSettings s, Input in, Output output, boolean show) {
        long start = System.nanoTime();
        Dataset<Row> input = in.rows();
        long rowsIn = countInput(spark, s, input, show);
        LongAccumulator skipped = spark.sparkContext().longAccumulator("alpha-dropout: copies skipped as invalid");
        Dataset<Row> augmented = Augmentation.plan(input, s, s.sampleBytes(input.schema()), skipped);
        output.prepareWrite(augmented.schema());
        try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), WRITE_PHASE, show, System.err)) {
            output.write(augmented, ParquetWriterSettings.writeOptions(spark, s.sampleBytes(input.schema())));
        }
        long rowsOut = output.rowsWritten();
        double seconds = (System.nanoTime() - start) / 1e9;
        RunSummary summary = new RunSummary(rowsIn, s.copies(), rowsOut, seconds,
                (rowsOut == 0 ? 0 : valuesPerRow(input.schema(), s, output::writtenRows)) * rowsOut)
                .withSkippedCopies(skipped.value());
        String changed = summary.inputChanged(s.handleInvalid());
        if (changed != null) {
            throw output.rejected(changed);
        }
        output.commit();
        return summary.withVersions(in.version(), output.version());
    }

    /**
     * The input's rows: from Parquet footers for Parquet files, else by Spark ({@link ParquetFooters}); and a
     * {@code --shape} the input shows to be wrong refused ({@link ShapeCheck}), before anything is written.
     */
    private static long countInput(SparkSession spark, AugmentSettings s, Dataset<Row> input, boolean show) {
        try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), "input", show, System.err)) {
            ParquetFooters.Input counted = ParquetFooters.input(input, s.format(),
                    spark.sparkContext().hadoopConfiguration(), s.columns());
            ShapeCheck.check(s, input, counted.lengths());
            return counted.rows();
        }
    }

    /** Tensor values per output row (all augmented columns), from the first row of {@code output}. */
    static long valuesPerRow(StructType schema, AugmentSettings s, Supplier<Dataset<Row>> output) {
        if (!s.shape().hasInferredDimension()) {
            return (long) s.shape().fixedLength() * s.columns().size();
        }
        Dataset<Row> sizes = output.get().selectExpr(s.columns().stream()
                .map(c -> schema.apply(c).dataType().equals(SQLDataTypes.VectorType())
                        ? "0" : "coalesce(size(" + ColumnNames.quote(c) + "), 0)").toArray(String[]::new));
        List<Row> first = sizes.limit(1).collectAsList();
        long total = 0;
        if (!first.isEmpty()) {
            for (int i = 0; i < s.columns().size(); i++) {
                total += ((Number) first.get(0).get(i)).longValue();
            }
        }
        return total;
    }
}
