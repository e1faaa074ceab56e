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

import io.github.alphadropout.kernel.SampleShape;

import java.io.Serializable;

/**
 * What happens to a non-null sample that cannot be transformed (empty, with a null element, not of the shape, or
 * with a null seed): {@link HandleInvalid#ERROR} fails the task with a message that names the function, the
 * column, the problem and the fix; {@link HandleInvalid#SKIP} gives null (the Transformers then drop the row);
 * {@link HandleInvalid#KEEP} passes the input through unchanged.
 */
final class InvalidRows implements Serializable {

    private static final long serialVersionUID = 1L;

    private final HandleInvalid handling;
    private final String function;
    private final String column;
    private final SampleShape shape;
    private final TensorType type;
    private final boolean nullableElements;
    private final String seedColumn;

    /**
     * @param column           the input column, quoted as SQL text ({@code `x`})
     * @param shape            the sample shape, or null in element mode
     * @param nullableElements whether the array type admits null elements
     * @param seedColumn       the seed column's SQL text, or null for position seeds
     */
    InvalidRows(HandleInvalid handling, String function, String column, SampleShape shape, TensorType type,
                boolean nullableElements, String seedColumn) {
        this.handling = handling;
        this.function = function;
        this.column = column;
        this.shape = shape;
        this.type = type;
        this.nullableElements = nullableElements;
        this.seedColumn = seedColumn;
    }

    /** A sample of the wrong length (0 is always wrong). */
    <T> T wrongLength(T sample, int n) {
        String problem = n == 0 ? "the sample is empty (0 elements)" : shape.mismatch(n);
        return handle(sample, problem, filterHint());
    }

    /** An array sample with a null element. */
    <T> T nullElement(T sample, int n, int index) {
        return handle(sample, "the sample has a null element at index " + index + " (of " + n + " elements)",
                filterHint());
    }

    /** A non-null sample whose seed column value is null. */
    <T> T nullSeed(T sample) {
        return handle(sample, "its seed column " + seedColumn + " is null",
                "filter out rows where " + seedColumn + " IS NULL, or fill it (e.g. coalesce)");
    }

    private <T> T handle(T sample, String problem, String filterHint) {
        switch (handling) {
            case SKIP:
                return null;
            case KEEP:
                return sample;
            default:
                throw new IllegalArgumentException(function + ": invalid row in column " + column + ": " + problem
                        + ". To fix: set handleInvalid to 'skip' (drop such rows) or 'keep' (pass them through"
                        + " unchanged), or " + filterHint + " before calling " + function + ".");
        }
    }

    private String filterHint() {
        StringBuilder hint = new StringBuilder("filter such rows out, e.g. WHERE ");
        String length = shape == null || shape.hasInferredDimension() ? null : Integer.toString(shape.fixedLength());
        if (type == TensorType.VECTOR) {
            return hint.append("size(vector_to_array(").append(column).append(")) ")
                    .append(length == null ? "> 0" : "= " + length).toString();
        }
        hint.append("size(").append(column).append(") ").append(length == null ? "> 0" : "= " + length);
        if (shape != null && shape.hasInferredDimension()) {
            hint.append(" (a multiple of the known dimensions of shape ").append(shape).append(')');
        }
        if (nullableElements) {
            hint.append(" AND NOT exists(").append(column).append(", v -> v IS NULL)");
        }
        return hint.toString();
    }
}
