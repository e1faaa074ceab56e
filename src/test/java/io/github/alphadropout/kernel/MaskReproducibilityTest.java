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

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decision j of a row depends only on (rowSeed, j): not on the kernel, the element type,
 * the position of the row in a buffer, the other rows processed with it, or the length of the row; and the
 * public static keepMask reproduces any row's mask outside Spark.
 */
class MaskReproducibilityTest {

    private static final double P = 0.5;

    /** The keep decisions an output shows, where x is chosen so kept values never equal the dropped value. */
    private static boolean[] maskOf(float[] y, int from, int length, int decisions, float dropped) {
        boolean[] mask = new boolean[decisions];
        int span = length / decisions;
        for (int d = 0; d < decisions; d++) {
            mask[d] = y[from + d * span] != dropped;
        }
        return mask;
    }

    private static boolean[] maskOf(double[] y, int from, int length, int decisions, double dropped) {
        boolean[] mask = new boolean[decisions];
        int span = length / decisions;
        for (int d = 0; d < decisions; d++) {
            mask[d] = y[from + d * span] != dropped;
        }
        return mask;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FEATURE", "ELEMENT"})
    void sameMaskOnEveryKernelElementTypeAndPosition(DropoutMode mode) {
        int channels = 24;
        int length = channels * 19;
        List<AlphaDropoutKernel> kernels = KernelTestSupport.availableKernels();
        for (long row = 0; row < 50; row++) {
            long rowSeed = RowSeeds.rowSeed(5L, "x", 3, row);
            AlphaDropoutOp base = mode == DropoutMode.FEATURE ? AlphaDropoutOp.feature(P, channels)
                    : AlphaDropoutOp.element(P);
            int decisions = base.decisions(length);
            boolean[] expected = AlphaDropoutOp.keepMask(P, decisions, rowSeed);
            for (AlphaDropoutKernel kernel : kernels) {
                AlphaDropoutOp op = base.withKernel(kernel);
                for (int offset : new int[] {0, 1, 7, 16}) {
                    float[] x = new float[offset + length];
                    Arrays.fill(x, 2f);
                    float[] y = new float[offset + length];
                    op.apply(x, offset, y, offset, length, rowSeed);
                    assertArrayEquals(expected, maskOf(y, offset, length, decisions,
                            op.coefficients().droppedValueF()), kernel.name() + " float @" + offset);
                    double[] xd = new double[offset + length];
                    Arrays.fill(xd, 2d);
                    double[] yd = new double[offset + length];
                    op.apply(xd, offset, yd, offset, length, rowSeed);
                    assertArrayEquals(expected, maskOf(yd, offset, length, decisions,
                            op.coefficients().droppedValue()), kernel.name() + " double @" + offset);
                }
            }
        }
    }

    @Test
    void rowAloneOrInsideABatchGivesTheSameOutput() {
        int length = 4 * 33;
        int rows = 9;
        AlphaDropoutOp op = AlphaDropoutOp.feature(0.4, SampleShape.of(4, 3, 11));
        float[] batch = KernelTestSupport.randomFloats(new java.util.Random(8), rows * length, false);
        float[] batchOut = new float[batch.length];
        for (int r = 0; r < rows; r++) {
            op.apply(batch, r * length, batchOut, r * length, length, RowSeeds.rowSeed(1L, "x", 0, r));
        }
        // the same rows alone, in reverse order
        for (int r = rows - 1; r >= 0; r--) {
            float[] alone = Arrays.copyOfRange(batch, r * length, (r + 1) * length);
            float[] out = op.apply(alone, RowSeeds.rowSeed(1L, "x", 0, r));
            KernelTestSupport.assertBitsEqual(Arrays.copyOfRange(batchOut, r * length, (r + 1) * length), out);
        }
    }

    @Test
    void elementDecisionsDoNotDependOnTheRowLength() {
        long rowSeed = RowSeeds.rowSeed(2L, "x", 0, 0);
        AlphaDropoutOp op = AlphaDropoutOp.element(0.3);
        float[] longRow = KernelTestSupport.randomFloats(new java.util.Random(2), 4097, false);
        float[] longOut = op.apply(longRow, rowSeed);
        for (int length : new int[] {1, 7, 8, 9, 63, 64, 65, 1000, 4096}) {
            float[] prefix = op.apply(Arrays.copyOf(longRow, length), rowSeed);
            KernelTestSupport.assertBitsEqual(Arrays.copyOf(longOut, length), prefix);
        }
    }

    @Test
    void featureDecisionsDoNotDependOnTheSpatialSize() {
        long rowSeed = RowSeeds.rowSeed(3L, "x", 0, 0);
        AlphaDropoutOp op = AlphaDropoutOp.feature(0.5, 16);
        boolean[] small = op.keepMask(16, rowSeed);
        boolean[] large = op.keepMask(16 * 1000, rowSeed);
        assertArrayEquals(small, large);
        float[] x = new float[16 * 1000];
        Arrays.fill(x, 1f);
        float[] y = op.apply(x, rowSeed);
        assertArrayEquals(small, maskOf(y, 0, x.length, 16, op.coefficients().droppedValueF()));
        // and channel c of a 16-channel row is channel c of a 32-channel row with the same seed
        boolean[] wider = AlphaDropoutOp.feature(0.5, 32).keepMask(32, rowSeed);
        assertArrayEquals(small, Arrays.copyOf(wider, 16));
    }

    @Test
    void keepMaskIsReproducibleAndPure() {
        long rowSeed = RowSeeds.rowSeed(123L, "x" + 1, 4, 56);
        boolean[] first = AlphaDropoutOp.keepMask(0.25, 1000, rowSeed);
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(first, AlphaDropoutOp.keepMask(0.25, 1000, rowSeed));
        }
        long threshold = CounterRandom.keepThreshold(0.25);
        for (int j = 0; j < first.length; j++) {
            assertEquals(CounterRandom.keeps(rowSeed, j, threshold), first[j]);
        }
    }
}
