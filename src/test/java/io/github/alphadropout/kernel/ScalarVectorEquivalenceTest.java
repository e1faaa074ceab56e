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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Vector API kernel against the scalar one, raw bit for raw bit (as Lucene's BaseVectorizationTestCase does):
 * sizes and channel spans that hit every vector tail, nonzero offsets, in place and out of place, NaN / infinity
 * / signed-zero / subnormal inputs. Skipped (not failed) only in the run where the vector kernel is genuinely
 * unavailable and not expected.
 */
class ScalarVectorEquivalenceTest {

    private static final double[] PROBABILITIES = {0.1, 0.5, 0.9, 0.01, 0.3333333333333333, 0.77, 1e-9};
    private static final int[] SIZES = {1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 1000, 4097};
    private static final int[] SPANS = {1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 129};
    private static final int[] CHANNELS = {1, 2, 3, 5, 16};

    /** (srcPos, dstPos) of out-of-place runs; in-place runs use srcPos for both. */
    private static final int[][] PLACEMENTS = {{0, 0}, {1, 0}, {0, 3}, {5, 17}, {31, 2}};

    private static AlphaDropoutKernel scalar;
    private static AlphaDropoutKernel vector;

    /** Per test, so that each comparison is reported as skipped where the vector kernel is absent. */
    @BeforeEach
    void kernels() {
        vector = KernelTestSupport.vectorKernelOrSkip();
        scalar = AlphaDropoutKernels.scalar();
    }

    static Stream<Arguments> elementCases() {
        List<Arguments> out = new ArrayList<>();
        for (double p : PROBABILITIES) {
            for (int size : SIZES) {
                out.add(Arguments.of(p, size));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> featureCases() {
        List<Arguments> out = new ArrayList<>();
        for (double p : PROBABILITIES) {
            for (int channels : CHANNELS) {
                for (int span : SPANS) {
                    out.add(Arguments.of(p, channels, span));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "element float p={0} size={1}")
    @MethodSource("elementCases")
    void elementModeFloat(double p, int size) {
        AlphaDropoutOp op = AlphaDropoutOp.element(p);
        compareFloats(op, size, seedOf(p, size, 0));
    }

    @ParameterizedTest(name = "element double p={0} size={1}")
    @MethodSource("elementCases")
    void elementModeDouble(double p, int size) {
        AlphaDropoutOp op = AlphaDropoutOp.element(p);
        compareDoubles(op, size, seedOf(p, size, 0));
    }

    @ParameterizedTest(name = "feature float p={0} C={1} span={2}")
    @MethodSource("featureCases")
    void featureModeFloat(double p, int channels, int span) {
        AlphaDropoutOp op = AlphaDropoutOp.feature(p, channels);
        compareFloats(op, channels * span, seedOf(p, channels, span));
    }

    @ParameterizedTest(name = "feature double p={0} C={1} span={2}")
    @MethodSource("featureCases")
    void featureModeDouble(double p, int channels, int span) {
        AlphaDropoutOp op = AlphaDropoutOp.feature(p, channels);
        compareDoubles(op, channels * span, seedOf(p, channels, span));
    }

    private static long seedOf(double p, int a, int b) {
        return RowSeeds.rowSeed(Double.doubleToLongBits(p), "x" + a, b, 0);
    }

    private static void compareFloats(AlphaDropoutOp op, int length, long seed) {
        AlphaDropoutOp s = op.withKernel(scalar);
        AlphaDropoutOp v = op.withKernel(vector);
        for (long row = 0; row < 3; row++) {
            long rowSeed = seed + row * 0x9E3779B97F4A7C15L;
            float[] x = KernelTestSupport.randomFloats(new Random(rowSeed), length, row > 0);
            for (int[] placement : PLACEMENTS) {
                int srcPos = placement[0];
                int dstPos = placement[1];
                float[] src = new float[srcPos + length + 7];
                Arrays.fill(src, 2.5f);
                System.arraycopy(x, 0, src, srcPos, length);
                float[] dstScalar = new float[dstPos + length + 9];
                Arrays.fill(dstScalar, -9f);
                float[] dstVector = dstScalar.clone();
                s.apply(src, srcPos, dstScalar, dstPos, length, rowSeed);
                v.apply(src, srcPos, dstVector, dstPos, length, rowSeed);
                assertSameFloats(dstScalar, dstVector, op, "out of place src@" + srcPos + " dst@" + dstPos);

                float[] inScalar = src.clone();
                float[] inVector = src.clone();
                s.apply(inScalar, srcPos, inScalar, srcPos, length, rowSeed);
                v.apply(inVector, srcPos, inVector, srcPos, length, rowSeed);
                assertSameFloats(inScalar, inVector, op, "in place @" + srcPos);
                assertSameFloats(Arrays.copyOfRange(dstScalar, dstPos, dstPos + length),
                        Arrays.copyOfRange(inScalar, srcPos, srcPos + length), op, "in place = out of place");
            }
        }
    }

    private static void compareDoubles(AlphaDropoutOp op, int length, long seed) {
        AlphaDropoutOp s = op.withKernel(scalar);
        AlphaDropoutOp v = op.withKernel(vector);
        for (long row = 0; row < 3; row++) {
            long rowSeed = seed + row * 0x9E3779B97F4A7C15L;
            double[] x = KernelTestSupport.randomDoubles(new Random(rowSeed), length, row > 0);
            for (int[] placement : PLACEMENTS) {
                int srcPos = placement[0];
                int dstPos = placement[1];
                double[] src = new double[srcPos + length + 7];
                Arrays.fill(src, 2.5);
                System.arraycopy(x, 0, src, srcPos, length);
                double[] dstScalar = new double[dstPos + length + 9];
                Arrays.fill(dstScalar, -9);
                double[] dstVector = dstScalar.clone();
                s.apply(src, srcPos, dstScalar, dstPos, length, rowSeed);
                v.apply(src, srcPos, dstVector, dstPos, length, rowSeed);
                assertSameDoubles(dstScalar, dstVector, op, "out of place src@" + srcPos + " dst@" + dstPos);

                double[] inScalar = src.clone();
                double[] inVector = src.clone();
                s.apply(inScalar, srcPos, inScalar, srcPos, length, rowSeed);
                v.apply(inVector, srcPos, inVector, srcPos, length, rowSeed);
                assertSameDoubles(inScalar, inVector, op, "in place @" + srcPos);
            }
        }
    }

    private static void assertSameFloats(float[] scalarOut, float[] vectorOut, AlphaDropoutOp op, String where) {
        assertEquals(scalarOut.length, vectorOut.length);
        for (int i = 0; i < scalarOut.length; i++) {
            if (Float.floatToRawIntBits(scalarOut[i]) != Float.floatToRawIntBits(vectorOut[i])) {
                throw new AssertionError(op + " " + where + ": element " + i + " scalar "
                        + KernelTestSupport.hex(scalarOut[i]) + " vector " + KernelTestSupport.hex(vectorOut[i]));
            }
        }
    }

    private static void assertSameDoubles(double[] scalarOut, double[] vectorOut, AlphaDropoutOp op, String where) {
        assertEquals(scalarOut.length, vectorOut.length);
        for (int i = 0; i < scalarOut.length; i++) {
            if (Double.doubleToRawLongBits(scalarOut[i]) != Double.doubleToRawLongBits(vectorOut[i])) {
                throw new AssertionError(op + " " + where + ": element " + i + " scalar "
                        + KernelTestSupport.hex(scalarOut[i]) + " vector " + KernelTestSupport.hex(vectorOut[i]));
            }
        }
    }
}
