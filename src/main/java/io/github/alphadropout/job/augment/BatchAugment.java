package io.github.alphadropout.job.augment;

import io.github.alphadropout.job.files.OutputPaths;
import io.github.alphadropout.job.files.ParquetFooters;
import io.github.alphadropout.job.files.ParquetWriterSettings;
import io.github.alphadropout.job.input.Inputs;
import io.github.alphadropout.job.input.ReaderBatchSize;
import io.github.alphadropout.job.output.ObjectStoreCommit;
import io.github.alphadropout.job.output.OutputCommit;
import io.github.alphadropout.job.report.ReportStep;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.JobFailure;
import io.github.alphadropout.job.run.OutputFormat;
import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.RunSummary;
import io.github.alphadropout.job.run.RunningTasks;
import io.github.alphadropout.job.run.SparkProgress;
import io.github.alphadropout.job.run.UsageException;
import io.github.alphadropout.job.table.DeltaPathTable;
import io.github.alphadropout.job.table.LakeTable;
import io.github.alphadropout.sql.ColumnNames;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A batch {@code augment} run on a running SparkSession: checks against the real file system (after putting right
 * what an interrupted run left), counts the input, writes the augmented copies where the output's commit wants them
 * ({@link OutputCommit}), counts what was written, commits it, then writes the report ({@link ReportStep}).
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
     * The path checks that can be made before Spark starts: those on paths that are local for sure under
     * {@code master}. {@link #run} makes them all again on Spark's file systems.
     */
    public static void checkBeforeSpark(AugmentSettings s, OutputMode mode, String master, PrintWriter notes) {
        boolean localInput = s.format() != InputFormat.ICEBERG && OutputPaths.isLocal(s.input(), master);
        if (localInput) {
            OutputPaths.checkInput(s.input(), OutputPaths.localConf());
        }
        if (s.outputFormat() == OutputFormat.ICEBERG || !OutputPaths.isLocal(s.output(), master)) {
            return;
        }
        if (s.outputFormat() == OutputFormat.DELTA) {
            OutputPaths.checkSeparate(s.output(), localInput ? s.input() : null, OutputPaths.localConf());
        } else {
            OutputPaths.checkOutput(s.output(), localInput ? s.input() : null, mode, OutputPaths.localConf(), notes,
                    APPEND_CHOICE);
        }
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
        return java.util.Arrays.stream(paths(s, report, checkpoint))
                .filter(n -> n != null && OutputPaths.isLocal(n.location(), master))
                .toArray(OutputPaths.Named[]::new);
    }

    /** How the message about an existing output ends for augment. */
    static final String APPEND_CHOICE = ", or --append to add to it";

    /**
     * Runs the augmentation. A failure before the output is committed leaves nothing at the output (and says so);
     * a failure of the report after it says that the output is complete.
     */
    public static Result run(SparkSession spark, AugmentSettings s, Path reportDir, OutputMode mode, boolean show,
                      PrintWriter notes) {
        LakeTable table = s.outputTable();
        Inputs.Input input;
        Written written;
        OutputCommit commit = null;
        try {
            ReaderBatchSize.limit(spark, s);
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            OutputPaths.checkApart(conf, paths(s, reportDir, null));
            String inputPath = s.format() == InputFormat.ICEBERG ? null : s.input();
            if (table == null) {
                OutputPaths.checkOutput(s.output(), inputPath, mode, conf, notes, APPEND_CHOICE);
                if (OutputCommit.isObjectStore(s.output())) {
                    ObjectStoreCommit.checkCommitProtocol(spark, OutputPaths.qualify(s.output(), conf));
                }
                // The output is claimed (its staging folder and journal) before anything else: from here a second
                // run on it is refused, not only once the input is read and counted.
                commit = OutputCommit.open(spark, s.output(), mode, notes);
            }
            input = Inputs.pinnedInput(spark, s);
            if (table != null) {
                checkTableOutput(spark, s, table, inputPath, mode);
            }
            s.checkInputSchema(input.rows().schema());
            LargeSampleSettings.configure(spark, s.sampleBytes(input.rows().schema()));
            written = table == null ? write(spark, s, input, mode, show, commit)
                    : writeTable(spark, s, input, table, mode, show);
        } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
            throw table == null ? JobFailure.nothingWritten(e, s.output(), mode, () -> outputExists(spark, s),
                    MEMORY_ADVICE)
                    : JobFailure.leaving(e, "nothing was committed to " + table.describe() + ", which is as it was",
                            MEMORY_ADVICE);
        } finally {
            if (commit != null) {
                commit.close(); // undoes what was not committed
            }
        }
        RunSummary summary = written.summary();
        if (reportDir == null) {
            return new Result(summary, null);
        }
        try {
            // With --append the report covers this run's rows only.
            return new Result(summary, ReportStep.write(spark, s, summary, input.rows(), written.rows().get(),
                    reportDir, show));
        } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
            throw JobFailure.reportFailed(e, "the augmented output is complete at " + s.output()
                    + (summary.outputVersion() == null ? "" : " (" + summary.outputVersion() + ")"));
        }
    }

    /** Whether the (Parquet) output exists. */
    private static boolean outputExists(SparkSession spark, AugmentSettings s) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        return OutputPaths.exists(OutputPaths.qualify(s.output(), conf), conf);
    }

    /**
     * The checks of a table output: the table's session or catalog is set up, a Delta path is not the input nor a
     * folder of other data, and an existing table is written only with {@code --overwrite} or {@code --append} (whose
     * rows must have the table's columns).
     */
    static void checkTableOutput(SparkSession spark, AugmentSettings s, LakeTable table, String inputPath,
                                 OutputMode mode) {
        table.checkSession(spark);
        if (table instanceof DeltaPathTable) {
            OutputPaths.checkSeparate(s.output(), inputPath, spark.sparkContext().hadoopConfiguration());
        } else if (s.format() == InputFormat.ICEBERG && s.input().equals(s.output())) {
            throw new UsageException("--output must differ from --input (both are " + s.output() + ")");
        }
        table.checkOutput(spark);
        if (mode == OutputMode.CREATE && table.exists(spark)) {
            throw new UsageException("output " + table.describe() + " already exists; add --overwrite to replace its"
                    + " rows in one commit" + APPEND_CHOICE);
        }
    }

    /** The numbers of a run, and how to read the rows it wrote. */
    private record Written(RunSummary summary, Supplier<Dataset<Row>> rows) {
    }

    /**
     * Counts the input, writes the copies where the output's commit (opened by the caller, who closes it) wants
     * them (nothing visible at the output yet), counts them, and commits them.
     */
    private static Written write(SparkSession spark, AugmentSettings s, Inputs.Input in, OutputMode mode,
                                 boolean show, OutputCommit commit) {
        long start = System.nanoTime();
        Dataset<Row> input = in.rows();
        long rowsIn = countInput(spark, s, input, show);
        LongAccumulator skipped = spark.sparkContext().longAccumulator("alpha-dropout: copies skipped as invalid");
        Dataset<Row> augmented = LargeSampleSettings.copies(input, s, s.sampleBytes(input.schema()), skipped);
        if (mode == OutputMode.APPEND) {
            checkAppendSchema(spark, s, augmented.schema());
        }
        try (RunningTasks tasks = RunningTasks.watch(spark.sparkContext());
             SparkProgress ignored = SparkProgress.start(spark.sparkContext(), WRITE_PHASE, show, System.err)) {
            try {
                commit.write(augmented, ParquetWriterSettings.writeOptions(spark, s.sampleBytes(input.schema())));
            } catch (Exception e) { // SparkException too: Spark throws it undeclared
                // A failed job's other tasks are killed asynchronously and may still write into the scratch
                // folder; let them end before closing the commit deletes it.
                tasks.awaitNone(60_000);
                throw e;
            }
        }
        String[] written = commit.written().toArray(new String[0]);
        long rowsOut = ParquetFooters.rows(spark.sparkContext().hadoopConfiguration(), written);
        double seconds = (System.nanoTime() - start) / 1e9;
        RunSummary summary = new RunSummary(rowsIn, s.copies(), rowsOut, seconds,
                (written.length == 0 ? 0 : valuesPerRow(input.schema(), s, () -> Inputs.written(spark, s, written)))
                        * rowsOut).withVersions(in.versionText(), null).withSkippedCopies(skipped.value());
        String changed = summary.inputChanged(s.handleInvalid());
        if (changed != null) {
            throw JobFailure.nothingWritten(changed, s.output());
        }
        commit.commit();
        String[] committed = commit.committed().toArray(new String[0]);
        return new Written(summary, () -> Inputs.written(spark, s, committed));
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

    /**
     * Counts the input, then writes the copies to the table in one commit and checks the rows the commit added,
     * as the table's own log counts them. The input is a table version or a fixed list of files, so the counts agree
     * unless files were rewritten meanwhile; if they do not, the commit is already made, and the failure says which
     * it is and how to undo it.
     */
    private static Written writeTable(SparkSession spark, AugmentSettings s, Inputs.Input in, LakeTable table,
                                      OutputMode mode, boolean show) {
        long start = System.nanoTime();
        Dataset<Row> input = in.rows();
        long rowsIn = countInput(spark, s, input, show);
        LongAccumulator skipped = spark.sparkContext().longAccumulator("alpha-dropout: copies skipped as invalid");
        Dataset<Row> augmented = LargeSampleSettings.copies(input, s, s.sampleBytes(input.schema()), skipped);
        if (mode == OutputMode.APPEND && table.exists(spark)) {
            checkAppendSchema(s, table.schema(spark), augmented.schema());
        }
        LakeTable.Version before = table.exists(spark) ? table.current(spark) : null;
        String runTag = UUID.randomUUID().toString();
        try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), WRITE_PHASE, show, System.err)) {
            table.write(augmented, mode, runTag, ParquetWriterSettings.writeOptions(spark, s.sampleBytes(input.schema())));
        }
        LakeTable.Commit commit;
        try {
            commit = table.find(spark, runTag, before);
        } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
            throw JobFailure.leaving(e, "the rows are committed to " + table.describe() + " (a commit with "
                    + LakeTable.RUN_TAG + " " + runTag + "), but could not be checked", null);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long rowsOut = commit.rowsAdded();
        RunSummary summary = new RunSummary(rowsIn, s.copies(), rowsOut, seconds,
                (rowsOut == 0 ? 0 : valuesPerRow(input.schema(), s, () -> table.rowsOf(spark, commit))) * rowsOut)
                .withVersions(in.versionText(), table.describe() + " " + commit.version())
                .withSkippedCopies(skipped.value());
        String changed = summary.inputChanged(s.handleInvalid());
        if (changed != null) {
            throw JobFailure.leaving(changed, "the rows are committed as " + commit.version() + " of "
                    + table.describe() + " but suspect; undo with " + table.undo(commit));
        }
        return new Written(summary, () -> table.rowsOf(spark, commit));
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
        checkAppendSchema(s, Inputs.written(spark, s, s.output()).schema(), schema);
    }

    /** Refuses to append rows of {@code schema} to an output of columns {@code old}. */
    static void checkAppendSchema(AugmentSettings s, StructType old, StructType schema) {
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
