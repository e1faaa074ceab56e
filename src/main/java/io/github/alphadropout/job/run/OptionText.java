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

package io.github.alphadropout.job.run;

import io.github.alphadropout.kernel.SampleShape;

import java.util.Locale;

/**
 * How settings are spelled on the command line, so that messages and reports speak the user's own words; the CLI's
 * converters parse the same spellings.
 */
public final class OptionText {

    private OptionText() {
    }

    /** The command-line spelling of a constant: {@code AVAILABLE_NOW} is {@code available-now}. */
    public static String of(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code 8,2,8,8}: the command-line form of a shape. */
    public static String shape(SampleShape shape) {
        StringBuilder b = new StringBuilder();
        for (int d : shape.dims()) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(d);
        }
        return b.toString();
    }
}
