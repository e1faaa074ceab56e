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

package io.github.alphadropout.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Golden data made by real PyTorch ({@code scripts/pytorch_golden.py}), read from the test resource
 * {@value #RESOURCE}, and the one check every golden test applies to our output. Plain Java (no Spark), so the
 * kernel, SQL and Transformer tests share it.
 *
 * <p>The file holds one fixed sample per dtype, of {@link #channels()} channels x {@link #length()} elements
 * (flattened channel-first, the layout of one row), and for every (dtype, mode, p) and every element: PyTorch's
 * output for that element when it is kept and when it is dropped, as raw IEEE bits. PyTorch's masks are not ours,
 * so a test recovers OUR mask the way the script recovered PyTorch's: it runs the same call with the same seed on
 * zeros of the same shape, at the same row positions. A kept element of zeros gives {@code ALPHA*a*p > 0}, a
 * dropped one {@code -ALPHA*a*(1-p) < 0}. Then every output element must carry exactly the bits PyTorch gives
 * for that input in that outcome ({@link Check}).
 *
 * <p>At {@code p == 1} PyTorch draws no mask and returns {@code x * 0}; the file records that value in both
 * columns, and the check expects it for every element and {@code +0.0} for every element of the zero run.
 */
public final class GoldenFixtures {

    /** The fixture, on the test class path. */
    public static final String RESOURCE = "/golden/pytorch-alpha-dropout.txt";

    /** The element types PyTorch was run on. */
    public enum DType {
        FLOAT32, FLOAT64;

        static DType parse(String text) {
            switch (text) {
                case "float32": return FLOAT32;
                case "float64": return FLOAT64;
                default: throw new IllegalArgumentException("unknown dtype " + text);
            }
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static GoldenFixtures loaded;

    private final Map<String, String> header;
    private final int channels;
    private final int length;
    private final List<Case> cases;

    private GoldenFixtures(Map<String, String> header, List<Case> cases) {
        this.header = header;
        String[] shape = header.getOrDefault("shape", "").trim().split("\\s+");
        if (shape.length != 2) {
            throw new IllegalStateException(RESOURCE + ": header line '# shape: C L' missing");
        }
        this.channels = Integer.parseInt(shape[0]);
        this.length = Integer.parseInt(shape[1]);
        this.cases = Collections.unmodifiableList(cases);
    }

    /** The fixture, parsed once per JVM. */
    public static synchronized GoldenFixtures load() {
        if (loaded == null) {
            try (InputStream in = GoldenFixtures.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " not on the test class path");
                }
                loaded = parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    static GoldenFixtures parse(BufferedReader reader) throws IOException {
        Map<String, String> header = new LinkedHashMap<>();
        Map<String, List<String[]>> byCase = new LinkedHashMap<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.indexOf(' ', 2) > colon) {
                    header.put(line.substring(1, colon).trim(), line.substring(colon + 1).trim());
                }
                continue;
            }
            String[] f = line.trim().split("\\s+");
            if (f.length != 7) {
                throw new IllegalStateException(RESOURCE + ":" + number + ": expected 7 fields: " + line);
            }
            byCase.computeIfAbsent(f[0] + " " + f[1] + " " + f[2], k -> new ArrayList<>()).add(f);
        }
        List<Case> cases = new ArrayList<>();
        for (List<String[]> lines : byCase.values()) {
            String[] first = lines.get(0);
            int n = lines.size();
            long[] input = new long[n];
            long[] kept = new long[n];
            long[] dropped = new long[n];
            for (String[] f : lines) {
                int i = Integer.parseInt(f[3]);
                if (i < 0 || i >= n) {
                    throw new IllegalStateException(RESOURCE + ": index " + i + " out of 0.." + (n - 1));
                }
                input[i] = Long.parseUnsignedLong(f[4], 16);
                kept[i] = Long.parseUnsignedLong(f[5], 16);
                dropped[i] = Long.parseUnsignedLong(f[6], 16);
            }
            DropoutMode mode = DropoutMode.valueOf(first[1].toUpperCase(Locale.ROOT));
            cases.add(new Case(DType.parse(first[0]), mode, first[2], input, kept, dropped));
        }
        GoldenFixtures fixtures = new GoldenFixtures(header, cases);
        for (Case c : cases) {
            if (c.size() != fixtures.channels * fixtures.length) {
                throw new IllegalStateException(RESOURCE + ": " + c + " has " + c.size() + " elements, not C*L");
            }
        }
        return fixtures;
    }

    /** {@code torch.__version__} of the PyTorch that wrote the file. */
    public String torchVersion() {
        return header.get("torch");
    }

    /** A header value ({@code torch}, {@code python}, {@code shape}, ...), or null. */
    public String header(String key) {
        return header.get(key);
    }

    /** Channels of the sample. */
    public int channels() {
        return channels;
    }

    /** Elements per channel. */
    public int length() {
        return length;
    }

    /** The sample's shape {@code (C, L)}, for feature mode. */
    public int[] shape() {
        return new int[] {channels, length};
    }

    /** Every (dtype, mode, p) in file order. */
    public List<Case> cases() {
        return cases;
    }

    /** The cases of one dtype. */
    public List<Case> cases(DType dtype) {
        List<Case> out = new ArrayList<>();
        for (Case c : cases) {
            if (c.dtype() == dtype) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * PyTorch's outputs for one (dtype, mode, p): element {@code i} of the sample is {@code inputBits[i]}; kept
     * it became {@code keptBits[i]}, dropped {@code droppedBits[i]} (float32 bits in the low 32 bits).
     */
    public static final class Case {
        private final DType dtype;
        private final DropoutMode mode;
        private final String pText;
        private final double p;
        private final long[] inputBits;
        private final long[] keptBits;
        private final long[] droppedBits;

        Case(DType dtype, DropoutMode mode, String pText, long[] inputBits, long[] keptBits, long[] droppedBits) {
            this.dtype = dtype;
            this.mode = mode;
            this.pText = pText;
            this.p = Double.parseDouble(pText);
            this.inputBits = inputBits;
            this.keptBits = keptBits;
            this.droppedBits = droppedBits;
        }

        public DType dtype() { return dtype; }

        public DropoutMode mode() { return mode; }

        public double p() { return p; }

        /** p exactly as the file (and a SQL literal) writes it, e.g. {@code 0.1}. */
        public String pText() { return pText; }

        public int size() { return inputBits.length; }

        public long inputBits(int i) { return inputBits[i]; }

        public long keptBits(int i) { return keptBits[i]; }

        public long droppedBits(int i) { return droppedBits[i]; }

        /** The sample as floats, bit for bit (NaN payloads included). */
        public float[] floatInput() {
            requireDType(DType.FLOAT32);
            float[] out = new float[inputBits.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Float.intBitsToFloat((int) inputBits[i]);
            }
            return out;
        }

        /** The sample as doubles, bit for bit (NaN payloads included). */
        public double[] doubleInput() {
            requireDType(DType.FLOAT64);
            double[] out = new double[inputBits.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Double.longBitsToDouble(inputBits[i]);
            }
            return out;
        }

        private void requireDType(DType wanted) {
            if (dtype != wanted) {
                throw new IllegalStateException(this + " is not " + wanted);
            }
        }

        /** The element whose input is {@code +0.0}: its golden values are what the zero run must give. */
        int positiveZeroIndex() {
            for (int i = 0; i < inputBits.length; i++) {
                if (inputBits[i] == 0L) {
                    return i;
                }
            }
            throw new IllegalStateException(this + " has no +0.0 input");
        }

        @Override
        public String toString() {
            return dtype + " " + mode.name().toLowerCase(Locale.ROOT) + " p=" + pText;
        }
    }

    /** x86-64's default NaN (what an invalid operation such as {@code Inf * 0} gives), float32 bits. */
    public static final long X86_DEFAULT_NAN_FLOAT_BITS = 0xffc00000L;
    /** x86-64's default NaN, float64 bits. */
    public static final long X86_DEFAULT_NAN_DOUBLE_BITS = 0xfff8000000000000L;

    private static final float[] INF_AND_ZERO_F = {Float.POSITIVE_INFINITY, 0f};
    private static final double[] INF_AND_ZERO_D = {Double.POSITIVE_INFINITY, 0d};
    /**
     * This JVM's (this CPU's) default NaN in float32, from a multiplication done at run time: a constant
     * expression such as {@code Float.POSITIVE_INFINITY * 0f} would be folded by javac to Java's canonical NaN.
     */
    public static final long DEFAULT_NAN_FLOAT_BITS =
            Float.floatToRawIntBits(INF_AND_ZERO_F[0] * INF_AND_ZERO_F[1]) & 0xffffffffL;
    /** This JVM's default NaN in float64, computed at run time. */
    public static final long DEFAULT_NAN_DOUBLE_BITS =
            Double.doubleToRawLongBits(INF_AND_ZERO_D[0] * INF_AND_ZERO_D[1]);

    /**
     * PyTorch's bits for element {@code i}, with the one platform adjustment explained in {@link Check}: a
     * default NaN made from an infinite input becomes this JVM's default NaN (the same bits on x86-64).
     */
    static long expectedOnThisCpu(Case golden, int i, long pytorchBits) {
        boolean infiniteInput = golden.dtype() == DType.FLOAT32
                ? Float.isInfinite(Float.intBitsToFloat((int) golden.inputBits(i)))
                : Double.isInfinite(Double.longBitsToDouble(golden.inputBits(i)));
        if (!infiniteInput) {
            return pytorchBits;
        }
        if (golden.dtype() == DType.FLOAT32 && pytorchBits == X86_DEFAULT_NAN_FLOAT_BITS) {
            return DEFAULT_NAN_FLOAT_BITS;
        }
        if (golden.dtype() == DType.FLOAT64 && pytorchBits == X86_DEFAULT_NAN_DOUBLE_BITS) {
            return DEFAULT_NAN_DOUBLE_BITS;
        }
        return pytorchBits;
    }

    /** Starts checking rows of output against {@code golden}; {@code where} names the code path in messages. */
    public Check check(Case golden, String where) {
        return new Check(golden, where, channels);
    }

    /**
     * Holds rows of our output against one golden case, bit for bit, and at the end asserts that the golden data
     * was really exercised: for {@code 0 < p < 1} every element of the sample was seen both kept and dropped.
     *
     * <p>For each row: {@code out} is our output for the golden sample, {@code zeroRun} our output for zeros with
     * the same seed and the same row position. Element {@code i} is kept by our mask when {@code zeroRun[i] > 0},
     * dropped when {@code < 0} (anything else fails). Then {@code out[i]}'s raw bits must equal PyTorch's kept
     * bits, or its dropped bits, for that input. The zero run itself must equal PyTorch's kept or dropped value
     * of {@code +0.0}, and in feature mode it must keep or drop whole channels.
     *
     * <p>NaNs are compared by their raw bits too. A NaN input keeps its payload through {@code x * a + b} and
     * {@code x * 0 + b} (a signalling NaN comes out quieted), in PyTorch and in Java alike, on any CPU. A NaN made
     * from a non-NaN input ({@code +-Inf * 0}: dropped, or {@code p = 1}) is the CPU's "default NaN" instead:
     * {@code 0xffc00000} / {@code 0xfff8000000000000} on x86-64, where the fixture was made, but e.g.
     * {@code 0x7fc00000} on aarch64, in PyTorch as in Java. For exactly those elements (input {@code +-Inf}, PyTorch
     * value the x86 default NaN) the check expects this JVM's own default NaN, measured at run time
     * ({@link #DEFAULT_NAN_FLOAT_BITS}); on x86-64 those are the same bits, so nothing is relaxed there (a test
     * asserts it).
     */
    public static final class Check {
        private static final int MAX_REPORTED = 25;

        private final Case golden;
        private final String where;
        private final int channels;
        private final boolean[] keptSeen;
        private final boolean[] droppedSeen;
        private final List<String> mismatches = new ArrayList<>();
        private int mismatchCount;
        private int rows;

        Check(Case golden, String where, int channels) {
            this.golden = golden;
            this.where = where;
            this.channels = channels;
            this.keptSeen = new boolean[golden.size()];
            this.droppedSeen = new boolean[golden.size()];
        }

        /** One float32 row. */
        public Check row(float[] out, float[] zeroRun) {
            assertEquals(DType.FLOAT32, golden.dtype(), where);
            long[] o = new long[out.length];
            double[] z = new double[zeroRun.length];
            long[] zb = new long[zeroRun.length];
            for (int i = 0; i < out.length; i++) {
                o[i] = Float.floatToRawIntBits(out[i]) & 0xffffffffL;
            }
            for (int i = 0; i < zeroRun.length; i++) {
                z[i] = zeroRun[i];
                zb[i] = Float.floatToRawIntBits(zeroRun[i]) & 0xffffffffL;
            }
            return row(o, z, zb);
        }

        /** One float64 row (double arrays and ML vectors). */
        public Check row(double[] out, double[] zeroRun) {
            assertEquals(DType.FLOAT64, golden.dtype(), where);
            long[] o = new long[out.length];
            long[] zb = new long[zeroRun.length];
            for (int i = 0; i < out.length; i++) {
                o[i] = Double.doubleToRawLongBits(out[i]);
            }
            for (int i = 0; i < zeroRun.length; i++) {
                zb[i] = Double.doubleToRawLongBits(zeroRun[i]);
            }
            return row(o, zeroRun, zb);
        }

        private Check row(long[] out, double[] zero, long[] zeroBits) {
            int n = golden.size();
            int row = rows++;
            assertEquals(n, out.length, where + " row " + row + ": output length");
            assertEquals(n, zero.length, where + " row " + row + ": zero-run length");
            if (golden.p() == 1) {
                for (int i = 0; i < n; i++) {
                    if (zeroBits[i] != 0L) {
                        mismatch(row, i, "zero run at p=1 must be +0.0 (x * 0)", 0L, zeroBits[i]);
                    }
                    // PyTorch returns x * 0 without a mask: both golden columns hold it.
                    long expected = expectedOnThisCpu(golden, i, golden.keptBits(i));
                    if (golden.keptBits(i) != golden.droppedBits(i) || out[i] != expected) {
                        mismatch(row, i, "p=1 (x * 0)", expected, out[i]);
                    }
                }
                return this;
            }
            int zeroIndex = golden.positiveZeroIndex();
            boolean[] keep = new boolean[n];
            for (int i = 0; i < n; i++) {
                if (zero[i] > 0) {
                    keep[i] = true;
                    if (zeroBits[i] != golden.keptBits(zeroIndex)) {
                        mismatch(row, i, "zero run, kept (must be PyTorch's kept +0.0)", golden.keptBits(zeroIndex),
                                zeroBits[i]);
                    }
                } else if (zero[i] < 0) {
                    if (zeroBits[i] != golden.droppedBits(zeroIndex)) {
                        mismatch(row, i, "zero run, dropped (must be PyTorch's dropped +0.0)",
                                golden.droppedBits(zeroIndex), zeroBits[i]);
                    }
                } else {
                    fail(where + " row " + row + " element " + i + ": zero run gave " + hex(zeroBits[i])
                            + ", neither kept (> 0) nor dropped (< 0); cannot recover the mask");
                }
            }
            if (golden.mode() == DropoutMode.FEATURE) {
                int span = n / channels;
                for (int i = 0; i < n; i++) {
                    if (keep[i] != keep[(i / span) * span]) {
                        fail(where + " row " + row + ": channel " + (i / span) + " partly kept (element " + i + ")");
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                long expected = expectedOnThisCpu(golden, i, keep[i] ? golden.keptBits(i) : golden.droppedBits(i));
                if (keep[i]) {
                    keptSeen[i] = true;
                } else {
                    droppedSeen[i] = true;
                }
                if (out[i] != expected) {
                    mismatch(row, i, keep[i] ? "kept" : "dropped", expected, out[i]);
                }
            }
            return this;
        }

        private void mismatch(int row, int i, String what, long expected, long actual) {
            mismatchCount++;
            if (mismatches.size() < MAX_REPORTED) {
                mismatches.add("row " + row + " element " + i + " (input " + hex(golden.inputBits(i)) + " = "
                        + value(golden.inputBits(i)) + ") " + what + ": PyTorch " + hex(expected) + " = "
                        + value(expected) + ", ours " + hex(actual) + " = " + value(actual));
            }
        }

        /**
         * Fails on any mismatch seen so far, and unless {@code p} is 0 or 1, unless every element was seen
         * both kept and dropped (so the check cannot pass vacuously).
         */
        public void verify() {
            assertTrue(rows > 0, where + ": no rows checked");
            if (mismatchCount > 0) {
                fail(where + ", " + golden + ": " + mismatchCount + " element(s) differ from PyTorch "
                        + golden.dtype() + " bits, e.g.\n  " + String.join("\n  ", mismatches));
            }
            if (golden.p() > 0 && golden.p() < 1) {
                List<Integer> neverKept = new ArrayList<>();
                List<Integer> neverDropped = new ArrayList<>();
                for (int i = 0; i < keptSeen.length; i++) {
                    if (!keptSeen[i]) {
                        neverKept.add(i);
                    }
                    if (!droppedSeen[i]) {
                        neverDropped.add(i);
                    }
                }
                assertTrue(neverKept.isEmpty() && neverDropped.isEmpty(), where + ", " + golden + ": over " + rows
                        + " rows, elements never kept " + neverKept + ", never dropped " + neverDropped
                        + " (use more rows)");
            }
        }

        /** How many rows were checked. */
        public int rows() {
            return rows;
        }

        private String hex(long bits) {
            return golden.dtype() == DType.FLOAT32 ? String.format("0x%08x", bits) : String.format("0x%016x", bits);
        }

        private String value(long bits) {
            return golden.dtype() == DType.FLOAT32 ? Float.toString(Float.intBitsToFloat((int) bits))
                    : Double.toString(Double.longBitsToDouble(bits));
        }
    }

    /** Asserts the fixture is the expected one: all dtypes, modes and p, with the PyTorch version recorded. */
    static void assertComplete(GoldenFixtures f) {
        assertNotNull(f.torchVersion(), "torch version header");
        assertEquals(2 * 2 * 5, f.cases().size(), "cases");
    }

    /** Floats with exactly these bits (NaN payloads and signed zeros kept). */
    public static float[] floatsOfBits(long[] bits) {
        float[] out = new float[bits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Float.intBitsToFloat((int) bits[i]);
        }
        return out;
    }

    /** Doubles with exactly these bits (NaN payloads and signed zeros kept). */
    public static double[] doublesOfBits(long[] bits) {
        double[] out = new double[bits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.longBitsToDouble(bits[i]);
        }
        return out;
    }

    /** A collected {@code array<float>}; unboxing keeps the raw bits. */
    public static float[] floats(List<Object> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Float) values.get(i);
        }
        return out;
    }

    /** A collected {@code array<double>}; unboxing keeps the raw bits. */
    public static double[] doubles(List<Object> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) values.get(i);
        }
        return out;
    }
}
