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
 * The arithmetic of alpha dropout on one sample held in a slice of an array. Implementations differ only in
 * speed: every implementation gives bit-identical output for every input (see {@link AlphaDropoutKernels}).
 *
 * <p>These methods do the general case only ({@code 0 < p < 1}, training, {@code length > 0}) and trust their
 * arguments; {@link AlphaDropoutOp} validates and handles the edge cases. Output may be written over the input
 * ({@code src == dst && srcPos == dstPos}); other overlaps are not supported.
 */
public interface AlphaDropoutKernel {

    /** A short name for logs and benchmark tables, e.g. {@code "vector(512-bit)"}. */
    String name();

    /**
     * Feature alpha dropout: {@code length / channels} consecutive elements form a channel, and decision
     * {@code c} of {@code rowSeed} keeps or drops channel {@code c}.
     */
    void feature(float[] src, int srcPos, float[] dst, int dstPos, int length, int channels,
                 AlphaDropoutCoefficients k, long rowSeed);

    /** {@link #feature(float[], int, float[], int, int, int, AlphaDropoutCoefficients, long)} for doubles. */
    void feature(double[] src, int srcPos, double[] dst, int dstPos, int length, int channels,
                 AlphaDropoutCoefficients k, long rowSeed);

    /** Element alpha dropout: decision {@code j} of {@code rowSeed} keeps or drops element {@code j}. */
    void element(float[] src, int srcPos, float[] dst, int dstPos, int length,
                 AlphaDropoutCoefficients k, long rowSeed);

    /** {@link #element(float[], int, float[], int, int, AlphaDropoutCoefficients, long)} for doubles. */
    void element(double[] src, int srcPos, double[] dst, int dstPos, int length,
                 AlphaDropoutCoefficients k, long rowSeed);
}
