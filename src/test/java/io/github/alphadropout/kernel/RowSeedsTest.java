package io.github.alphadropout.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The row seed derivations match the formulas documented in {@link RowSeeds}, written out here independently. */
class RowSeedsTest {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /** SplitMix64's finaliser, written out independently of CounterRandom. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @ParameterizedTest(name = "seed={0} column={1} partition={2} row={3}")
    @CsvSource({
        "0, 0, 0, 0",
        "42, 0, 0, 1",
        "42, 1, 0, 1",
        "42, 0, 1, 0",
        "-1, 3, 17, 123456789",
        "9223372036854775807, 7, 65535, 8589934591",
        "-9223372036854775808, 0, 2147483647, 0",
    })
    void rowSeedIsTheDocumentedMix(long seed, int column, int partition, long row) {
        long streamKey = mix(mix(seed) ^ (GOLDEN * (column + 1L)));
        long positionId = ((long) partition << 33) + row;
        long rowSeed = mix(streamKey + GOLDEN * (positionId + 1));

        assertEquals(streamKey, RowSeeds.streamKey(seed, column), "streamKey");
        assertEquals(positionId, RowSeeds.positionId(partition, row), "positionId");
        assertEquals(rowSeed, RowSeeds.forPosition(streamKey, positionId), "forPosition");
        assertEquals(rowSeed, RowSeeds.rowSeed(seed, column, partition, row), "rowSeed");
    }

    @ParameterizedTest(name = "seed={0} column={1} key={2}")
    @CsvSource({
        "0, 0, 0",
        "42, 0, 1",
        "42, 1, 1",
        "-5, 2, -1",
        "7, 0, 9223372036854775807",
    })
    void rowSeedForKeyIsTheDocumentedMix(long seed, int column, long key) {
        long streamKey = mix(mix(seed) ^ (GOLDEN * (column + 1L)));
        long expected = mix(mix(streamKey ^ RowSeeds.KEY_DOMAIN) + GOLDEN * (key + 1));
        assertEquals(expected, RowSeeds.forKey(streamKey, key));
        assertEquals(expected, RowSeeds.rowSeedForKey(seed, column, key));
    }

    @ParameterizedTest(name = "seed={0} column={1} batch={2} partition={3} row={4}")
    @CsvSource({
        "0, 0, 0, 0, 0",
        "42, 0, 1, 0, 1",
        "42, 1, 1, 0, 1",
        "42, 0, 2, 1, 0",
        "-1, 3, 123456, 17, 123456789",
        "9223372036854775807, 7, 9223372036854775806, 65535, 8589934591",
    })
    void microBatchRowSeedIsTheDocumentedMix(long seed, int column, long batch, int partition, long row) {
        long batchStreamKey = mix(mix(mix(seed) ^ (GOLDEN * (column + 1L)))
                ^ mix(RowSeeds.BATCH_DOMAIN + GOLDEN * (batch + 1)));
        long positionId = ((long) partition << 33) + row;
        long expected = mix(batchStreamKey + GOLDEN * (positionId + 1));

        assertEquals(batchStreamKey, RowSeeds.streamKey(seed, column, batch), "streamKey(seed, column, batch)");
        assertEquals(expected, RowSeeds.forPosition(batchStreamKey, positionId), "forPosition");
        assertEquals(expected, RowSeeds.rowSeedInMicroBatch(seed, column, batch, partition, row));
    }

    @Test
    void batchDomainIsAsciiBatchId() {
        long fromAscii = 0;
        for (byte b : "batch_id".getBytes(StandardCharsets.US_ASCII)) {
            fromAscii = (fromAscii << 8) | (b & 0xff);
        }
        assertEquals(fromAscii, RowSeeds.BATCH_DOMAIN);
    }

    @Test
    void everyMicroBatchHasItsOwnStreamKeyAndNoneIsTheBatchQuerysKey() {
        // Micro-batches 0, 1, 2... of one (seed, column) must not repeat a key, nor fall back on the batch key.
        for (long seed : new long[] {0L, 42L, -7L}) {
            for (int column = 0; column < 3; column++) {
                Set<Long> keys = new HashSet<>();
                keys.add(RowSeeds.streamKey(seed, column));
                for (long batch = 0; batch < 10_000; batch++) {
                    assertTrue(keys.add(RowSeeds.streamKey(seed, column, batch)),
                            "seed " + seed + " column " + column + " batch " + batch + " repeats a stream key");
                }
            }
        }
    }

    @Test
    void theSamePositionInDifferentMicroBatchesGetsDifferentSeeds() {
        Set<Long> seen = new HashSet<>();
        int count = 0;
        for (long batch = 0; batch < 64; batch++) {
            for (int partition = 0; partition < 8; partition++) {
                for (long row = 0; row < 64; row++) {
                    seen.add(RowSeeds.rowSeedInMicroBatch(5L, 0, batch, partition, row));
                    count++;
                }
            }
        }
        for (int partition = 0; partition < 8; partition++) {
            for (long row = 0; row < 64; row++) {
                seen.add(RowSeeds.rowSeed(5L, 0, partition, row));
                count++;
            }
        }
        assertEquals(count, seen.size(), "(batch, partition, row) and the batch query's (partition, row) all differ");
    }

    @Test
    void keyDomainIsAsciiKeySeed() {
        long fromAscii = 0;
        for (byte b : "key_seed".getBytes(StandardCharsets.US_ASCII)) {
            fromAscii = (fromAscii << 8) | (b & 0xff);
        }
        assertEquals(fromAscii, RowSeeds.KEY_DOMAIN);
    }

    @Test
    void positionIdIsSparksMonotonicallyIncreasingId() {
        // Spark: MonotonicallyIncreasingID = (partitionIndex.toLong << 33) + count, count from 0 per partition.
        assertEquals(0L, RowSeeds.positionId(0, 0));
        assertEquals(8589934592L, RowSeeds.positionId(1, 0));
        assertEquals(8589934592L * 3 + 5, RowSeeds.positionId(3, 5));
        assertEquals((2147483647L << 33) + 1, RowSeeds.positionId(Integer.MAX_VALUE, 1));
    }

    @Test
    void positionAndKeySeedsLiveInSeparateDomains() {
        // A seed column holding 0, 1, 2... must not reproduce the masks of rows at positions 0, 1, 2...
        Set<Long> positionSeeds = new HashSet<>();
        for (long row = 0; row < 10_000; row++) {
            positionSeeds.add(RowSeeds.rowSeed(11L, 0, 0, row));
        }
        for (long key = 0; key < 10_000; key++) {
            long keySeed = RowSeeds.rowSeedForKey(11L, 0, key);
            assertFalse(positionSeeds.contains(keySeed), "key " + key + " collides with a position seed");
        }
    }

    @Test
    void rowSeedsAreDistinctAcrossRowsPartitionsColumnsAndSeeds() {
        Set<Long> seen = new HashSet<>();
        int count = 0;
        for (long seed = 0; seed < 4; seed++) {
            for (int column = 0; column < 4; column++) {
                for (int partition = 0; partition < 16; partition++) {
                    for (long row = 0; row < 256; row++) {
                        seen.add(RowSeeds.rowSeed(seed, column, partition, row));
                        count++;
                    }
                }
            }
        }
        assertEquals(count, seen.size());
    }
}
