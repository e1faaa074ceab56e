package io.github.alphadropout.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Java Vector API implementation. Only {@link AlphaDropoutKernels} loads this class, reflectively, and only
 * when {@code jdk.incubator.vector} is readable; touching it otherwise throws {@link NoClassDefFoundError}.
 *
 * <p>Bit-identical to {@link ScalarAlphaDropoutKernel}: the same counter-based draws (64-bit lanes), the same
 * integer keep test, and lanewise {@code mul} then {@code add} (never {@code fma}), each rounded on its own.
 * Element mode pairs a long species with a float/double species of the same lane count so a keep mask computed
 * on the draws applies lane for lane to the data.
 */
final class VectorAlphaDropoutKernel implements AlphaDropoutKernel {

    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_PREFERRED;
    /** As many float lanes as LONGS has (half its bit size). */
    private static final VectorSpecies<Float> FLOATS_PER_LONG =
            VectorSpecies.of(float.class, VectorShape.forBitSize(LONGS.vectorBitSize() / 2));
    private static final VectorSpecies<Double> DOUBLES_PER_LONG = VectorSpecies.of(double.class, LONGS.vectorShape());
    /** Lane i holds GOLDEN * i, so broadcast(rowSeed + GOLDEN * (j + 1)) + LANE_STEPS is the counter of j + i. */
    private static final long[] LANE_STEPS = new long[LONGS.length()];

    static {
        for (int i = 0; i < LANE_STEPS.length; i++) {
            LANE_STEPS[i] = CounterRandom.GOLDEN * i;
        }
    }

    VectorAlphaDropoutKernel() {
    }

    /** The preferred vector size in bits; the provider only uses this kernel when it is at least 256. */
    static int preferredBitSize() {
        return LONGS.vectorBitSize();
    }

    @Override
    public String name() {
        return "vector(" + preferredBitSize() + "-bit)";
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
        FloatVector keptScale = FloatVector.broadcast(FLOATS_PER_LONG, k.scaleF());
        FloatVector keptShift = FloatVector.broadcast(FLOATS_PER_LONG, k.keptShiftF());
        FloatVector zero = FloatVector.zero(FLOATS_PER_LONG);
        FloatVector dropped = FloatVector.broadcast(FLOATS_PER_LONG, k.droppedValueF());
        LongVector threshold = LongVector.broadcast(LONGS, k.keepThreshold());
        LongVector step = LongVector.broadcast(LONGS, CounterRandom.GOLDEN * LONGS.length());
        LongVector counter = LongVector.fromArray(LONGS, LANE_STEPS, 0).add(rowSeed + CounterRandom.GOLDEN);
        int bound = FLOATS_PER_LONG.loopBound(length);
        int j = 0;
        for (; j < bound; j += FLOATS_PER_LONG.length()) {
            VectorMask<Float> keep = keeps(counter, threshold).cast(FLOATS_PER_LONG);
            FloatVector.fromArray(FLOATS_PER_LONG, src, srcPos + j)
                    .mul(zero.blend(keptScale, keep))
                    .add(dropped.blend(keptShift, keep))
                    .intoArray(dst, dstPos + j);
            counter = counter.add(step);
        }
        ScalarAlphaDropoutKernel.elementRange(src, srcPos, dst, dstPos, j, length, k, rowSeed);
    }

    @Override
    public void element(double[] src, int srcPos, double[] dst, int dstPos, int length,
                        AlphaDropoutCoefficients k, long rowSeed) {
        DoubleVector keptScale = DoubleVector.broadcast(DOUBLES_PER_LONG, k.scale());
        DoubleVector keptShift = DoubleVector.broadcast(DOUBLES_PER_LONG, k.keptShift());
        DoubleVector zero = DoubleVector.zero(DOUBLES_PER_LONG);
        DoubleVector dropped = DoubleVector.broadcast(DOUBLES_PER_LONG, k.droppedValue());
        LongVector threshold = LongVector.broadcast(LONGS, k.keepThreshold());
        LongVector step = LongVector.broadcast(LONGS, CounterRandom.GOLDEN * LONGS.length());
        LongVector counter = LongVector.fromArray(LONGS, LANE_STEPS, 0).add(rowSeed + CounterRandom.GOLDEN);
        int bound = DOUBLES_PER_LONG.loopBound(length);
        int j = 0;
        for (; j < bound; j += DOUBLES_PER_LONG.length()) {
            VectorMask<Double> keep = keeps(counter, threshold).cast(DOUBLES_PER_LONG);
            DoubleVector.fromArray(DOUBLES_PER_LONG, src, srcPos + j)
                    .mul(zero.blend(keptScale, keep))
                    .add(dropped.blend(keptShift, keep))
                    .intoArray(dst, dstPos + j);
            counter = counter.add(step);
        }
        ScalarAlphaDropoutKernel.elementRange(src, srcPos, dst, dstPos, j, length, k, rowSeed);
    }

    /** {@link CounterRandom#keeps} on every lane: mix64 of the counters, then the integer threshold test. */
    private static VectorMask<Long> keeps(LongVector counter, LongVector threshold) {
        LongVector z = counter;
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(CounterRandom.MIX1);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(CounterRandom.MIX2);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
        return z.lanewise(VectorOperators.LSHR, 11).compare(VectorOperators.LT, threshold);
    }
}
