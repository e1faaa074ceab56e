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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * How {@link AlphaDropoutOp#apply} treats its buffers: in place equals out of place, a slice writes only its
 * own range, the input of an out-of-place call is never modified, bad ranges are rejected.
 */
class AlphaDropoutOpBuffersTest {

    private static final int CHANNELS = 5;
    private static final int LENGTH = CHANNELS * 37; // spans and lengths that are not multiples of a vector
    private static final long SEED = -7L;

    static Stream<Arguments> kernelsModesAndProbabilities() {
        List<Arguments> out = new ArrayList<>();
        for (AlphaDropoutKernel kernel : KernelTestSupport.availableKernels()) {
            for (DropoutMode mode : DropoutMode.values()) {
                for (double p : new double[] {0.0, 0.3, 1.0}) {
                    out.add(Arguments.of(kernel.name(), mode, p, kernel));
                }
            }
        }
        return out.stream();
    }

    private static AlphaDropoutOp op(DropoutMode mode, double p, AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = mode == DropoutMode.FEATURE ? AlphaDropoutOp.feature(p, CHANNELS) : AlphaDropoutOp.element(p);
        return op.withKernel(kernel);
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("kernelsModesAndProbabilities")
    void inPlaceEqualsOutOfPlaceFloat(String name, DropoutMode mode, double p, AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, p, kernel);
        float[] x = KernelTestSupport.randomFloats(new Random(1), LENGTH, true);
        float[] outOfPlace = op.apply(x, SEED);
        float[] inPlace = x.clone();
        op.apply(inPlace, 0, inPlace, 0, LENGTH, SEED);
        assertBitsEqual(outOfPlace, inPlace);
        // in place inside a larger buffer, at an offset
        float[] buffer = new float[LENGTH + 11];
        System.arraycopy(x, 0, buffer, 6, LENGTH);
        op.apply(buffer, 6, buffer, 6, LENGTH, SEED);
        assertBitsEqual(outOfPlace, Arrays.copyOfRange(buffer, 6, 6 + LENGTH));
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("kernelsModesAndProbabilities")
    void inPlaceEqualsOutOfPlaceDouble(String name, DropoutMode mode, double p, AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, p, kernel);
        double[] x = KernelTestSupport.randomDoubles(new Random(2), LENGTH, true);
        double[] outOfPlace = op.apply(x, SEED);
        double[] inPlace = x.clone();
        op.apply(inPlace, 0, inPlace, 0, LENGTH, SEED);
        assertBitsEqual(outOfPlace, inPlace);
        double[] buffer = new double[LENGTH + 11];
        System.arraycopy(x, 0, buffer, 3, LENGTH);
        op.apply(buffer, 3, buffer, 3, LENGTH, SEED);
        assertBitsEqual(outOfPlace, Arrays.copyOfRange(buffer, 3, 3 + LENGTH));
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("kernelsModesAndProbabilities")
    void sliceWritesOnlyItsRangeAndLeavesTheInputUntouchedFloat(String name, DropoutMode mode, double p,
                                                               AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, p, kernel);
        float[] x = KernelTestSupport.randomFloats(new Random(3), LENGTH, true);
        float[] expected = op.apply(x, SEED);
        int srcPos = 13;
        int dstPos = 29;
        float[] src = KernelTestSupport.randomFloats(new Random(4), LENGTH + 40, true);
        System.arraycopy(x, 0, src, srcPos, LENGTH);
        float[] srcBefore = src.clone();
        float[] dst = new float[LENGTH + 50];
        Arrays.fill(dst, 123.25f);
        dst[0] = Float.NaN;
        float[] dstBefore = dst.clone();

        op.apply(src, srcPos, dst, dstPos, LENGTH, SEED);

        assertBitsEqual(srcBefore, src);
        assertBitsEqual(expected, Arrays.copyOfRange(dst, dstPos, dstPos + LENGTH));
        assertBitsEqual(Arrays.copyOfRange(dstBefore, 0, dstPos), Arrays.copyOfRange(dst, 0, dstPos));
        assertBitsEqual(Arrays.copyOfRange(dstBefore, dstPos + LENGTH, dst.length),
                Arrays.copyOfRange(dst, dstPos + LENGTH, dst.length));
        // the convenience overload never modifies its argument either
        float[] copy = x.clone();
        op.apply(x, SEED);
        assertBitsEqual(copy, x);
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("kernelsModesAndProbabilities")
    void sliceWritesOnlyItsRangeAndLeavesTheInputUntouchedDouble(String name, DropoutMode mode, double p,
                                                                AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, p, kernel);
        double[] x = KernelTestSupport.randomDoubles(new Random(5), LENGTH, true);
        double[] expected = op.apply(x, SEED);
        int srcPos = 1;
        int dstPos = 8;
        double[] src = KernelTestSupport.randomDoubles(new Random(6), LENGTH + 2, true);
        System.arraycopy(x, 0, src, srcPos, LENGTH);
        double[] srcBefore = src.clone();
        double[] dst = new double[LENGTH + 9];
        Arrays.fill(dst, -0.0);
        double[] dstBefore = dst.clone();

        op.apply(src, srcPos, dst, dstPos, LENGTH, SEED);

        assertBitsEqual(srcBefore, src);
        assertBitsEqual(expected, Arrays.copyOfRange(dst, dstPos, dstPos + LENGTH));
        assertBitsEqual(Arrays.copyOfRange(dstBefore, 0, dstPos), Arrays.copyOfRange(dst, 0, dstPos));
        assertBitsEqual(Arrays.copyOfRange(dstBefore, dstPos + LENGTH, dst.length),
                Arrays.copyOfRange(dst, dstPos + LENGTH, dst.length));
        double[] copy = x.clone();
        op.apply(x, SEED);
        assertBitsEqual(copy, x);
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("kernelsModesAndProbabilities")
    void rangesOutsideTheArraysRejectedBeforeAnyWrite(String name, DropoutMode mode, double p,
                                                     AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, p, kernel);
        float[] src = new float[LENGTH];
        float[] dst = new float[LENGTH];
        Arrays.fill(dst, 5f);
        assertThrows(IndexOutOfBoundsException.class, () -> op.apply(src, 1, dst, 0, LENGTH, SEED));
        assertThrows(IndexOutOfBoundsException.class, () -> op.apply(src, 0, dst, 1, LENGTH, SEED));
        assertThrows(IndexOutOfBoundsException.class, () -> op.apply(src, -1, dst, 0, CHANNELS, SEED));
        assertThrows(IndexOutOfBoundsException.class,
                () -> op.apply(new double[LENGTH], 0, new double[LENGTH - 1], 0, LENGTH, SEED));
        for (float v : dst) {
            assertEquals(5f, v, 0f);
        }
    }
}
