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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation and -1 inference of {@link SampleShape}, and the op's rejection of samples that do not fit. */
class SampleShapeTest {

    @Test
    void emptyOrNullShapeRejected() {
        assertThrows(IllegalArgumentException.class, () -> SampleShape.of());
        assertThrows(IllegalArgumentException.class, () -> SampleShape.of((int[]) null));
    }

    @Test
    void zeroDimensionRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleShape.of(16, 0, 32));
        assertTrue(e.getMessage().contains("[16, 0, 32]"), e.getMessage());
        assertTrue(e.getMessage().contains("index 1"), e.getMessage());
    }

    @ParameterizedTest(name = "dimension {0}")
    @ValueSource(ints = {-2, -3, -100, Integer.MIN_VALUE})
    void negativeDimensionOtherThanMinusOneRejected(int d) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleShape.of(4, d));
        assertTrue(e.getMessage().contains(Integer.toString(d)), e.getMessage());
    }

    @Test
    void twoInferredDimensionsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SampleShape.of(-1, 4, -1));
        assertTrue(e.getMessage().contains("more than one -1"), e.getMessage());
    }

    @Test
    void productAboveIntegerMaxValueRejected() {
        assertThrows(IllegalArgumentException.class, () -> SampleShape.of(65536, 32768)); // exactly 2^31
        assertThrows(IllegalArgumentException.class, () -> SampleShape.of(-1, 65536, 65536));
        assertThrows(IllegalArgumentException.class, () -> SampleShape.of(3, 1 << 30));
        // The largest product an array can hold is accepted.
        assertEquals(Integer.MAX_VALUE, SampleShape.of(Integer.MAX_VALUE).fixedLength());
        assertEquals(Integer.MAX_VALUE, SampleShape.of(1, Integer.MAX_VALUE, 1).fixedLength());
    }

    @Test
    void fixedShape() {
        SampleShape shape = SampleShape.of(16, 4, 32, 32);
        assertFalse(shape.hasInferredDimension());
        assertEquals(65536, shape.fixedLength());
        assertTrue(shape.fits(65536));
        assertFalse(shape.fits(65535));
        assertFalse(shape.fits(2 * 65536));
        assertFalse(shape.fits(0));
        assertEquals(16, shape.channels(65536));
        assertArrayEquals(new int[] {16, 4, 32, 32}, shape.resolve(65536));
        assertEquals("[16, 4, 32, 32]", shape.toString());
    }

    @Test
    void inferredSpatialDimension() {
        SampleShape shape = SampleShape.of(4, -1);
        assertTrue(shape.hasInferredDimension());
        assertEquals(-1, shape.fixedLength());
        assertTrue(shape.fits(4));
        assertTrue(shape.fits(12));
        assertFalse(shape.fits(10));
        assertFalse(shape.fits(0));
        assertEquals(4, shape.channels(12));
        assertArrayEquals(new int[] {4, 3}, shape.resolve(12));
        assertArrayEquals(new int[] {4, -1}, shape.dims(), "dims() keeps the -1");
    }

    @Test
    void inferredChannelDimension() {
        SampleShape shape = SampleShape.of(-1, 2, 3);
        assertEquals(5, shape.channels(30));
        assertArrayEquals(new int[] {5, 2, 3}, shape.resolve(30));
        assertThrows(IllegalArgumentException.class, () -> shape.channels(31));
    }

    @Test
    void dimsAreDefensiveCopies() {
        int[] dims = {2, 3};
        SampleShape shape = SampleShape.of(dims);
        dims[0] = 7;
        assertArrayEquals(new int[] {2, 3}, shape.dims());
        shape.dims()[1] = 9;
        assertArrayEquals(new int[] {2, 3}, shape.dims());
        assertEquals(SampleShape.of(2, 3), shape);
        assertEquals(SampleShape.of(2, 3).hashCode(), shape.hashCode());
    }

    @Test
    void mismatchMessageNamesExpectedAndActualLength() {
        assertEquals("expected 65536 elements (shape [16, 4, 32, 32]) but got 100",
                SampleShape.of(16, 4, 32, 32).mismatch(100));
        assertEquals("expected a positive multiple of 3 elements (shape [3, -1]) but got 10",
                SampleShape.of(3, -1).mismatch(10));
    }

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {1, 2, 10, 11, 13})
    void lengthNotAMultipleOfChannelsRejectedByTheOpNamingBothNumbers(int length) {
        AlphaDropoutOp op = AlphaDropoutOp.feature(0.5, 3);
        assertFalse(op.accepts(length));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> op.apply(new float[length], 0L));
        assertTrue(e.getMessage().contains(" 3 "), e.getMessage());
        assertTrue(e.getMessage().endsWith("but got " + length), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> op.apply(new double[length], 0L));
        assertThrows(IllegalArgumentException.class, () -> op.keepMask(length, 0L));
        assertThrows(IllegalArgumentException.class, () -> op.withTraining(false).apply(new float[length], 0L));
    }

    @Test
    void fixedShapeOpRejectsOtherLengths() {
        AlphaDropoutOp op = AlphaDropoutOp.feature(0.2, SampleShape.of(2, 3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> op.apply(new float[25], 0L));
        assertTrue(e.getMessage().contains("24") && e.getMessage().contains("25"), e.getMessage());
        assertEquals(2, op.decisions(24));
        assertEquals(0, op.decisions(0));
    }
}
