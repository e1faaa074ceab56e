package io.github.alphadropout.job;

import io.github.alphadropout.sql.ColumnNames;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * A batch {@code augment} run on a running SparkSession: checks against the real file system (after putting right
 * what an interrupted run left), counts the input, writes the augmented copies where the output's commit wants them
 * ({@link OutputCommit}), counts what was written, commits it, then writes the report ({@link ReportStep}).
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
    static void checkBeforeSpark(AugmentSettings s, OutputCommit.Mode mode, String master, PrintWriter notes) {
        boolean localInput = OutputPaths.isLocal(s.input(), master);
        if (localInput) {
            OutputPaths.checkInput(s.input(), OutputPaths.localConf());
        }
        if (OutputPaths.isLocal(s.output(), master)) {
            OutputPaths.checkOutput(s.output(), localInput ? s.input() : null, mode, OutputPaths.localConf(), notes,
                    APPEND_CHOICE);
        }
    }

    /** How the message about an existing output ends for augment. */
    static final String APPEND_CHOICE = ", or --append to add to it";

    /**
     * Runs the augmentation. A failure before the output is committed leaves nothing at the output (and says so);
     * a failure of the report after it says that the output is complete.
     */
    static Result run(SparkSession spark, AugmentSettings s, Path reportDir, OutputCommit.Mode mode, boolean show,
                      PrintWriter notes) {
        Dataset<Row> input;
        Written written;
        try {
            ReaderBatch.limit(spark, s);
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            OutputPaths.checkInput(s.input(), conf);
            OutputPaths.checkOutput(s.output(), s.input(), mode, conf, notes, APPEND_CHOICE);
            if (OutputCommit.isObjectStore(s.output())) {
                ObjectStoreCommit.checkCommitProtocol(spark, OutputPaths.qualify(s.output(), conf));
            }
            input = Readers.input(spark, s).load(s.input());
            s.checkInputSchema(input.schema());
            LargeSamples.configure(spark, s.sampleBytes(input.schema()));
            written = write(spark, s, input, mode, show, notes);
        } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
            throw JobFailure.nothingWritten(e, s.output(), MEMORY_ADVICE);
        }
        RunSummary summary = written.summary();
        if (reportDir == null) {
            return new Result(summary, null);
        }
        try {
            // With --append the report covers this run's rows only.
            return new Result(summary, ReportStep.write(spark, s, summary, input,
                    Readers.written(spark, s, written.paths().toArray(new String[0])), reportDir, show));
        } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
            throw JobFailure.reportFailed(e, "the augmented output is complete at " + s.output());
        }
    }

    /** The numbers of a run, and where its rows are in the output. */
    private record Written(RunSummary summary, List<String> paths) {
    }

    /**
     * Counts the input, writes the copies where the output's commit wants them (nothing visible at the output
     * yet), counts them, and commits them.
     */
    private static Written write(SparkSession spark, AugmentSettings s, Dataset<Row> input, OutputCommit.Mode mode,
                                 boolean show, PrintWriter notes) {
        long start = System.nanoTime();
        long rowsIn;
        try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), "input", show, System.err)) {
            rowsIn = input.count();
        }
        Dataset<Row> augmented = LargeSamples.copies(input, s, s.sampleBytes(input.schema()));
        if (mode == OutputCommit.Mode.APPEND) {
            checkAppendSchema(spark, s, augmented.schema());
        }
        try (OutputCommit commit = OutputCommit.open(spark, s.output(), mode, notes)) {
            try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), WRITE_PHASE, show, System.err)) {
                commit.write(augmented, ParquetWriting.writeOptions(spark, s.sampleBytes(input.schema())));
            } catch (Exception e) { // SparkException too: Spark throws it undeclared
                // A failed job's other tasks are killed asynchronously and may still write into the scratch
                // folder; let them stop before closing the commit deletes it.
                JobSession.awaitNoRunningTasks(spark.sparkContext(), 60_000);
                throw e;
            }
            String[] written = commit.written().toArray(new String[0]);
            long rowsOut = written.length == 0 ? 0 : Readers.written(spark, s, written).count();
            double seconds = (System.nanoTime() - start) / 1e9;
            RunSummary summary = new RunSummary(rowsIn, s.copies(), rowsOut, seconds,
                    (written.length == 0 ? 0 : valuesPerRow(input.schema(), s, spark, written)) * rowsOut);
            String changed = summary.inputChanged(s.handleInvalid());
            if (changed != null) {
                throw JobFailure.nothingWritten(changed, s.output());
            }
            commit.commit();
            return new Written(summary, commit.committed());
        }
    }

    /**
     * With {@code --append} to an existing output: its columns must be the new rows' columns (same names, order and
     * types), or the folder would hold files that cannot be read as one table.
     */
    static void checkAppendSchema(SparkSession spark, AugmentSettings s, StructType schema) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        if (!OutputPaths.exists(OutputPaths.qualify(s.output(), conf), conf)) {
            return;
        }
        StructType old = Readers.written(spark, s, s.output()).schema();
        if (!columns(old).equals(columns(schema))) {
            throw new UsageException("--append: output " + s.output() + " has the columns " + columns(old)
                    + ", but this run writes " + columns(schema) + "; append only rows of the same columns (the same"
                    + " input columns and --column), or write to a new --output");
        }
    }

    private static List<String> columns(StructType schema) {
        return java.util.Arrays.stream(schema.fields()).map(f -> f.name() + " " + f.dataType().simpleString())
                .toList();
    }

    /** Tensor values per output row (all augmented columns), from the first row of the output at {@code path}. */
    static long valuesPerRow(StructType schema, AugmentSettings s, SparkSession spark, String... path) {
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
