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

import java.util.Arrays;
import java.util.Objects;

/**
 * Alpha dropout of one sample at a time, with PyTorch's semantics: validation and edge cases here, the
 * arithmetic in an {@link AlphaDropoutKernel}. Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@code p == 0}, not training, or an empty sample: output equals input.</li>
 *   <li>{@code p == 1}: output is {@code x * 0} (signed zeros, NaN for non-finite x), as PyTorch does.</li>
 *   <li>otherwise: kept {@code x * a + ALPHA*a*p}, dropped {@code x * 0 + (-ALPHA*a + ALPHA*a*p)}.</li>
 * </ul>
 *
 * <p>Feature mode decides once per channel of a {@code (C, *spatial)} sample laid out channel-first; element
 * mode once per element. Decision {@code j} of a row depends only on {@code (rowSeed, j)}: see
 * {@link CounterRandom} and {@link RowSeeds}.
 */
public final class AlphaDropoutOp {

    private final DropoutMode mode;
    private final SampleShape shape;
    private final AlphaDropoutCoefficients coefficients;
    private final boolean training;
    private final AlphaDropoutKernel kernel;

    private AlphaDropoutOp(DropoutMode mode, SampleShape shape, AlphaDropoutCoefficients coefficients,
                           boolean training, AlphaDropoutKernel kernel) {
        this.mode = mode;
        this.shape = shape;
        this.coefficients = coefficients;
        this.training = training;
        this.kernel = kernel;
    }

    /** Feature alpha dropout of samples of the given {@code (C, *spatial)} shape. */
    public static AlphaDropoutOp feature(double p, SampleShape shape) {
        return new AlphaDropoutOp(DropoutMode.FEATURE, Objects.requireNonNull(shape, "shape"),
                AlphaDropoutCoefficients.of(p), true, AlphaDropoutKernels.get());
    }

    /** Feature alpha dropout of samples with {@code channels} channels and any spatial size. */
    public static AlphaDropoutOp feature(double p, int channels) {
        return feature(p, SampleShape.of(channels, -1));
    }

    /** Element-wise alpha dropout. */
    public static AlphaDropoutOp element(double p) {
        return new AlphaDropoutOp(DropoutMode.ELEMENT, null, AlphaDropoutCoefficients.of(p), true,
                AlphaDropoutKernels.get());
    }

    /** A copy that is the identity when {@code training} is false (PyTorch's {@code eval()}). */
    public AlphaDropoutOp withTraining(boolean training) {
        return new AlphaDropoutOp(mode, shape, coefficients, training, kernel);
    }

    /** A copy that runs on the given kernel (tests and benchmarks compare implementations this way). */
    public AlphaDropoutOp withKernel(AlphaDropoutKernel kernel) {
        return new AlphaDropoutOp(mode, shape, coefficients, training, Objects.requireNonNull(kernel, "kernel"));
    }

    public DropoutMode mode() { return mode; }

    public double p() { return coefficients.p(); }

    public boolean training() { return training; }

    public AlphaDropoutCoefficients coefficients() { return coefficients; }

    public AlphaDropoutKernel kernel() { return kernel; }

    /** The sample shape in feature mode; null in element mode. */
    public SampleShape shape() { return shape; }

    /** Whether a sample of {@code length} elements is valid input: always in element mode. */
    public boolean accepts(int length) {
        return mode == DropoutMode.ELEMENT || length == 0 || shape.fits(length);
    }

    /** How many keep/drop decisions a sample of {@code length} elements takes: channels, or elements. */
    public int decisions(int length) {
        if (mode == DropoutMode.ELEMENT || length == 0) {
            return length;
        }
        return shape.channels(length);
    }

