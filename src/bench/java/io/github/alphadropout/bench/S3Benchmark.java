package io.github.alphadropout.bench;

import io.github.alphadropout.testing.S3ProxyServer;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The augment job writing to S3 against its floor, a plain Spark Parquet copy of the same columns to S3, both through
 * the same commit (S3A's magic committer and Spark's cloud commit protocol, as the job sets them up), on S3Proxy
 * (in-memory store) on 127.0.0.1 in a JVM of its own. Interleaved rounds (the order alternates), medians, and the
 * median of the per-round ratios:
 *
 * <pre>
 *   mvn -q -B -Pbench test-compile exec:exec -Dbench.main=io.github.alphadropout.bench.S3Benchmark \
 *       -Dbench.args="--rows 4000 --rounds 7"
 * </pre>
 *
 * The job does more than the copy: it counts the input, reads back and counts what it wrote (before the commit), and
 * keeps a journal; the target is at most 1.1x the copy.
 */
public final class S3Benchmark {

    static final int[] SHAPE = {8, 2, 8, 8};
    static final String BUCKET = "bench";
    static final double TARGET = 1.1;

    private S3Benchmark() {
    }

    private static String valueOr(String[] args, String name, String fallback) {
        String v = BenchSupport.option(args, name);
        return v == null ? fallback : v;
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(valueOr(args, "--rows", "4000"));
        int rounds = Integer.parseInt(valueOr(args, "--rounds", "7"));
        java.nio.file.Path dir = java.nio.file.Path.of(valueOr(args, "--dir", "target/bench/s3")).toAbsolutePath();
        java.nio.file.Path results = BenchSupport.resultsFile(args);
        int length = 1;
        for (int d : SHAPE) {
            length *= d;
        }
        System.out.println("# S3 benchmark: augment to S3 vs a plain Parquet copy of the same columns to S3");
        System.out.println();
        System.out.println("- machine: " + BenchSupport.machine());
        System.out.printf(Locale.ROOT, "- %d rows of %s floats (%.1f MiB) in 4 local Parquet files; p=0.2, 1 copy,"
                        + " --seed-column id; 1 warm-up + %d timed rounds, order alternating; S3Proxy in memory%n%n",
                rows, BenchSupport.shapeText(SHAPE), rows * (double) length * 4 / 1048576, rounds);
        Files.createDirectories(dir);
        try (S3ProxyServer s3 = S3ProxyServer.start(Files.createTempDirectory(dir, "s3proxy-"), BUCKET, "bench",
                "bench-secret")) {
            SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName("alpha-dropout-s3-bench")
                    .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                    .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
            s3.sparkSettings().forEach(builder::config);
            SparkSession spark = builder.getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            try {
                java.nio.file.Path input = dir.resolve("input");
                JobRunner.writeInput(spark, rows, SHAPE, 4, input);
                List<Double> job = new ArrayList<>();
                List<Double> copy = new ArrayList<>();
                for (int round = 0; round <= rounds; round++) {
                    boolean jobFirst = round % 2 == 0;
                    double a = 0;
                    double b = 0;
                    for (int i = 0; i < 2; i++) {
                        if ((i == 0) == jobFirst) {
                            a = augment(spark, input, "s3a://" + BUCKET + "/aug-" + round);
                        } else {
                            b = plainCopy(spark, input, "s3a://" + BUCKET + "/copy-" + round);
                        }
                    }
                    delete(spark, "s3a://" + BUCKET + "/aug-" + round);
                    delete(spark, "s3a://" + BUCKET + "/copy-" + round);
                    System.out.printf(Locale.ROOT, "round %d%s: augment %.2f s, copy %.2f s%n", round,
                            round == 0 ? " (warm-up)" : "", a, b);
                    if (round > 0) {
                        job.add(a);
                        copy.add(b);
                    }
                }
                double jobMedian = BenchSupport.median(job);
                double copyMedian = BenchSupport.median(copy);
                double ratio = BenchSupport.pairedRatio(job, copy);
                double[] js = BenchSupport.sorted(job);
                double[] cs = BenchSupport.sorted(copy);
                String verdict = ratio <= TARGET ? "met" : "MISSED";
                System.out.println();
                System.out.printf(Locale.ROOT, "augment to S3: median %.2f s; plain copy to S3: median %.2f s;"
                        + " ratio (median of per-round ratios) %.2fx; target <= %.1fx: %s%n", jobMedian, copyMedian,
                        ratio, TARGET, verdict);
                if (results != null) {
                    BenchSupport.appendResults(results, List.of(
                            new BenchSupport.Result("s3", "plain Parquet copy to S3 (magic committer)", copyMedian,
                                    cs[0], cs[cs.length - 1], "s", 1.0, "", "", "floor", ""),
                            new BenchSupport.Result("s3", "augment to S3", jobMedian, js[0], js[js.length - 1], "s",
                                    ratio, "plain Parquet copy to S3 (magic committer)", "<= 1.1x", verdict,
                                    rows + " rows of " + BenchSupport.shapeText(SHAPE))));
                }
            } finally {
                spark.stop();
            }
        }
    }

    private static double augment(SparkSession spark, java.nio.file.Path input, String output) {
        return JobRunner.run("augment", "--input", input.toString(), "--column", "features", "--shape",
                BenchSupport.shapeText(SHAPE).replace('x', ','), "--p", "0.2", "--seed-column", "id", "--output",
                output, "--no-progress");
    }

    /** The floor: the same columns read and written to S3 through the same commit as the job's. */
    private static double plainCopy(SparkSession spark, java.nio.file.Path input, String output) {
        long start = System.nanoTime();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("fs.s3a.committer.name", "magic");
        options.put("fs.s3a.committer.magic.enabled", "true");
        options.put("mapreduce.outputcommitter.factory.scheme.s3a",
                "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory");
        options.put("spark.sql.parquet.output.committer.class",
                "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter");
        String key = "spark.sql.sources.commitProtocolClass";
        boolean wasSet = spark.conf().contains(key);
        String before = spark.conf().get(key);
        spark.conf().set(key, "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol");
        try {
            DataFrameWriter<Row> w = spark.read().parquet(input.toString()).write();
            for (Map.Entry<String, String> e : options.entrySet()) {
                w = w.option(e.getKey(), e.getValue());
            }
            w.parquet(output);
        } finally {
            if (wasSet) {
                spark.conf().set(key, before);
            } else {
                spark.conf().unset(key);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void delete(SparkSession spark, String path) throws IOException {
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
        fs.delete(p, true);
    }
}
