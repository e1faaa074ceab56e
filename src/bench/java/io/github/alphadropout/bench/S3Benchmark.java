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

package io.github.alphadropout.bench;

import io.github.alphadropout.testing.S3ProxyServer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The augment job writing to S3 against its floor, a plain Spark Parquet copy of the same columns to S3, both through
 * the same commit (S3A's magic committer and Spark's cloud commit protocol, as the job sets them up), on S3Proxy on
 * 127.0.0.1 in a JVM of its own (objects in its heap, sized to hold both outputs of a round: S3Proxy's file-based
 * stores cannot serve S3A's magic committer, see {@link S3ProxyServer}). Warm-up rounds, then timed rounds, each
 * running both once in an order that alternates; medians, and the median of the per-round ratios:
 *
 * <pre>
 *   mvn -q -B -Pbench test-compile exec:exec -Dbench.main=io.github.alphadropout.bench.S3Benchmark \
 *       -Dbench.args="--rows 65536 --warmup 3 --rounds 7"
 * </pre>
 *
 * Options: {@code --rows N} (rows of 8x2x8x8 floats, 4 KiB each: 65536 rows is 256 MiB), {@code --files N} (input
 * Parquet files, 4), {@code --warmup N} (3), {@code --rounds N} (7), {@code --dir DIR}. Every run's S3 requests are
 * counted on the server (S3Proxy's request log), by kind: the job and the copy must copy no object, and upload the
 * bytes of their data files once. The last timed round prints a timeline of each run: its Spark jobs and the
 * requests made between them.
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

    /** What one run did, as the server and Spark saw it. */
    record Run(double seconds, long startMillis, long endMillis, List<S3ProxyServer.Request> requests,
               List<SparkJob> jobs, long dataBytes, long dataUploaded, long allUploaded, long dataRead) {

        long copies() {
            return requests.stream().filter(S3ProxyServer.Request::isCopy).count();
        }

        /** Seconds outside the run's longest Spark job (the write): what the run costs besides the write itself. */
        double outsideWrite() {
            long write = jobs.stream().mapToLong(j -> (j.end() < 0 ? endMillis : j.end()) - j.start()).max().orElse(0);
            return seconds - write / 1e3;
        }
    }

    /** One Spark job: when it ran and what started it. */
    record SparkJob(int id, long start, long end, String what) {
    }

    /** Records the Spark jobs' start and end times. */
    static final class JobTimes extends SparkListener {
        final Map<Integer, long[]> times = new ConcurrentHashMap<>();
        final Map<Integer, String> names = new ConcurrentHashMap<>();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            times.put(start.jobId(), new long[] {start.time(), -1});
            java.util.Properties p = start.properties();
            String description = p == null ? null : p.getProperty("spark.job.description");
            String site = p == null ? null : p.getProperty("callSite.short");
            names.put(start.jobId(), (description == null ? "" : description + " ") + (site == null ? "" : site));
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            long[] t = times.get(end.jobId());
            if (t != null) {
                t[1] = end.time();
            }
        }

        List<SparkJob> between(long from, long to) {
            List<SparkJob> out = new ArrayList<>();
            times.forEach((id, t) -> {
                if (t[0] >= from && t[0] <= to) {
                    out.add(new SparkJob(id, t[0], t[1], names.getOrDefault(id, "")));
                }
            });
            out.sort((a, b) -> Long.compare(a.start(), b.start()));
            return out;
        }
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(valueOr(args, "--rows", "65536"));
        int files = Integer.parseInt(valueOr(args, "--files", "4"));
        int warmup = Integer.parseInt(valueOr(args, "--warmup", "3"));
        int rounds = Integer.parseInt(valueOr(args, "--rounds", "7"));
        java.nio.file.Path dir = java.nio.file.Path.of(valueOr(args, "--dir", "target/bench/s3")).toAbsolutePath();
        java.nio.file.Path results = BenchSupport.resultsFile(args);
        int length = 1;
        for (int d : SHAPE) {
            length *= d;
        }
        double mib = rows * (double) length * 4 / 1048576;
        // Both outputs of a round, each upload's parts and the object they complete into, and the request bodies in
        // flight: 1280 MiB ran out with 256 MiB of data.
        String serverHeap = (512 + 16 * (long) Math.ceil(mib)) + "m";
        System.out.println("# S3 benchmark: augment to S3 vs a plain Parquet copy of the same columns to S3");
        System.out.println();
        System.out.println("- machine: " + BenchSupport.machine());
        System.out.printf(Locale.ROOT, "- %d rows of %s floats (%.1f MiB) in %d local Parquet files; p=0.2, 1 copy,"
                        + " --seed-column id; %d warm-up + %d timed rounds, order alternating; S3Proxy (in memory,"
                        + " -Xmx%s); local[2]%n%n", rows, BenchSupport.shapeText(SHAPE), mib, files, warmup, rounds,
                serverHeap);
        Files.createDirectories(dir);
        try (S3ProxyServer s3 = S3ProxyServer.start(Files.createTempDirectory(dir, "s3proxy-"), BUCKET, "bench",
                "bench-secret", serverHeap)) {
            SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName("alpha-dropout-s3-bench")
                    .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                    .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1");
            s3.sparkSettings().forEach(builder::config);
            SparkSession spark = builder.getOrCreate();
            spark.sparkContext().setLogLevel("WARN");
            JobTimes jobTimes = new JobTimes();
            spark.sparkContext().addSparkListener(jobTimes);
            try {
                java.nio.file.Path input = dir.resolve("input");
                JobRunner.writeInput(spark, rows, SHAPE, files, input);
                System.out.printf(Locale.ROOT, "input: %.1f MiB of Parquet%n%n", JobRunner.size(input) / 1048576.0);
                List<Double> job = new ArrayList<>();
                List<Double> copy = new ArrayList<>();
                List<Run> jobRuns = new ArrayList<>();
                List<Run> copyRuns = new ArrayList<>();
                for (int round = 0; round < warmup + rounds; round++) {
                    boolean jobFirst = round % 2 == 0;
                    Run a = null;
                    Run b = null;
                    for (int i = 0; i < 2; i++) {
                        if ((i == 0) == jobFirst) {
                            String out = "aug-" + round;
                            a = measure(spark, s3, jobTimes, out, () -> augment(input, "s3a://" + BUCKET + "/" + out));
                        } else {
                            String out = "copy-" + round;
                            b = measure(spark, s3, jobTimes, out, () -> plainCopy(spark, input,
                                    "s3a://" + BUCKET + "/" + out));
                        }
                    }
                    delete(spark, "s3a://" + BUCKET + "/aug-" + round);
                    delete(spark, "s3a://" + BUCKET + "/copy-" + round);
                    boolean timed = round >= warmup;
                    System.out.printf(Locale.ROOT, "round %d%s (%s first): augment %.2f s, copy %.2f s, ratio %.2fx;"
                                    + " requests augment %s; copy %s%n", round, timed ? "" : " (warm-up)",
                            jobFirst ? "augment" : "copy", a.seconds(), b.seconds(), a.seconds() / b.seconds(),
                            kinds(a.requests()), kinds(b.requests()));
                    if (timed) {
                        job.add(a.seconds());
                        copy.add(b.seconds());
                        jobRuns.add(a);
                        copyRuns.add(b);
                    }
                }
                System.out.println();
                System.out.println("## Timeline of the last round's runs (ms from the run's start)");
                timeline("augment", jobRuns.get(jobRuns.size() - 1));
                timeline("copy", copyRuns.get(copyRuns.size() - 1));

                double jobMedian = BenchSupport.median(job);
                double copyMedian = BenchSupport.median(copy);
                double ratio = BenchSupport.pairedRatio(job, copy);
                double[] js = BenchSupport.sorted(job);
                double[] cs = BenchSupport.sorted(copy);
                String verdict = ratio <= TARGET ? "met" : "MISSED";
                long jobCopies = jobRuns.stream().mapToLong(Run::copies).sum();
                long copyCopies = copyRuns.stream().mapToLong(Run::copies).sum();
                System.out.println();
                System.out.printf(Locale.ROOT, "augment to S3: median %.2f s (%s); plain copy to S3: median %.2f s"
                                + " (%s); ratio (median of per-round ratios) %.2fx (ratios %s); target <= %.1fx: %s%n",
                        jobMedian, list(job), copyMedian, list(copy), ratio, ratios(job, copy), TARGET, verdict);
                List<Double> jobOutside = jobRuns.stream().map(Run::outsideWrite).toList();
                List<Double> copyOutside = copyRuns.stream().map(Run::outsideWrite).toList();
                System.out.printf(Locale.ROOT, "outside the write job (median s): augment %.2f (%s), copy %.2f (%s);"
                                + " Spark jobs per run: augment %d, copy %d%n", BenchSupport.median(jobOutside),
                        list(jobOutside), BenchSupport.median(copyOutside), list(copyOutside),
                        jobRuns.get(0).jobs().size(), copyRuns.get(0).jobs().size());
                System.out.printf(Locale.ROOT, "object copies (counted on S3Proxy, all timed rounds): augment %d,"
                        + " copy %d%n", jobCopies, copyCopies);
                System.out.println("bytes uploaded per run / bytes of its data files: augment " + uploads(jobRuns)
                        + "; copy " + uploads(copyRuns));
                if (results != null) {
                    String note = String.format(Locale.ROOT, "%d rows of %s (%.0f MiB); object copies:"
                                    + " augment %d, copy %d; augment's uploads %s", rows,
                            BenchSupport.shapeText(SHAPE), mib, jobCopies, copyCopies, uploads(jobRuns));
                    BenchSupport.appendResults(results, List.of(
                            new BenchSupport.Result("s3", "plain Parquet copy to S3 (magic committer)", copyMedian,
                                    cs[0], cs[cs.length - 1], "s", 1.0, "", "", "floor", ""),
                            new BenchSupport.Result("s3", "augment to S3", jobMedian, js[0], js[js.length - 1], "s",
                                    ratio, "plain Parquet copy to S3 (magic committer)", "<= 1.1x", verdict, note)));
                }
            } finally {
                spark.stop();
            }
        }
    }

    private static Run measure(SparkSession spark, S3ProxyServer s3, JobTimes jobTimes, String prefix,
                               java.util.function.Supplier<Double> body) throws IOException {
        int before = s3.requests().size();
        long startMillis = System.currentTimeMillis();
        double seconds = body.get();
        long endMillis = System.currentTimeMillis();
        List<S3ProxyServer.Request> all = s3.requests();
        List<S3ProxyServer.Request> requests = List.copyOf(all.subList(before, all.size()));
        Path out = new Path("s3a://" + BUCKET + "/" + prefix);
        long dataBytes = 0;
        for (FileStatus f : out.getFileSystem(spark.sparkContext().hadoopConfiguration()).listStatus(out)) {
            if (f.getPath().getName().endsWith(".parquet")) {
                dataBytes += f.getLen();
            }
        }
        String keyPrefix = prefix + "/";
        long dataUploaded = requests.stream().filter(r -> r.key(BUCKET).startsWith(keyPrefix)
                && r.key(BUCKET).endsWith(".parquet")).mapToLong(S3ProxyServer.Request::uploadedBytes).sum();
        long allUploaded = requests.stream().mapToLong(S3ProxyServer.Request::uploadedBytes).sum();
        long dataRead = requests.stream().filter(r -> r.method().equals("GET") && r.key(BUCKET).startsWith(keyPrefix)
                && r.key(BUCKET).endsWith(".parquet")).mapToLong(S3Benchmark::rangeBytes).sum();
        return new Run(seconds, startMillis, endMillis, requests, jobTimes.between(startMillis, endMillis), dataBytes,
                dataUploaded, allUploaded, dataRead);
    }

    /** The bytes a ranged GET asks for ({@code Range: bytes=a-b}); a GET of a whole object counts as 1 TiB. */
    static long rangeBytes(S3ProxyServer.Request r) {
        String range = r.header("range");
        if (range == null || !range.startsWith("bytes=") || range.endsWith("-")) {
            return 1L << 40;
        }
        String[] ab = range.substring("bytes=".length()).split("-");
        return Long.parseLong(ab[1].trim()) - Long.parseLong(ab[0].trim()) + 1;
    }

    /** A request's kind in S3's terms. */
    static String kind(S3ProxyServer.Request r) {
        URI uri = URI.create(r.url());
        String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        boolean bucketOnly = r.key(BUCKET).isEmpty();
        return switch (r.method()) {
            case "HEAD" -> "HEAD";
            case "GET" -> bucketOnly ? (query.contains("uploads") ? "LIST uploads" : "LIST") : "GET";
            case "PUT" -> r.isCopy() ? "COPY" : query.contains("partNumber") ? "PUT part" : "PUT";
            case "POST" -> query.contains("delete") ? "DELETE bulk" : query.contains("uploadId") ? "POST complete"
                    : query.contains("uploads") ? "POST initiate" : "POST";
            case "DELETE" -> query.contains("uploadId") ? "DELETE upload" : "DELETE";
            default -> r.method();
        };
    }

    static String kinds(List<S3ProxyServer.Request> requests) {
        Map<String, Integer> n = new TreeMap<>();
        for (S3ProxyServer.Request r : requests) {
            n.merge(kind(r), 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder().append(requests.size()).append(" (");
        n.forEach((k, v) -> b.append(k).append(' ').append(v).append(", "));
        if (!n.isEmpty()) {
            b.setLength(b.length() - 2);
        }
        return b.append(')').toString();
    }

    /** Prints the run's Spark jobs and, between and during them, the S3 requests by kind. */
    private static void timeline(String name, Run run) {
        System.out.printf(Locale.ROOT, "%n%s: %.0f ms, %s; bytes read from its data files %,d of %,d%n", name,
                run.seconds() * 1000, kinds(run.requests()), run.dataRead(), run.dataBytes());
        long t0 = run.startMillis();
        long cursor = t0;
        for (SparkJob j : run.jobs()) {
            long end = j.end() < 0 ? run.endMillis() : j.end();
            printGap(run, cursor, j.start(), t0);
            System.out.printf(Locale.ROOT, "  %6d - %6d  Spark job %d (%d ms): %s; requests %s%n", j.start() - t0,
                    end - t0, j.id(), end - j.start(), j.what(), kinds(within(run, j.start(), end)));
            cursor = Math.max(cursor, end);
        }
        printGap(run, cursor, run.endMillis(), t0);
    }

    private static void printGap(Run run, long from, long to, long t0) {
        if (to > from) {
            System.out.printf(Locale.ROOT, "  %6d - %6d  driver (%d ms): requests %s%n", from - t0, to - t0, to - from,
                    kinds(within(run, from, to)));
        }
    }

    private static List<S3ProxyServer.Request> within(Run run, long from, long to) {
        return run.requests().stream().filter(r -> r.millis() >= from && r.millis() < to).toList();
    }

    private static String uploads(List<Run> runs) {
        List<String> out = new ArrayList<>();
        for (Run r : runs) {
            out.add(String.format(Locale.ROOT, "%.4fx (data files %.4fx)", r.allUploaded() / (double) r.dataBytes(),
                    r.dataUploaded() / (double) r.dataBytes()));
        }
        return Collections.max(out) + " at most, " + Collections.min(out) + " at least";
    }

    private static String list(List<Double> values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(String.format(Locale.ROOT, "%.2f", v));
        }
        return String.join(", ", out);
    }

    private static String ratios(List<Double> a, List<Double> b) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(String.format(Locale.ROOT, "%.2f", a.get(i) / b.get(i)));
        }
        return String.join(", ", out);
    }

    private static double augment(java.nio.file.Path input, String output) {
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
