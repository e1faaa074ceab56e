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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The randomness quality bar: drop fraction within 4 sigma of p over 10^7 draws; no dependence between
 * neighbouring channels, rows, partitions, columns, seeds or seed-column keys (2x2 chi-square, df=1); uniform
 * over 16 bins (df=15); different rows, partitions, columns and seeds get different masks. All inputs are fixed,
 * so each statistic is the same on every run.
 */
class RandomnessQualityTest {

    /** chi-square critical values at alpha = 0.001. */
    private static final double CHI2_DF1_CRITICAL = 10.828;
    private static final double CHI2_DF15_CRITICAL = 37.697;
    private static final long SEED = 0xA1FA_D50FL;

    private static long rowSeed(long row) {
        return RowSeeds.rowSeed(SEED, "x", 0, row);
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(doubles = {0.1, 0.5, 0.8, 0.37})
    void dropFractionWithinFourSigmaOverTenMillionDraws(double p) {
        long threshold = CounterRandom.keepThreshold(p);
        int rows = 10_000;
        int perRow = 1_000;
        long drops = 0;
        for (long row = 0; row < rows; row++) {
            long rowSeed = rowSeed(row);
            for (int j = 0; j < perRow; j++) {
                if (!CounterRandom.keeps(rowSeed, j, threshold)) {
                    drops++;
                }
            }
        }
        assertWithinFourSigma(drops, (long) rows * perRow, p);
    }

    /** The same through the kernel JVM actually uses, counting dropped values in its output. */
    @Test
    void dropFractionOfTheDefaultKernelsOutputWithinFourSigma() {
        double p = 0.3;
        AlphaDropoutOp op = AlphaDropoutOp.element(p);
        float dropped = op.coefficients().droppedValueF();
        float[] x = new float[100_000];
        Arrays.fill(x, 1f);
        float[] y = new float[x.length];
        long drops = 0;
        int rows = 100;
        for (long row = 0; row < rows; row++) {
            op.apply(x, 0, y, 0, x.length, rowSeed(row));
            for (float v : y) {
                drops += v == dropped ? 1 : 0;
            }
        }
        assertWithinFourSigma(drops, (long) rows * x.length, p);
    }

    private static void assertWithinFourSigma(long drops, long n, double p) {
        double sigma = Math.sqrt(n * p * (1 - p));
        double deviation = Math.abs(drops - n * p);
        assertTrue(deviation < 4 * sigma, drops + " drops of " + n + " at p=" + p + ": " + deviation / sigma
                + " sigma from the expected " + n * p);
    }

    /** Which two decisions form a pair. */
    enum Neighbours {
        CHANNELS_IN_A_ROW,
        SAME_CHANNEL_IN_NEIGHBOURING_ROWS,
        SAME_CHANNEL_IN_NEIGHBOURING_PARTITIONS,
        SAME_CHANNEL_IN_NEIGHBOURING_COLUMNS,
        SAME_CHANNEL_WITH_NEIGHBOURING_SEEDS,
        SAME_CHANNEL_WITH_NEIGHBOURING_SEED_COLUMN_KEYS,
        SAME_POSITION_IN_NEIGHBOURING_MICRO_BATCHES,
        SAME_POSITION_IN_A_BATCH_QUERY_AND_MICRO_BATCH_0;

        /** The row seeds of pair {@code i}'s two decisions and the decision indices, into {@code out}. */
        void pair(int i, long[] out) {
            int group = i / 64; // 64 pairs per group of rows
            int k = i % 64;
            switch (this) {
                case CHANNELS_IN_A_ROW -> set(out, rowSeed(group), 2L * k, rowSeed(group), 2L * k + 1);
                case SAME_CHANNEL_IN_NEIGHBOURING_ROWS ->
                        set(out, rowSeed(2L * group), k, rowSeed(2L * group + 1), k);
                case SAME_CHANNEL_IN_NEIGHBOURING_PARTITIONS ->
                        set(out, RowSeeds.rowSeed(SEED, "x", 2 * (group % 512), group / 512), k,
                                RowSeeds.rowSeed(SEED, "x", 2 * (group % 512) + 1, group / 512), k);
                case SAME_CHANNEL_IN_NEIGHBOURING_COLUMNS ->
                        set(out, RowSeeds.rowSeed(SEED, "x" + (2 * (group % 4)), 0, group / 4), k,
                                RowSeeds.rowSeed(SEED, "x" + (2 * (group % 4) + 1), 0, group / 4), k);
                case SAME_CHANNEL_WITH_NEIGHBOURING_SEEDS ->
                        set(out, RowSeeds.rowSeed(2L * (group % 64), "x", 0, group / 64), k,
                                RowSeeds.rowSeed(2L * (group % 64) + 1, "x", 0, group / 64), k);
                case SAME_CHANNEL_WITH_NEIGHBOURING_SEED_COLUMN_KEYS ->
                        set(out, RowSeeds.rowSeedForKey(SEED, "x", 2L * group), k,
                                RowSeeds.rowSeedForKey(SEED, "x", 2L * group + 1), k);
                case SAME_POSITION_IN_NEIGHBOURING_MICRO_BATCHES ->
                        set(out, RowSeeds.rowSeedInMicroBatch(SEED, "x", 2L * (group % 256), 0, group / 256), k,
                                RowSeeds.rowSeedInMicroBatch(SEED, "x", 2L * (group % 256) + 1, 0, group / 256), k);
                case SAME_POSITION_IN_A_BATCH_QUERY_AND_MICRO_BATCH_0 ->
                        set(out, rowSeed(group), k, RowSeeds.rowSeedInMicroBatch(SEED, "x", 0, 0, group), k);
                default -> throw new AssertionError(this);
            }
        }

        private static void set(long[] out, long seedA, long jA, long seedB, long jB) {
            out[0] = seedA;
            out[1] = jA;
            out[2] = seedB;
            out[3] = jB;
        }
    }

    static Stream<Arguments> neighboursAndProbabilities() {
        List<Arguments> out = new ArrayList<>();
        for (Neighbours n : Neighbours.values()) {
            for (double p : new double[] {0.5, 0.2, 0.9}) {
                out.add(Arguments.of(n, p));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} p={1}")
    @MethodSource("neighboursAndProbabilities")
    void neighbouringDecisionsAreIndependent(Neighbours neighbours, double p) {
        long threshold = CounterRandom.keepThreshold(p);
        int pairs = 200_000;
        long[][] table = new long[2][2];
        long[] pair = new long[4];
        for (int i = 0; i < pairs; i++) {
            neighbours.pair(i, pair);
            int a = CounterRandom.keeps(pair[0], pair[1], threshold) ? 1 : 0;
            int b = CounterRandom.keeps(pair[2], pair[3], threshold) ? 1 : 0;
            table[a][b]++;
        }
        double chi2 = chiSquare2x2(table);
        assertTrue(chi2 < CHI2_DF1_CRITICAL, neighbours + " at p=" + p + ": chi-square " + chi2
                + " >= " + CHI2_DF1_CRITICAL + " (df=1, alpha=0.001), table " + Arrays.deepToString(table));
    }

    /** The test can fail: a pair that is dependent by construction is caught. */
    @Test
    void chiSquareCatchesADependentPair() {
        long threshold = CounterRandom.keepThreshold(0.5);
        long[][] table = new long[2][2];
        for (int i = 0; i < 200_000; i++) {
            long seed = rowSeed(i);
            int a = CounterRandom.keeps(seed, 0, threshold) ? 1 : 0;
            // b copies a one time in fifty, otherwise independent
            int b = i % 50 == 0 ? a : CounterRandom.keeps(seed, 1, threshold) ? 1 : 0;
            table[a][b]++;
        }
        assertTrue(chiSquare2x2(table) > CHI2_DF1_CRITICAL, "chi-square " + chiSquare2x2(table));
    }

    static double chiSquare2x2(long[][] t) {
        double a = t[0][0];
        double b = t[0][1];
        double c = t[1][0];
        double d = t[1][1];
        double n = a + b + c + d;
        double det = a * d - b * c;
        return n * det * det / ((a + b) * (c + d) * (a + c) * (b + d));
    }

    /** Where 1.6 million uniforms come from. */
    enum UniformStream {
        WITHIN_ONE_ROW_SEQUENCE,
        FIRST_DRAW_OF_CONSECUTIVE_ROWS,
        FIRST_DRAW_OF_CONSECUTIVE_PARTITIONS,
        FIRST_DRAW_OF_CONSECUTIVE_KEYS
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(UniformStream.class)
    void uniformIsUniformOverSixteenBins(UniformStream stream) {
        int n = 1_600_000;
        long[] topBins = new long[16];
        long[] lowBins = new long[16];
        for (int i = 0; i < n; i++) {
            long rowSeed;
            long j;
            switch (stream) {
                case WITHIN_ONE_ROW_SEQUENCE -> {
                    rowSeed = rowSeed(i / 10_000);
                    j = i % 10_000;
                }
                case FIRST_DRAW_OF_CONSECUTIVE_ROWS -> {
                    rowSeed = rowSeed(i);
                    j = 0;
                }
                case FIRST_DRAW_OF_CONSECUTIVE_PARTITIONS -> {
                    rowSeed = RowSeeds.rowSeed(SEED, "x", i, 0);
                    j = 0;
                }
                case FIRST_DRAW_OF_CONSECUTIVE_KEYS -> {
                    rowSeed = RowSeeds.rowSeedForKey(SEED, "x", i);
                    j = 0;
                }
                default -> throw new AssertionError(stream);
            }
            double u = CounterRandom.uniform(rowSeed, j);
            topBins[(int) (u * 16)]++;
            lowBins[(int) ((long) (u * 0x1.0p53) & 15)]++; // the lowest 4 of the 53 bits
        }
        assertTrue(chiSquareUniform(topBins, n) < CHI2_DF15_CRITICAL,
                stream + " top bins " + Arrays.toString(topBins) + " chi-square " + chiSquareUniform(topBins, n));
        assertTrue(chiSquareUniform(lowBins, n) < CHI2_DF15_CRITICAL,
                stream + " low bins " + Arrays.toString(lowBins) + " chi-square " + chiSquareUniform(lowBins, n));
    }

    @Test
    void uniformityTestCanFail() {
        // a slightly non-uniform source: one draw in 200 is pushed into the first bin
        int n = 1_600_000;
        long[] bins = new long[16];
        for (int i = 0; i < n; i++) {
            double u = i % 200 == 0 ? 0.01 : CounterRandom.uniform(SEED, i);
            bins[(int) (u * 16)]++;
        }
        assertTrue(chiSquareUniform(bins, n) > CHI2_DF15_CRITICAL);
    }

    static double chiSquareUniform(long[] bins, long n) {
        double expected = (double) n / bins.length;
        double chi2 = 0;
        for (long observed : bins) {
            chi2 += (observed - expected) * (observed - expected) / expected;
        }
        return chi2;
    }

    @Test
    void masksDifferAcrossRowsPartitionsColumnsSeedsAndKeys() {
        int decisions = 128;
        Set<String> masks = new HashSet<>();
        int count = 0;
        for (long seed = 0; seed < 3; seed++) {
            for (int column = 0; column < 3; column++) {
                for (int partition = 0; partition < 8; partition++) {
                    for (long row = 0; row < 32; row++) {
                        masks.add(Arrays.toString(AlphaDropoutOp.keepMask(0.5, decisions,
                                RowSeeds.rowSeed(seed, "x" + column, partition, row))));
                        count++;
                    }
                }
                for (long key = 0; key < 32; key++) {
                    masks.add(Arrays.toString(AlphaDropoutOp.keepMask(0.5, decisions,
                            RowSeeds.rowSeedForKey(seed, "x" + column, key))));
                    count++;
                }
            }
        }
        assertEquals(count, masks.size(), "every (seed, column, partition, row) and key gets its own mask");
    }

    @Test
    void neighbouringRowsDoNotShareShiftedMasks() {
        // SplitMix64 streams overlap when two seeds differ by a multiple of GOLDEN: check the row seeds of
        // neighbouring rows, partitions, columns and micro-batches are not a short stride apart.
        for (long row = 0; row < 10_000; row++) {
            long[] seeds = {rowSeed(row), rowSeed(row + 1), RowSeeds.rowSeed(SEED, "x", 1, row),
                RowSeeds.rowSeed(SEED, "x" + 1, 0, row), RowSeeds.rowSeedInMicroBatch(SEED, "x", 0, 0, row),
                RowSeeds.rowSeedInMicroBatch(SEED, "x", 1, 0, row)};
            for (int i = 1; i < seeds.length; i++) {
                for (int k = 0; k < i; k++) {
                    long stride = (seeds[i] - seeds[k]) * 0xF1DE83E19937733DL; // times GOLDEN's inverse mod 2^64
                    assertFalse(Math.abs(stride) < (1L << 32), "row " + row + " seed " + i + " is " + stride
                            + " draws away from seed " + k);
                }
            }
        }
        assertEquals(1L, 0x9E3779B97F4A7C15L * 0xF1DE83E19937733DL, "inverse of GOLDEN");
    }
}
