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

import io.github.alphadropout.job.run.GenerateSettings;
import io.github.alphadropout.job.run.OptionText;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.OutputFormat;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.sql.HandleInvalid;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * An enum as a command-line value: each constant is written in lower case with dashes ({@code FEATURE} is
 * {@code feature}), matched ignoring case. One subclass per enum serves picocli both as the option's
 * {@code converter} and as its {@code completionCandidates}, so {@code --help} lists the values as they are typed
 * ({@code ${COMPLETION-CANDIDATES}}) and a bad value is refused in one line that lists them.
 */
public abstract class EnumOption<E extends Enum<E>> implements CommandLine.ITypeConverter<E>, Iterable<String> {

    private final Class<E> type;

    EnumOption(Class<E> type) {
        this.type = type;
    }

    List<String> texts() {
        return Arrays.stream(type.getEnumConstants()).map(OptionText::of).toList();
    }

    @Override
    public E convert(String value) {
        String v = value == null ? "" : value.trim();
        for (E constant : type.getEnumConstants()) {
            if (OptionText.of(constant).equalsIgnoreCase(v) || constant.name().equalsIgnoreCase(v)) {
                return constant;
            }
        }
        throw new CommandLine.TypeConversionException("expected one of " + String.join(", ", texts())
                + " but was '" + value + "'");
    }

    @Override
    public Iterator<String> iterator() {
        return texts().iterator();
    }

    /** {@code --mode}: {@code feature} or {@code element}. */
    static final class Mode extends EnumOption<DropoutMode> {
        Mode() {
            super(DropoutMode.class);
        }
    }

    /** {@code --handle-invalid}: {@code error}, {@code skip} or {@code keep}. */
    static final class Invalid extends EnumOption<HandleInvalid> {
        Invalid() {
            super(HandleInvalid.class);
        }
    }

    /** {@code --format}: {@code parquet}, {@code orc}, {@code json}, {@code delta} or {@code iceberg}. */
    static final class Format extends EnumOption<InputFormat> {
        Format() {
            super(InputFormat.class);
        }
    }

    /** {@code --output-format}: {@code parquet}, {@code delta} or {@code iceberg}. */
    static final class Output extends EnumOption<OutputFormat> {
        Output() {
            super(OutputFormat.class);
        }
    }

    /** {@code generate --type}: {@code float} or {@code double}. */
    static final class Element extends EnumOption<GenerateSettings.ElementType> {
        Element() {
            super(GenerateSettings.ElementType.class);
        }
    }
}
