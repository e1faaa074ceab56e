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

import static io.github.alphadropout.kernel.KernelTestSupport.assertBitsEqual;
import static io.github.alphadropout.kernel.KernelTestSupport.assertBitsEqualAnyNaN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyTorch's edge cases (p = 0, p = 1, eval mode, empty and non-finite input) through {@link AlphaDropoutOp}, for
 * floats and doubles, in feature and element mode, on every kernel this JVM has.
 */
class AlphaDropoutOpEdgeCasesTest {

    private static final int CHANNELS = 4;
    private static final long SEED = 0x5eedL;

    static Stream<Arguments> kernelsAndModes() {
        List<Arguments> out = new ArrayList<>();
        for (AlphaDropoutKernel kernel : KernelTestSupport.availableKernels()) {
            for (DropoutMode mode : DropoutMode.values()) {
                out.add(Arguments.of(kernel.name(), mode, kernel));
            }
        }
        return out.stream();
    }

    private static AlphaDropoutOp op(DropoutMode mode, double p, AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = mode == DropoutMode.FEATURE ? AlphaDropoutOp.feature(p, CHANNELS) : AlphaDropoutOp.element(p);
        return op.withKernel(kernel);
    }

    /** 16 special values then normals: a length that is a multiple of CHANNELS. */
    private static float[] floats() {
        float[] x = new float[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < KernelTestSupport.SPECIAL_FLOATS.length ? KernelTestSupport.SPECIAL_FLOATS[i] : (i - 30) * 0.37f;
        }
        return x;
    }

