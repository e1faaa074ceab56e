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

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scaling benchmark: the augmentation job ({@code alpha-dropout augment}, Parquet in, Parquet out) on local[1] and
 * local[2], over x1, x2 and x4 rows of 16x4x32x32 floats (x1 = 256 rows, 64 MiB, in 4 files; x2 and x4 have 8 and
 * 16 files, so the task count grows with the data). The job runs in this JVM on a SparkSession of the round's master
 * (the job reuses a running session), started fresh for every run and stopped after it. Each round takes the sizes
 * in a shuffled order and runs each size on both masters back to back, alternating which goes first. One warm-up
 * round (x1 on both), then medians of the timed rounds, as ratios: local[1] time over local[2] time (the speed-up of
 * a second core, the median of the rounds' pairs; no fixed target: it is compared with the speed-up the machine
 * itself gives two threads in the same rounds), and each size's time over x1's (linear: 2x and
 * 4x). Also the CPU seconds the job used on local[2] over those on local[1] (about 1 when running two tasks at once
 * costs no extra work: then the wall-time speed-up is whatever the free cores allow).
 *
 * <pre>
 *   mvn -q -B -Pbench test-compile exec:exec -Dbench.main=io.github.alphadropout.bench.ScalingBenchmark \
 *       [-Dbench.args="--rows 256 --rounds 3 --results FILE"]
 * </pre>
 *
 * <p>Each run also records this JVM's CPU time over the run's wall time (how many cores the job kept busy), the part
 * of it Spark's task threads used (the tasks' executor CPU time; the rest is GC, JIT, Parquet and Spark's own
 * threads, which local[1] does not limit to one core), and the
 * cores other processes took meanwhile (the machine's busy time from /proc/stat, less ours): on a shared machine a
 * second core is only as free as the others leave it. Every round also times a pure CPU loop on 1 and on 2 threads
 * (no Spark, no memory traffic): the speed-up the machine itself gives two-way parallel work in those rounds, the
 * floor the job's speed-up is compared with.
 *
 * <p>The job's time is the wall time of its whole command in-process: reading the input's schema, counting its rows,
 * augmenting and writing Parquet, counting the written rows, committing the output (Spark's start-up excluded).
 * The data goes to {@code target/bench/scaling} and is deleted at the end.
 */
public final class ScalingBenchmark {

    static final int[] SHAPE = {16, 4, 32, 32};
    static final int[] SCALES = {1, 2, 4};
    static final List<String> MASTERS = List.of("local[1]", "local[2]");
    /** A round is quiet when the pure CPU loop gets at least this speed-up from a second thread. */
    static final double QUIET = 1.8;

    private ScalingBenchmark() {
    }

    public static void main(String[] args) {
        long rows = Long.parseLong(valueOr(args, "--rows", "256"));
        int rounds = Integer.parseInt(valueOr(args, "--rounds", "3"));
        Path dir = Path.of(valueOr(args, "--dir", "target/bench/scaling")).toAbsolutePath();
        Path results = BenchSupport.resultsFile(args);
        int length = 1;
        for (int d : SHAPE) {
            length *= d;
        }
        double mib = rows * (double) length * 4 / 1048576;
        System.out.println("# Scaling benchmark: the augment job on local[1] and local[2], rows x1, x2, x4");
        System.out.println();
        System.out.println("- machine: " + BenchSupport.machine());
        System.out.printf(Locale.ROOT, "- x1 = %d rows of %s floats (%.0f MiB) in 4 Parquet files; x2, x4: 8, 16 files;"
                + " p=0.5, 1 copy; 1 warm-up + %d timed rounds, masters alternating, sizes shuffled; max heap %d"
                + " MiB%n%n", rows, BenchSupport.shapeText(SHAPE), mib, rounds,
                Runtime.getRuntime().maxMemory() >> 20);

        Map<Integer, Path> inputs = new LinkedHashMap<>();
        Path output = dir.resolve("output");
        List<BenchSupport.Result> out = new ArrayList<>();
        try {
            SparkSession writer = JobRunner.session("local[2]");
            try {
                for (int scale : SCALES) {
                    Path input = dir.resolve("input-x" + scale);
                    JobRunner.writeInput(writer, rows * scale, SHAPE, 4 * scale, input);
                    inputs.put(scale, input);
                }
            } finally {
                writer.stop();
            }

            Map<String, List<Double>> times = new LinkedHashMap<>();
            Map<String, List<Double>> parallelism = new LinkedHashMap<>();
            Map<String, List<Double>> others = new LinkedHashMap<>();
            for (String master : MASTERS) {
                for (int scale : SCALES) {
                    times.put(key(master, scale), new ArrayList<>());
                    parallelism.put(key(master, scale), new ArrayList<>());
                    others.put(key(master, scale), new ArrayList<>());
                }
            }
            List<Double> machineSpeedups = new ArrayList<>();
            Map<String, List<Double>> cpuSeconds = new LinkedHashMap<>();
            Map<String, List<Double>> taskCores = new LinkedHashMap<>();
            times.keySet().forEach(k -> cpuSeconds.put(k, new ArrayList<>()));
            times.keySet().forEach(k -> taskCores.put(k, new ArrayList<>()));
            for (int round = -1; round < rounds; round++) { // round -1: warm-up, x1 only
                double machine = machineSpeedup();
                System.out.printf(Locale.ROOT, "  round %d: a pure CPU loop runs %.2fx as fast on 2 threads as on 1%n",
                        round, machine);
                if (round >= 0) {
                    machineSpeedups.add(machine);
                }
                int[] order = BenchSupport.order(round + 1, SCALES.length);
                for (int k = 0; k < order.length; k++) {
                    int scale = SCALES[order[k]];
                    if (round < 0 && scale != 1) {
                        continue;
                    }
                    // the two masters back to back on the same input, first one and then the other first
                    List<String> masters = new ArrayList<>(MASTERS);
                    if (Math.floorMod(round + k, 2) == 1) {
                        java.util.Collections.reverse(masters);
                    }
                    for (String master : masters) {
                        SparkSession spark = JobRunner.session(master);
                        SparkBenchmark.TaskCpu taskCpu = new SparkBenchmark.TaskCpu();
                        spark.sparkContext().addSparkListener(taskCpu);
                        try {
                            System.gc();
                            double cpuBefore = processCpuSeconds();
                            double busyBefore = machineBusySeconds();
                            double seconds = JobRunner.run(JobRunner.augmentArgs(inputs.get(scale), SHAPE, 0.5,
                                    output).toArray(new String[0]));
                            double cpu = processCpuSeconds() - cpuBefore;
                            double otherCores = (machineBusySeconds() - busyBefore - cpu) / seconds;
                            SparkBenchmark.drain(spark);
                            double tasks = taskCpu.seconds();
                            System.out.printf(Locale.ROOT, "  round %d %s x%d: %.2f s, our CPU %.2f s (%.2f cores: task"
                                    + " threads %.2f, rest of the JVM %.2f), other processes %.2f cores%n", round,
                                    master, scale, seconds, cpu, cpu / seconds, tasks / seconds,
                                    (cpu - tasks) / seconds, otherCores);
                            if (round >= 0) {
                                times.get(key(master, scale)).add(seconds);
                                parallelism.get(key(master, scale)).add(cpu / seconds);
                                others.get(key(master, scale)).add(otherCores);
                                cpuSeconds.get(key(master, scale)).add(cpu);
                                taskCores.get(key(master, scale)).add(tasks / seconds);
                            }
                        } finally {
                            spark.stop();
                        }
                    }
                }
            }
            out.addAll(report(times, parallelism, others, cpuSeconds, taskCores, rows, machineSpeedups));
        } finally {
            LocalFiles.deleteRecursively(dir);
        }
        BenchSupport.appendResults(results, out);
    }

    private static List<BenchSupport.Result> report(Map<String, List<Double>> times,
                                                    Map<String, List<Double>> parallelism,
                                                    Map<String, List<Double>> others,
                                                    Map<String, List<Double>> cpuSeconds,
                                                    Map<String, List<Double>> taskCores, long rows,
                                                    List<Double> machineSpeedups) {
        double machine = BenchSupport.median(machineSpeedups);
        List<Integer> quiet = new ArrayList<>();
        for (int r = 0; r < machineSpeedups.size(); r++) {
            if (machineSpeedups.get(r) >= QUIET) {
                quiet.add(r);
            }
        }
        List<BenchSupport.Result> out = new ArrayList<>();
        System.out.println();
        System.out.println("| job run | median s | min s | max s | rows/s | x its x1 time (linear: x2 = 2, x4 = 4)"
                + " | our CPU / wall | other processes (cores) | local[1] / local[2] | target |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (String master : MASTERS) {
            double base = BenchSupport.median(times.get(key(master, 1)));
            for (int scale : SCALES) {
                double[] t = BenchSupport.sorted(times.get(key(master, scale)));
                double m = BenchSupport.median(t);
                double growth = m / base;
                double speedup = BenchSupport.pairedRatio(times.get(key(MASTERS.get(0), scale)),
                        times.get(key(MASTERS.get(1), scale)));
                double work = BenchSupport.pairedRatio(cpuSeconds.get(key(MASTERS.get(1), scale)),
                        cpuSeconds.get(key(MASTERS.get(0), scale)));
                boolean second = master.equals(MASTERS.get(1));
                // No fixed target: on a small shared machine the second core is only as free as others leave it.
                String target = "";
                String verdict = "";
                double par = BenchSupport.median(parallelism.get(key(master, scale)));
                double task = BenchSupport.median(taskCores.get(key(master, scale)));
                double other = BenchSupport.median(others.get(key(master, scale)));
                System.out.printf(Locale.ROOT, "| %s x%d (%d rows) | %.2f | %.2f | %.2f | %.0f | %.2f | %.2f | %.2f | %s"
                                + " | %s |%n", master, scale, rows * scale, m, t[0], t[t.length - 1], rows * scale / m,
                        growth, par, other, second ? String.format(Locale.ROOT, "%.2fx", speedup) : "",
                        target.isEmpty() ? "" : target + ": " + verdict);
                out.add(new BenchSupport.Result("scaling", String.format(Locale.ROOT, "augment %s x%d (%d rows)",
                        master, scale, rows * scale), m, t[0], t[t.length - 1], "s", growth, master + " x1", "",
                        scale == 1 ? "floor" : (growth <= scale * 1.1 ? "linear" : "super-linear"),
                        String.format(Locale.ROOT, "%.0f rows/s; our JVM %.2f cores (task threads %.2f, rest %.2f);"
                                + " other processes %.2f cores", rows * scale / m, par, task, par - task, other)));
                if (second) {
                    out.add(new BenchSupport.Result("scaling-speedup", String.format(Locale.ROOT,
                            "local[2] vs local[1], x%d", scale), m, Double.NaN, Double.NaN, "s", speedup,
                            "local[1] time (speed-up)", target, verdict, String.format(Locale.ROOT,
                            "%.0f%% of the pure CPU loop's %.2fx; CPU seconds local[2] / local[1] = %.2f; %s",
                            100 * speedup / machine, machine, work, quiet.isEmpty()
                                    ? "no quiet round (pure CPU loop >= " + QUIET + "x)"
                                    : String.format(Locale.ROOT, "%.2fx in the %d quiet round(s) (pure CPU loop >= %.1fx)",
                                    BenchSupport.pairedRatio(pick(times.get(key(MASTERS.get(0), scale)), quiet),
                                            pick(times.get(key(MASTERS.get(1), scale)), quiet)), quiet.size(),
                                    QUIET))));
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nThe machine's own floor, measured in the same rounds: a pure CPU loop (no"
                + " memory traffic, no Spark) runs %.2fx as fast on 2 threads as on 1.%n", machine);
        out.add(new BenchSupport.Result("scaling-speedup", "pure CPU loop, 2 threads vs 1 (what the machine gave)",
                Double.NaN, Double.NaN, Double.NaN, "s", machine, "1 thread (speed-up)", "", "machine floor",
                "the most any 2-way parallel work could gain in these rounds"));
        return out;
    }

    /**
     * The speed-up this machine gives right now to perfectly parallel work: a CPU-only loop (integer mixing, no
     * memory traffic) timed on one thread, then split over two threads; the best of 3 tries each. On an idle
     * 2-core machine about 2; with other processes running, less: the ceiling for local[2] vs local[1].
     */
    static double machineSpeedup() {
        long work = 60_000_000L;
        double one = Double.MAX_VALUE;
        double two = Double.MAX_VALUE;
        for (int tries = 0; tries < 3; tries++) {
            long start = System.nanoTime();
            sink += spin(work);
            one = Math.min(one, (System.nanoTime() - start) / 1e9);
            start = System.nanoTime();
            Thread other = new Thread(() -> sink += spin(work / 2));
            other.start();
            sink += spin(work / 2);
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            two = Math.min(two, (System.nanoTime() - start) / 1e9);
        }
        return one / two;
    }

    static volatile long sink;

    private static long spin(long n) {
        long z = 0;
        for (long i = 0; i < n; i++) {
            z += 0x9E3779B97F4A7C15L;
            long x = z;
            x = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
            x = (x ^ (x >>> 27)) * 0x94D049BB133111EBL;
            z ^= x >>> 31;
        }
        return z;
    }

    private static List<Double> pick(List<Double> values, List<Integer> rounds) {
        return rounds.stream().filter(r -> r < values.size()).map(values::get).toList();
    }

    /** CPU time of this process (all threads), in seconds. */
    static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /**
     * CPU time the whole machine spent busy (all processes, all cores: user, nice, system, irq, softirq, steal),
     * from the first line of /proc/stat; NaN where there is none. Less this process's CPU time, over a run's wall
     * time, it says how many cores other processes took while the run ran.
     */
    static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / 100.0; // USER_HZ
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String key(String master, int scale) {
        return master + " x" + scale;
    }

    private static String valueOr(String[] args, String name, String fallback) {
        String v = BenchSupport.option(args, name);
        return v == null ? fallback : v;
    }
}
