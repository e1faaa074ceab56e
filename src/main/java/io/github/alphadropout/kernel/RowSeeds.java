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
 * </pre>
 *
 * {@code column} is the index of the input column among the transformer's input columns (0 for one column), so
 * that two columns of one row get independent masks. Position seeds and key seeds live in separate domains.
 */
public final class RowSeeds {

    /** Separates seeds derived from a seed column's value from seeds derived from a row's position. */
    static final long KEY_DOMAIN = 0x6B65795F73656564L; // "key_seed"

    private RowSeeds() {
    }

    /** The key of one (seed, column) stream; compute it once and reuse it for every row. */
    public static long streamKey(long seed, int column) {
        return mix64(mix64(seed) ^ (GOLDEN * (column + 1L)));
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

    /** The seed of a row whose seed column holds {@code key}. */
    public static long rowSeedForKey(long seed, int column, long key) {
        return forKey(streamKey(seed, column), key);
    }
}
