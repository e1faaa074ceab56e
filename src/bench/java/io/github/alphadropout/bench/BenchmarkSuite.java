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

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Every benchmark, side by side with the peers, in one command; writes {@code target/bench/results.md} (markdown
 * tables) and {@code target/bench/results.png} (a chart of the ratios):
 *
 * <pre>
 *   mvn -q -B -Pbench test-compile exec:exec                       # the whole suite: 5-10 min + 3-8 for s3 (2 cores)
 *   mvn -q -B -Pbench test-compile exec:exec -Dbench.args=--quick  # fewer rounds, less data: 4-6 minutes
 * </pre>
 *
 * Each part runs in its own child JVM (same flags and class path as this one), one after the other, so that no
 * part's JIT profile, heap or native threads disturb another's; its output goes to {@code target/bench/PART.log}
 * and its figures, as rows, to {@code target/bench/PART.tsv}:
 *
 * <ol>
 *   <li>{@code kernel}: {@link KernelBenchmark} with the peers, ND4J pinned to one OpenMP thread
 *       ({@code OMP_NUM_THREADS=1}) like our single-threaded kernel;</li>
 *   <li>{@code kernel-peers-mt}: the peers again on ND4J's default thread count (all cores), with their own
 *       arraycopy floor;</li>
 *   <li>{@code spark}: {@link SparkBenchmark}, the Spark issue's setup (1500 rows of 16x4x32x32 floats);</li>
 *   <li>{@code scaling}: {@link ScalingBenchmark}, the augment job on local[1] vs local[2], rows x1, x2, x4;</li>
 *   <li>{@code copies}: {@link CopiesBenchmark}, {@code augment --copies 4}: one scan of the input vs four;</li>
 *   <li>{@code tables}: {@link TableBenchmark}, augment to a Delta and an Iceberg table vs to Parquet files;</li>
 *   <li>{@code memory}: {@link MemoryBenchmark}, the augment job with -Xmx1g over 2 GiB of Parquet;</li>
 *   <li>{@code s3}: {@link S3Benchmark}, the augment job to S3 (S3Proxy) vs a plain Parquet copy to S3, 256 MiB
 *       (64 MiB with {@code --quick}), 3 warm-up and 7 timed rounds: 3-8 minutes on 2 cores, with the load of the
 *       machine.</li>
 * </ol>
 *
 * Options: {@code --quick}; {@code --only kernel,spark,...} (a subset of the parts); {@code --out DIR} (default
 * {@code target/bench}); {@code --report-only} (no runs: re-render results.md and results.png from the rows of the
 * last run in that folder). Every part stays runnable alone (see each class).
 */
public final class BenchmarkSuite {

    private record Part(String name, Class<?> main, String heap, Map<String, String> env, List<String> args) {
    }

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws IOException {
        boolean quick = BenchSupport.flag(args, "--quick");
        String onlyArg = BenchSupport.option(args, "--only");
        List<String> only = onlyArg == null ? null : Arrays.asList(onlyArg.split(","));
        Path out = Path.of(BenchSupport.option(args, "--out") == null ? "target/bench" : BenchSupport.option(args, "--out"));
        Files.createDirectories(out);

        int cores = Runtime.getRuntime().availableProcessors();
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("kernel", KernelBenchmark.class, "2g", Map.of("OMP_NUM_THREADS", "1"),
                quick ? List.of("--rounds", "10", "--warmup", "5") : List.of("--rounds", "40", "--warmup", "15")));
        if (cores > 1) {
            parts.add(new Part("kernel-peers-mt", KernelBenchmark.class, "2g", Map.of(), quick
                    ? List.of("--peers-only", "--rounds", "5", "--warmup", "3")
                    : List.of("--peers-only", "--rounds", "20", "--warmup", "5")));
        }
        parts.add(new Part("spark", SparkBenchmark.class, "4g", Map.of(), quick
                ? List.of("--setup", "big", "--rounds", "3", "--rows", "500")
                : List.of("--setup", "big", "--rounds", "15")));
        parts.add(new Part("scaling", ScalingBenchmark.class, "4g", Map.of(), quick
                ? List.of("--rows", "64", "--rounds", "1") : List.of("--rows", "256", "--rounds", "5")));
        parts.add(new Part("copies", CopiesBenchmark.class, "4g", Map.of(), quick
                ? List.of("--rows", "128", "--rounds", "2") : List.of("--rows", "256", "--rounds", "5")));
        parts.add(new Part("memory", MemoryBenchmark.class, "3g", Map.of(), quick
                ? List.of("--rows", "4608", "--heap", "1g") : List.of("--rows", "8192", "--heap", "1g")));
        parts.add(new Part("tables", TableBenchmark.class, "4g", Map.of(), quick
                ? List.of("--rows", "128", "--rounds", "2") : List.of("--rows", "256", "--rounds", "5")));
        parts.add(new Part("s3", S3Benchmark.class, "3g", Map.of(), quick
                ? List.of("--rows", "16384", "--warmup", "1", "--rounds", "3")
                : List.of("--rows", "65536", "--warmup", "3", "--rounds", "7")));
        if (only != null) {
            parts.removeIf(p -> only.stream().noneMatch(o -> p.name().equals(o) || p.name().startsWith(o + "-")));
        }

