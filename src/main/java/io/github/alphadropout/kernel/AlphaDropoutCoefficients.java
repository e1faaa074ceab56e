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
 * The constants of alpha dropout for one drop probability {@code p}, computed exactly as PyTorch's
 * {@code _dropout_impl} does ({@code aten/src/ATen/native/Dropout.cpp}): in double, then rounded once to float
 * for float32 tensors.
 *
 * <pre>
 *   a        = 1 / sqrt((ALPHA*ALPHA*p + 1) * (1 - p))
 *   kept:      y = x * a + ALPHA*a*p
 *   dropped:   y = x * 0 + (-ALPHA*a + ALPHA*a*p)     (NaN when x is not finite)
 * </pre>
 *
 * Every operation is rounded on its own (PyTorch multiplies, then adds; no fused multiply-add).
 */
public final class AlphaDropoutCoefficients {

    /** SELU scale times SELU alpha, exactly as PyTorch writes it. */
    public static final double ALPHA = 1.7580993408473766;

    private final double p;
    private final double scale;
    private final double alphaScale;
    private final double keptShift;
    private final double droppedValue;
    private final float scaleF;
    private final float keptShiftF;
    private final float droppedValueF;
    private final long keepThreshold;

    private AlphaDropoutCoefficients(double p) {
        this.p = p;
        this.scale = 1.0 / Math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p));
        this.alphaScale = ALPHA * scale;
        this.keptShift = ALPHA * scale * p;
        this.droppedValue = -alphaScale + keptShift;
        this.scaleF = (float) scale;
        this.keptShiftF = (float) keptShift;
        // PyTorch builds b = (noise - 1) * (float) (ALPHA*a) + (float) (ALPHA*a*p) in float.
        this.droppedValueF = -(float) alphaScale + keptShiftF;
        this.keepThreshold = CounterRandom.keepThreshold(p);
    }

    /**
     * @throws IllegalArgumentException with PyTorch's wording when {@code p} is NaN or outside [0, 1]
     */
    public static AlphaDropoutCoefficients of(double p) {
        checkProbability(p);
        return new AlphaDropoutCoefficients(p);
    }

    /** Rejects a NaN or out-of-range drop probability with PyTorch's own message. */
    public static double checkProbability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("dropout probability has to be between 0 and 1, but got " + p);
        }
        return p;
    }

    /** The drop probability. */
    public double p() { return p; }

    /** {@code a}, the multiplier of kept elements (double inputs). */
    public double scale() { return scale; }

    /** {@code ALPHA*a*p}, added to kept elements (double inputs). */
    public double keptShift() { return keptShift; }

    /** {@code -ALPHA*a + ALPHA*a*p}, the value of dropped elements (double inputs). */
    public double droppedValue() { return droppedValue; }

    /** {@code (float) a} (float32 inputs). */
    public float scaleF() { return scaleF; }

    /** {@code (float) (ALPHA*a*p)} (float32 inputs). */
    public float keptShiftF() { return keptShiftF; }

    /** {@code -(float) (ALPHA*a) + (float) (ALPHA*a*p)}, rounded in float (float32 inputs). */
    public float droppedValueF() { return droppedValueF; }

    /** A decision is "keep" when {@code draw >>> 11 < keepThreshold}; see {@link CounterRandom}. */
    public long keepThreshold() { return keepThreshold; }

    @Override
    public String toString() {
        return "AlphaDropoutCoefficients[p=" + p + ", a=" + scale + ", keptShift=" + keptShift
                + ", dropped=" + droppedValue + "]";
    }
}
