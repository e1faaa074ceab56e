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

import io.github.alphadropout.kernel.AlphaDropoutKernel;
import io.github.alphadropout.kernel.AlphaDropoutKernels;
import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.RowSeeds;
import io.github.alphadropout.kernel.SampleShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The kernel benchmark (not a unit test): 64 samples of shape 16x4x32x32 floats in one
 * buffer, written to a separate output buffer, sample by sample with each sample's own row seed. Variants, all in
 * this one JVM: {@code System.arraycopy} of the same floats (the floor), feature mode and element mode, each on
 * the Vector API kernel and on the scalar kernel; and the peers ({@link Nd4jPeers}): Deeplearning4j's
 * {@code AlphaDropout}, a channel-wise alpha dropout built from ND4J ops, and ND4J's own copy. Warm-up rounds, then
 * interleaved rounds: every round runs every variant once, in an order that changes every round (a seeded shuffle,
 * so each variant follows every other one: with a plain rotation the cyclic order never changes and arraycopy
 * always ran right after the 28 ms scalar element kernel, which slowed it about 2x). Reports the median, p10 and
 * p90 per variant and the ratio of its median to the arraycopy median, as a markdown table.
 *
 * <pre>
 *   mvn -q -B -Pbench test-compile exec:exec -Dbench.main=io.github.alphadropout.bench.KernelBenchmark \
 *       -Dbench.args="--rounds 40 --warmup 15"
 * </pre>
 *
 * Before each timed variant an untimed pass reads the input and writes the output buffer, so every variant
 * starts from the same cache state. (On the 2-core development VM every variant runs 1.5-2x slower right after
 * the 28 ms scalar element kernel, priming or not; {@code --raw} shows it. The shuffled order spreads that
 * penalty evenly over the variants instead of always charging it to the same one.)
 *
 * <p>Fairness check: every dropout variant's output over the N(0,1) input must keep mean and standard deviation
 * within 0.1 of the input's (PyTorch's own test of alpha dropout); the table shows both, and a variant that fails
 * is marked.
 *
 * <p>Options: {@code --rounds N} (timed rounds, default 40), {@code --warmup N} (untimed rounds, default 15),
 * {@code --samples N} (default 64), {@code --p P} (drop probability, default 0.5), {@code --seed S},
 * {@code --variants a,b,...} (subset, names as in the table), {@code --no-prime} (skip the priming pass),
 * {@code --no-peers} (skip Deeplearning4j/ND4J), {@code --peers-only} (arraycopy and the peers only), {@code --raw} (also print every round's times, in run order, as
 * CSV), {@code --results FILE} (append the figures as rows for {@link BenchmarkSuite}).
 */
public final class KernelBenchmark {

    static final int[] SHAPE = {16, 4, 32, 32};
    static final double FEATURE_TARGET = 1.2;
    static final double ELEMENT_TARGET = 2.0;
    /**
     * Deeplearning4j's AlphaDropout, run fairly (one thread, temporaries in a workspace), is itself about 11x
     * arraycopy, so a kernel at the memory floor can be at most about that much faster.
     */
    static final double PEER_SPEEDUP_TARGET = 11.0;
    static final String DL4J = "dl4j AlphaDropout";

    /** Results are folded in here so the JIT cannot drop any work. */
    static volatile long sink;

    private KernelBenchmark() {
    }

    /** One measured way of producing the output buffer. */
    interface Variant {
        /** The timed work: dropout (or copy) of {@code n} samples of {@code len} floats. */
        void run(float[] in, float[] out, int n, int len, long[] rowSeeds);

        /** Untimed, after {@link #run}: puts the output into {@code out} when the variant wrote it elsewhere. */
        default void collect(float[] out) {
        }

        /** Untimed, before {@link #run}: reads the input and writes the output, for the same cache state. */
        default void prime(float[] in, float[] out) {
            System.arraycopy(in, 0, out, 0, in.length);
        }
    }

    /** A variant, its mode ({@code floor}, {@code feature}, {@code element}, {@code peer-floor}). */
    record Named(String name, String mode, Variant variant) {
    }

