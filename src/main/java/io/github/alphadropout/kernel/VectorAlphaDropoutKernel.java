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

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Java Vector API implementation. Only {@link AlphaDropoutKernels} loads this class, reflectively, and only
 * when {@code jdk.incubator.vector} is readable; touching it otherwise throws {@link NoClassDefFoundError}.
 *
 * <p>Bit-identical to {@link ScalarAlphaDropoutKernel}: the same counter-based draws (64-bit lanes), the same
 * integer keep test, and lanewise {@code mul} then {@code add} (never {@code fma}), each rounded on its own.
 * Element mode pairs the long species with a float/double species of the same lane count, and turns the keep
 * test into all-ones/all-zero lanes that select the (scale, shift) pair bitwise.
 *
 * <p>Two JDK 17 pitfalls shape this class (both found with the kernel benchmark):
 * <ul>
 *   <li>Each element type uses ONE species in both modes. C2 knows a vector's exact class only through the type
 *       profiles inside {@code FloatVector}'s own methods, which the whole JVM shares; had feature mode used
 *       512-bit floats and element mode 256-bit floats, those profiles turn bimorphic, the store intrinsic fails
 *       and every vector gets boxed (10-40x slower, with allocation).</li>
 *   <li>No {@code VectorMask.cast} between shapes (e.g. a 512-bit long mask to a 256-bit float mask): JDK 17 only
 *       intrinsifies mask casts of equal bit size, so the keep lanes are narrowed as a vector ({@code L2I}) and
 *       reinterpreted instead.</li>
 * </ul>
 */
final class VectorAlphaDropoutKernel implements AlphaDropoutKernel {

    private static final VectorSpecies<Long> LONGS = longSpecies();
    /** Half the long vector's bits: as many int lanes as LONGS has. */
    private static final VectorShape HALF = VectorShape.forBitSize(LONGS.vectorBitSize() / 2);
    private static final VectorSpecies<Integer> INTS = VectorSpecies.of(int.class, HALF);
    /** The one float species, in both modes: as many lanes as LONGS. */
    private static final VectorSpecies<Float> FLOATS = VectorSpecies.of(float.class, HALF);
    /** The one double species, in both modes: as many lanes as LONGS. */
    private static final VectorSpecies<Double> DOUBLES = VectorSpecies.of(double.class, LONGS.vectorShape());
    /** Lane i holds GOLDEN * i, so broadcast(rowSeed + GOLDEN * (j + 1)) + LANE_STEPS is the counter of j + i. */
    private static final long[] LANE_STEPS = new long[LONGS.length()];

    static {
        for (int i = 0; i < LANE_STEPS.length; i++) {
            LANE_STEPS[i] = CounterRandom.GOLDEN * i;
        }
    }

    VectorAlphaDropoutKernel() {
    }

    /**
     * The long species, which fixes every other: the CPU's preferred one, or the width that
     * {@value AlphaDropoutKernels#VECTOR_BIT_SIZE_PROPERTY} asks for (128, 256 or 512), so that tests can run
     * every width against the scalar kernel on one machine (narrower than the CPU's is intrinsified; wider runs
     * correctly in the API's Java fallback, only slowly).
     */
    private static VectorSpecies<Long> longSpecies() {
        String wanted = System.getProperty(AlphaDropoutKernels.VECTOR_BIT_SIZE_PROPERTY, "").trim();
        if (wanted.isEmpty()) {
            return LongVector.SPECIES_PREFERRED;
        }
        return switch (wanted) {
            case "128" -> LongVector.SPECIES_128;
            case "256" -> LongVector.SPECIES_256;
            case "512" -> LongVector.SPECIES_512;
            default -> throw new IllegalArgumentException(AlphaDropoutKernels.VECTOR_BIT_SIZE_PROPERTY
                    + " must be 128, 256 or 512, but got '" + wanted + "'");
        };
    }

    /** The vector size in bits in use; the provider only picks this kernel by itself when it is at least 256. */
    static int bitSize() {
        return LONGS.vectorBitSize();
    }

    /** Whether the width was chosen with {@value AlphaDropoutKernels#VECTOR_BIT_SIZE_PROPERTY}. */
    static boolean bitSizeRequested() {
        return !System.getProperty(AlphaDropoutKernels.VECTOR_BIT_SIZE_PROPERTY, "").isBlank();
    }

    @Override
    public String name() {
        return "vector(" + bitSize() + "-bit)";
    }

    @Override
    public void feature(float[] src, int srcPos, float[] dst, int dstPos, int length, int channels,
                        AlphaDropoutCoefficients k, long rowSeed) {
        int span = length / channels;
        int bound = FLOATS.loopBound(span);
        for (int c = 0; c < channels; c++) {
            boolean keep = CounterRandom.keeps(rowSeed, c, k.keepThreshold());
            float scale = keep ? k.scaleF() : 0f;
            float shift = keep ? k.keptShiftF() : k.droppedValueF();
            FloatVector scaleV = FloatVector.broadcast(FLOATS, scale);
            FloatVector shiftV = FloatVector.broadcast(FLOATS, shift);
            int s = srcPos + c * span;
            int d = dstPos + c * span;
            int i = 0;
            for (; i < bound; i += FLOATS.length()) {
                FloatVector.fromArray(FLOATS, src, s + i).mul(scaleV).add(shiftV).intoArray(dst, d + i);
            }
            for (; i < span; i++) {
                dst[d + i] = src[s + i] * scale + shift;
            }
        }
    }

