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

import java.nio.charset.StandardCharsets;
import java.util.Objects;

import static io.github.alphadropout.kernel.CounterRandom.GOLDEN;
import static io.github.alphadropout.kernel.CounterRandom.mix64;

/**
 * How each row's 64-bit seed is derived. All functions are pure, so a task retry or a speculative copy of a
 * task derives the same seeds and therefore the same masks.
 *
 * <pre>
 *   columnKey(column)                     = mix64(FNV-1a-64(UTF-8 bytes of the column's name))
 *   streamKey(seed, column)               = mix64(mix64(seed) ^ columnKey(column))
 *   positionId(partition, row)            = (partition &lt;&lt; 33) + row     (Spark's monotonically_increasing_id)
 *   rowSeed(seed, column, partition, row) = mix64(streamKey + GOLDEN * (positionId + 1))
 *   rowSeedForKey(seed, column, key)      = mix64(mix64(streamKey ^ KEY_DOMAIN) + GOLDEN * (key + 1))
 *
 *   microBatchSeed(seed, batch)           = mix64(seed ^ mix64(BATCH_DOMAIN + GOLDEN * (batch + 1)))
 * </pre>
 *
 * <p>{@code column} is the input column's name (for an expression that is not a column: its SQL text, or the
 * name a front end was given), so that two columns of one row get independent masks, while the same column with
 * the same seed gets the same masks in every front end (Transformer, Column function, SQL function). Position
 * seeds and key seeds live in separate domains.
 *
 * <p>Streaming: every micro-batch of a streaming query restarts partition indices and row positions, so position
 * seeds alone would give row {@code k} of partition {@code j} the same mask in every micro-batch. In micro-batch
 * {@code batch} (0, 1, 2... as recorded in the query's checkpoint, so a re-run of a batch gets the same id and the
 * same masks) position seeds therefore use the seed {@link #microBatchSeed(long, long) microBatchSeed(seed,
 * batch)} in place of {@code seed}. Batch (non-streaming) queries use {@code seed} itself. Key seeds never depend
 * on the micro-batch.
 */
public final class RowSeeds {

    /** Separates seeds derived from a seed column's value from seeds derived from a row's position. */
    static final long KEY_DOMAIN = 0x6B65795F73656564L; // "key_seed"

    /** Separates the micro-batch ids mixed into a seed from the other inputs of the mix. */
    static final long BATCH_DOMAIN = 0x62617463685F6964L; // "batch_id"

    static final long FNV_OFFSET_BASIS = 0xCBF29CE484222325L;
    static final long FNV_PRIME = 0x100000001B3L;

    private RowSeeds() {
    }

    /** The 64-bit key of a column's name: {@code mix64} of the FNV-1a hash of its UTF-8 bytes. */
    public static long columnKey(String column) {
        Objects.requireNonNull(column, "column");
        long hash = FNV_OFFSET_BASIS;
        for (byte b : column.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
        }
        return mix64(hash);
    }

    /** The key of one (seed, column) stream; compute it once and reuse it for every row. */
    public static long streamKey(long seed, String column) {
        return streamKey(seed, columnKey(column));
    }

    /** The key of the stream of a seed and a column key ({@link #columnKey}, or any 64-bit stream identity). */
    public static long streamKey(long seed, long columnKey) {
        return mix64(mix64(seed) ^ columnKey);
    }

    /**
     * The seed that position seeds use in place of {@code seed} in micro-batch {@code microBatchId} of a streaming
     * query: a different seed for every micro-batch, the same whenever the same micro-batch is re-run. Passing it
     * as the seed outside a stream reproduces the masks of that micro-batch.
     */
    public static long microBatchSeed(long seed, long microBatchId) {
        return mix64(seed ^ mix64(BATCH_DOMAIN + GOLDEN * (microBatchId + 1)));
    }

    /** Spark's {@code monotonically_increasing_id()} for row {@code row} of partition {@code partition}. */
    public static long positionId(int partition, long row) {
        return ((long) partition << 33) + row;
    }

    /** The seed of the row at {@code positionId} (see {@link #positionId}) in the given stream. */
    public static long forPosition(long streamKey, long positionId) {
        return mix64(streamKey + GOLDEN * (positionId + 1));
    }

    /** The seed of a row identified by a key (the value of a seed column) in the given stream. */
    public static long forKey(long streamKey, long key) {
        return mix64(mix64(streamKey ^ KEY_DOMAIN) + GOLDEN * (key + 1));
    }

    /** The seed of row {@code row} (0-based, within its partition) of partition {@code partition}. */
    public static long rowSeed(long seed, String column, int partition, long row) {
        return forPosition(streamKey(seed, column), positionId(partition, row));
    }

    /**
     * The seed of row {@code row} (0-based, within its partition) of partition {@code partition} in micro-batch
     * {@code microBatchId} of a streaming query (position seeds).
     */
    public static long rowSeedInMicroBatch(long seed, String column, long microBatchId, int partition, long row) {
        return rowSeed(microBatchSeed(seed, microBatchId), column, partition, row);
    }

    /** The seed of a row whose seed column holds {@code key}. */
    public static long rowSeedForKey(long seed, String column, long key) {
        return forKey(streamKey(seed, column), key);
    }
}
