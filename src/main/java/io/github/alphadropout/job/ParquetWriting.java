package io.github.alphadropout.job;

import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps the Parquet writer's buffers near one sample. Parquet's writer looks at the size of what it buffers only
 * every so many rows: the row group (flushed at {@code parquet.block.size}, 128 MiB) first after
 * {@code parquet.block.size.row.check.min} rows (100 by default) and the page after
 * {@code parquet.page.size.row.check.min} rows (100), and then after as many rows as it estimates will fill them,
 * within {@code ...row.check.max} (10000). With 8 MiB samples that is 800 MiB buffered per writer (per task) before
 * the first look, and with 143 MiB samples 14 GiB. From the sample size it knows (all tensor columns of a row), the
 * job sets the minimum so that the writer looks about every {@value #CHECK_EVERY_BYTES} bytes of samples (at least
 * every row) and the maximum so that it looks at least every {@value #ROW_GROUP_BYTES} bytes, each only below
 * Parquet's default and only unless the user set it ({@code --conf spark.hadoop.parquet...}).
 */
final class ParquetWriting {

    static final String BLOCK_CHECK_MIN = "parquet.block.size.row.check.min";
    static final String BLOCK_CHECK_MAX = "parquet.block.size.row.check.max";
    static final String PAGE_CHECK_MIN = "parquet.page.size.row.check.min";
    static final String PAGE_CHECK_MAX = "parquet.page.size.row.check.max";
    /** Parquet's defaults for the minimum and the maximum. */
    static final int DEFAULT_CHECK_MIN = 100;
    static final int DEFAULT_CHECK_MAX = 10_000;
    static final long CHECK_EVERY_BYTES = 16L << 20;
    static final long ROW_GROUP_BYTES = 128L << 20;

    private ParquetWriting() {
    }

    /**
     * The write options for rows holding {@code sampleBytes} bytes of samples (unknown: 0 or less, then none), without
     * those the user set in the session's settings or its Hadoop configuration.
     */
    static Map<String, String> options(SparkSession spark, long sampleBytes) {
        Map<String, String> out = new LinkedHashMap<>();
        if (sampleBytes <= 0) {
            return out;
        }
        long min = Math.max(1, Math.min(DEFAULT_CHECK_MIN, CHECK_EVERY_BYTES / sampleBytes));
        long max = Math.max(min, Math.min(DEFAULT_CHECK_MAX, ROW_GROUP_BYTES / sampleBytes));
        for (String key : new String[] {BLOCK_CHECK_MIN, PAGE_CHECK_MIN}) {
            put(spark, out, key, min, DEFAULT_CHECK_MIN);
        }
        for (String key : new String[] {BLOCK_CHECK_MAX, PAGE_CHECK_MAX}) {
            put(spark, out, key, max, DEFAULT_CHECK_MAX);
        }
        return out;
    }

    private static void put(SparkSession spark, Map<String, String> out, String key, long value, int parquetDefault) {
        boolean userSet = spark.sparkContext().hadoopConfiguration().get(key) != null || spark.conf().contains(key)
                || spark.conf().contains("spark.hadoop." + key);
        if (!userSet && value < parquetDefault) {
            out.put(key, Long.toString(value));
        }
    }
}
