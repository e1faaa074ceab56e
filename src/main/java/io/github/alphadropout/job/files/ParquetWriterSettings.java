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

package io.github.alphadropout.job.files;

import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Keeps the Parquet writer's buffers near one sample. Parquet's writer looks at the size of what it buffers only
 * every so many rows: the page first after {@code parquet.page.size.row.check.min} rows (100 by default), and the
 * row group (flushed at {@code parquet.block.size}, 128 MiB) on the same schedule in Parquet 1.15 (Spark 4.0; later
 * Parquet has {@code parquet.block.size.row.check.min} for it); then after as many rows as it estimates will fill
 * them, within {@code ...row.check.max} (10000). With 8 MiB samples that is 800 MiB buffered per writer (per task)
 * before the first look, and with 143 MiB samples 14 GiB. From the sample size it knows (all tensor columns of a
 * row), the job sets both minimums so that the writer looks about every {@value #CHECK_EVERY_BYTES} bytes of
 * samples (at least every row) and both maximums so that it looks at least every {@value #ROW_GROUP_BYTES} bytes,
 * each only below Parquet's default and only unless the user set it ({@code --conf spark.hadoop.parquet...}).
 */
public final class ParquetWriterSettings {

    static final String BLOCK_CHECK_MIN = "parquet.block.size.row.check.min";
    static final String BLOCK_CHECK_MAX = "parquet.block.size.row.check.max";
    static final String PAGE_CHECK_MIN = "parquet.page.size.row.check.min";
    static final String PAGE_CHECK_MAX = "parquet.page.size.row.check.max";
    /** Parquet's defaults for the minimum and the maximum. */
    static final int DEFAULT_CHECK_MIN = 100;
    static final int DEFAULT_CHECK_MAX = 10_000;
    static final long CHECK_EVERY_BYTES = 16L << 20;
    static final long ROW_GROUP_BYTES = 128L << 20;

    private ParquetWriterSettings() {
    }

    /**
     * The write options for rows holding {@code sampleBytes} bytes of samples (unknown: 0 or less, then none), without
     * those the user set in the session's settings or its Hadoop configuration.
     */
    public static Map<String, String> options(SparkSession spark, long sampleBytes) {
        return options(key -> spark.sparkContext().hadoopConfiguration().get(key) != null
                || spark.conf().contains(key) || spark.conf().contains("spark.hadoop." + key), sampleBytes);
    }

    /** As {@link #options(SparkSession, long)}, with {@code userSet} saying which keys the user set. */
    public static Map<String, String> options(Predicate<String> userSet, long sampleBytes) {
        Map<String, String> out = new LinkedHashMap<>();
        if (sampleBytes <= 0) {
            return out;
        }
        long min = Math.max(1, Math.min(DEFAULT_CHECK_MIN, CHECK_EVERY_BYTES / sampleBytes));
        long max = Math.max(min, Math.min(DEFAULT_CHECK_MAX, ROW_GROUP_BYTES / sampleBytes));
        for (String key : new String[] {BLOCK_CHECK_MIN, PAGE_CHECK_MIN}) {
            if (!userSet.test(key) && min < DEFAULT_CHECK_MIN) {
                out.put(key, Long.toString(min));
            }
        }
        for (String key : new String[] {BLOCK_CHECK_MAX, PAGE_CHECK_MAX}) {
            if (!userSet.test(key) && max < DEFAULT_CHECK_MAX) {
                out.put(key, Long.toString(max));
            }
        }
        return out;
    }

    /** Spark's setting for the Parquet codec, and the write option that overrides it. */
    static final String CODEC = "spark.sql.parquet.compression.codec";
    public static final String COMPRESSION_OPTION = "compression";
    /** From this many bytes of samples per row, the job writes Parquet uncompressed unless told otherwise. */
    public static final long UNCOMPRESSED_FROM_BYTES = 16L << 20;

    /**
     * The options of the job's writes ({@code generate}, {@code augment}, {@code augment --stream}): {@link #options},
     * and for samples of {@value #UNCOMPRESSED_FROM_BYTES} bytes or more no compression unless the user chose a codec
     * ({@code --conf spark.sql.parquet.compression.codec=snappy}). Parquet compresses a page at a time, and a page
     * holds a whole sample, so compressing costs the compressor's buffers: up to twice the sample on the heap and
     * about as much again off it. N(0,1) floats do not compress (Snappy made a 142,855,442-byte file of one
     * 142,848,000-byte sample); augmented ones compress by about the share of dropped channels, which hold one value.
     * With 143 MiB samples and {@code --copies 2} on local[2], {@code augment} needed more than 6 GiB of heap with
     * Snappy and completed in 6 GiB without.
     */
    public static Map<String, String> writeOptions(SparkSession spark, long sampleBytes) {
        Map<String, String> out = options(spark, sampleBytes);
        if (sampleBytes >= UNCOMPRESSED_FROM_BYTES && !spark.conf().contains(CODEC)) {
            out.put(COMPRESSION_OPTION, "uncompressed");
        }
        return out;
    }
}
