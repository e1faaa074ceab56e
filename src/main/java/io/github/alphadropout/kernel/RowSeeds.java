package io.github.alphadropout.kernel;

import static io.github.alphadropout.kernel.CounterRandom.GOLDEN;
import static io.github.alphadropout.kernel.CounterRandom.mix64;

/**
 * How each row's 64-bit seed is derived. All functions are pure, so a task retry or a speculative copy of a
 * task derives the same seeds and therefore the same masks.
 *
 * <pre>
 *   streamKey(seed, column)              = mix64(mix64(seed) ^ GOLDEN * (column + 1))
 *   positionId(partition, row)           = (partition &lt;&lt; 33) + row     (Spark's monotonically_increasing_id)
 *   rowSeed(seed, column, partition, row) = mix64(streamKey + GOLDEN * (positionId + 1))
 *   rowSeedForKey(seed, column, key)      = mix64(mix64(streamKey ^ KEY_DOMAIN) + GOLDEN * (key + 1))
 *
 *   streamKey(seed, column, batch)       = mix64(streamKey(seed, column) ^ mix64(BATCH_DOMAIN + GOLDEN * (batch + 1)))
 *   rowSeedInMicroBatch(seed, column, batch, partition, row)
 *                                        = mix64(streamKey(seed, column, batch) + GOLDEN * (positionId + 1))
 * </pre>
 *
 * {@code column} is the index of the input column among the transformer's input columns (0 for one column), so
 * that two columns of one row get independent masks. Position seeds and key seeds live in separate domains.
 *
 * <p>Streaming: every micro-batch of a streaming query restarts partition indices and row positions, so position
 * seeds alone would give row {@code k} of partition {@code j} the same mask in every micro-batch. In a micro-batch,
 * position seeds therefore use the micro-batch's stream key {@code streamKey(seed, column, batch)}, which mixes in
 * the micro-batch id {@code batch} (0, 1, 2... as recorded in the query's checkpoint, so a re-run of a batch gets
 * the same id and the same masks). Batch (non-streaming) queries use the two-argument stream key, unchanged. Key
 * seeds never depend on the micro-batch.
 */
public final class RowSeeds {

    /** Separates seeds derived from a seed column's value from seeds derived from a row's position. */
    static final long KEY_DOMAIN = 0x6B65795F73656564L; // "key_seed"

    /** Separates the micro-batch ids mixed into a stream key from the other inputs of the mix. */
    static final long BATCH_DOMAIN = 0x62617463685F6964L; // "batch_id"

    private RowSeeds() {
    }

    /** The key of one (seed, column) stream; compute it once and reuse it for every row. */
    public static long streamKey(long seed, int column) {
        return mix64(mix64(seed) ^ (GOLDEN * (column + 1L)));
    }

    /**
     * The key of one (seed, column) stream in micro-batch {@code microBatchId} of a streaming query (position seeds
     * only); a different key for every micro-batch, the same key whenever the same micro-batch is re-run.
     */
    public static long streamKey(long seed, int column, long microBatchId) {
        return mix64(streamKey(seed, column) ^ mix64(BATCH_DOMAIN + GOLDEN * (microBatchId + 1)));
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
    public static long rowSeed(long seed, int column, int partition, long row) {
        return forPosition(streamKey(seed, column), positionId(partition, row));
    }

    /**
     * The seed of row {@code row} (0-based, within its partition) of partition {@code partition} in micro-batch
     * {@code microBatchId} of a streaming query (position seeds).
     */
    public static long rowSeedInMicroBatch(long seed, int column, long microBatchId, int partition, long row) {
        return forPosition(streamKey(seed, column, microBatchId), positionId(partition, row));
    }

    /** The seed of a row whose seed column holds {@code key}. */
    public static long rowSeedForKey(long seed, int column, long key) {
        return forKey(streamKey(seed, column), key);
    }
}