    @Override
    public void feature(double[] src, int srcPos, double[] dst, int dstPos, int length, int channels,
                        AlphaDropoutCoefficients k, long rowSeed) {
        int span = length / channels;
        int bound = DOUBLES.loopBound(span);
        for (int c = 0; c < channels; c++) {
            boolean keep = CounterRandom.keeps(rowSeed, c, k.keepThreshold());
            double scale = keep ? k.scale() : 0d;
            double shift = keep ? k.keptShift() : k.droppedValue();
            DoubleVector scaleV = DoubleVector.broadcast(DOUBLES, scale);
            DoubleVector shiftV = DoubleVector.broadcast(DOUBLES, shift);
            int s = srcPos + c * span;
            int d = dstPos + c * span;
            int i = 0;
            for (; i < bound; i += DOUBLES.length()) {
                DoubleVector.fromArray(DOUBLES, src, s + i).mul(scaleV).add(shiftV).intoArray(dst, d + i);
            }
            for (; i < span; i++) {
                dst[d + i] = src[s + i] * scale + shift;
            }
        }
    }

    @Override
    public void element(float[] src, int srcPos, float[] dst, int dstPos, int length,
                        AlphaDropoutCoefficients k, long rowSeed) {
        IntVector keptScaleBits = IntVector.broadcast(INTS, Float.floatToRawIntBits(k.scaleF()));
        IntVector droppedBits = IntVector.broadcast(INTS, Float.floatToRawIntBits(k.droppedValueF()));
        IntVector shiftFlipBits = IntVector.broadcast(INTS,
                Float.floatToRawIntBits(k.keptShiftF()) ^ Float.floatToRawIntBits(k.droppedValueF()));
        LongVector threshold = LongVector.broadcast(LONGS, k.keepThreshold());
        LongVector step = LongVector.broadcast(LONGS, CounterRandom.GOLDEN * LONGS.length());
        LongVector counter = LongVector.fromArray(LONGS, LANE_STEPS, 0).add(rowSeed + CounterRandom.GOLDEN);
        int bound = FLOATS.loopBound(length);
        int j = 0;
        for (; j < bound; j += FLOATS.length()) {
            IntVector keep = (IntVector) keepLanes(counter, threshold).convertShape(VectorOperators.L2I, INTS, 0);
            // kept lanes: (a, ALPHA*a*p); dropped lanes: (+0f, dropped value), selected on the bits
            FloatVector scale = keep.and(keptScaleBits).reinterpretAsFloats();
            FloatVector shift = droppedBits.lanewise(VectorOperators.XOR, keep.and(shiftFlipBits)).reinterpretAsFloats();
            FloatVector.fromArray(FLOATS, src, srcPos + j).mul(scale).add(shift).intoArray(dst, dstPos + j);
            counter = counter.add(step);
        }
        ScalarAlphaDropoutKernel.elementRange(src, srcPos, dst, dstPos, j, length, k, rowSeed);
    }

    @Override
    public void element(double[] src, int srcPos, double[] dst, int dstPos, int length,
                        AlphaDropoutCoefficients k, long rowSeed) {
        LongVector keptScaleBits = LongVector.broadcast(LONGS, Double.doubleToRawLongBits(k.scale()));
        LongVector droppedBits = LongVector.broadcast(LONGS, Double.doubleToRawLongBits(k.droppedValue()));
        LongVector shiftFlipBits = LongVector.broadcast(LONGS,
                Double.doubleToRawLongBits(k.keptShift()) ^ Double.doubleToRawLongBits(k.droppedValue()));
        LongVector threshold = LongVector.broadcast(LONGS, k.keepThreshold());
        LongVector step = LongVector.broadcast(LONGS, CounterRandom.GOLDEN * LONGS.length());
        LongVector counter = LongVector.fromArray(LONGS, LANE_STEPS, 0).add(rowSeed + CounterRandom.GOLDEN);
        int bound = DOUBLES.loopBound(length);
        int j = 0;
        for (; j < bound; j += DOUBLES.length()) {
            LongVector keep = keepLanes(counter, threshold);
            DoubleVector scale = keep.and(keptScaleBits).reinterpretAsDoubles();
            DoubleVector shift = droppedBits.lanewise(VectorOperators.XOR, keep.and(shiftFlipBits))
                    .reinterpretAsDoubles();
            DoubleVector.fromArray(DOUBLES, src, srcPos + j).mul(scale).add(shift).intoArray(dst, dstPos + j);
            counter = counter.add(step);
        }
        ScalarAlphaDropoutKernel.elementRange(src, srcPos, dst, dstPos, j, length, k, rowSeed);
    }

    /**
     * {@link CounterRandom#keeps} on every lane, as -1 (all ones: keep) or 0 (drop): mix64 of the counters, then
     * {@code (draw >>> 11) - threshold}, negative exactly when kept (both are in [0, 2^53], no overflow), and its
     * sign spread over the lane.
     */
    private static LongVector keepLanes(LongVector counter, LongVector threshold) {
        LongVector z = counter;
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(CounterRandom.MIX1);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(CounterRandom.MIX2);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
        return z.lanewise(VectorOperators.LSHR, 11).sub(threshold).lanewise(VectorOperators.ASHR, 63);
    }
}
