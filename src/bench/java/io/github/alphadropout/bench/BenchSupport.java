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

import io.github.alphadropout.kernel.AlphaDropoutKernels;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * What every benchmark here shares: medians and quantiles, the shuffled round order, N(0,1) test data, a
 * description of the machine, and the result rows the {@link BenchmarkSuite} collects from each part (written by a
 * part run with {@code --results FILE}, one tab-separated row per figure).
 */
final class BenchSupport {

    private BenchSupport() {
    }

    /**
     * One figure of a benchmark: its section (kernel, spark, scaling, memory), the variant, its median and spread in
     * {@code unit}, its ratio to {@code floor} (the floor measured in the same run), the target it is held to (empty
     * when none) and the verdict ({@code met}, {@code MISSED}, {@code floor}, {@code unavailable}, ...), and a note.
     */
    record Result(String section, String variant, double median, double low, double high, String unit,
                  double ratio, String floor, String target, String verdict, String note) {

        Result {
            note = note == null ? "" : note;
            target = target == null ? "" : target;
            verdict = verdict == null ? "" : verdict;
        }

        String toTsv() {
            return String.join("\t", clean(section), clean(variant), num(median), num(low), num(high), clean(unit),
                    num(ratio), clean(floor), clean(target), clean(verdict), clean(note));
        }

        static Result fromTsv(String line) {
            String[] f = line.split("\t", -1);
            if (f.length != 11) {
                throw new IllegalArgumentException("not a result row (" + f.length + " fields): " + line);
            }
            return new Result(f[0], f[1], parse(f[2]), parse(f[3]), parse(f[4]), f[5], parse(f[6]), f[7], f[8],
                    f[9], f[10]);
        }

        private static String clean(String s) {
            return s.replace('\t', ' ').replace('\n', ' ');
        }

        private static String num(double v) {
            return Double.isNaN(v) ? "NaN" : Double.toString(v);
        }

        private static double parse(String s) {
            return s.equals("NaN") ? Double.NaN : Double.parseDouble(s);
        }
    }

    /** Appends result rows to {@code file} (the suite gives each part its own file). */
    static void appendResults(Path file, Collection<Result> results) {
        if (file == null) {
            return;
        }
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            List<String> lines = results.stream().map(Result::toTsv).toList();
            Files.write(file, lines, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + file, e);
        }
    }

    static List<Result> readResults(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.filter(l -> !l.isBlank()).map(Result::fromTsv).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read results from " + file, e);
        }
    }

    /** The value after {@code --name} in {@code args}, or null. */
    static String option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    static boolean flag(String[] args, String name) {
        return Arrays.asList(args).contains(name);
    }

    static Path resultsFile(String[] args) {
        String file = option(args, "--results");
        return file == null ? null : Path.of(file);
    }

    static double[] sorted(long[] values) {
        double[] copy = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i];
        }
        Arrays.sort(copy);
        return copy;
    }

    static double[] sorted(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** Nearest-rank quantile of sorted values. */
    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The median (the mean of the middle two for an even count). */
    static double median(double[] sorted) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The median over rounds of {@code a[round] / b[round]}: pairs measured in the same round, close in time. */
    static double pairedRatio(List<Double> a, List<Double> b) {
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < Math.min(a.size(), b.size()); r++) {
            ratios.add(a.get(r) / b.get(r));
        }
        return median(ratios);
    }

    static double median(List<Double> values) {
        return median(sorted(values));
    }

    static double median(long[] values) {
        return median(sorted(values));
    }

    /**
     * Round {@code round}'s order of {@code size} variants: a shuffle seeded with the round number (the same in every
     * run), so each variant follows every other one over the rounds. (With a plain rotation the cyclic order never
     * changes and one variant always runs right after the same, possibly cache-trashing, other one.)
     */
    static int[] order(int round, int size) {
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Random random = new Random(round * 0x9E3779B97F4A7C15L + 1);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Mean and (population) standard deviation, in double. */
    static double[] meanStd(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double sq = 0;
        for (float v : values) {
            double d = v - mean;
            sq += d * d;
        }
        return new double[] {mean, Math.sqrt(sq / values.length)};
    }

    /** The CPU model, from /proc/cpuinfo where there is one. */
    static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
        } catch (IOException | UncheckedIOException e) {
            return System.getProperty("os.arch");
        }
    }

    /** Total memory of the machine, in GiB, from /proc/meminfo; NaN when unknown. */
    static double machineMemoryGiB() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .map(l -> Double.parseDouble(l.replaceAll("[^0-9]", "")) / (1 << 20)).orElse(Double.NaN);
        } catch (IOException | UncheckedIOException e) {
            return Double.NaN;
        }
    }

    /** One line: CPU, cores, memory, OS, JDK, and the kernel (with its vector width) this JVM uses. */
    static String machine() {
        return String.format(Locale.ROOT, "%s, %d cores, %.0f GiB; %s %s %s; JDK %s (%s); kernel %s",
                cpuModel(), Runtime.getRuntime().availableProcessors(), machineMemoryGiB(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"),
                AlphaDropoutKernels.get().name());
    }

    /** The JVM flags this JVM was started with, less heap sizes and agents (children choose their own). */
    static List<String> inheritedJvmFlags() {
        List<String> flags = new ArrayList<>();
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Xms") || arg.startsWith("-Xmx") || arg.startsWith("-agentlib")
                    || arg.startsWith("-javaagent") || arg.startsWith("-XX:StartFlightRecording")) {
                continue;
            }
            flags.add(arg);
        }
        return flags;
    }

    /** The {@code java} of this JVM. */
    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A child JVM command line: this JVM's flags and class path, the given heap and extra flags, main and args. */
    static List<String> childJvm(String heap, List<String> extraFlags, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(inheritedJvmFlags());
        if (heap != null) {
            command.add("-Xmx" + heap);
        }
        Path log4j = Path.of("conf", "log4j2.properties").toAbsolutePath();
        if (Files.isRegularFile(log4j)) { // the job's own logging settings: warnings only, no INFO flood
            command.add("-Dlog4j.configurationFile=" + log4j);
        }
        command.add("-Djava.awt.headless=true");
        command.addAll(extraFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    /** "16x4x32x32". */
    static String shapeText(int[] shape) {
        return String.join("x", Arrays.stream(shape).mapToObj(Integer::toString).toList());
    }

    /** "x" with two decimals; "-" for NaN. */
    static String ratio(double r) {
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }
}
