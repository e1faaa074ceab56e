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

package io.github.alphadropout.job.augment;

import io.github.alphadropout.job.files.ParquetWriterSettings;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the batch {@code augment} does differently for samples of {@value #FROM_BYTES} bytes or more per row (all
 * tensor columns), where what Spark's Parquet reader and its row buffers hold per sample decides whether a task fits
 * in memory. Each setting only unless the user set it ({@code --conf}, defaults file), found by measuring allocations
 * (JFR, 143 MiB samples, local[2]):
 * <ul>
 *   <li>{@value #READ_ALLOCATION} (Parquet's reader, 8 MiB by default): Parquet reads a column chunk in buffers of
 *       at most this size; a page that spans two of them is copied whole into a new buffer once to verify its
 *       checksum and once more when Spark's vectorized reader takes its floats. Buffers as large as a chunk (the
 *       same bytes in fewer pieces) remove both copies: two samples per task.</li>
 *   <li>{@value #HUGE_VECTOR_THRESHOLD} and {@value #HUGE_VECTOR_RATIO} (Spark 4.0; unknown to Spark 3.5, which
 *       ignores them): Spark's column vectors grow to twice what a batch needs, and an array column has three of
 *       them (the values and two int levels per value): six samples. Vectors of more than {@value #HUGE_VALUES}
 *       values are then sized exactly and released after each batch: three samples.</li>
 *   <li>{@value #OFF_HEAP}: the column vectors go off the Java heap. This moves their memory (three samples per task
 *       on Spark 4, six on 3.5) out of {@code -Xmx}; it does not remove it: the process's resident memory still
 *       holds it.</li>
 *   <li>the copies (the plan, which {@link Augmentation#plan} chooses by {@link #large}): a union of one
 *       Transformer per copy ({@link Augmentation#separateScans}, the same rows bit for bit), which reads the input
 *       once per copy, instead of one scan whose {@code Generate} holds each input row once more in a row buffer
 *       that Spark grows to twice the row (two samples per task).</li>
 * </ul>
 */
final class LargeSampleSettings {

    /** From this many bytes of samples per row (as {@link ParquetWriterSettings#UNCOMPRESSED_FROM_BYTES}). */
    static final long FROM_BYTES = ParquetWriterSettings.UNCOMPRESSED_FROM_BYTES;
    static final String READ_ALLOCATION = "parquet.read.allocation.size";
    /** Below 2 GiB, Java's largest array; Parquet allocates the smaller of this and what is left of a chunk. */
    static final String READ_ALLOCATION_BYTES = Integer.toString(Integer.MAX_VALUE - 15);
    static final String HUGE_VECTOR_THRESHOLD = "spark.sql.inMemoryColumnarStorage.hugeVectorThreshold";
    static final String HUGE_VECTOR_RATIO = "spark.sql.inMemoryColumnarStorage.hugeVectorReserveRatio";
    /** Values (not bytes: Spark compares the vector's capacity with the threshold) from which vectors are exact. */
    static final int HUGE_VALUES = 1 << 20;
    static final String OFF_HEAP = "spark.sql.columnVector.offheap.enabled";

    private LargeSampleSettings() {
    }

    /** Whether rows with {@code sampleBytes} bytes of samples (unknown: 0 or less) count as large. */
    static boolean large(long sampleBytes) {
        return sampleBytes >= FROM_BYTES;
    }

    /** The session settings for rows of {@code sampleBytes} bytes of samples, without those {@code userSet}. */
    static Map<String, String> settings(Predicate<String> userSet, long sampleBytes) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!large(sampleBytes)) {
            return out;
        }
        out.put(READ_ALLOCATION, READ_ALLOCATION_BYTES);
        out.put(HUGE_VECTOR_THRESHOLD, Integer.toString(HUGE_VALUES));
        out.put(HUGE_VECTOR_RATIO, "1.0");
        out.put(OFF_HEAP, "true");
        out.keySet().removeIf(userSet);
        return out;
    }

    /**
     * Sets {@link #settings} on the session (SQL settings reach the readers' Hadoop configuration too). Before the
     * write: Spark reads them when it plans and runs the scan.
     */
    static void configure(SparkSession spark, long sampleBytes) {
        settings(key -> spark.conf().contains(key) || spark.conf().contains("spark.hadoop." + key)
                || spark.sparkContext().hadoopConfiguration().get(key) != null, sampleBytes)
                .forEach(spark.conf()::set);
    }
}
