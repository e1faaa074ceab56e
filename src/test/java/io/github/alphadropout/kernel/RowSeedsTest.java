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

    /** FNV-1a, 64 bits, over UTF-8 bytes, written out independently. */
    private static long fnv1a(String text) {
        long hash = 0xCBF29CE484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xFF;
            hash *= 0x100000001B3L;
        }
        return hash;
    }

    @Test
    void columnKeyIsMix64OfFnv1a() {
        // The published FNV-1a 64-bit test vectors.
        assertEquals(0xCBF29CE484222325L, fnv1a(""));
        assertEquals(0xAF63DC4C8601EC8CL, fnv1a("a"));
        assertEquals(0x85944171F73967E8L, fnv1a("foobar"));
        for (String column : new String[] {"", "a", "foobar", "features", "x.y", "Größe", "`q`"}) {
            assertEquals(mix(fnv1a(column)), RowSeeds.columnKey(column), column);
        }
    }

    @Test
    void columnNamesAreCaseAndByteExact() {
        assertTrue(RowSeeds.columnKey("x") != RowSeeds.columnKey("X"));
        assertTrue(RowSeeds.columnKey("a") != RowSeeds.columnKey("b"));
    }

    @ParameterizedTest(name = "seed={0} column={1} partition={2} row={3}")
    @CsvSource({
        "0, x, 0, 0",
        "42, x, 0, 1",
        "42, y, 0, 1",
        "42, x, 1, 0",
        "-1, features, 17, 123456789",
        "9223372036854775807, a.b, 65535, 8589934591",
        "-9223372036854775808, x, 2147483647, 0",
    })
    void rowSeedIsTheDocumentedMix(long seed, String column, int partition, long row) {
        long streamKey = mix(mix(seed) ^ mix(fnv1a(column)));
        long positionId = ((long) partition << 33) + row;
        long rowSeed = mix(streamKey + GOLDEN * (positionId + 1));

        assertEquals(streamKey, RowSeeds.streamKey(seed, column), "streamKey");
        assertEquals(positionId, RowSeeds.positionId(partition, row), "positionId");
        assertEquals(rowSeed, RowSeeds.forPosition(streamKey, positionId), "forPosition");
        assertEquals(rowSeed, RowSeeds.rowSeed(seed, column, partition, row), "rowSeed");
    }

    @ParameterizedTest(name = "seed={0} column={1} key={2}")
    @CsvSource({
        "0, x, 0",
        "42, x, 1",
        "42, y, 1",
        "-5, z, -1",
        "7, x, 9223372036854775807",
    })
    void rowSeedForKeyIsTheDocumentedMix(long seed, String column, long key) {
        long streamKey = mix(mix(seed) ^ mix(fnv1a(column)));
        long expected = mix(mix(streamKey ^ RowSeeds.KEY_DOMAIN) + GOLDEN * (key + 1));
        assertEquals(expected, RowSeeds.forKey(streamKey, key));
        assertEquals(expected, RowSeeds.rowSeedForKey(seed, column, key));
    }

    @ParameterizedTest(name = "seed={0} column={1} batch={2} partition={3} row={4}")
    @CsvSource({
        "0, x, 0, 0, 0",
        "42, x, 1, 0, 1",
        "42, y, 1, 0, 1",
        "42, x, 2, 1, 0",
        "-1, features, 123456, 17, 123456789",
        "9223372036854775807, x, 9223372036854775806, 65535, 8589934591",
    })
    void microBatchRowSeedIsTheDocumentedMix(long seed, String column, long batch, int partition, long row) {
        long batchSeed = mix(seed ^ mix(RowSeeds.BATCH_DOMAIN + GOLDEN * (batch + 1)));
        long streamKey = mix(mix(batchSeed) ^ mix(fnv1a(column)));
        long positionId = ((long) partition << 33) + row;
        long expected = mix(streamKey + GOLDEN * (positionId + 1));

        assertEquals(batchSeed, RowSeeds.microBatchSeed(seed, batch), "microBatchSeed");
        assertEquals(expected, RowSeeds.rowSeedInMicroBatch(seed, column, batch, partition, row));
        assertEquals(expected, RowSeeds.rowSeed(batchSeed, column, partition, row), "the seed is all that changes");
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
    void everyMicroBatchHasItsOwnSeedAndNoneIsTheBatchQuerysSeed() {
        // Micro-batches 0, 1, 2... of one seed must not repeat a seed, nor fall back on the batch query's seed.
        for (long seed : new long[] {0L, 42L, -7L}) {
            Set<Long> seeds = new HashSet<>();
            seeds.add(seed);
            for (long batch = 0; batch < 10_000; batch++) {
                assertTrue(seeds.add(RowSeeds.microBatchSeed(seed, batch)),
                        "seed " + seed + " batch " + batch + " repeats a seed");
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
                    seen.add(RowSeeds.rowSeedInMicroBatch(5L, "x", batch, partition, row));
                    count++;
                }
            }
        }
        for (int partition = 0; partition < 8; partition++) {
            for (long row = 0; row < 64; row++) {
                seen.add(RowSeeds.rowSeed(5L, "x", partition, row));
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
            positionSeeds.add(RowSeeds.rowSeed(11L, "x", 0, row));
        }
        for (long key = 0; key < 10_000; key++) {
            long keySeed = RowSeeds.rowSeedForKey(11L, "x", key);
            assertFalse(positionSeeds.contains(keySeed), "key " + key + " collides with a position seed");
        }
    }

    @Test
    void rowSeedsAreDistinctAcrossRowsPartitionsColumnsAndSeeds() {
        Set<Long> seen = new HashSet<>();
        int count = 0;
        for (long seed = 0; seed < 4; seed++) {
            for (String column : new String[] {"a", "b", "x", "features"}) {
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
