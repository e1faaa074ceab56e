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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every output element, to the bit, against PyTorch's float32 order: kept {@code (x * fa) + fAap}, dropped the
 * constant {@code droppedValueF}; and the mask {@link AlphaDropoutOp#keepMask} reports is the one the output shows.
 */
class BitExactnessTest {

    private static final SampleShape SHAPE = SampleShape.of(16, 3, 1, 23); // 69 elements per channel
    private static final int LENGTH = SHAPE.fixedLength();

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (AlphaDropoutKernel kernel : KernelTestSupport.availableKernels()) {
            for (DropoutMode mode : DropoutMode.values()) {
                for (double p : new double[] {0.1, 0.2, 0.5, 0.8, 0.37, 0.9}) {
                    out.add(Arguments.of(kernel.name(), mode, p, kernel));
                }
            }
        }
        return out.stream();
    }

    private static AlphaDropoutOp op(DropoutMode mode, double p, AlphaDropoutKernel kernel) {
        return (mode == DropoutMode.FEATURE ? AlphaDropoutOp.feature(p, SHAPE) : AlphaDropoutOp.element(p))
                .withKernel(kernel);
    }

    /** Decision index of element i. */
    private static int decisionOf(DropoutMode mode, int i) {
        return mode == DropoutMode.FEATURE ? i / (LENGTH / SHAPE.channels(LENGTH)) : i;
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("cases")
    void floatOutputIsMultiplyThenAddWhenKeptAndTheConstantWhenDropped(String name, DropoutMode mode, double p,
                                                                      AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, p, kernel);
        AlphaDropoutCoefficients k = op.coefficients();
        int fmaWouldDiffer = 0;
        int kept = 0;
        for (long seed = 0; seed < 8; seed++) {
            float[] x = KernelTestSupport.randomFloats(new Random(seed), LENGTH, false);
            x[0] = -0f;
            x[1] = 0f;
            x[2] = -1e-42f; // subnormal
            float[] y = op.apply(x, seed);
            boolean[] mask = op.keepMask(LENGTH, seed);
            assertArrayEquals(AlphaDropoutOp.keepMask(p, mask.length, seed), mask, "op mask = static mask");
            for (int i = 0; i < LENGTH; i++) {
                boolean keep = mask[decisionOf(mode, i)];
                float expected = keep ? (x[i] * k.scaleF()) + k.keptShiftF() : k.droppedValueF();
                int index = i;
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[i]),
                        () -> (keep ? "kept" : "dropped") + " element " + index + " of x=" + x[index] + ": expected "
                                + KernelTestSupport.hex(expected) + " but got " + KernelTestSupport.hex(y[index]));
                if (keep) {
                    kept++;
                    if (Math.fma(x[i], k.scaleF(), k.keptShiftF()) != expected) {
                        fmaWouldDiffer++;
                    }
                }
            }
        }
        assertTrue(kept > 0, "some elements kept");
        // The test can tell an FMA apart: on this many kept elements, a fused multiply-add differs somewhere.
        assertTrue(fmaWouldDiffer > 0, "inputs too few to detect a fused multiply-add");
    }

    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("cases")
    void doubleOutputIsMultiplyThenAddWhenKeptAndTheConstantWhenDropped(String name, DropoutMode mode, double p,
                                                                       AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, p, kernel);
        AlphaDropoutCoefficients k = op.coefficients();
        for (long seed = 0; seed < 8; seed++) {
            double[] x = KernelTestSupport.randomDoubles(new Random(seed), LENGTH, false);
            x[0] = -0d;
            double[] y = op.apply(x, seed);
            boolean[] mask = op.keepMask(LENGTH, seed);
            for (int i = 0; i < LENGTH; i++) {
                boolean keep = mask[decisionOf(mode, i)];
                double expected = keep ? (x[i] * k.scale()) + k.keptShift() : k.droppedValue();
                int index = i;
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(y[i]),
                        () -> (keep ? "kept" : "dropped") + " element " + index + ": expected "
                                + KernelTestSupport.hex(expected) + " but got " + KernelTestSupport.hex(y[index]));
            }
        }
    }

    /** Reads the mask back from the output alone and compares it with both keepMask functions. */
    @ParameterizedTest(name = "{0} {1} p={2}")
    @MethodSource("cases")
    void maskReadFromTheOutputEqualsKeepMask(String name, DropoutMode mode, double p, AlphaDropoutKernel kernel) {
        AlphaDropoutOp op = op(mode, p, kernel);
        AlphaDropoutCoefficients k = op.coefficients();
        int decisions = op.decisions(LENGTH);
        for (long seed = 100; seed < 104; seed++) {
            float[] x = new float[LENGTH];
            for (int i = 0; i < LENGTH; i++) {
                x[i] = 1f + i * 0.001f; // kept values are then never the dropped constant
            }
            float[] y = op.apply(x, seed);
            boolean[] seen = new boolean[decisions];
            boolean[] seenSet = new boolean[decisions];
            for (int i = 0; i < LENGTH; i++) {
                boolean dropped = Float.floatToRawIntBits(y[i]) == Float.floatToRawIntBits(k.droppedValueF());
                int d = decisionOf(mode, i);
                if (seenSet[d]) {
                    assertEquals(seen[d], !dropped, "every element of channel " + d + " follows one decision");
                }
                seen[d] = !dropped;
                seenSet[d] = true;
            }
            assertArrayEquals(seen, op.keepMask(LENGTH, seed));
            assertArrayEquals(seen, AlphaDropoutOp.keepMask(p, decisions, seed));
            for (int d = 0; d < decisions; d++) {
                assertEquals(seen[d], CounterRandom.keeps(seed, d, k.keepThreshold()), "decision " + d);
            }
        }
    }
}
