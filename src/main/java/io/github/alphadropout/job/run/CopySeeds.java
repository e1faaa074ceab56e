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

package io.github.alphadropout.job.run;

import io.github.alphadropout.kernel.CounterRandom;

/**
 * How {@code augment --copies K} seeds its copies. Copy {@code k} of every row is the Transformer's output with
 * the seed {@link #seed(long, int) seed(S, k)}:
 *
 * <pre>
 *   seed(S, 0) = S                                   so --copies 1 is exactly the Transformer with --seed S
 *   seed(S, k) = mix64(S + GOLDEN * k)    (k &gt;= 1)   SplitMix64's k-th output for the state S
 * </pre>
 *
 * {@code mix64} and {@code GOLDEN} are {@link CounterRandom#mix64} and {@link CounterRandom#GOLDEN}. The copies'
 * seeds are distinct for any S (mix64 is a bijection, and the chance that one of them equals S is 2^-64 per copy),
 * so copies get independent masks; the Transformer then derives each row's seed from the copy's seed as usual.
 */
public final class CopySeeds {

    /** The name of the int column that says which copy a row is, 0 to K-1. */
    public static final String COPY_COLUMN = "copy";

    private CopySeeds() {
    }

    /** The base seed of copy {@code k} (0-based) for the job seed {@code seed}. */
    public static long seed(long seed, int k) {
        if (k < 0) {
            throw new IllegalArgumentException("copy index must be >= 0, but got " + k);
        }
        return k == 0 ? seed : CounterRandom.mix64(seed + CounterRandom.GOLDEN * k);
    }
}