    public static void main(String[] args) {
        int rounds = 40;
        int warmup = 15;
        int samples = 64;
        double p = 0.5;
        long seed = 42L;
        List<String> only = null;
        boolean prime = true;
        boolean raw = false;
        boolean peers = true;
        boolean peersOnly = false;
        Path results = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--p" -> p = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--variants" -> only = Arrays.asList(args[++i].split(","));
                case "--no-prime" -> prime = false;
                case "--no-peers" -> peers = false;
                case "--peers-only" -> peersOnly = true;
                case "--raw" -> raw = true;
                case "--results" -> results = Path.of(args[++i]);
                case "--help", "-h" -> {
                    System.out.println("options: --rounds N --warmup N --samples N --p P --seed S --variants a,b,..."
                            + " --no-prime --no-peers --peers-only --raw --results FILE");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        if (rounds < 1 || warmup < 0 || samples < 1 || !(p > 0 && p < 1)) {
            throw new IllegalArgumentException("need --rounds >= 1, --warmup >= 0, --samples >= 1, 0 < --p < 1");
        }

        SampleShape shape = SampleShape.of(SHAPE);
        int length = shape.fixedLength();
        float[] in = new float[samples * length];
        float[] out = new float[in.length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) io.github.alphadropout.testing.Gaussians.next(random);
        }

        AlphaDropoutKernel scalar = AlphaDropoutKernels.scalar();
        Optional<AlphaDropoutKernel> vector = AlphaDropoutKernels.vector();
        List<Named> variants = new ArrayList<>();
        variants.add(new Named("arraycopy", "floor", (src, dst, n, len, seeds) -> {
            for (int s = 0; s < n; s++) {
                System.arraycopy(src, s * len, dst, s * len, len);
            }
        }));
        AlphaDropoutOp feature = AlphaDropoutOp.feature(p, shape);
        AlphaDropoutOp element = AlphaDropoutOp.element(p);
        vector.ifPresent(v -> variants.add(new Named("feature-vector", "feature", sampleBySample(feature.withKernel(v)))));
        variants.add(new Named("feature-scalar", "feature", sampleBySample(feature.withKernel(scalar))));
        vector.ifPresent(v -> variants.add(new Named("element-vector", "element", sampleBySample(element.withKernel(v)))));
        variants.add(new Named("element-scalar", "element", sampleBySample(element.withKernel(scalar))));

        String peerStatus;
        if (peers) {
            try {
                String backend = Nd4jPeers.describe();
                variants.addAll(Nd4jPeers.create(in, samples, length, shape.channels(length), p, seed));
                peerStatus = "Deeplearning4j 1.0.0-M2.1 / ND4J " + backend + "; DL4J's p is the retain probability:"
                        + " new AlphaDropout(" + (1 - p) + ") for p=" + p;
            } catch (Throwable t) { // NoClassDefFoundError, UnsatisfiedLinkError, ND4J's own exceptions...
                peerStatus = "unavailable: " + rootCause(t);
            }
        } else {
            peerStatus = "not run (--no-peers)";
        }
        if (peersOnly) {
            variants.removeIf(v -> !v.name().equals("arraycopy") && !isPeer(v));
        }
        if (only != null) {
            List<String> wanted = only;
            variants.removeIf(v -> !v.name().equals("arraycopy") && !wanted.contains(v.name()));
        }

        System.out.printf(Locale.ROOT, "# Alpha dropout kernel benchmark%n%n");
        System.out.printf(Locale.ROOT, "- machine: %s%n", BenchSupport.machine());
        System.out.printf(Locale.ROOT, "- vector kernel: %s; default kernel of this JVM: %s%n",
                vector.map(AlphaDropoutKernel::name).orElse("unavailable (no --add-modules=jdk.incubator.vector)"),
                AlphaDropoutKernels.get().name());
        System.out.printf(Locale.ROOT, "- peers: %s%n", peerStatus);
        System.out.printf(Locale.ROOT, "- workload: %d samples of shape %s floats (%d x %d floats, %.1f MiB in, same out),"
                        + " p=%s, each sample with its own row seed%n", samples, shape, samples, length,
                in.length * 4.0 / (1 << 20), p);
        System.out.printf(Locale.ROOT, "- %d warm-up rounds, %d timed rounds, variant order shuffled every round, %s;"
                + " %d CPUs available%n%n", warmup, rounds, prime ? "buffers primed (read in, write out) before each"
                + " timed variant" : "no priming", Runtime.getRuntime().availableProcessors());

        checkKernelsAgree(in, samples, length, feature, element, scalar, vector);
        Map<String, double[]> stats = outputStats(variants, in, out, samples, length, seed);

        long[] rowSeeds = new long[samples];
        for (int r = 0; r < warmup; r++) {
            runRound(variants, r, in, out, samples, length, rowSeeds, seed, prime, null);
        }
        long[][] nanos = new long[variants.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            runRound(variants, r, in, out, samples, length, rowSeeds, seed, prime, nanos);
        }
        List<BenchSupport.Result> rows = report(variants, nanos, rounds, in.length, stats, peerStatus);
        BenchSupport.appendResults(results, rows);
        if (raw) {
            printRaw(variants, nanos, rounds);
        }
    }