        boolean reportOnly = BenchSupport.flag(args, "--report-only");
        Path runInfo = out.resolve("suite-run.properties");
        Map<String, String> failures = new LinkedHashMap<>();
        Map<String, List<BenchSupport.Result>> byPart = new LinkedHashMap<>();
        Properties info = new Properties();
        if (reportOnly) { // re-render results.md and results.png from the last run's rows
            try (var in = Files.newBufferedReader(runInfo, StandardCharsets.UTF_8)) {
                info.load(in);
            }
            for (Part part : parts) {
                byPart.put(part.name(), BenchSupport.readResults(out.resolve(part.name() + ".tsv")));
                String failed = info.getProperty("failed." + part.name());
                if (failed != null) {
                    failures.put(part.name(), failed);
                }
            }
        } else {
            info.setProperty("started", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            info.setProperty("loadBefore", loadAverage());
            info.setProperty("args", String.join(" ", args));
            long suiteStart = System.nanoTime();
            System.out.println("alpha dropout benchmark suite" + (quick ? " (--quick)" : "") + ": " + parts.size()
                    + " parts, each in its own JVM; logs and rows in " + out.toAbsolutePath());
            System.out.println("machine: " + BenchSupport.machine());
            for (Part part : parts) {
                runPart(part, out, byPart, failures);
            }
            info.setProperty("minutes", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - suiteStart) / 60e9));
            info.setProperty("loadAfter", loadAverage());
            failures.forEach((part, why) -> info.setProperty("failed." + part, why));
            try (var w = Files.newBufferedWriter(runInfo, StandardCharsets.UTF_8)) {
                info.store(w, "alpha dropout benchmark suite run");
            }
        }

        String runArgs = info.getProperty("args", "");
        String command = "mvn -q -B -Pbench test-compile exec:exec" + (runArgs.isEmpty() ? ""
                : " -Dbench.args=\"" + runArgs + "\"");
        String md = markdown(command, info.getProperty("started", "?"), info.getProperty("minutes", "?"),
                info.getProperty("loadBefore", "?"), info.getProperty("loadAfter", "?"), byPart, failures, quick);
        Path mdFile = out.resolve("results.md");
        Files.writeString(mdFile, md, StandardCharsets.UTF_8);
        Path png = out.resolve("results.png");
        chart(byPart, png);
        System.out.println();
        System.out.println(md);
        System.out.printf(Locale.ROOT, "wrote %s and %s%n", mdFile.toAbsolutePath(), png.toAbsolutePath());
    }

    /** Runs one part in a child JVM, output to PART.log, rows to PART.tsv. */
    private static void runPart(Part part, Path out, Map<String, List<BenchSupport.Result>> byPart,
                                Map<String, String> failures) throws IOException {
        Path tsv = out.resolve(part.name() + ".tsv");
        Path log = out.resolve(part.name() + ".log");
        Files.deleteIfExists(tsv);
        List<String> childArgs = new ArrayList<>(part.args());
        childArgs.add("--results");
        childArgs.add(tsv.toAbsolutePath().toString());
        List<String> command = BenchSupport.childJvm(part.heap(), List.of(), part.main(), childArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(part.env());
        System.out.printf(Locale.ROOT, "- %-16s %s %s%s ... ", part.name(), part.main().getSimpleName(),
                String.join(" ", part.args()), part.env().isEmpty() ? "" : " (" + part.env() + ")");
        System.out.flush();
        long start = System.nanoTime();
        int exit;
        try {
            exit = pb.start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        byPart.put(part.name(), BenchSupport.readResults(tsv));
        if (exit != 0) {
            failures.put(part.name(), "exit " + exit + "; see " + log);
        }
        System.out.printf(Locale.ROOT, "%s in %.0f s (log %s)%n", exit == 0 ? "done" : "FAILED (exit " + exit + ")",
                seconds, log);
    }

    // ------------------------------------------------------------------------------------------------ markdown

    private static String markdown(String command, String started, String minutes, String loadBefore,
                                   String loadAfter, Map<String, List<BenchSupport.Result>> byPart,
                                   Map<String, String> failures, boolean quick) {
        StringBuilder md = new StringBuilder();
        md.append("## Benchmark results").append(quick ? " (--quick run)" : "").append("\n\n");
        md.append("```\n").append(command).append("\n```\n\n");
        md.append("- machine: ").append(BenchSupport.machine()).append('\n');
        md.append("- Spark ").append(org.apache.spark.package$.MODULE$.SPARK_VERSION())
                .append(", Deeplearning4j/ND4J 1.0.0-M2.1 (nd4j-native linux-x86_64)\n");
        md.append(String.format(Locale.ROOT, "- run %s, %s minutes; load average before %s, after %s (other work on"
                + " the machine shows here: every figure is a ratio to a floor measured in the same run)%n", started,
                minutes, loadBefore, loadAfter));
        md.append("- every time is the median of interleaved rounds after warm-up rounds, in one JVM per part\n\n");
        failures.forEach((part, why) -> md.append("**Part `").append(part).append("` failed** (").append(why)
                .append("); its figures below are missing or partial.\n\n"));

        List<BenchSupport.Result> kernel = rows(byPart, "kernel", r -> r.section().equals("kernel"));
        List<BenchSupport.Result> kernelMt = rows(byPart, "kernel-peers-mt", r -> r.section().equals("kernel")
                && !r.variant().equals("arraycopy"));
        List<BenchSupport.Result> speedups = new ArrayList<>(rows(byPart, "kernel",
                r -> r.section().equals("kernel-vs-peer")));
        speedups.addAll(multiThreadSpeedups(kernel, kernelMt));

        List<String[]> targets = new ArrayList<>();
        if (!kernel.isEmpty()) {
            md.append("### Kernel: 64 samples of 16x4x32x32 floats (16 MiB in, 16 MiB out), p = 0.5\n\n");
            md.append("| variant | median ms | p10 - p90 ms | x arraycopy | output mean / std (input N(0,1)) "
                    + "| target |\n|---|---:|---:|---:|---|---|\n");
            for (BenchSupport.Result r : concat(kernel, kernelMt)) {
                String stats = r.note().startsWith("out mean/std ") ? r.note().substring(13).split(";")[0] : "-";
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", r.variant(),
                        num(r.median(), 2), range(r.low(), r.high(), 2), BenchSupport.ratio(r.ratio()), stats,
                        verdictCell(r)));
                addTarget(targets, "kernel " + r.variant(), r);
            }
            String peers = kernel.stream().filter(r -> r.variant().startsWith("dl4j")).map(BenchSupport.Result::note)
                    .findFirst().orElse("");
            if (peers.contains("; ")) {
                md.append("\nPeers: ").append(peers.substring(peers.indexOf("; ") + 2)).append(". `nd4j` rows: ND4J"
                        + " pinned to 1 thread (OMP_NUM_THREADS=1) unless the name says otherwise; the dropout peers"
                        + " run in an ND4J workspace, as Deeplearning4j runs layers.\n");
            }
            md.append('\n');
        }
        if (!speedups.isEmpty()) {
            md.append("| ours vs Deeplearning4j | speed-up | target | note |\n|---|---:|---|---|\n");
            for (BenchSupport.Result r : speedups) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", r.variant(),
                        BenchSupport.ratio(r.ratio()), verdictCell(r), r.note()));
                addTarget(targets, "kernel " + r.variant(), r);
            }
            md.append('\n');
        }
        List<BenchSupport.Result> spark = rows(byPart, "spark", r -> true);
        if (!spark.isEmpty()) {
            md.append("### Spark: ").append(spark.get(0).variant().substring(spark.get(0).variant().indexOf(", ") + 2))
                    .append(" floats, cached, local[2], noop sink\n\n");
            md.append("| variant | median ms | min - max ms | x copy floor (median of per-round ratios) | ratio of"
                    + " medians, task CPU, planning | target |\n|---|---:|---:|---:|---|---|\n");
            for (BenchSupport.Result r : spark) {
                String name = r.variant().substring(0, r.variant().indexOf(", "));
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", name, num(r.median(), 0),
                        range(r.low(), r.high(), 0), BenchSupport.ratio(r.ratio()), r.note(), verdictCell(r)));
                addTarget(targets, "Spark " + name, r);
            }
            md.append('\n');
        }
        List<BenchSupport.Result> scaling = rows(byPart, "scaling", r -> r.section().equals("scaling"));
        List<BenchSupport.Result> scalingSpeedup = rows(byPart, "scaling", r -> r.section().equals("scaling-speedup"));
        if (!scaling.isEmpty()) {
            md.append("### Scaling: the augment job (Parquet in, Parquet out), 16x4x32x32 floats per row\n\n");
            md.append("| run | median s | min - max s | x its x1 time (linear: 2x, 4x) | rows/s, CPU, others' load |\n"
                    + "|---|---:|---:|---:|---|\n");
            for (BenchSupport.Result r : scaling) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", r.variant(), num(r.median(), 2),
                        range(r.low(), r.high(), 2), BenchSupport.ratio(r.ratio()), r.note()));
            }
            md.append("\n| local[2] vs local[1] | speed-up (1-thread time / 2-thread time) | target | note |\n"
                    + "|---|---:|---|---|\n");
            for (BenchSupport.Result r : scalingSpeedup) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", r.variant(),
                        BenchSupport.ratio(r.ratio()), verdictCell(r), r.note()));
                addTarget(targets, "scaling " + r.variant(), r);
            }
            md.append('\n');
        }
        List<BenchSupport.Result> copies = rows(byPart, "copies", r -> true);
        if (!copies.isEmpty()) {
            md.append("### Copies: augment --copies 4, one scan of the input vs four (local[2], 16x4x32x32 floats,"
                    + " Parquet in and out)\n\n");
            md.append("| variant | median s | min - max s | x one scan (median of per-round ratios) | input read |\n"
                    + "|---|---:|---:|---:|---|\n");
            for (BenchSupport.Result r : copies) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", r.variant(), num(r.median(), 2),
                        range(r.low(), r.high(), 2), BenchSupport.ratio(r.ratio()), r.note()));
            }
            md.append('\n');
        }
        List<BenchSupport.Result> memory = rows(byPart, "memory", r -> true);
        if (!memory.isEmpty()) {
            md.append("### Memory: the augment job in a child JVM with a heap smaller than its input\n\n");
            md.append(MemoryBenchmark.TABLE_HEADER).append('\n');
            for (BenchSupport.Result r : memory) {
                md.append(r.note()).append('\n');
                addTarget(targets, "memory " + r.variant(), r);
            }
            md.append('\n');
        }
        List<BenchSupport.Result> tables = rows(byPart, "tables", r -> true);
        if (!tables.isEmpty()) {
            md.append("### Tables: augment --copies 2 to a Delta table and an Iceberg table vs to Parquet files"
                    + " (local[2], 16x4x32x32 floats, the whole command each)\n\n");
            md.append("| variant | median s | min - max s | x Parquet (median of per-round ratios) |\n"
                    + "|---|---:|---:|---:|\n");
            for (BenchSupport.Result r : tables) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", r.variant(), num(r.median(), 2),
                        range(r.low(), r.high(), 2), BenchSupport.ratio(r.ratio())));
            }
            md.append('\n');
        }
        List<BenchSupport.Result> s3 = rows(byPart, "s3", r -> true);
        if (!s3.isEmpty()) {
            md.append("### S3: the augment job to S3 (S3Proxy, in memory) vs a plain Parquet copy to S3, both through"
                    + " the magic committer\n\n");
            md.append("| variant | median s | min - max s | x copy (median of per-round ratios) | target |\n"
                    + "|---|---:|---:|---:|---|\n");
            for (BenchSupport.Result r : s3) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", r.variant(), num(r.median(), 2),
                        range(r.low(), r.high(), 2), BenchSupport.ratio(r.ratio()), verdictCell(r)));
                addTarget(targets, "S3 " + r.variant(), r);
            }
            md.append('\n');
        }
        if (!targets.isEmpty()) {
            md.append("### Targets\n\n| target | measured | verdict |\n|---|---|---|\n");
            for (String[] t : targets) {
                md.append("| ").append(t[0]).append(" | ").append(t[1]).append(" | ").append(t[2]).append(" |\n");
            }
            md.append('\n');
        }
        md.append("![benchmark ratios](results.png)\n");
        return md.toString();
    }

    /** DL4J on all cores vs our single-threaded kernel: ratio of ratios, each to its own run's arraycopy. */
    private static List<BenchSupport.Result> multiThreadSpeedups(List<BenchSupport.Result> kernel,
                                                                 List<BenchSupport.Result> kernelMt) {
        List<BenchSupport.Result> out = new ArrayList<>();
        BenchSupport.Result dl4j = kernelMt.stream().filter(r -> r.variant().startsWith(KernelBenchmark.DL4J)
                        && !r.variant().contains("no workspace"))
                .findFirst().orElse(null);
        if (dl4j == null || Double.isNaN(dl4j.ratio())) {
            return out;
        }
        for (String ours : List.of("element-vector", "feature-vector")) {
            kernel.stream().filter(r -> r.variant().equals(ours)).findFirst().ifPresent(r -> {
                double speedup = dl4j.ratio() / r.ratio();
                out.add(new BenchSupport.Result("kernel-vs-peer", ours + " vs " + dl4j.variant(), r.median(),
                        Double.NaN, Double.NaN, "ms", speedup, dl4j.variant(), "", "",
                        "ours on 1 core, DL4J on all; ratio of the two runs' ratios to their own arraycopy floor"));
            });
        }
        return out;
    }

    private static void addTarget(List<String[]> targets, String what, BenchSupport.Result r) {
        if (r.target().isEmpty()) {
            return;
        }
        String measured = r.section().equals("memory")
                ? String.format(Locale.ROOT, "peak RSS %.0f MiB, peak heap %.0f of %.0f MiB", r.median(), r.low(),
                r.high())
                : BenchSupport.ratio(r.ratio());
        targets.add(new String[] {what + ": " + r.target(), measured, bold(r.verdict())});
    }

    private static String verdictCell(BenchSupport.Result r) {
        if (r.target().isEmpty()) {
            return r.verdict();
        }
        return r.target() + ": " + bold(r.verdict());
    }

    private static String bold(String verdict) {
        return verdict.equals("MISSED") ? "**MISSED**" : verdict;
    }

    private static List<BenchSupport.Result> rows(Map<String, List<BenchSupport.Result>> byPart, String part,
                                                  Predicate<BenchSupport.Result> keep) {
        return byPart.getOrDefault(part, List.of()).stream().filter(keep).toList();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String num(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String range(double low, double high, int decimals) {
        return Double.isNaN(low) ? "-" : num(low, decimals) + " - " + num(high, decimals);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2] + " (1/5/15 min)";
        } catch (IOException | UncheckedIOException e) {
            return "unknown";
        }
    }

    // ------------------------------------------------------------------------------------------------ chart

    private static final int WIDTH = 1500;
    private static final int TOP_H = 560;
    private static final int BOTTOM_H = 500;

    /** The kernel's ratios across the top; Spark, scaling and memory side by side below; one PNG. */
    private static void chart(Map<String, List<BenchSupport.Result>> byPart, Path png) throws IOException {
        BufferedImage top = null;
        List<BufferedImage> bottom = new ArrayList<>();
        int bottomW = WIDTH / 3;

        List<BenchSupport.Result> kernel = concat(rows(byPart, "kernel", r -> r.section().equals("kernel")
                        && !Double.isNaN(r.ratio())),
                rows(byPart, "kernel-peers-mt", r -> r.section().equals("kernel") && !r.variant().equals("arraycopy")
                        && !Double.isNaN(r.ratio())));
        if (!kernel.isEmpty()) {
            CategoryChart c = panel("Kernel, 64 x 16x4x32x32 floats: time / System.arraycopy (log scale; lower is"
                    + " better; targets: feature <= 1.2, element <= 2)", "x arraycopy", WIDTH, TOP_H);
            c.getStyler().setYAxisLogarithmic(true);
            c.getStyler().setYAxisMin(0.1); // bars start at 0 otherwise, which a log axis refuses
            c.getStyler().setXAxisLabelRotation(30);
            c.addSeries("x arraycopy", kernel.stream().map(BenchSupport.Result::variant).toList(),
                    kernel.stream().map(BenchSupport.Result::ratio).toList());
            top = BitmapEncoder.getBufferedImage(c);
        }
        List<BenchSupport.Result> spark = rows(byPart, "spark", r -> true);
        if (!spark.isEmpty()) {
            CategoryChart c = panel("Spark: time / copy-only expression", "x copy floor (target: ours <= 1.1)",
                    bottomW, BOTTOM_H);
            c.addSeries("x copy floor", spark.stream().map(r -> shortSpark(r.variant())).toList(),
                    spark.stream().map(BenchSupport.Result::ratio).toList());
            bottom.add(BitmapEncoder.getBufferedImage(c));
        }
        List<BenchSupport.Result> scaling = rows(byPart, "scaling", r -> r.section().equals("scaling"));
        if (!scaling.isEmpty()) {
            CategoryChart c = panel("Scaling: augment job", "time / x1 time; speed-up", bottomW, BOTTOM_H);
            List<String> sizes = List.of("x1", "x2", "x4");
            for (String master : ScalingBenchmark.MASTERS) {
                List<Double> ys = new ArrayList<>();
                for (String size : sizes) {
                    ys.add(scaling.stream().filter(r -> r.variant().contains(master + " " + size + " "))
                            .map(BenchSupport.Result::ratio).findFirst().orElse(Double.NaN));
                }
                c.addSeries(master + " time / x1", sizes, ys);
            }
            List<BenchSupport.Result> speedup = rows(byPart, "scaling", r -> r.section().equals("scaling-speedup")
                    && r.variant().startsWith("local"));
            List<Double> sp = new ArrayList<>();
            for (String size : sizes) {
                sp.add(speedup.stream().filter(r -> r.variant().endsWith(size)).map(BenchSupport.Result::ratio)
                        .findFirst().orElse(Double.NaN));
            }
            c.addSeries("local[2] speed-up over local[1]", sizes, sp);
            c.getStyler().setLegendVisible(true);
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            bottom.add(BitmapEncoder.getBufferedImage(c));
        }
        List<BenchSupport.Result> memory = rows(byPart, "memory", r -> true);
        if (!memory.isEmpty()) {
            BenchSupport.Result m = memory.get(memory.size() - 1);
            double input = m.median() / m.ratio();
            CategoryChart c = panel("Memory: augment job, " + (m.verdict().equals("met") ? "completed" : m.verdict()),
                    "MiB", bottomW, BOTTOM_H);
            c.getStyler().setDecimalPattern("0");
            c.addSeries("MiB", List.of("Parquet input", "-Xmx", "peak heap", "peak RSS"),
                    List.of(input, m.high(), m.low(), m.median()));
            bottom.add(BitmapEncoder.getBufferedImage(c));
        }
        if (top == null && bottom.isEmpty()) {
            return;
        }
        int height = (top == null ? 0 : TOP_H) + (bottom.isEmpty() ? 0 : BOTTOM_H);
        BufferedImage all = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, all.getWidth(), all.getHeight());
        int y = 0;
        if (top != null) {
            g.drawImage(top, 0, 0, null);
            y = TOP_H;
        }
        for (int i = 0; i < bottom.size(); i++) {
            g.drawImage(bottom.get(i), i * bottomW, y, null);
        }
        g.dispose();
        ImageIO.write(all, "png", new File(png.toString()));
    }

    private static CategoryChart panel(String title, String yTitle, int width, int height) {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).yAxisTitle(yTitle)
                .build();
        c.getStyler().setLegendVisible(false);
        c.getStyler().setLabelsVisible(true);
        c.getStyler().setDecimalPattern("0.00");
        c.getStyler().setXAxisLabelRotation(20);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridVerticalLinesVisible(false);
        c.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
        return c;
    }

    private static String shortSpark(String variant) {
        String name = variant.substring(0, variant.indexOf(", "));
        return switch (name) {
            case SparkBenchmark.SELECT -> "plain select";
            case SparkBenchmark.FLOOR -> "copy floor";
            case SparkBenchmark.TRANSFORMER -> "transformer (ours)";
            case SparkBenchmark.COLUMN -> "Column fn (ours)";
            case SparkBenchmark.ELEMENT -> "element mode (ours)";
            case SparkBenchmark.UDF -> "boxed Java UDF";
            default -> name;
        };
    }
}
