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

package io.github.alphadropout.job.input;

import io.github.alphadropout.job.run.AugmentSettings;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps Spark's columnar readers from holding a huge batch of tensor rows. Spark's vectorized Parquet and ORC
 * readers read 4096 rows per batch by default; with samples of 16x4x32x32 floats that is one 1 GiB float array per
 * column per task (and the reader grows it by doubling), so the job ran out of memory on a 1 GiB heap even on a
 * 128 MiB input. Unless the user set them, the job sets both batch sizes so that a batch holds about
 * {@value #VALUES_PER_BATCH} tensor values (16 MiB of floats): 4096 rows for samples of up to 1024 values, 64 rows
 * for 65536. Reading stays vectorized, and the bench's memory benchmark found smaller batches faster too (less
 * allocation).
 */
public final class ReaderBatchSize {

    static final String PARQUET = "spark.sql.parquet.columnarReaderBatchSize";
    static final String ORC = "spark.sql.orc.columnarReaderBatchSize";
    static final long VALUES_PER_BATCH = 1L << 22;
    static final int SPARK_DEFAULT_ROWS = 4096;
    /** Rows per batch when the sample length is not known in advance (a -1 in the shape). */
    static final int UNKNOWN_LENGTH_ROWS = 64;

    private ReaderBatchSize() {
    }

    /** Rows per batch for samples of the settings' shape, over all augmented columns. */
    static int rows(AugmentSettings s) {
        if (s.shape().hasInferredDimension()) {
            return UNKNOWN_LENGTH_ROWS;
        }
        long valuesPerRow = (long) s.shape().fixedLength() * s.columns().size();
        return (int) Math.max(1, Math.min(SPARK_DEFAULT_ROWS, VALUES_PER_BATCH / Math.max(1, valuesPerRow)));
    }

    /** Sets both readers' batch size on the session, each unless the user set it (--conf, defaults file). */
    public static void limit(SparkSession spark, AugmentSettings s) {
        String rows = Integer.toString(rows(s));
        for (String key : new String[] {PARQUET, ORC}) {
            if (!spark.conf().contains(key)) {
                spark.conf().set(key, rows);
            }
        }
    }
}
