package io.github.alphadropout.bench;

import io.github.alphadropout.kernel.AlphaDropoutKernel;
import io.github.alphadropout.kernel.AlphaDropoutKernels;
import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.RowSeeds;
import io.github.alphadropout.kernel.SampleShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * The kernel benchmark of DESIGN.md section 6 (not a unit test): 64 samples of shape 16x4x32x32 floats in one
 * buffer, written to a separate output buffer, sample by sample with each sample's own row seed. Variants, all in
 * this one JVM: {@code System.arraycopy} of the same floats (the floor), feature mode and element mode, each on
 * the Vector API kernel and on the scalar kernel. Warm-up rounds, then interleaved rounds: every round runs every
 * variant once, in an order that changes every round (a seeded shuffle, so each variant follows every other one:
 * with a plain rotation the cyclic order never changes and arraycopy always ran right after the 28 ms scalar
 * element kernel, which slowed it about 2x). Reports the median, p10 and p90 per variant and the ratio of its
 * median to the arraycopy median, as a markdown table.
 *
 * <pre>
 *   mvn -q -B -Pbench test-compile exec:exec -Dbench.args="--rounds 40 --warmup 15"
 * </pre>
 *
 * Before each timed variant an untimed pass reads the input and writes the output buffer, so every variant
 * starts from the same cache state. (On the 2-core development VM every variant runs 1.5-2x slower right after
 * the 28 ms scalar element kernel, priming or not; {@code --raw} shows it. The shuffled order spreads that
 * penalty evenly over the variants instead of always charging it to the same one.)
 *
 * <p>Options: {@code --rounds N} (timed rounds, default 40), {@code --warmup N} (untimed rounds, default 15),
 * {@code --samples N} (default 64), {@code --p P} (drop probability, default 0.5), {@code --seed S},
 * {@code --variants a,b,...} (subset, names as in the table), {@code --no-prime} (skip the priming pass),
 * {@code --raw} (also print every round's times, in run order, as CSV).
 */
public final class KernelBenchmark {

    private static final int[] SHAPE = {16, 4, 32, 32};

    /** Results are folded in here so the JIT cannot drop any work. */
    static volatile long sink;

    private KernelBenchmark() {
    }

    /** One measured way of producing the output buffer. */
    private interface Variant {
        void run(float[] in, float[] out, int samples, int length, long[] rowSeeds);
    }

    private record Named(String name, String mode, Variant variant) {
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--p" -> p = Double.parseDouble(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--variants" -> only = Arrays.asList(args[++i].split(","));
                case "--no-prime" -> prime = false;
                case "--raw" -> raw = true;
                case "--help", "-h" -> {
                    System.out.println("options: --rounds N --warmup N --samples N --p P --seed S --variants a,b,... --no-prime --raw");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (try --help)");
            }
        }
        if (rounds < 1 || warmup < 0 || samples < 1) {
            throw new IllegalArgumentException("need --rounds >= 1, --warmup >= 0, --samples >= 1");
        }

        SampleShape shape = SampleShape.of(SHAPE);
        int length = shape.fixedLength();
        float[] in = new float[samples * length];
        float[] out = new float[in.length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) gaussian(random);
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
        if (only != null) {
            List<String> wanted = only;
            variants.removeIf(v -> !v.name().equals("arraycopy") && !wanted.contains(v.name()));
        }

        System.out.printf(Locale.ROOT, "# Alpha dropout kernel benchmark%n%n");
        System.out.printf(Locale.ROOT, "- JDK: %s (%s), %s %s%n", System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.name"), System.getProperty("os.name"), System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "- vector kernel: %s; default kernel of this JVM: %s%n",
                vector.map(AlphaDropoutKernel::name).orElse("unavailable (no --add-modules=jdk.incubator.vector)"),
                AlphaDropoutKernels.get().name());
        System.out.printf(Locale.ROOT, "- workload: %d samples of shape %s floats (%d x %d floats, %.1f MiB in, same out),"
                        + " p=%s, each sample with its own row seed%n", samples, shape, samples, length,
                in.length * 4.0 / (1 << 20), p);
        System.out.printf(Locale.ROOT, "- %d warm-up rounds, %d timed rounds, variant order shuffled every round, %s;"
                + " %d CPUs available%n%n", warmup, rounds, prime ? "buffers primed (read in, write out) before each"
                + " timed variant" : "no priming", Runtime.getRuntime().availableProcessors());

        checkKernelsAgree(in, samples, length, feature, element, scalar, vector);

        long[] rowSeeds = new long[samples];
        for (int r = 0; r < warmup; r++) {
            runRound(variants, r, in, out, samples, length, rowSeeds, seed, prime, null);
        }
        long[][] nanos = new long[variants.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            runRound(variants, r, in, out, samples, length, rowSeeds, seed, prime, nanos);
        }
        report(variants, nanos, rounds, in.length);
        if (raw) {
            printRaw(variants, nanos, rounds);
        }
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
            rowSeeds[s] = RowSeeds.rowSeed(seed, 0, round, s); // fresh masks every round
        }
        int size = variants.size();
        for (int k = 0; k < size; k++) {
            int v = order(round, size)[k];
            if (prime) {
                System.arraycopy(in, 0, out, 0, in.length); // same cache state for every variant
            }
            out[0] = Float.NaN; // out[0] is always written: proves the variant ran
            long start = System.nanoTime();
            variants.get(v).variant().run(in, out, samples, length, rowSeeds);
            long elapsed = System.nanoTime() - start;
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
                long rowSeed = RowSeeds.rowSeed(1L, 0, 0, s);
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

    private static void report(List<Named> variants, long[][] nanos, int rounds, int floats) {
        int floor = 0;
        long[] floorSorted = sorted(nanos[floor]);
        double floorMedian = quantile(floorSorted, 0.5);
        System.out.println("| variant | median ms | p10 ms | p90 ms | ratio to arraycopy (medians) "
                + "| median of per-round ratios | target |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|");
        for (int v = 0; v < variants.size(); v++) {
            Named named = variants.get(v);
            long[] sorted = sorted(nanos[v]);
            double median = quantile(sorted, 0.5);
            double[] perRound = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                perRound[r] = (double) nanos[v][r] / nanos[floor][r];
            }
            Arrays.sort(perRound);
            double roundRatio = perRound[rounds / 2];
            double ratio = median / floorMedian;
            String target = switch (named.mode()) {
                case "feature" -> verdict(named, ratio, 1.2);
                case "element" -> verdict(named, ratio, 2.0);
                default -> String.format(Locale.ROOT, "floor, %.1f GB/s read+write",
                        2.0 * floats * 4 / median);
            };
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2fx | %.2fx | %s |%n", named.name(),
                    median / 1e6, quantile(sorted, 0.1) / 1e6, quantile(sorted, 0.9) / 1e6, ratio, roundRatio, target);
        }
        System.out.printf(Locale.ROOT, "%n(checksum %d)%n", sink);
    }

    /** The order of the variants in a round: a shuffle seeded with the round number (the same in every run). */
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

    /** Every timed run as {@code round,position,variant,after,ms}: its place in the round, and what ran before. */
    private static void printRaw(List<Named> variants, long[][] nanos, int rounds) {
        System.out.println();
        System.out.println("round,position,variant,after,ms");
        int size = variants.size();
        String previous = "-";
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < size; k++) {
                int v = order(r, size)[k];
                System.out.printf(Locale.ROOT, "%d,%d,%s,%s,%.3f%n", r, k, variants.get(v).name(), previous,
                        nanos[v][r] / 1e6);
                previous = variants.get(v).name();
            }
        }
    }

    private static String verdict(Named named, double ratio, double limit) {
        if (named.name().endsWith("scalar")) {
            return String.format(Locale.ROOT, "(scalar fallback; %s target <= %.1fx applies to the default kernel)",
                    named.mode(), limit);
        }
        return String.format(Locale.ROOT, "<= %.1fx: %s", limit, ratio <= limit ? "met" : "MISSED");
    }

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** Nearest-rank quantile of sorted values. */
    private static double quantile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
