package io.github.alphadropout.job;

import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.AlphaDropoutKernels;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.ColumnNames;
import io.github.alphadropout.sql.HandleInvalid;
import io.github.alphadropout.sql.TensorType;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code augment}: K alpha-dropout copies of every row, other columns kept as they are. */
@Command(name = "augment", sortOptions = false, mixinStandardHelpOptions = true,
        customSynopsis = {
            "alpha-dropout augment --input=PATH [--format=FORMAT]",
            "         --column=NAME[,NAME...] --shape=C,D,H,W --p=P [--mode=MODE] [--seed=S]",
            "         [--seed-column=ID] [--copies=K] [--handle-invalid=WHAT] --output=PATH",
            "         [--overwrite] [--report=DIR] [--master=URL] [--conf=KEY=VALUE]...",
            "         [--[no-]progress] [--stacktrace]",
            "         [--stream --checkpoint=DIR [--trigger=WHEN]",
            "          [--max-files-per-trigger=N]]",
            "   or: alpha-dropout augment @FILE [OPTION...]"},
        description = {"Apply (feature) alpha dropout to tensor column(s) of a data set and write K augmented "
                + "copies of every row, each with its own seed and an int column 'copy' (0 to K-1); every other column "
                + "is kept as it is. Output is Parquet.",
                "Options can also come from a file, e.g. conf/augment.args (one option per line, # comments); "
                        + "options after @FILE override it."},
        footer = {"", "Exit codes: 0 done, 2 usage error (nothing written), 1 job failure (nothing written;"
                + " with --stream, micro-batches committed before the failure stay, and a restart from the"
                + " checkpoint goes on from there).",
                "", "Example:",
                "  alpha-dropout augment --input /data/scans --column features \\",
                "      --shape 16,4,32,32 --p 0.2 --copies 4 --seed 7 --seed-column id \\",
                "      --output /data/scans-augmented --report /tmp/report",
                "", "A stream (new files in the input folder are new data; a restart resumes from the checkpoint):",
                "  alpha-dropout augment --stream --input /data/incoming --column features \\",
                "      --shape 16,4,32,32 --p 0.2 --seed 7 --output /data/augmented \\",
                "      --checkpoint /data/augmented-checkpoint --trigger processing-time=1m"})
