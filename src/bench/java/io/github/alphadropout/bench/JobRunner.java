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

import io.github.alphadropout.job.AlphaDropoutJob;
import io.github.alphadropout.testing.HeapWatch;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.SplittableRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the augmentation job ({@link AlphaDropoutJob}) for the scaling and memory benchmarks: in this JVM on a
 * SparkSession of the benchmark's choosing (the job reuses a running session), or as the main of a child JVM that
 * runs one job command and then prints one {@code JOB-RESULT} line with its exit code, wall time, peak heap and
 * peak RSS:
 *
 * <pre>
 *   java ... io.github.alphadropout.bench.JobRunner [--master local[2]] augment --input ... --output ...
 * </pre>
 */
final class JobRunner {

    static final String RESULT_PREFIX = "JOB-RESULT ";

    private JobRunner() {
    }

    /** A local SparkSession for the benchmarks: no UI, loopback only, quiet. */
    static SparkSession session(String master) {
        return session(master, Map.of());
    }

    /** As {@link #session(String)}, with {@code settings} added. */
    static SparkSession session(String master, Map<String, String> settings) {
        SparkSession.Builder builder = SparkSession.builder();
        settings.forEach(builder::config);
        SparkSession spark = builder
                .master(master)
                .appName("alpha-dropout-job-benchmark")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }

    /**
     * Runs a job command in this JVM (on the running session, if any); returns its wall time in seconds. Throws
     * with the job's own message when it fails.
     */
    static double run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long start = System.nanoTime();
        int code = AlphaDropoutJob.execute(new PrintWriter(out), new PrintWriter(err), args);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (code != AlphaDropoutJob.OK) {
            throw new IllegalStateException("alpha-dropout " + String.join(" ", args) + " exited " + code + ": "
                    + err.toString().strip());
        }
        return seconds;
    }

    /**
     * Writes the benchmarks' input as Parquet, in the layout the job's {@code generate} writes ({@code id bigint},
     * {@code features array<float>}), in {@code partitions} files. Values are uniform in [-1, 1) from a
     * {@link SplittableRandom} seeded by the id: 50-100x faster to make than {@code generate}'s N(0,1) samples
     * (StrictMath Box-Muller, about 1 M values/s per core here), which would take minutes for the memory
     * benchmark's 2 GiB. The augment job's speed does not depend on the values.
     */
    static void writeInput(SparkSession spark, long rows, int[] shape, int partitions, Path output) {
        int length = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false);
        MapPartitionsFunction<Long, Row> rowsOf = ids -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                long id = ids.next();
                SplittableRandom random = new SplittableRandom(id);
                float[] x = new float[length];
                for (int i = 0; i < length; i++) {
                    x[i] = (float) (random.nextDouble() * 2 - 1);
                }
                return RowFactory.create(id, x);
            }
        };
        spark.range(0, rows, 1, partitions).mapPartitions(rowsOf, Encoders.row(schema))
                .write().mode("overwrite").parquet(output.toString());
    }

    static List<String> augmentArgs(Path input, int[] shape, double p, Path output) {
        return List.of("augment", "--input", input.toString(), "--column", "features", "--shape", shapeArg(shape),
                "--p", Double.toString(p), "--seed", "7", "--output", output.toString(), "--overwrite",
                "--no-progress");
    }

    static String shapeArg(int[] shape) {
        return String.join(",", Arrays.stream(shape).mapToObj(Integer::toString).toList());
    }

    /** Child JVM main: [--master URL] then a job command; prints the {@code JOB-RESULT} line, exits with its code. */
    public static void main(String[] args) {
        HeapWatch heap = HeapWatch.start();
        List<String> rest = new ArrayList<>(List.of(args));
        SparkSession spark = null;
        if (rest.size() >= 2 && rest.get(0).equals("--master")) {
            spark = session(rest.get(1));
            rest = rest.subList(2, rest.size());
        }
        long start = System.nanoTime();
        int code;
        String error = "";
        try {
            code = AlphaDropoutJob.run(rest.toArray(new String[0]));
        } catch (Throwable t) { // OutOfMemoryError included: report it, then exit non-zero
            code = 1;
            error = t.toString();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (spark != null) {
            spark.stop();
        }
        System.out.println(RESULT_PREFIX + String.format(Locale.ROOT,
                "exit=%d seconds=%.3f heapPeakMiB=%.1f liveAfterGcMiB=%.1f heapMaxMiB=%.1f rssPeakMiB=%.1f gcCount=%d"
                        + " gcMillis=%d error=%s",
                code, seconds, heap.peakUsedMiB(), heap.maxLiveAfterGcMiB(),
                Runtime.getRuntime().maxMemory() / 1048576.0, HeapWatch.rssPeakMiB(), gcCount(), gcMillis(),
                error.replace(' ', '_')));
        System.out.flush();
        System.exit(code);
    }

    static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }

    /** Size of a folder's files, in bytes. */
    static long size(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
