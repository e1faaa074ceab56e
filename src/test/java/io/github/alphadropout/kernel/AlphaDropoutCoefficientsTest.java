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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PyTorch's constants and test vectors, to the bit. */
class AlphaDropoutCoefficientsTest {

    /** PyTorch's SELU constants (torch/nn/functional.py, aten Activation.cpp). */
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;

    @Test
    void alphaIsPyTorchsConstantAndTheSeluProduct() {
        assertEquals(0x3ffc212cc640f030L, Double.doubleToRawLongBits(1.7580993408473766));
        assertEquals(Double.doubleToRawLongBits(1.7580993408473766),
                Double.doubleToRawLongBits(AlphaDropoutCoefficients.ALPHA));
        assertEquals(AlphaDropoutCoefficients.ALPHA, SELU_SCALE * SELU_ALPHA, 0.0);
    }

    @ParameterizedTest(name = "p={0}: fa={1}, fAap={2}, dropped={3}")
    @CsvSource({
        "0.1, 3f6bd94d, 3e25dbb8, bfba972f",
        "0.2, 3f60ffd3, 3e9e3a7c, bf9e3a7c",
        "0.5, 3f62eb6e, 3f477941, bf477941",
        "0.8, 3f9996b9, 3fd804fa, bed804f8",
    })
    void float32TestVectorsOfTheDesign(double p, String fa, String fAap, String dropped) {
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(p);
        assertBits(fa, k.scaleF(), "fa");
        assertBits(fAap, k.keptShiftF(), "fAap");
        assertBits(dropped, k.droppedValueF(), "dropped value");
    }

    @Test
    void keptValueAtHalfIsMultiplyThenAddNotFusedMultiplyAdd() {
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(0.5);
        float x = 0.7f;
        float kept = x * k.scaleF() + k.keptShiftF();
        assertEquals(0x3fb328a0, Float.floatToRawIntBits(kept), "kept value of x=0.7f at p=0.5");
        assertEquals(1.3996773f, kept, 0f);
        // The design's warning: a fused multiply-add rounds once and gives a different float.
        assertNotEquals(Float.floatToRawIntBits(kept), Float.floatToRawIntBits(Math.fma(x, k.scaleF(), k.keptShiftF())));
        assertEquals(1.3996774f, Math.fma(x, k.scaleF(), k.keptShiftF()), 0f);

        float[] out = AlphaDropoutOp.element(0.5).apply(new float[] {x, x, x, x, x, x, x, x}, 42L);
        boolean[] mask = AlphaDropoutOp.keepMask(0.5, out.length, 42L);
        for (int i = 0; i < out.length; i++) {
            int expected = mask[i] ? 0x3fb328a0 : 0xbf477941;
            assertEquals(expected, Float.floatToRawIntBits(out[i]), "element " + i + " through the op");
        }
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(doubles = {0.1, 0.2, 0.25, 0.5, 0.8, 0.9, 1e-9, 0.999999})
    void doublePrecisionFormulas(double p) {
        double alpha = 1.7580993408473766;
        double a = 1 / Math.sqrt((alpha * alpha * p + 1) * (1 - p));
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(p);
        assertEquals(p, k.p(), 0.0);
        assertEquals(Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(k.scale()), "a");
        assertEquals(Double.doubleToRawLongBits(alpha * a * p), Double.doubleToRawLongBits(k.keptShift()), "ALPHA*a*p");
        assertEquals(Double.doubleToRawLongBits(-(alpha * a) + alpha * a * p),
                Double.doubleToRawLongBits(k.droppedValue()), "dropped value");
        // Float constants are the double ones rounded once, the dropped value rounded in float.
        assertEquals((float) a, k.scaleF(), 0f);
        assertEquals((float) (alpha * a * p), k.keptShiftF(), 0f);
        assertEquals(-(float) (alpha * a) + (float) (alpha * a * p), k.droppedValueF(), 0f);
        // The dropped value is -ALPHA*a*(1-p), up to rounding.
        assertEquals(-alpha * a * (1 - p), k.droppedValue(), 4 * Math.ulp(alpha * a));
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(doubles = {0.1, 0.2, 0.5, 0.8})
    void selfNormalisingInExpectation(double p) {
        // For x ~ N(0,1): E[y] = (1-p) * b_kept + p * dropped = 0 and Var[y] = 1, exactly in real arithmetic.
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(p);
        double mean = (1 - p) * k.keptShift() + p * k.droppedValue();
        double secondMoment = (1 - p) * (k.scale() * k.scale() + k.keptShift() * k.keptShift())
                + p * k.droppedValue() * k.droppedValue();
        assertEquals(0.0, mean, 1e-12);
        assertEquals(1.0, secondMoment - mean * mean, 1e-12);
    }

    @Test
    void droppedValueIsNegativeNotTensorflowJsSignError() {
        // TensorFlow.js 4.22 alphaDropout sets dropped units to +1.854 at p=0.2; PyTorch gives -1.2361598.
        float dropped = AlphaDropoutCoefficients.of(0.2).droppedValueF();
        assertEquals(-1.2361598f, dropped, 0f);
        assertTrue(dropped < 0);
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(doubles = {0.0, 1e-300, 1e-17, 0.1, 0.5, 0.9, 1 - 1e-16, 1.0})
    void keepThresholdIsCeilOfKeepProbabilityTimesTwoTo53(double p) {
        long expected = (long) Math.ceil((1.0 - p) * 0x1.0p53);
        assertEquals(expected, AlphaDropoutCoefficients.of(p).keepThreshold());
        assertEquals(expected, CounterRandom.keepThreshold(p));
    }

    private static void assertBits(String hexBits, float actual, String what) {
        int expected = Integer.parseUnsignedInt(hexBits, 16);
        assertEquals(expected, Float.floatToRawIntBits(actual), () -> what + ": expected "
                + KernelTestSupport.hex(Float.intBitsToFloat(expected)) + " but got " + KernelTestSupport.hex(actual));
    }
}
