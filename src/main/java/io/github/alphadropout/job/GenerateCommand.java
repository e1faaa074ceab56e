package io.github.alphadropout.job;

import io.github.alphadropout.kernel.SampleShape;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code generate}: N(0,1) samples plus an id column, as Parquet. */
@Command(name = "generate", sortOptions = false, mixinStandardHelpOptions = true,
        customSynopsis = {
            "alpha-dropout generate --rows=N --shape=C,D,H,W [--type=TYPE]",
            "         [--column=NAME[,NAME...]] [--seed=S] [--partitions=K] --output=PATH",
            "         [--overwrite] [--master=URL] [--conf=KEY=VALUE]... [--[no-]progress]",
            "         [--stacktrace]"},
        description = {"Write N(0,1) float samples (the input SELU networks expect) plus an id column, as Parquet.",
                "Sample values depend only on (seed, column, id), not on the partitioning."},
        footer = {"", "Example:", "  alpha-dropout generate --rows 10000 --shape 16,4,32,32 --output /tmp/samples"})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", required = true, paramLabel = "N", description = "Number of rows (samples).")
    long rows;

    @Option(names = "--shape", required = true, paramLabel = "C,D,H,W", converter = Shapes.class,
            description = "Sample shape, channel first, e.g. 16,4,32,32 (any C,... works; no -1 here).")
    SampleShape shape;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", paramLabel = "K", defaultValue = "0",
            description = "Spark partitions, i.e. output files (default: Spark's default parallelism).")
    int partitions;

    @Option(names = "--column", paramLabel = "NAME", split = ",", defaultValue = "features",
            description = "Sample column name(s), comma separated (default: ${DEFAULT-VALUE}).")
    List<String> columns;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "float",
            converter = EnumOption.Element.class, completionCandidates = EnumOption.Element.class,
            description = "Element type: ${COMPLETION-CANDIDATES} (array<float> or array<double>; default:"
                    + " ${DEFAULT-VALUE}).")
    SampleGenerator.ElementType type;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Output path (Parquet).")
    String output;

    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (rows < 1) {
            throw new UsageException("--rows must be at least 1, but got " + rows);
        }
        if (partitions < 0) {
            throw new UsageException("--partitions must be at least 1, but got " + partitions);
        }
        if (shape.hasInferredDimension()) {
            throw new UsageException("--shape " + shape + " has a -1; generate needs every dimension");
        }
        AugmentSettings.checkColumnNames(columns, "--column");
        if (columns.contains(SampleGenerator.ID_COLUMN)) {
            throw new UsageException("--column cannot be '" + SampleGenerator.ID_COLUMN + "', the id column's name");
        }
        if (OutputPaths.isLocal(output, JobSession.effectiveMaster(sparkOptions))) {
            OutputPaths.checkOutput(output, null, overwrite, OutputPaths.localConf());
        }
        try (JobSession session = JobSession.open("alpha-dropout generate", sparkOptions, err)) {
            SparkSession spark = session.spark();
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            OutputPaths.checkOutput(output, null, overwrite, conf);
            long start = System.nanoTime();
            try (OutputPaths.Pending pending = OutputPaths.begin(output, conf)) {
                try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), "generate",
                        sparkOptions.showProgress(), System.err)) {
                    SampleGenerator.generate(spark, rows, shape.fixedLength(), columns,
                                    type == SampleGenerator.ElementType.DOUBLE, seed,
                                    partitions)
                            .write().parquet(pending.temporary().toString());
                }
                pending.commit();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long values = rows * shape.fixedLength() * columns.size();
            out.println(String.format(Locale.ROOT, "alpha-dropout generate: wrote %,d rows to %s", rows, output));
            out.println("  columns               id (bigint), " + String.join(", ", columns) + " (array<"
                    + EnumOption.text(type) + ">, " + shape.fixedLength() + " values of shape " + Shapes.format(shape) + ", N(0,1))");
            out.println(String.format(Locale.ROOT, "  time                  %.1f s", seconds));
            out.println(String.format(Locale.ROOT, "  throughput            %,.0f rows/s, %,.1f M values/s",
                    rows / seconds, values / seconds / 1e6));
            out.flush();
            return 0;
        }
    }
}
