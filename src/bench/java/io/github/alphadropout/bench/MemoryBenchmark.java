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
import org.apache.spark.sql.SparkSession;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Memory benchmark: the augmentation job over a data set larger than the memory it is given. On local Spark the
 * executor is the driver JVM, so the job runs in a child JVM with a small heap ({@code -Xmx1g} by default) over
 * Parquet data twice that size (2 GiB: 8192 rows of 16x4x32x32 floats), written beforehand by this JVM
 * ({@link JobRunner#writeInput}). The child reports its exit code, wall time, peak used heap (the sum of the heap
 * pools' peaks, from the memory pool MXBeans) and peak RSS ({@code VmHWM} of {@code /proc/self/status}). One run:
 * the figure is whether it completes, and how much memory it holds relative to the data. Peak heap: the largest
 * used heap seen (sampled every 20 ms and before each GC); heap after a GC: the largest heap occupancy right after
 * a collection (live data plus old-generation garbage a young collection leaves; an upper bound of what the job
 * holds).
 *
 * <pre>
 *   mvn -q -B -Pbench test-compile exec:exec -Dbench.main=io.github.alphadropout.bench.MemoryBenchmark \
 *       [-Dbench.args="--rows 8192 --heap 1g --master local[2] --results FILE --keep"]
 * </pre>
 *
 * The data goes to {@code target/bench/memory} and is deleted at the end unless {@code --keep}.
 */
public final class MemoryBenchmark {

    static final int[] SHAPE = {16, 4, 32, 32};

    static final String TABLE_HEADER = "| job command | completed | wall s | peak heap used MiB | max heap after a GC"
            + " MiB | -Xmx MiB | peak RSS MiB | Parquet input MiB | peak RSS / input | GCs (ms) |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|---:|---|";

    private MemoryBenchmark() {
    }

    /** What a child JVM reported. */
    record ChildResult(int exit, double seconds, double heapPeakMiB, double liveAfterGcMiB, double heapMaxMiB,
                       double rssPeakMiB, long gcCount, long gcMillis, String error, String tail) {
    }

    public static void main(String[] args) {
        long rows = Long.parseLong(valueOr(args, "--rows", "8192"));
        String heap = valueOr(args, "--heap", "1g");
        String master = valueOr(args, "--master", "local[2]");
        Path dir = Path.of(valueOr(args, "--dir", "target/bench/memory")).toAbsolutePath();
        boolean keep = BenchSupport.flag(args, "--keep");
        Path results = BenchSupport.resultsFile(args);

        Path input = dir.resolve("input");
        Path output = dir.resolve("output");
        int length = 1;
        for (int d : SHAPE) {
            length *= d;
        }
        double dataMiB = rows * (double) length * 4 / 1048576;
        int partitions = (int) Math.max(2, Math.ceil(dataMiB / 128)); // ~128 MiB files, like Spark's own splits
        System.out.println("# Memory benchmark: the augment job over more data than its heap");
        System.out.println();
        System.out.println("- machine: " + BenchSupport.machine());
        System.out.printf(Locale.ROOT, "- %d rows of %s floats = %.0f MiB of tensor data, %d Parquet files; child JVMs"
                + " with -Xmx%s, Spark %s%n%n", rows, BenchSupport.shapeText(SHAPE), dataMiB, partitions, heap, master);

        List<BenchSupport.Result> rowsOut = new ArrayList<>();
        try {
            List<String> common = List.of("--master", master, "--conf", "spark.ui.enabled=false", "--conf",
                    "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1");
            long start = System.nanoTime();
            SparkSession spark = JobRunner.session(master);
            try {
                JobRunner.writeInput(spark, rows, SHAPE, partitions, input);
            } finally {
                spark.stop();
            }
            double inputMiB = JobRunner.size(input) / 1048576.0;
            System.out.printf(Locale.ROOT, "wrote %.0f MiB of Parquet input in %.1f s (this JVM)%n", inputMiB,
                    (System.nanoTime() - start) / 1e9);
            List<String> augment = new ArrayList<>(JobRunner.augmentArgs(input, SHAPE, 0.5, output));
            augment.addAll(common);
            ChildResult aug = runChild(heap, augment);
            rowsOut.add(result("augment", aug, inputMiB, heap));
            System.out.println(TABLE_HEADER);
            for (BenchSupport.Result r : rowsOut) {
                System.out.println(r.note());
            }
        } finally {
            if (!keep) {
                LocalFiles.deleteRecursively(dir);
            }
        }
        BenchSupport.appendResults(results, rowsOut);
    }

    private static BenchSupport.Result result(String command, ChildResult c, double inputMiB, String heap) {
        boolean ok = c.exit() == 0;
        String row = String.format(Locale.ROOT, "| %s | %s | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f | %d (%d) |",
                command, ok ? "yes" : "NO (exit " + c.exit() + (c.error().isEmpty() ? "" : ", " + c.error()) + ")",
                c.seconds(), c.heapPeakMiB(), c.liveAfterGcMiB(), c.heapMaxMiB(), c.rssPeakMiB(), inputMiB,
                c.rssPeakMiB() / inputMiB, c.gcCount(), c.gcMillis());
        if (!ok) {
            System.out.println("child output (tail):\n" + c.tail());
        }
        // ratio: peak RSS over the data it went through; the "floor" is the data set's own size
        return new BenchSupport.Result("memory", command + " (-Xmx" + heap + ", " + String.format(Locale.ROOT,
                "%.0f MiB Parquet", inputMiB) + ")", c.rssPeakMiB(), c.heapPeakMiB(), c.heapMaxMiB(), "MiB RSS",
                c.rssPeakMiB() / inputMiB, "input data size", "completes with data > heap",
                ok ? (inputMiB > c.heapMaxMiB() ? "met" : "completed, but data not > heap") : "MISSED", row);
    }

    /** Runs {@link JobRunner} in a child JVM with the given heap; parses its {@code JOB-RESULT} line. */
    static ChildResult runChild(String heap, List<String> jobArgs) {
        List<String> command = BenchSupport.childJvm(heap, List.of(), JobRunner.class, jobArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        System.out.println("running: alpha-dropout " + String.join(" ", jobArgs) + "  (child JVM, -Xmx" + heap + ")");
        try {
            Process process = pb.start();
            Map<String, String> fields = new LinkedHashMap<>();
            ArrayList<String> tail = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith(JobRunner.RESULT_PREFIX)) {
                        for (String kv : line.substring(JobRunner.RESULT_PREFIX.length()).split(" ")) {
                            int eq = kv.indexOf('=');
                            fields.put(kv.substring(0, eq), kv.substring(eq + 1));
                        }
                    } else {
                        tail.add(line);
                        if (tail.size() > 30) {
                            tail.remove(0);
                        }
                    }
                }
            }
            int exit = process.waitFor();
            if (fields.isEmpty()) {
                return new ChildResult(exit == 0 ? 1 : exit, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, 0, 0,
                        "no result line (the child JVM died)", String.join("\n", tail));
            }
            return new ChildResult(exit, Double.parseDouble(fields.get("seconds")),
                    Double.parseDouble(fields.get("heapPeakMiB")), Double.parseDouble(fields.get("liveAfterGcMiB")),
                    Double.parseDouble(fields.get("heapMaxMiB")),
                    Double.parseDouble(fields.get("rssPeakMiB")), Long.parseLong(fields.get("gcCount")),
                    Long.parseLong(fields.get("gcMillis")), fields.getOrDefault("error", "").replace('_', ' '),
                    String.join("\n", tail));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String valueOr(String[] args, String name, String fallback) {
        String v = BenchSupport.option(args, name);
        return v == null ? fallback : v;
    }
}
