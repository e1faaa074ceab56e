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

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A drop probability outside [0, 1] or NaN is rejected when set, with PyTorch's own wording. */
class ProbabilityValidationTest {

    @ParameterizedTest(name = "p={0}")
    @ValueSource(doubles = {-0.1, -1e-300, 1.0000000000000002, 1.5, 2.0, -1.0, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void rejectedEverywhereWithPyTorchsMessage(double p) {
        String expected = "dropout probability has to be between 0 and 1, but got " + p;
        assertRejected(expected, () -> AlphaDropoutCoefficients.of(p));
        assertRejected(expected, () -> AlphaDropoutCoefficients.checkProbability(p));
        assertRejected(expected, () -> AlphaDropoutOp.element(p));
        assertRejected(expected, () -> AlphaDropoutOp.feature(p, 4));
        assertRejected(expected, () -> AlphaDropoutOp.feature(p, SampleShape.of(2, 3)));
        assertRejected(expected, () -> AlphaDropoutOp.keepMask(p, 8, 1L));
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(doubles = {-1.5, 2.0, Double.NaN})
    void messageNamesTheValueAsJavaPrintsIt(double p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AlphaDropoutOp.element(p));
        String tail = p != p ? "NaN" : p < 0 ? "-1.5" : "2.0";
        assertEquals("dropout probability has to be between 0 and 1, but got " + tail, e.getMessage());
    }

    @ParameterizedTest(name = "p={0}")
    @ValueSource(doubles = {0.0, -0.0, Double.MIN_VALUE, 0.5, 0.9999999999999999, 1.0})
    void boundsAndInteriorAccepted(double p) {
        assertDoesNotThrow(() -> AlphaDropoutCoefficients.of(p));
        assertDoesNotThrow(() -> AlphaDropoutOp.element(p));
        assertDoesNotThrow(() -> AlphaDropoutOp.feature(p, 3));
        assertEquals(p, AlphaDropoutCoefficients.checkProbability(p), 0.0);
    }

    private static void assertRejected(String message, Executable executable) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, executable);
        assertEquals(message, e.getMessage());
    }
}
