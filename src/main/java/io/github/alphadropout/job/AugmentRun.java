package io.github.alphadropout.job;

import io.github.alphadropout.sql.ColumnNames;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.List;

/**
 * A batch {@code augment} run on a running SparkSession: checks against the real file system, counts the input,
 * writes the augmented copies into a scratch folder, counts what was written, commits it to the output, then
 * writes the report ({@link ReportStep}).
 */
final class AugmentRun {

    /** The phase that writes the augmented copies (its Spark jobs are described "alpha-dropout: augment"). */
    static final String WRITE_PHASE = "augment";

    /**
     * What to do when augment runs out of memory. A task holds one batch of the reader (capped by
     * {@link ReaderBatch}) and the Parquet writer's buffer, up to a row group or the task's whole output if that is
     * smaller; smaller input splits make that smaller, fewer tasks at once make fewer of them.
     */
    static final String MEMORY_ADVICE = JobFailure.MORE_MEMORY + "; or let each task hold less"
            + " (--conf spark.sql.files.maxPartitionBytes=32m) or run fewer at once (--master local[2])";

    /** What a run produced: its numbers, and the report (null without {@code --report}). */
    record Result(RunSummary summary, ReportStep.Report report) {
    }

    private AugmentRun() {
    }

    /**
     * The path checks that can be made before Spark starts: those on paths that are local for sure under
     * {@code master}. {@link #run} makes them all again on Spark's file systems.
     */
    static void checkBeforeSpark(AugmentSettings s, boolean overwrite, String master) {
        boolean localInput = OutputPaths.isLocal(s.input(), master);
        if (localInput) {
            OutputPaths.checkInput(s.input(), OutputPaths.localConf());
        }
        if (OutputPaths.isLocal(s.output(), master)) {
            OutputPaths.checkOutput(s.output(), localInput ? s.input() : null, overwrite, OutputPaths.localConf());
        }
    }

    /**
     * Runs the augmentation. A failure before the output is committed leaves nothing at the output (and says so);
     * a failure of the report after it says that the output is complete.
     */
    static Result run(SparkSession spark, AugmentSettings s, Path reportDir, boolean overwrite, boolean show) {
        Dataset<Row> input;
        RunSummary summary;
        try {
            ReaderBatch.limit(spark, s);
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            OutputPaths.checkInput(s.input(), conf);
            OutputPaths.checkOutput(s.output(), s.input(), overwrite, conf);
            input = Readers.input(spark, s).load(s.input());
            s.checkInputSchema(input.schema());
            summary = write(spark, s, input, conf, show);
        } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
            throw JobFailure.nothingWritten(e, s.output(), MEMORY_ADVICE);
        }
        if (reportDir == null) {
            return new Result(summary, null);
        }
        try {
            return new Result(summary, ReportStep.write(spark, s, summary, input, Readers.written(spark, s, s.output()),
                    reportDir, show));
        } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
            throw JobFailure.reportFailed(e, "the augmented output is complete at " + s.output());
        }
    }

    /** Counts the input, writes the copies to a scratch folder, counts them, and commits them to the output. */
    private static RunSummary write(SparkSession spark, AugmentSettings s, Dataset<Row> input, Configuration conf,
                                    boolean show) {
        long start = System.nanoTime();
        long rowsIn;
        try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), "input", show, System.err)) {
            rowsIn = input.count();
        }
        Dataset<Row> augmented = Augmentation.apply(input, s);
        try (OutputPaths.Pending pending = OutputPaths.begin(s.output(), conf)) {
            String tmp = pending.temporary().toString();
            try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), WRITE_PHASE, show, System.err)) {
                augmented.write().options(ParquetWriting.writeOptions(spark, s.sampleBytes(input.schema())))
                        .parquet(tmp);
            } catch (Exception e) { // SparkException too: Spark throws it undeclared
                // A failed job's other tasks are killed asynchronously and may still write into the scratch
                // folder; let them stop before closing the pending output deletes it.
                JobSession.awaitNoRunningTasks(spark.sparkContext(), 60_000);
                throw e;
            }
            long rowsOut = Readers.written(spark, s, tmp).count();
            double seconds = (System.nanoTime() - start) / 1e9;
            RunSummary summary = new RunSummary(rowsIn, s.copies(), rowsOut, seconds,
                    valuesPerRow(input.schema(), s, spark, tmp) * rowsOut);
            String changed = summary.inputChanged(s.handleInvalid());
            if (changed != null) {
                throw JobFailure.nothingWritten(changed, s.output());
            }
            pending.commit();
            return summary;
        }
    }

    /** Tensor values per output row (all augmented columns), from the first row of the output at {@code path}. */
    static long valuesPerRow(StructType schema, AugmentSettings s, SparkSession spark, String path) {
        if (!s.shape().hasInferredDimension()) {
            return (long) s.shape().fixedLength() * s.columns().size();
        }
        Dataset<Row> sizes = Readers.written(spark, s, path).selectExpr(s.columns().stream()
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