    static boolean isPeer(Named named) {
        return named.name().startsWith("dl4j") || named.name().startsWith("nd4j");
    }

    private static Variant sampleBySample(AlphaDropoutOp op) {
        return (src, dst, n, len, seeds) -> {
            for (int s = 0; s < n; s++) {
                op.apply(src, s * len, dst, s * len, len, seeds[s]);
            }
        };
    }

    /** Every variant once, in the round's own order; times go to {@code nanos[variant][round]}. */
    private static void runRound(List<Named> variants, int round, float[] in, float[] out, int samples, int length,
                                 long[] rowSeeds, long seed, boolean prime, long[][] nanos) {
        for (int s = 0; s < samples; s++) {
            rowSeeds[s] = RowSeeds.rowSeed(seed, "x", round, s); // fresh masks every round
        }
        int size = variants.size();
        int[] order = BenchSupport.order(round, size);
        for (int k = 0; k < size; k++) {
            int v = order[k];
            Variant variant = variants.get(v).variant();
            if (prime) {
                variant.prime(in, out); // same cache state for every variant
            }
            out[0] = Float.NaN; // out[0] is always written: proves the variant ran
            long start = System.nanoTime();
            variant.run(in, out, samples, length, rowSeeds);
            long elapsed = System.nanoTime() - start;
            variant.collect(out);
            sink += consume(out);
            if (nanos != null) {
                nanos[v][round] = elapsed;
            }
        }
    }

    /** Folds a spread of output elements (one per 4 KiB page) into a checksum. */
    private static long consume(float[] out) {
        if (Float.isNaN(out[0]) && Float.floatToRawIntBits(out[0]) == Float.floatToRawIntBits(Float.NaN)) {
            throw new IllegalStateException("a variant did not write its output");
        }
        long h = 0;
        for (int i = 0; i < out.length; i += 1024) {
            h = h * 31 + Float.floatToRawIntBits(out[i]);
        }
        return h;
    }

    /**
     * Mean and standard deviation of every dropout variant's output for the N(0,1) input, and whether they are within
     * 0.1 of the input's (PyTorch's test): the comparison with a peer is only fair if the peer computes alpha dropout.
     * Key "input" holds the input's.
     */
    private static Map<String, double[]> outputStats(List<Named> variants, float[] in, float[] out, int samples,
                                                     int length, long seed) {
        Map<String, double[]> stats = new LinkedHashMap<>();
        double[] input = BenchSupport.meanStd(in);
        stats.put("input", input);
        long[] rowSeeds = new long[samples];
        for (int s = 0; s < samples; s++) {
            rowSeeds[s] = RowSeeds.rowSeed(seed, "x", -1, s);
        }
        for (Named named : variants) {
            if (!named.mode().equals("feature") && !named.mode().equals("element")) {
                continue;
            }
            Arrays.fill(out, Float.NaN);
            named.variant().run(in, out, samples, length, rowSeeds);
            named.variant().collect(out);
            double[] ms = BenchSupport.meanStd(out);
            boolean ok = Math.abs(ms[0] - input[0]) < 0.1 && Math.abs(ms[1] - input[1]) < 0.1;
            stats.put(named.name(), new double[] {ms[0], ms[1], ok ? 1 : 0});
        }
        return stats;
    }

