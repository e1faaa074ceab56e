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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Shared helpers of the kernel tests: which kernels this JVM has, and inputs that include special values. */
final class KernelTestSupport {

    /** Set by Surefire: true in the default execution (module flag given), false in kernel-scalar-fallback. */
    static final String EXPECT_VECTOR_PROPERTY = "alphadropout.expectVectorKernel";

    private KernelTestSupport() {
    }

    /** The property's value, or null when the tests run outside Surefire (e.g. from an IDE). */
    static Boolean expectVectorKernel() {
        String value = System.getProperty(EXPECT_VECTOR_PROPERTY);
        return value == null ? null : Boolean.parseBoolean(value.trim());
    }

    /**
     * The vector kernel. Fails when Surefire says it must be there, skips (JUnit assumption) only when it is
     * genuinely unavailable in a run that does not expect it.
     */
    static AlphaDropoutKernel vectorKernelOrSkip() {
        Optional<AlphaDropoutKernel> vector = AlphaDropoutKernels.vector();
        if (vector.isEmpty()) {
            assertNotEquals(Boolean.TRUE, expectVectorKernel(),
                    EXPECT_VECTOR_PROPERTY + "=true but AlphaDropoutKernels.vector() is empty");
        }
        assumeTrue(vector.isPresent(), "Vector API kernel unavailable in this JVM (no --add-modules="
                + "jdk.incubator.vector): scalar-vs-vector comparison skipped");
        return vector.get();
    }

    /** Every kernel this JVM can run: scalar always, vector when available. */
    static List<AlphaDropoutKernel> availableKernels() {
        List<AlphaDropoutKernel> kernels = new ArrayList<>();
        kernels.add(AlphaDropoutKernels.scalar());
        AlphaDropoutKernels.vector().ifPresent(kernels::add);
        return kernels;
    }

    /** Special float inputs: signed zeros, infinities, NaNs (one with a payload), subnormals, extremes. */
    static final float[] SPECIAL_FLOATS = {
        0f, -0f, Float.NaN, Float.intBitsToFloat(0x7fc12345), Float.intBitsToFloat(0xffc00000),
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
        Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 0.7f, -3f, 1e-30f, 1e30f,
    };

    static final double[] SPECIAL_DOUBLES = {
        0d, -0d, Double.NaN, Double.longBitsToDouble(0x7ff8000000012345L),
        Double.longBitsToDouble(0xfff8000000000000L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
        1d, -1d, 0.7d, -3d, 1e-300, 1e300,
    };

    /** N(0, 1) floats; when {@code withSpecials}, about one element in eight is a special value. */
    static float[] randomFloats(Random random, int length, boolean withSpecials) {
        float[] out = new float[length];
        for (int i = 0; i < length; i++) {
            out[i] = withSpecials && random.nextInt(8) == 0
                    ? SPECIAL_FLOATS[random.nextInt(SPECIAL_FLOATS.length)]
                    : (float) random.nextGaussian();
        }
        return out;
    }

    /** N(0, 1) doubles; when {@code withSpecials}, about one element in eight is a special value. */
    static double[] randomDoubles(Random random, int length, boolean withSpecials) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = withSpecials && random.nextInt(8) == 0
                    ? SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)]
                    : random.nextGaussian();
        }
        return out;
    }

    static String hex(float f) {
        return String.format("0x%08x (%s)", Float.floatToRawIntBits(f), f);
    }

    static String hex(double d) {
        return String.format("0x%016x (%s)", Double.doubleToRawLongBits(d), d);
    }

    /** Raw bits identical, NaN payloads included. */
    static void assertBitsEqual(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            int index = i;
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    () -> "element " + index + ": expected " + hex(expected[index])
                            + " but got " + hex(actual[index]));
        }
    }

    /** Raw bits identical, NaN payloads included. */
    static void assertBitsEqual(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            int index = i;
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    () -> "element " + index + ": expected " + hex(expected[index])
                            + " but got " + hex(actual[index]));
        }
    }

    /** Raw bits identical, except that an expected NaN accepts any NaN. */
    static void assertBitsEqualAnyNaN(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            int e = Float.floatToRawIntBits(expected[i]);
            int a = Float.floatToRawIntBits(actual[i]);
            if (Float.isNaN(expected[i]) && Float.isNaN(actual[i])) {
                continue;
            }
            int index = i;
            assertEquals(e, a, () -> "element " + index + ": expected " + hex(expected[index])
                    + " but got " + hex(actual[index]));
        }
    }

    /** Raw bits identical, except that an expected NaN accepts any NaN. */
    static void assertBitsEqualAnyNaN(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            long e = Double.doubleToRawLongBits(expected[i]);
            long a = Double.doubleToRawLongBits(actual[i]);
            if (Double.isNaN(expected[i]) && Double.isNaN(actual[i])) {
                continue;
            }
            int index = i;
            assertEquals(e, a, () -> "element " + index + ": expected " + hex(expected[index])
                    + " but got " + hex(actual[index]));
        }
    }
}
