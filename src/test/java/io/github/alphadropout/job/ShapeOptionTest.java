package io.github.alphadropout.job;

import io.github.alphadropout.kernel.SampleShape;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShapeOptionTest {

    @Test
    void shapesParse() {
        assertArrayEquals(new int[] {16, 4, 32, 32}, ShapeOption.parse("16,4,32,32").dims());
        assertArrayEquals(new int[] {3, -1}, ShapeOption.parse(" (3, -1) ").dims());
        assertArrayEquals(new int[] {2, 3}, ShapeOption.parse("[2,3]").dims());
        assertEquals("8,2,8,8", ShapeOption.format(SampleShape.of(8, 2, 8, 8)));
        assertThrows(CommandLine.TypeConversionException.class, () -> ShapeOption.parse(""));
        assertThrows(CommandLine.TypeConversionException.class, () -> ShapeOption.parse("4,,4"));
        assertThrows(CommandLine.TypeConversionException.class, () -> ShapeOption.parse("4,0"));
    }
}
