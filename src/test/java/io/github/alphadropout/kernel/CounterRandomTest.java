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

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CounterRandom} is what its javadoc says: the j-th output of SplitMix64 seeded with the row seed (checked
 * against the JDK's own SplitMix64, {@link SplittableRandom}), 53-bit uniforms, and an integer keep test that is
 * exactly PyTorch's {@code u < 1 - p}.
 */
class CounterRandomTest {

    @ParameterizedTest(name = "row seed {0}")
    @ValueSource(longs = {0L, 1L, -1L, 1234567L, Long.MIN_VALUE, Long.MAX_VALUE, 0x9E3779B97F4A7C15L})
    void drawIsTheJthOutputOfSplitMix64SeededWithTheRowSeed(long rowSeed) {
        // new SplittableRandom(seed) uses the golden gamma and Stafford's Mix13, exactly SplitMix64.
        SplittableRandom reference = new SplittableRandom(rowSeed);
        for (int j = 0; j < 1000; j++) {
            assertEquals(reference.nextLong(), CounterRandom.draw(rowSeed, j), "draw " + j);
        }
        SplittableRandom doubles = new SplittableRandom(rowSeed);
        for (int j = 0; j < 1000; j++) {
            assertEquals(doubles.nextDouble(), CounterRandom.uniform(rowSeed, j), 0.0, "uniform " + j);
        }
    }

    @Test
    void splitMix64ReferenceOutputs() {
        // The published SplitMix64 outputs for seed 1234567 (Vigna's splitmix64.c, also used by Rust's rand_xoshiro).
        String[] unsigned = {"6457827717110365317", "3203168211198807973", "9817491932198370423",
            "4593380528125082431", "16408922859458223821"};
        long[] expected = new long[unsigned.length];
        for (int j = 0; j < unsigned.length; j++) {
            expected[j] = Long.parseUnsignedLong(unsigned[j]);
        }
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], CounterRandom.draw(1234567L, j), "output " + j);
        }
        assertEquals(0L, CounterRandom.mix64(0L));
        assertEquals(0x9E3779B97F4A7C15L, CounterRandom.GOLDEN);
    }

    @Test
    void uniformHas53BitsInZeroOne() {
        for (long j = 0; j < 100_000; j++) {
            double u = CounterRandom.uniform(99L, j);
            assertTrue(u >= 0 && u < 1, "u=" + u);
            assertEquals(0.0, (u * 0x1.0p53) % 1.0, 0.0, "u is a multiple of 2^-53");
        }
    }

    /** The integer test {@code (draw >>> 11) < ceil((1-p) * 2^53)} against the double test {@code u < 1 - p}. */
    @ParameterizedTest(name = "p={0}")
    @ValueSource(doubles = {0.0, Double.MIN_VALUE, 1e-300, 1e-17, 1e-16, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9,
        0.9999999999999999, 1.0})
    void integerKeepTestIsExactlyUBelowOneMinusP(double p) {
        long threshold = CounterRandom.keepThreshold(p);
        double keepProbability = 1.0 - p;
        // every integer m near the threshold, where a rounding slip would show
        for (long m = Math.max(0, threshold - 3); m <= Math.min((1L << 53) - 1, threshold + 3); m++) {
            boolean byDouble = m * 0x1.0p-53 < keepProbability;
            assertEquals(byDouble, m < threshold, "m=" + m + " threshold=" + threshold);
        }
        // and on real draws
        for (long j = 0; j < 20_000; j++) {
            long draw = CounterRandom.draw(7L, j);
            assertEquals(CounterRandom.uniform(7L, j) < keepProbability, CounterRandom.keeps(7L, j, threshold));
            assertEquals((draw >>> 11) < threshold, CounterRandom.keeps(7L, j, threshold));
        }
    }

    @Test
    void extremesKeepAllOrNothing() {
        long all = CounterRandom.keepThreshold(0.0);
        long none = CounterRandom.keepThreshold(1.0);
        assertEquals(1L << 53, all);
        assertEquals(0L, none);
        for (long j = 0; j < 10_000; j++) {
            assertTrue(CounterRandom.keeps(3L, j, all));
            assertFalse(CounterRandom.keeps(3L, j, none));
        }
        // the largest 53-bit draw is still kept at p=0, as PyTorch keeps u < 1
        assertTrue((((1L << 53) - 1) * 0x1.0p-53) < 1.0);
    }
}
