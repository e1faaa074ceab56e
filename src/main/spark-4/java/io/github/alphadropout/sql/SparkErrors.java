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

/** How this Spark line's error messages refer to things. */
final class SparkErrors {

    private static final String[] ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
        "eighth", "ninth", "tenth"};

    private SparkErrors() {
    }

    /**
     * The {@code paramIndex} of a {@code DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE}: Spark 4 names it by its ordinal
     * ("The second parameter requires...").
     */
    static String paramIndex(int index) {
        return index < ORDINALS.length ? ORDINALS[index] : (index + 1) + "th";
    }
}