    /** The vector and scalar kernels must give the same bits on this workload, or the comparison is void. */
    private static void checkKernelsAgree(float[] in, int samples, int length, AlphaDropoutOp feature,
                                          AlphaDropoutOp element, AlphaDropoutKernel scalar,
                                          Optional<AlphaDropoutKernel> vector) {
        if (vector.isEmpty()) {
            return;
        }
        int n = Math.min(samples, 4);
        for (AlphaDropoutOp op : new AlphaDropoutOp[] {feature, element}) {
            float[] a = new float[n * length];
            float[] b = new float[n * length];
            for (int s = 0; s < n; s++) {
                long rowSeed = RowSeeds.rowSeed(1L, "x", 0, s);
                op.withKernel(scalar).apply(in, s * length, a, s * length, length, rowSeed);
                op.withKernel(vector.get()).apply(in, s * length, b, s * length, length, rowSeed);
            }
            for (int i = 0; i < a.length; i++) {
                if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                    throw new IllegalStateException(op.mode() + ": scalar and vector differ at " + i);
                }
            }
        }
    }

    private static List<BenchSupport.Result> report(List<Named> variants, long[][] nanos, int rounds, int floats,
                                                    Map<String, double[]> stats, String peerStatus) {
        int floor = 0;
        double floorMedian = BenchSupport.median(nanos[floor]);
        Map<String, Double> medians = new LinkedHashMap<>();
        for (int v = 0; v < variants.size(); v++) {
            medians.put(variants.get(v).name(), BenchSupport.median(nanos[v]));
        }
        double[] input = stats.get("input");
        System.out.printf(Locale.ROOT, "Input N(0,1): mean %.4f, std %.4f. Output check: |mean - input mean| < 0.1 and"
                + " |std - input std| < 0.1 (PyTorch's alpha dropout test).%n%n", input[0], input[1]);
        System.out.println("| variant | median ms | p10 ms | p90 ms | ratio to arraycopy (medians) "
                + "| median of per-round ratios | out mean / std | target |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|---|");
        List<BenchSupport.Result> rows = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            Named named = variants.get(v);
            double[] sorted = BenchSupport.sorted(nanos[v]);
            double median = BenchSupport.median(sorted);
            double[] perRound = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                perRound[r] = (double) nanos[v][r] / nanos[floor][r];
            }
            Arrays.sort(perRound);
            double roundRatio = BenchSupport.median(perRound);
            double ratio = median / floorMedian;
            double[] st = stats.get(named.name());
            String stat = st == null ? "-" : String.format(Locale.ROOT, "%.3f / %.3f%s", st[0], st[1],
                    st[2] == 1 ? "" : " (NOT alpha-dropout-like)");
            Target target = target(named, ratio, medians);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2fx | %.2fx | %s | %s |%n", named.name(),
                    median / 1e6, BenchSupport.quantile(sorted, 0.1) / 1e6, BenchSupport.quantile(sorted, 0.9) / 1e6,
                    ratio, roundRatio, stat, target.text(floats, median));
            String note = (st == null ? "" : "out mean/std " + stat.replace(" / ", "/"))
                    + (isPeer(named) ? (st == null ? "" : "; ") + peerStatus : "");
            rows.add(new BenchSupport.Result("kernel", named.name(), median / 1e6,
                    BenchSupport.quantile(sorted, 0.1) / 1e6, BenchSupport.quantile(sorted, 0.9) / 1e6, "ms", ratio,
                    "arraycopy", target.target(), target.verdict(), note));
        }
        rows.addAll(peerSpeedups(medians));
        if (peerStatus.startsWith("unavailable") || peerStatus.startsWith("not run")) {
            rows.add(new BenchSupport.Result("kernel", DL4J, Double.NaN, Double.NaN, Double.NaN, "ms", Double.NaN,
                    "arraycopy", ">= " + (int) PEER_SPEEDUP_TARGET + "x slower than ours", "unavailable", peerStatus));
        }
        System.out.printf(Locale.ROOT, "%n(checksum %d)%n", sink);
        return rows;
    }

    /** The speed-up of our kernel over Deeplearning4j's AlphaDropout, like for like (element) and feature mode. */
    private static List<BenchSupport.Result> peerSpeedups(Map<String, Double> medians) {
        String peer = medians.keySet().stream().filter(n -> n.startsWith(DL4J) && !n.contains("no workspace"))
                .findFirst().orElse(null);
        if (peer == null) {
            return List.of();
        }
        double dl4j = medians.get(peer);
        System.out.println();
        System.out.println("| ours vs " + peer + " | speed-up (DL4J median / ours) | target |");
        System.out.println("|---|---:|---|");
        List<BenchSupport.Result> rows = new ArrayList<>();
        for (String ours : List.of("element-vector", "feature-vector")) {
            Double m = medians.get(ours);
            if (m == null) {
                continue;
            }
            double speedup = dl4j / m;
            String verdict = speedup >= PEER_SPEEDUP_TARGET ? "met" : "MISSED";
            System.out.printf(Locale.ROOT, "| %s | %.1fx | >= %.0fx: %s |%n", ours, speedup, PEER_SPEEDUP_TARGET,
                    verdict);
            rows.add(new BenchSupport.Result("kernel-vs-peer", ours + " vs " + peer, m / 1e6, Double.NaN,
                    Double.NaN, "ms", speedup, peer + " (speed-up)", ">= " + (int) PEER_SPEEDUP_TARGET + "x faster",
                    verdict, ours.startsWith("element") ? "like for like: DL4J's AlphaDropout is element-wise"
                    : "DL4J has no feature alpha dropout; its element-wise one is the nearest"));
        }
        return rows;
    }

    private record Target(String target, String verdict, String mode) {
        String text(int floats, double medianNanos) {
            if (mode.equals("floor")) {
                return String.format(Locale.ROOT, "floor, %.1f GB/s read+write", 2.0 * floats * 4 / medianNanos);
            }
            return target.isEmpty() ? verdict : target + ": " + verdict;
        }
    }

    private static Target target(Named named, double ratio, Map<String, Double> medians) {
        return switch (named.mode()) {
            case "floor" -> new Target("", "floor", "floor");
            case "feature", "element" -> {
                double limit = named.mode().equals("feature") ? FEATURE_TARGET : ELEMENT_TARGET;
                String t = String.format(Locale.ROOT, "<= %.1fx", limit);
                if (isPeer(named)) {
                    yield new Target("", "peer", "peer");
                }
                if (named.name().endsWith("scalar")) {
                    yield new Target("", "scalar fallback (the target applies to the default kernel)", "scalar");
                }
                yield new Target(t, ratio <= limit ? "met" : "MISSED", named.mode());
            }
            default -> new Target("", "peer's own floor", "peer");
        };
    }

    private static String rootCause(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String first = t == root ? "" : t.getClass().getSimpleName() + " <- ";
        return first + root.getClass().getName() + ": " + String.valueOf(root.getMessage()).lines().findFirst()
                .orElse("");
    }

    /** Every timed run as {@code round,position,variant,after,ms}: its place in the round, and what ran before. */
    private static void printRaw(List<Named> variants, long[][] nanos, int rounds) {
        System.out.println();
        System.out.println("round,position,variant,after,ms");
        int size = variants.size();
        String previous = "-";
        for (int r = 0; r < rounds; r++) {
            int[] order = BenchSupport.order(r, size);
            for (int k = 0; k < size; k++) {
                int v = order[k];
                System.out.printf(Locale.ROOT, "%d,%d,%s,%s,%.3f%n", r, k, variants.get(v).name(), previous,
                        nanos[v][r] / 1e6);
                previous = variants.get(v).name();
            }
        }
    }
}
