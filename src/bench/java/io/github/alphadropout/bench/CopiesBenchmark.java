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

import io.github.alphadropout.job.files.LocalFiles;
import io.github.alphadropout.job.augment.Augmentation;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.HandleInvalid;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code augment --copies 4}: the job's one scan of the input against the four scans of the formulation it
 * replaced (a union of four Transformer applications, each reading the input), on local[2], over Parquet of 16x4x32x32
 * floats (256 rows, 64 MiB, 4 files by default), written as Parquet. The two variants write the same rows bit for
 * bit (AugmentationTest). Each round runs both, in alternating order, after one warm-up round; it reports medians,
 * the ratio of the four scans' time to the one scan's (the median of the rounds' own ratios; the one scan is the
 * floor), and the input bytes the write's tasks read (Spark's input metrics), as a ratio to the input's size.
 *
 * <pre>
 *   mvn -q -B -Pbench test-compile exec:exec -Dbench.main=io.github.alphadropout.bench.CopiesBenchmark \
 *       [-Dbench.args="--rows 256 --rounds 5 --results FILE"]
 * </pre>
 */
public final class CopiesBenchmark {

    static final int[] SHAPE = {16, 4, 32, 32};
    static final int COPIES = 4;

    private CopiesBenchmark() {
    }

    /** Sums the bytes read by every task that ends while it is registered. */
    static final class BytesRead extends SparkListener {
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void onTaskEnd(SparkListenerTaskEnd task) {
            if (task.taskMetrics() != null) {
                bytes.addAndGet(task.taskMetrics().inputMetrics().bytesRead());
            }
        }
    }

    record Run(double seconds, long bytesRead) {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(valueOr(args, "--rows", "256"));
        int rounds = Integer.parseInt(valueOr(args, "--rounds", "5"));
        Path dir = Path.of(valueOr(args, "--dir", "target/bench/copies")).toAbsolutePath();
        Path results = BenchSupport.resultsFile(args);
        SparkSession spark = JobRunner.session("local[2]");
        try {
            LocalFiles.deleteRecursively(dir);
            Path input = dir.resolve("input");
            JobRunner.writeInput(spark, rows, SHAPE, 4, input);
            long inputBytes = JobRunner.size(input);
            System.out.printf(Locale.ROOT, "copies benchmark: %d rows of %s floats, %.1f MiB of Parquet; --copies %d;"
                    + " %d rounds after 1 warm-up%n", rows, BenchSupport.shapeText(SHAPE), inputBytes / 1048576.0,
                    COPIES, rounds);
            List<Double> one = new ArrayList<>();
            List<Double> four = new ArrayList<>();
            long oneBytes = 0;
            long fourBytes = 0;
            for (int round = -1; round < rounds; round++) {
                boolean oneFirst = round % 2 == 0;
                for (int i = 0; i < 2; i++) {
                    boolean oneScan = (i == 0) == oneFirst;
                    Run run = write(spark, input, dir.resolve("out"), oneScan);
                    System.out.printf(Locale.ROOT, "  round %d %-11s %.2f s, read %.1f MiB%n", round,
                            oneScan ? "one scan" : "four scans", run.seconds(), run.bytesRead() / 1048576.0);
                    if (round >= 0) {
                        (oneScan ? one : four).add(run.seconds());
                        if (oneScan) {
                            oneBytes = run.bytesRead();
                        } else {
                            fourBytes = run.bytesRead();
                        }
                    }
                }
            }
            double oneMedian = BenchSupport.median(one);
            double fourMedian = BenchSupport.median(four);
            double ratio = BenchSupport.pairedRatio(four, one);
            double[] oneSorted = BenchSupport.sorted(one);
            double[] fourSorted = BenchSupport.sorted(four);
            List<BenchSupport.Result> out = List.of(
                    new BenchSupport.Result("copies", "one scan (augment --copies 4)", oneMedian, oneSorted[0],
                            oneSorted[oneSorted.length - 1], "s", 1.0, "one scan", "", "floor", String.format(
                            Locale.ROOT, "input read %.1f MiB = %.2fx the input's %.1f MiB", oneBytes / 1048576.0,
                            oneBytes / (double) inputBytes, inputBytes / 1048576.0)),
                    new BenchSupport.Result("copies", "four scans (union of 4 Transformers)", fourMedian,
                            fourSorted[0], fourSorted[fourSorted.length - 1], "s", ratio, "one scan", "", "",
                            String.format(Locale.ROOT, "input read %.1f MiB = %.2fx the input's %.1f MiB;"
                                            + " %.2fx the one scan's bytes", fourBytes / 1048576.0,
                                    fourBytes / (double) inputBytes, inputBytes / 1048576.0,
                                    fourBytes / (double) Math.max(1, oneBytes))));
            for (BenchSupport.Result r : out) {
                System.out.printf(Locale.ROOT, "%-40s median %.2f s (%.2f - %.2f), %.2fx one scan; %s%n", r.variant(),
                        r.median(), r.low(), r.high(), r.ratio(), r.note());
            }
            BenchSupport.appendResults(results, out);
        } finally {
            spark.stop();
            LocalFiles.deleteRecursively(dir);
        }
    }

    /**
     * {@code augment --column features --shape SHAPE --p 0.5 --copies COPIES --seed 7} over {@code input}: the job's
     * one scan ({@link Augmentation#apply}) or the formulation it replaced ({@link Augmentation#separateScans}).
     */
    static Dataset<Row> augment(Dataset<Row> input, boolean oneScan) {
        AugmentSettings s = new AugmentSettings("in", InputFormat.PARQUET, List.of("features"), SampleShape.of(SHAPE),
                0.5, DropoutMode.FEATURE, 7, null, COPIES, HandleInvalid.SKIP, "out", null);
        return oneScan ? Augmentation.apply(input, s) : Augmentation.separateScans(input, s);
    }

    static Run write(SparkSession spark, Path input, Path output, boolean oneScan) {
        LocalFiles.deleteRecursively(output);
        BytesRead listener = new BytesRead();
        spark.sparkContext().addSparkListener(listener);
        long start = System.nanoTime();
        try {
            augment(spark.read().parquet(input.toString()), oneScan).write().parquet(output.toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            spark.sparkContext().listenerBus().waitUntilEmpty();
            return new Run(seconds, listener.bytes.get());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    static String valueOr(String[] args, String name, String fallback) {
        String v = BenchSupport.option(args, name);
        return v == null ? fallback : v;
    }
}