final class AugmentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Input data set.")
    String input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet",
            converter = EnumOption.Format.class, completionCandidates = EnumOption.Format.class,
            description = "Input format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). The output is always"
                    + " Parquet.")
    InputFormat format;

    @Option(names = "--column", required = true, paramLabel = "NAME", split = ",",
            description = "Tensor column(s) to augment, comma separated: array<float>, array<double> or ML "
                    + "Vector, one flattened channel-first sample per row. Each is replaced in place.")
    List<String> columns;

    @Option(names = "--shape", required = true, paramLabel = "C,D,H,W", converter = Shapes.class,
            description = "Sample shape, channel first, e.g. 16,4,32,32 (any C,...; one -1 is inferred).")
    SampleShape shape;

    @Option(names = "--p", required = true, paramLabel = "P",
            description = "Drop probability in [0, 1] (PyTorch's default is 0.5).")
    double p;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "feature",
            converter = EnumOption.Mode.class, completionCandidates = EnumOption.Mode.class,
            description = "${COMPLETION-CANDIDATES}: feature drops whole channels (FeatureAlphaDropout), element"
                    + " single values (AlphaDropout). Default: ${DEFAULT-VALUE}.")
    DropoutMode mode;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed (default: ${DEFAULT-VALUE}). Copy k uses seed(S, k): S for k = 0, "
                    + "mix64(S + GOLDEN*k) after.")
    long seed;

    @Option(names = "--seed-column", paramLabel = "ID",
            description = "Seed each row's mask from this column (e.g. a unique id) instead of the row's position,"
                    + " so the output is the same whatever the partitioning or cluster.")
    String seedColumn;

    @Option(names = "--copies", paramLabel = "K", defaultValue = "1",
            description = "Augmented copies of every row (default: ${DEFAULT-VALUE}).")
    int copies;

    @Option(names = "--handle-invalid", paramLabel = "WHAT", defaultValue = "skip",
            converter = EnumOption.Invalid.class, completionCandidates = EnumOption.Invalid.class,
            description = "What to do with rows whose sample does not fit the shape or holds nulls"
                    + " (${COMPLETION-CANDIDATES}): skip drops them and counts them (default), error fails the"
                    + " job, keep passes them through unchanged.")
    HandleInvalid handleInvalid;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Output path (Parquet).")
    String output;

    @Option(names = "--overwrite", description = "Replace an existing output (and report folder). With --stream"
            + " only the report folder: a stream appends to its output.")
    boolean overwrite;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write an HTML report with PNG plots into this local folder.")
    Path report;

    @Option(names = "--stream",
            description = "Run as a Structured Streaming query: the input folder is a file source (files added"
                    + " later are new data; its schema is inferred from the files there now), the output a Parquet"
                    + " file sink that gets every row once per copy, even across restarts. A progress line per"
                    + " micro-batch. Without --seed-column, masks also depend on the micro-batch, so they differ"
                    + " from batch to batch, and a batch re-run from the checkpoint gets the same masks.")
    boolean stream;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "With --stream (required there): the query's checkpoint folder. Run the same command"
                    + " again with it to go on where the last run stopped.")
    String checkpoint;

    @Option(names = "--trigger", paramLabel = "WHEN", converter = StreamTrigger.Converter.class,
            description = "With --stream, when micro-batches run. available-now (default): the files there now,"
                    + " then stop; once: the same in one micro-batch; processing-time=D, e.g. processing-time=10s:"
                    + " a micro-batch every D (ms, s, m or h) for new files, until stopped with Ctrl-C.")
    StreamTrigger trigger;

    @Option(names = "--max-files-per-trigger", paramLabel = "N",
            description = "With --stream: at most N new files per micro-batch (default: all).")
    Integer maxFilesPerTrigger;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws Exception {
        AugmentSettings settings = validate();
        if (stream) {
            return callStream(settings);
        }
        Result result = run(settings, report, overwrite, sparkOptions, spec.commandLine().getErr());
        PrintWriter out = spec.commandLine().getOut();
        result.summary().print(out, "alpha-dropout augment: done");
        out.println("  output                " + output);
        if (result.report() != null) {
            out.println("  report                " + result.report().toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    private int callStream(AugmentSettings settings) throws Exception {
        StreamAugment.StreamSettings streamSettings = new StreamAugment.StreamSettings(checkpoint, streamTrigger(),
                maxFilesPerTrigger);
        PrintWriter out = spec.commandLine().getOut();
        StreamAugment.Result result = StreamAugment.run(settings, streamSettings, report, sparkOptions, out,
                spec.commandLine().getErr());
        result.summary().print(out, "alpha-dropout augment --stream: done, " + result.batches() + " micro-batch"
                + (result.batches() == 1 ? "" : "es") + " in this run");
        out.println("  output                " + output);
        out.println("  checkpoint            " + checkpoint);
        if (result.report() != null) {
            out.println("  report                " + result.report().toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    private StreamTrigger streamTrigger() {
        return trigger == null ? StreamTrigger.AVAILABLE_NOW : trigger;
    }

    /** What a run produced. */
    record Result(RunSummary summary, Path report, List<ReportStats.ColumnReport> columns) {
    }

    /** Checks everything that can be checked without Spark; throws {@link UsageException}. */
    AugmentSettings validate() {
        try {
            AlphaDropoutCoefficients.checkProbability(p);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--p: " + e.getMessage());
        }
        if (copies < 1) {
            throw new UsageException("--copies must be at least 1, but got " + copies);
        }
        AugmentSettings.checkColumnNames(columns, "--column");
        if (columns.contains(Copies.COPY_COLUMN)) {
            throw new UsageException("--column cannot be '" + Copies.COPY_COLUMN + "': the job adds that column");
        }
        if (seedColumn != null && columns.contains(seedColumn)) {
            throw new UsageException("--seed-column " + seedColumn + " is also an augmented --column");
        }
        checkStreamOptions();
        String master = JobSession.effectiveMaster(sparkOptions);
        if (OutputPaths.isLocal(input, master)) {
            OutputPaths.checkInput(input, OutputPaths.localConf());
        }
        if (stream) {
            if (OutputPaths.isLocal(input, master) && OutputPaths.isLocal(output, master)
                    && OutputPaths.isLocal(checkpoint, master)) {
                OutputPaths.checkStream(input, output, checkpoint, OutputPaths.localConf());
            }
        } else if (OutputPaths.isLocal(output, master)) {
            OutputPaths.checkOutput(output, OutputPaths.isLocal(input, master) ? input : null, overwrite,
                    OutputPaths.localConf());
        }
        if (report != null) {
            checkReportDir(report, overwrite);
        }
        return new AugmentSettings(input, format, columns, shape, p, mode, seed, seedColumn, copies, handleInvalid,
                output);
    }

    /** The stream options go together: --stream needs --checkpoint, the others need --stream. */
    private void checkStreamOptions() {
        if (!stream) {
            String given = checkpoint != null ? "--checkpoint" : trigger != null ? "--trigger"
                    : maxFilesPerTrigger != null ? "--max-files-per-trigger" : null;
            if (given != null) {
                throw new UsageException(given + " is an option of --stream; add --stream to run as a stream");
            }
            return;
        }
        if (checkpoint == null || checkpoint.isBlank()) {
            throw new UsageException("--stream needs --checkpoint DIR, the folder where the query records its"
                    + " progress (run again with the same one to go on where it stopped)");
        }
        if (maxFilesPerTrigger != null && maxFilesPerTrigger < 1) {
            throw new UsageException("--max-files-per-trigger must be at least 1, but got " + maxFilesPerTrigger);
        }
        if (report != null && !streamTrigger().ends()) {
            throw new UsageException("--report needs a stream that ends: --trigger available-now or once, not "
                    + streamTrigger());
        }
    }

    static void checkReportDir(Path dir, boolean overwrite) {
        if (Files.isRegularFile(dir)) {
            throw new UsageException("--report " + dir + " is a file; give a folder");
        }
        if (!overwrite && Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException("report folder " + dir + " is not empty; add --overwrite to replace it");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Runs a validated augmentation: Spark session, checks against the real file system, write, report. */
    static Result run(AugmentSettings s, Path reportDir, boolean overwrite, SparkOptions sparkOptions,
                      PrintWriter err) {
        try (JobSession session = JobSession.open("alpha-dropout augment", sparkOptions, err)) {
            SparkSession spark = session.spark();
            ReaderBatch.limit(spark, s);
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            OutputPaths.checkInput(s.input(), conf);
            OutputPaths.checkOutput(s.output(), s.input(), overwrite, conf);
            Dataset<Row> input = spark.read().format(s.format().sparkName()).load(s.input());
            checkSchema(input.schema(), s);
            boolean show = sparkOptions.showProgress();

            long start = System.nanoTime();
            long rowsIn;
            try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), "input", show, System.err)) {
                rowsIn = input.count();
            }
            Dataset<Row> augmented = Augmentation.apply(input, s);
            try (OutputPaths.Pending pending = OutputPaths.begin(s.output(), conf)) {
                String tmp = pending.temporary().toString();
                try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), "augment", show, System.err)) {
                    augmented.write().parquet(tmp);
                } catch (RuntimeException e) {
                    // A failed job's other tasks are killed asynchronously and may still write into the scratch
                    // folder; let them stop before closing the pending output deletes it.
                    JobSession.awaitNoRunningTasks(spark.sparkContext(), 60_000);
                    throw e;
                }
                Dataset<Row> written = spark.read().parquet(tmp);
                long rowsOut = written.count();
                double seconds = (System.nanoTime() - start) / 1e9;
                long values = valuesPerRow(input.schema(), s, spark, tmp) * rowsOut;
                RunSummary summary = new RunSummary(rowsIn, s.copies(), rowsOut, seconds, values);

                Path page = null;
                List<ReportStats.ColumnReport> columns = List.of();
                Path reportTmp = null;
                try {
                    if (reportDir != null) {
                        try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), "report", show,
                                System.err)) {
                            columns = ReportStats.compute(input, written, s);
                        }
                        reportTmp = reportTemp(reportDir);
                        ReportWriter.write(reportTmp, new ReportWriter.RunInfo(s, summary,
                                spark.sparkContext().master(), spark.version(), AlphaDropoutKernels.get().name(),
                                AlphaDropoutJob.version()), columns);
                    }
                    pending.commit();
                    if (reportTmp != null) {
                        replace(reportTmp, reportDir);
                        reportTmp = null;
                        page = reportDir.resolve(ReportWriter.INDEX);
                    }
                } finally {
                    if (reportTmp != null) {
                        deleteRecursively(reportTmp);
                    }
                }
                return new Result(summary, page, columns);
            }
        }
    }

    /** Tensor values per output row (all augmented columns), from the first row of the output. */
    static long valuesPerRow(StructType schema, AugmentSettings s, SparkSession spark, String path) {
        if (!s.shape().hasInferredDimension()) {
            return (long) s.shape().fixedLength() * s.columns().size();
        }
        Dataset<Row> sizes = spark.read().parquet(path).selectExpr(s.columns().stream()
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

    /** Refuses columns that are missing or of the wrong type, a missing seed column, an existing copy column. */
    static void checkSchema(StructType schema, AugmentSettings s) {
        Set<String> names = new HashSet<>(Arrays.asList(schema.fieldNames()));
        for (String c : s.columns()) {
            if (!names.contains(c)) {
                throw new UsageException("input has no column '" + c + "'; its columns are "
                        + String.join(", ", schema.fieldNames()));
            }
            DataType type = schema.apply(c).dataType();
            if (!TensorType.isSupported(type)) {
                throw new UsageException("--column: " + TensorType.unsupported(ColumnNames.quote(c), type));
            }
        }
        if (s.seedColumn() != null && !names.contains(s.seedColumn())) {
            throw new UsageException("input has no column '" + s.seedColumn() + "' for --seed-column; its columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        if (names.contains(Copies.COPY_COLUMN)) {
            throw new UsageException("input already has a column named '" + Copies.COPY_COLUMN
                    + "', which augment adds; rename it first");
        }
    }

    static Path reportTemp(Path reportDir) {
        Path abs = reportDir.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".alpha-dropout-tmp-"
                + UUID.randomUUID().toString().substring(0, 8));
    }

    static void replace(Path from, Path to) {
        try {
            if (Files.exists(to)) {
                deleteRecursively(to);
            }
            Files.createDirectories(to.toAbsolutePath().getParent());
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the report to " + to + ": " + e.getMessage(), e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
