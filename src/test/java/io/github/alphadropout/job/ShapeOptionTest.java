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

package io.github.alphadropout.job;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ShapeOptionTest {

    @Test
    void shapesParse() {
        assertArrayEquals(new int[] {16, 4, 32, 32}, ShapeOption.parse("16,4,32,32").dims());
        assertArrayEquals(new int[] {3, -1}, ShapeOption.parse(" (3, -1) ").dims());
        assertArrayEquals(new int[] {2, 3}, ShapeOption.parse("[2,3]").dims());
        assertThrows(CommandLine.TypeConversionException.class, () -> ShapeOption.parse(""));
        assertThrows(CommandLine.TypeConversionException.class, () -> ShapeOption.parse("4,,4"));
        assertThrows(CommandLine.TypeConversionException.class, () -> ShapeOption.parse("4,0"));
    }
}
