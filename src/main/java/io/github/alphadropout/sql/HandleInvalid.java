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

package io.github.alphadropout.sql;

import java.util.Locale;

/** What to do with a row whose sample has null elements, is empty, or does not fit the shape. */
public enum HandleInvalid {
    /** Fail the query with a message naming the column, the expected and actual length, and the fix. */
    ERROR,
    /** Drop the row (only the Transformers can drop rows; the expression returns null for it). */
    SKIP,
    /** Pass the value through unchanged. */
    KEEP;

    /** The Spark ML param value: {@code error}, {@code skip} or {@code keep}. */
    public String paramValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HandleInvalid fromParam(String value) {
        for (HandleInvalid h : values()) {
            if (h.paramValue().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return h;
            }
        }
        throw new IllegalArgumentException("handleInvalid must be one of error, skip, keep, but got '" + value + "'");
    }
}