    /**
     * Writes the dropout of {@code src[srcPos, srcPos + length)} to {@code dst[dstPos, dstPos + length)}.
     * {@code src} and {@code dst} may be the same array at the same position (in place).
     *
     * @throws IllegalArgumentException in feature mode, when {@code length} does not fit the shape
     */
    public void apply(float[] src, int srcPos, float[] dst, int dstPos, int length, long rowSeed) {
        Objects.checkFromIndexSize(srcPos, length, src.length);
        Objects.checkFromIndexSize(dstPos, length, dst.length);
        int channels = checkedDecisions(length);
        if (isIdentity(length)) {
            if (src != dst || srcPos != dstPos) {
                System.arraycopy(src, srcPos, dst, dstPos, length);
            }
        } else if (coefficients.p() == 1) {
            for (int i = 0; i < length; i++) {
                dst[dstPos + i] = src[srcPos + i] * 0f;
            }
        } else if (mode == DropoutMode.FEATURE) {
            kernel.feature(src, srcPos, dst, dstPos, length, channels, coefficients, rowSeed);
        } else {
            kernel.element(src, srcPos, dst, dstPos, length, coefficients, rowSeed);
        }
    }

    /** {@link #apply(float[], int, float[], int, int, long)} for doubles. */
    public void apply(double[] src, int srcPos, double[] dst, int dstPos, int length, long rowSeed) {
        Objects.checkFromIndexSize(srcPos, length, src.length);
        Objects.checkFromIndexSize(dstPos, length, dst.length);
        int channels = checkedDecisions(length);
        if (isIdentity(length)) {
            if (src != dst || srcPos != dstPos) {
                System.arraycopy(src, srcPos, dst, dstPos, length);
            }
        } else if (coefficients.p() == 1) {
            for (int i = 0; i < length; i++) {
                dst[dstPos + i] = src[srcPos + i] * 0d;
            }
        } else if (mode == DropoutMode.FEATURE) {
            kernel.feature(src, srcPos, dst, dstPos, length, channels, coefficients, rowSeed);
        } else {
            kernel.element(src, srcPos, dst, dstPos, length, coefficients, rowSeed);
        }
    }

    /** A new array holding the dropout of {@code sample}; the input is not modified. */
    public float[] apply(float[] sample, long rowSeed) {
        float[] out = new float[sample.length];
        apply(sample, 0, out, 0, sample.length, rowSeed);
        return out;
    }

    /** A new array holding the dropout of {@code sample}; the input is not modified. */
    public double[] apply(double[] sample, long rowSeed) {
        double[] out = new double[sample.length];
        apply(sample, 0, out, 0, sample.length, rowSeed);
        return out;
    }

    /**
     * The keep decisions this op takes for a sample of {@code length} elements: one per channel in feature
     * mode, one per element in element mode; {@code true} means kept.
     */
    public boolean[] keepMask(int length, long rowSeed) {
        int decisions = checkedDecisions(length);
        if (!training) {
            boolean[] all = new boolean[decisions];
            Arrays.fill(all, true);
            return all;
        }
        return keepMask(coefficients.p(), decisions, rowSeed);
    }

    /**
     * The mask of any row, outside Spark: {@code decisions} keep decisions (channels or elements) of the row
     * seeded with {@code rowSeed} (from {@link RowSeeds}) at drop probability {@code p}. At {@code p == 1}
     * nothing is kept (the output is {@code x * 0}); at {@code p == 0} everything is.
     */
    public static boolean[] keepMask(double p, int decisions, long rowSeed) {
        long threshold = AlphaDropoutCoefficients.of(p).keepThreshold();
        boolean[] mask = new boolean[decisions];
        for (int j = 0; j < decisions; j++) {
            mask[j] = p == 0 || CounterRandom.keeps(rowSeed, j, threshold);
        }
        return mask;
    }

    private boolean isIdentity(int length) {
        return length == 0 || !training || coefficients.p() == 0;
    }

    private int checkedDecisions(int length) {
        if (!accepts(length)) {
            throw new IllegalArgumentException("sample length does not fit the shape: " + shape.mismatch(length));
        }
        return decisions(length);
    }

    @Override
    public String toString() {
        return "AlphaDropoutOp[" + mode + (shape == null ? "" : " shape=" + shape) + ", p=" + p()
                + ", training=" + training + ", kernel=" + kernel.name() + "]";
    }
}
