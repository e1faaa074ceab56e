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

import io.github.alphadropout.kernel.SampleShape;
import picocli.CommandLine;

/** Parses {@code --shape C,D,H,W} (any {@code C,...}; one {@code -1} may be inferred) into a {@link SampleShape}. */
public final class ShapeOption implements CommandLine.ITypeConverter<SampleShape> {

    @Override
    public SampleShape convert(String value) {
        return parse(value);
    }

    /**
     * @throws CommandLine.TypeConversionException with a one-line reason
     */
    public static SampleShape parse(String value) {
        String text = value == null ? "" : value.trim();
        if (text.startsWith("(") && text.endsWith(")") || text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        if (text.isBlank()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a shape; give C,D,H,W (or any C,...), e.g. 8,2,8,8");
        }
        String[] parts = text.split(",", -1);
        int[] dims = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a shape: '" + parts[i].trim()
                        + "' is not an integer; give C,D,H,W (or any C,...), e.g. 8,2,8,8");
            }
        }
        try {
            return SampleShape.of(dims);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException(e.getMessage());
        }
    }
}