    private static double[] doubles() {
        double[] x = new double[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = i < KernelTestSupport.SPECIAL_DOUBLES.length ? KernelTestSupport.SPECIAL_DOUBLES[i] : (i - 30) * 0.37;
        }
        return x;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndModes")
    void zeroProbabilityIsTheIdentity(String name, DropoutMode mode, AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, 0.0, kernel);
        assertBitsEqual(floats(), op.apply(floats(), SEED));
        assertBitsEqual(doubles(), op.apply(doubles(), SEED));
        float[] inPlace = floats();
        op.apply(inPlace, 0, inPlace, 0, inPlace.length, SEED);
        assertBitsEqual(floats(), inPlace);
        boolean[] mask = op.keepMask(64, SEED);
        for (boolean keep : mask) {
            assertTrue(keep);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndModes")
    void trainingOffIsTheIdentity(String name, DropoutMode mode, AlphaDropoutKernel kernel) {
        for (double p : new double[] {0.5, 1.0}) {
            AlphaDropoutOp op = op(mode, p, kernel).withTraining(false);
            assertEquals(false, op.training());
            assertBitsEqual(floats(), op.apply(floats(), SEED));
            assertBitsEqual(doubles(), op.apply(doubles(), SEED));
            double[] inPlace = doubles();
            op.apply(inPlace, 0, inPlace, 0, inPlace.length, SEED);
            assertBitsEqual(doubles(), inPlace);
            for (boolean keep : op.keepMask(64, SEED)) {
                assertTrue(keep, "not training keeps everything");
            }
            // and training back on is not the identity
            assertNotEquals(Arrays.toString(floats()), Arrays.toString(op.withTraining(true).apply(floats(), SEED)));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndModes")
    void emptySampleIsTheIdentity(String name, DropoutMode mode, AlphaDropoutKernel kernel) {
        for (double p : new double[] {0.0, 0.5, 1.0}) {
            AlphaDropoutOp op = op(mode, p, kernel);
            assertEquals(0, op.apply(new float[0], SEED).length);
            assertEquals(0, op.apply(new double[0], SEED).length);
            assertTrue(op.accepts(0));
            assertEquals(0, op.keepMask(0, SEED).length);
            // an empty slice inside a buffer writes nothing
            float[] dst = {7f, 8f, 9f};
            op.apply(new float[] {1f, 2f, 3f}, 1, dst, 2, 0, SEED);
            assertArrayEquals(new float[] {7f, 8f, 9f}, dst);
            double[] dstD = {7d, 8d, 9d};
            op.apply(new double[] {1d, 2d, 3d}, 3, dstD, 0, 0, SEED);
            assertArrayEquals(new double[] {7d, 8d, 9d}, dstD);
        }
        AlphaDropoutOp fixed = AlphaDropoutOp.feature(0.5, SampleShape.of(2, 3)).withKernel(kernel);
        assertEquals(0, fixed.apply(new float[0], SEED).length);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndModes")
    void probabilityOneGivesXTimesZeroNotTheDroppedValue(String name, DropoutMode mode, AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, 1.0, kernel);
        float[] x = {-3f, 3f, -0f, 0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -Float.MIN_VALUE};
        float[] y = op.apply(x, SEED);
        float[] expected = {-0f, 0f, -0f, 0f, Float.NaN, Float.NaN, Float.NaN, -0f};
        assertBitsEqualAnyNaN(expected, y);
        // not the dropped value of any p < 1: that is negative and finite, x * 0 is a signed zero (or NaN)
        assertTrue(AlphaDropoutCoefficients.of(0.999999).droppedValueF() < 0);
        double[] xd = {-3d, 3d, -0d, 0d, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1e-300};
        double[] expectedD = {-0d, 0d, -0d, 0d, Double.NaN, Double.NaN, Double.NaN, -0d};
        assertBitsEqualAnyNaN(expectedD, op.apply(xd, SEED));
        for (boolean keep : op.keepMask(8, SEED)) {
            assertEquals(false, keep, "p=1 keeps nothing");
        }
        // in place as well
        float[] inPlace = x.clone();
        op.apply(inPlace, 0, inPlace, 0, inPlace.length, SEED);
        assertBitsEqualAnyNaN(expected, inPlace);
    }

    /** A seed (searched deterministically) whose row has both kept and dropped decisions. */
    private static long seedWithBothDecisions(AlphaDropoutOp op, int length) {
        for (long seed = SEED; ; seed++) {
            int kept = 0;
            boolean[] decisions = op.keepMask(length, seed);
            for (boolean keep : decisions) {
                kept += keep ? 1 : 0;
            }
            if (kept > 0 && kept < decisions.length) {
                return seed;
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndModes")
    void nanInputGivesNaNWhetherKeptOrDropped(String name, DropoutMode mode, AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, 0.5, kernel);
        int length = 64;
        long seed = seedWithBothDecisions(op, length);
        float[] x = new float[length];
        double[] xd = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = i % 2 == 0 ? Float.NaN : Float.intBitsToFloat(0xffc00001);
            xd[i] = i % 2 == 0 ? Double.NaN : Double.longBitsToDouble(0xfff8000000000001L);
        }
        float[] y = op.apply(x, seed);
        double[] yd = op.apply(xd, seed);
        for (int i = 0; i < length; i++) {
            assertTrue(Float.isNaN(y[i]), "float element " + i + " gave " + y[i]);
            assertTrue(Double.isNaN(yd[i]), "double element " + i + " gave " + yd[i]);
        }
    }

    /**
     * PyTorch computes {@code x * noise + b}: a dropped infinity is {@code inf * 0 + b = NaN}, a kept one stays
     * the same infinity ({@code inf * a + b}).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndModes")
    void infiniteInputGivesNaNWhenDroppedAndStaysInfiniteWhenKept(String name, DropoutMode mode,
                                                                 AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, 0.5, kernel);
        int length = 64;
        long seed = seedWithBothDecisions(op, length);
        boolean[] decisions = op.keepMask(length, seed);
        int span = mode == DropoutMode.FEATURE ? length / CHANNELS : 1;
        float[] x = new float[length];
        double[] xd = new double[length];
        for (int i = 0; i < length; i++) {
            x[i] = i % 2 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            xd[i] = x[i];
        }
        float[] y = op.apply(x, seed);
        double[] yd = op.apply(xd, seed);
        for (int i = 0; i < length; i++) {
            if (decisions[i / span]) {
                assertEquals(x[i], y[i], 0f, "kept float element " + i);
                assertEquals(xd[i], yd[i], 0d, "kept double element " + i);
            } else {
                assertTrue(Float.isNaN(y[i]), "dropped float element " + i + " (" + x[i] + ") gave " + y[i]);
                assertTrue(Double.isNaN(yd[i]), "dropped double element " + i + " (" + xd[i] + ") gave " + yd[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kernelsAndModes")
    void finiteInputNextToNonFiniteIsUnaffected(String name, DropoutMode mode, AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, 0.5, kernel);
        float[] x = new float[64];
        Arrays.fill(x, 1f);
        x[5] = Float.NaN;
        x[40] = Float.NEGATIVE_INFINITY;
        long seed = seedWithBothDecisions(op, x.length);
        float[] y = op.apply(x, seed);
        AlphaDropoutCoefficients k = op.coefficients();
        boolean[] decisions = op.keepMask(x.length, seed);
        int span = mode == DropoutMode.FEATURE ? x.length / CHANNELS : 1;
        for (int i = 0; i < x.length; i++) {
            boolean keep = decisions[i / span];
            if (i == 5 || (i == 40 && !keep)) {
                assertTrue(Float.isNaN(y[i]), "element " + i);
            } else if (i == 40) {
                assertEquals(Float.NEGATIVE_INFINITY, y[i], 0f);
            } else {
                float expected = keep ? 1f * k.scaleF() + k.keptShiftF() : k.droppedValueF();
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[i]), "element " + i);
            }
        }
    }

}
