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

import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The shape {@code (C, *spatial)} of one sample, e.g. {@code (C, D, H, W)}, with at most one {@code -1} whose
 * size is inferred from the sample's length (as {@code torch.reshape} does). Immutable; serializable so that Spark
 * can ship it to executors inside an expression.
 */
public final class SampleShape implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] dims;
    private final int inferredAxis;
    private final long knownProduct;

    private SampleShape(int[] dims, int inferredAxis, long knownProduct) {
        this.dims = dims;
        this.inferredAxis = inferredAxis;
        this.knownProduct = knownProduct;
    }

    /**
     * @throws IllegalArgumentException for an empty shape, a dimension that is 0 or below -1, more than one -1,
     *     or more than {@link Integer#MAX_VALUE} elements
     */
    public static SampleShape of(int... dims) {
        if (dims == null || dims.length == 0) {
            throw new IllegalArgumentException("shape must have at least one dimension (C, ...), e.g. [16, 4, 32, 32]");
        }
        int inferred = -1;
        long product = 1;
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            if (d == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("shape " + format(dims)
                            + " has more than one -1; only one dimension can be inferred");
                }
                inferred = i;
            } else if (d <= 0) {
                throw new IllegalArgumentException("shape " + format(dims) + " has dimension " + d + " at index " + i
                        + "; every dimension must be positive (or -1 for one inferred dimension)");
            } else {
                product *= d;
                if (product > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("shape " + format(dims) + " has more than "
                            + Integer.MAX_VALUE + " elements, more than one array can hold");
                }
            }
        }
        return new SampleShape(dims.clone(), inferred, product);
    }

    /** Deserialised shapes go through the same validation as new ones. */
    private Object readResolve() {
        return of(dims);
    }

    /** The dimensions as given, {@code -1} included. */
    public int[] dims() {
        return dims.clone();
    }

    /** Whether one dimension is {@code -1}. */
    public boolean hasInferredDimension() {
        return inferredAxis >= 0;
    }

    /** The number of elements of a sample, or -1 when a dimension is inferred. */
    public int fixedLength() {
        return hasInferredDimension() ? -1 : (int) knownProduct;
    }

    /** Whether a sample of {@code length} elements has this shape. Empty samples never fit. */
    public boolean fits(int length) {
        if (length <= 0) {
            return false;
        }
        return hasInferredDimension() ? length % knownProduct == 0 : length == knownProduct;
    }

    /** The number of channels {@code C} of a sample of {@code length} elements that {@link #fits}. */
    public int channels(int length) {
        if (!fits(length)) {
            throw new IllegalArgumentException(mismatch(length));
        }
        return inferredAxis == 0 ? (int) (length / knownProduct) : dims[0];
    }

    /** The concrete dimensions of a sample of {@code length} elements. */
    public int[] resolve(int length) {
        if (!fits(length)) {
            throw new IllegalArgumentException(mismatch(length));
        }
        int[] out = dims.clone();
        if (inferredAxis >= 0) {
            out[inferredAxis] = (int) (length / knownProduct);
        }
        return out;
    }

    /** "expected 65536 elements (shape [16, 4, 32, 32]) but got 100" or, with -1, "a multiple of ...". */
    public String mismatch(int length) {
        String expected = hasInferredDimension()
                ? "a positive multiple of " + knownProduct + " elements"
                : knownProduct + " elements";
        return "expected " + expected + " (shape " + this + ") but got " + length;
    }

    @Override
    public String toString() {
        return format(dims);
    }

    private static String format(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SampleShape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }
}
