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

import java.util.List;
import java.util.Locale;

/**
 * The largest row Spark can hold, and the sample sizes that follow from it. Spark writes every row into one byte
 * array, and its row writer refuses to grow that array past {@value #MAX_ROW_BYTES} bytes
 * ({@code ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH}, {@code Integer.MAX_VALUE - 15}: "Cannot grow BufferHolder by
 * size ... exceeds size limitation 2147483632"); {@code UnsafeArrayData}'s own limit (2,147,483,640 bytes) is
 * looser. A row holds 8 bytes per field plus a null bit per field (whole 8-byte words), and each array (Spark's
 * {@code UnsafeArrayData}) an 8-byte count, a null bit per element (whole words) and its values rounded up to
 * whole words. So a row of one {@code array<float>} column holds at most 520,602,086 floats (just under 2 GiB), one
 * of an {@code array<double>} 264,305,674 doubles; less with more columns. The job refuses a shape that cannot
 * fit before Spark runs anything, rather than failing in the middle of a write.
 */
final class SampleLimits {

    /** Spark's largest row, in bytes. */
    static final long MAX_ROW_BYTES = Integer.MAX_VALUE - 15;
    /** An ML Vector beyond its values array: its struct (4 fields) and an empty indices array, in bytes. */
    static final long VECTOR_OVERHEAD_BYTES = 8 + 4 * 8 + 8;

    private SampleLimits() {
    }

    /** Bytes of one {@code UnsafeArrayData} of {@code n} elements of {@code elementBytes} bytes, no nulls. */
    static long arrayBytes(long n, int elementBytes) {
        return 8 + ((n + 63) / 64) * 8 + ((n * elementBytes + 7) / 8) * 8;
    }

    /**
     * The bytes of a row with one sample of {@code length} values per tensor column (each {@code elementBytes}
     * long, 8 for vectors and doubles, 4 for floats) and {@code otherFields} fixed-width fields besides.
     */
    static long rowBytes(long length, List<Integer> elementBytes, List<Boolean> vectors, int otherFields) {
        int fields = elementBytes.size() + otherFields;
        long bytes = 8L * ((fields + 63) / 64) + 8L * fields;
        for (int i = 0; i < elementBytes.size(); i++) {
            bytes += arrayBytes(length, elementBytes.get(i)) + (vectors.get(i) ? VECTOR_OVERHEAD_BYTES : 0);
        }
        return bytes;
    }

    /**
     * Refuses a shape whose samples cannot fit in one Spark row.
     *
     * @param option      the option that set the shape, for the message ({@code --shape})
     * @param what        the columns' element type, for the message ({@code "float"})
     * @param otherFields the row's other fields, as far as known
     * @throws UsageException saying so, with the limit and what to do
     */
    static void check(SampleShape shape, List<Integer> elementBytes, List<Boolean> vectors, int otherFields,
                      String option, String what) {
        if (shape.hasInferredDimension()) {
            return; // the length is known only from the data; Spark's own check applies then
        }
        long length = shape.fixedLength();
        long bytes = rowBytes(length, elementBytes, vectors, otherFields);
        if (bytes <= MAX_ROW_BYTES) {
            return;
        }
        int columns = elementBytes.size();
        throw new UsageException(String.format(Locale.ROOT, "%s %s: samples of %,d %s values%s take %,d bytes"
                        + " (%.2f GiB) per row, but Spark holds each row in one array of at most %,d bytes (2 GiB);"
                        + " such samples cannot be read or written by Spark. To fix: split each sample into smaller"
                        + " ones (e.g. one row per channel or per slice)%s",
                option, OptionText.shape(shape), length, what, columns > 1 ? " in each of " + columns + " columns" : "",
                bytes, bytes / (double) (1L << 30), MAX_ROW_BYTES,
                columns > 1 ? ", or augment the columns in separate runs" : ""));
    }

    /** Bytes of samples per row: what the Parquet writer's settings are sized by (in {@code job.files}). */
    static long sampleBytes(SampleShape shape, List<Integer> elementBytes) {
        if (shape.hasInferredDimension()) {
            return -1;
        }
        return elementBytes.stream().mapToLong(b -> (long) b * shape.fixedLength()).sum();
    }
}
