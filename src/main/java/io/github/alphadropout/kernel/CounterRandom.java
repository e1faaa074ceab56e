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

/**
 * Counter-based randomness: the decision for channel (or element) {@code j} of a row is a pure function of
 * {@code (rowSeed, j)}, so it never depends on threads, vector width, batch composition or code path.
 *
 * <pre>
 *   draw(rowSeed, j) = mix64(rowSeed + GOLDEN * (j + 1))        the j-th output of SplitMix64 seeded with rowSeed
 *   u                = (draw >>> 11) * 2^-53                     uniform in [0, 1), 53 bits like PyTorch's
 *   keep             = u &lt; 1 - p
 * </pre>
 *
 * The comparison is done on integers ({@code draw >>> 11 < ceil((1 - p) * 2^53)}), which is exactly equivalent
 * and lets the vector kernel decide without converting to double.
 */
public final class CounterRandom {

    /** 2^64 / golden ratio, SplitMix64's increment. */
    public static final long GOLDEN = 0x9E3779B97F4A7C15L;
    static final long MIX1 = 0xBF58476D1CE4E5B9L;
    static final long MIX2 = 0x94D049BB133111EBL;
    private static final double TWO_TO_53 = 0x1.0p53;

    private CounterRandom() {
    }

    /** SplitMix64's finaliser (Stafford's Mix13): a bijection of 64-bit values with full avalanche. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * MIX1;
        z = (z ^ (z >>> 27)) * MIX2;
        return z ^ (z >>> 31);
    }

    /** The 64 random bits for decision {@code j} of the row seeded with {@code rowSeed}. */
    public static long draw(long rowSeed, long j) {
        return mix64(rowSeed + GOLDEN * (j + 1));
    }

    /** The uniform number in [0, 1) behind decision {@code j}: 53 random bits, as PyTorch's bernoulli uses. */
    public static double uniform(long rowSeed, long j) {
        return (draw(rowSeed, j) >>> 11) * 0x1.0p-53;
    }

    /** {@code ceil((1 - p) * 2^53)}: {@code u < 1 - p} holds exactly when {@code draw >>> 11} is below it. */
    public static long keepThreshold(double p) {
        return (long) Math.ceil((1.0 - p) * TWO_TO_53);
    }

    /** Whether decision {@code j} of the row keeps its channel (or element). */
    public static boolean keeps(long rowSeed, long j, long keepThreshold) {
        return (draw(rowSeed, j) >>> 11) < keepThreshold;
    }
}
