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

import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;

/**
 * How a seed column's value becomes the 64-bit key of its row: a value of an integral type ({@code tinyint} to
 * {@code bigint}) is the key itself, widened to long; a value of any other type is hashed with Spark's
 * {@code xxhash64} (seed 42), exactly the long that the SQL function {@code xxhash64(value)} gives.
 */
final class SeedKeys {

    /** Spark's {@code xxhash64} seed. */
    static final long XXHASH_SEED = 42L;

    private SeedKeys() {
    }

    /** Whether values of the type are integers of at most 64 bits. */
    static boolean isIntegral(DataType type) {
        return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType;
    }

    /** The key of a non-null value of a non-integral type. */
    static long hash(Object value, DataType type) {
        return Columns.xxhash64(value, type, XXHASH_SEED);
    }
}
