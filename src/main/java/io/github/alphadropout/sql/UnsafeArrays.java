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

import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;

/**
 * Spark's {@link UnsafeArrayData} memory layout, for arrays of floats and doubles without nulls: an 8-byte element
 * count, a null bitmap of one bit per element rounded up to whole 8-byte words, then the values.
 *
 * <p>The output of a row is one primitive array that holds the header in its first words and the values after it:
 * {@code float[]} for floats, {@code double[]} for doubles. The input's values are copied there with one
 * {@link Platform#copyMemory} (element by element when the input is not an {@code UnsafeArrayData}), the kernel
 * runs in place over the values, and an {@code UnsafeArrayData} is pointed at the array: one allocation per row,
 * no boxing.
 */
final class UnsafeArrays {

    /** Spark refuses arrays larger than this many bytes ({@code ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH}). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 15;

    private UnsafeArrays() {
    }

    /** Where the values start in an output {@code float[]} of {@code n} elements, in floats. */
    static int floatsBeforeValues(int n) {
        return UnsafeArrayData.calculateHeaderPortionInBytes(n) >>> 2;
    }

    /** Where the values start in an output {@code double[]} of {@code n} elements, in doubles. */
    static int doublesBeforeValues(int n) {
        return UnsafeArrayData.calculateHeaderPortionInBytes(n) >>> 3;
    }

    /** A zeroed {@code float[]} with the header of an array of {@code n} floats, values to follow. */
    static float[] newFloats(int n) {
        float[] out = new float[(int) (totalBytes(n, 4) >>> 2)];
        Platform.putLong(out, Platform.FLOAT_ARRAY_OFFSET, n);
        return out;
    }

    /** A zeroed {@code double[]} with the header of an array of {@code n} doubles, values to follow. */
    static double[] newDoubles(int n) {
        double[] out = new double[(int) (totalBytes(n, 8) >>> 3)];
        Platform.putLong(out, Platform.DOUBLE_ARRAY_OFFSET, n);
        return out;
    }

    /** Copies the {@code n} values of {@code in} into {@code out} after the header. */
    static void copyFloats(ArrayData in, float[] out, int n) {
        int at = floatsBeforeValues(n);
        if (in instanceof UnsafeArrayData u) {
            Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + 4L * at,
                    out, Platform.FLOAT_ARRAY_OFFSET + 4L * at, 4L * n);
        } else {
            for (int i = 0; i < n; i++) {
                out[at + i] = in.getFloat(i);
            }
        }
    }

    /** Copies the {@code n} values of {@code in} into {@code out} after the header. */
    static void copyDoubles(ArrayData in, double[] out, int n) {
        int at = doublesBeforeValues(n);
        if (in instanceof UnsafeArrayData u) {
            Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + 8L * at,
                    out, Platform.DOUBLE_ARRAY_OFFSET + 8L * at, 8L * n);
        } else {
            for (int i = 0; i < n; i++) {
                out[at + i] = in.getDouble(i);
            }
        }
    }

    /** The array that {@code out} holds. */
    static UnsafeArrayData pointAt(float[] out) {
        UnsafeArrayData result = new UnsafeArrayData();
        result.pointTo(out, Platform.FLOAT_ARRAY_OFFSET, out.length << 2);
        return result;
    }

    /** The array that {@code out} holds. */
    static UnsafeArrayData pointAt(double[] out) {
        UnsafeArrayData result = new UnsafeArrayData();
        result.pointTo(out, Platform.DOUBLE_ARRAY_OFFSET, out.length << 3);
        return result;
    }

    /** The index of the first null element, or -1; tests the null bitmap a word at a time when it can. */
    static int firstNull(ArrayData in, int n) {
        if (in instanceof UnsafeArrayData u) {
            Object base = u.getBaseObject();
            long bitmap = u.getBaseOffset() + 8;
            int words = (n + 63) >>> 6;
            for (int w = 0; w < words; w++) {
                long bits = Platform.getLong(base, bitmap + 8L * w);
                if (bits != 0) {
                    return (w << 6) + Long.numberOfTrailingZeros(bits);
                }
            }
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (in.isNullAt(i)) {
                return i;
            }
        }
        return -1;
    }

    /** Header and values, rounded up to whole words; refuses what no Spark array can hold. */
    private static long totalBytes(int n, int elementBytes) {
        long bytes = UnsafeArrayData.calculateHeaderPortionInBytes(n) + (long) elementBytes * n;
        long aligned = (bytes + 7) & ~7L;
        if (aligned > MAX_BYTES) {
            throw new IllegalArgumentException("a sample of " + n + " elements (" + bytes + " bytes) is larger than"
                    + " one Spark array can hold (2 GiB)");
        }
        return aligned;
    }
}
