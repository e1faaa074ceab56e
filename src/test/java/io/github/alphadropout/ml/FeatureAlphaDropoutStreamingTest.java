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

package io.github.alphadropout.ml;

import io.github.alphadropout.testing.SparkSessionTest;

import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.RowSeeds;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.StreamingFixture;
import io.github.alphadropout.sql.StreamingFixture.Batches;
import io.github.alphadropout.sql.StreamingFixture.Sample;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static io.github.alphadropout.sql.StreamingFixture.bits;
import static io.github.alphadropout.sql.StreamingFixture.deleteLastCommit;
import static io.github.alphadropout.sql.StreamingFixture.floats;
import static io.github.alphadropout.sql.StreamingFixture.runToEnd;
import static io.github.alphadropout.sql.StreamingFixture.samples;
import static io.github.alphadropout.sql.StreamingFixture.stream;
import static io.github.alphadropout.sql.StreamingFixture.writeJson;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FeatureAlphaDropout on streaming DataFrames: a JSON file source fed one new file per micro-batch, real
 * checkpoint folders, a restart that replays a micro-batch, and the transformer inside {@code foreachBatch}.
 */
class FeatureAlphaDropoutStreamingTest extends SparkSessionTest {

    private static final int[] SHAPE = {8, 3};
    private static final int N = 24;
    private static final long SEED = 77;
    private static final int ROWS_PER_FILE = 8;
    private static final AlphaDropoutOp OP = AlphaDropoutOp.feature(0.5, SampleShape.of(SHAPE));

    private static FeatureAlphaDropout dropout() {
        return new FeatureAlphaDropout().setInputCol("x").setOutputCol("y").setShape(SHAPE).setP(0.5).setSeed(SEED);
    }

    private static List<Sample> file(int i) {
        return samples((long) ROWS_PER_FILE * i, ROWS_PER_FILE, N, 300 + i);
    }

    /** Column {@code out} of micro-batch {@code batch} has the documented seeds of input column {@code column}. */
    private static void assertMicroBatchMasks(long batch, List<Row> rows, String in, String out) {
        assertEquals(ROWS_PER_FILE, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            long rowSeed = RowSeeds.rowSeedInMicroBatch(SEED, in, batch, 0, r);
            assertArrayEquals(OP.apply(floats(rows.get(r), in), rowSeed), floats(rows.get(r), out),
                    out + " of row " + r + " in micro-batch " + batch);
        }
    }

    private static int rowsWithDifferentMasks(List<Row> a, List<Row> b, String column) {
        int different = 0;
        for (int r = 0; r < a.size(); r++) {
            assertArrayEquals(floats(a.get(r), "x"), floats(b.get(r), "x"), "identical input rows");
            different += Arrays.equals(floats(a.get(r), column), floats(b.get(r), column)) ? 0 : 1;
        }
        return different;
    }

    @Test
    void identicalRowsAtIdenticalPositionsInTwoMicroBatchesGetDifferentMasks(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        writeJson(in, 0, file(0));
        writeJson(in, 1, file(0));
        Dataset<Row> source = stream(spark, in).withColumn("x2", col("x"));
        FeatureAlphaDropout twoColumns = new FeatureAlphaDropout().setInputCols(new String[] {"x", "x2"})
                .setOutputCols(new String[] {"y", "y2"}).setShape(SHAPE).setP(0.5).setSeed(SEED);
        FeatureAlphaDropout keyed = dropout().setOutputCol("byKey").setSeedCol("key");
        Dataset<Row> query = keyed.transform(twoColumns.transform(source));
        assertTrue(query.isStreaming());
        Batches batches = new Batches();
        runToEnd(query, dir.resolve("checkpoint"), batches);

        assertEquals(Set.of(0L, 1L), batches.runs().keySet());
        List<Row> first = batches.first(0);
        List<Row> second = batches.first(1);
        assertTrue(rowsWithDifferentMasks(first, second, "y") >= ROWS_PER_FILE - 1);
        for (long b = 0; b < 2; b++) {
            assertMicroBatchMasks(b, batches.first(b), "x", "y");
            assertMicroBatchMasks(b, batches.first(b), "x2", "y2");
        }
        // A seed column alone decides: the same masks in both micro-batches and in a batch query.
        List<Row> batchQuery = keyed.transform(spark.read().schema(StreamingFixture.SCHEMA)
                .json(in.resolve("part-0.json").toString())).collectAsList();
        for (int r = 0; r < ROWS_PER_FILE; r++) {
            assertArrayEquals(floats(batchQuery.get(r), "byKey"), floats(first.get(r), "byKey"));
            assertArrayEquals(floats(batchQuery.get(r), "byKey"), floats(second.get(r), "byKey"));
        }
    }

    @Test
    void aQueryRestartedFromItsCheckpointReproducesEveryMicroBatch(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 3; i++) {
            writeJson(dir.resolve("all"), i, file(i));
        }
        Batches uninterrupted = new Batches();
        runToEnd(dropout().transform(stream(spark, dir.resolve("all"))), dir.resolve("checkpoint-all"),
                uninterrupted);

        Path in = dir.resolve("in");
        Path checkpoint = dir.resolve("checkpoint");
        Batches restarted = new Batches();
        writeJson(in, 0, file(0));
        writeJson(in, 1, file(1));
        runToEnd(dropout().transform(stream(spark, in)), checkpoint, restarted);
        assertEquals(1L, deleteLastCommit(checkpoint)); // micro-batch 1 logged but not committed: it runs again
        writeJson(in, 2, file(2));
        runToEnd(dropout().transform(stream(spark, in)), checkpoint, restarted);

        assertEquals(Set.of(0L, 1L, 2L), uninterrupted.runs().keySet());
        assertEquals(uninterrupted.runs().keySet(), restarted.runs().keySet());
        assertEquals(2, restarted.runs().get(1L).size(), "micro-batch 1 ran twice");
        for (long b = 0; b < 3; b++) {
            for (List<Row> run : restarted.runs().get(b)) {
                assertEquals(bits(uninterrupted.first(b)), bits(run), "micro-batch " + b);
            }
            assertMicroBatchMasks(b, uninterrupted.first(b), "x", "y");
        }
    }

    /**
     * The transformer applied inside {@code foreachBatch}, to each micro-batch as a batch DataFrame: the function
     * runs on the query's thread, so its jobs carry the micro-batch id too.
     */
    @Test
    void insideForeachBatchMasksAlsoFollowTheMicroBatch(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        Path checkpoint = dir.resolve("checkpoint");
        writeJson(in, 0, file(1));
        writeJson(in, 1, file(1));
        Batches batches = new Batches();
        FeatureAlphaDropout dropout = dropout();
        StreamingFixture.runToEnd(stream(spark, in), checkpoint,
                (batch, id) -> batches.record(id, dropout.transform(batch).collectAsList()));
        assertEquals(1L, deleteLastCommit(checkpoint));
        StreamingFixture.runToEnd(stream(spark, in), checkpoint,
                (batch, id) -> batches.record(id, dropout.transform(batch).collectAsList()));

        assertEquals(Set.of(0L, 1L), batches.runs().keySet());
        assertEquals(2, batches.runs().get(1L).size(), "micro-batch 1 ran twice");
        assertEquals(bits(batches.runs().get(1L).get(0)), bits(batches.runs().get(1L).get(1)));
        assertTrue(rowsWithDifferentMasks(batches.first(0), batches.first(1), "y") >= ROWS_PER_FILE - 1);
        for (long b = 0; b < 2; b++) {
            assertMicroBatchMasks(b, batches.first(b), "x", "y");
        }
    }

    @Test
    void aBatchTransformIsReproducibleAndKeepsTheBatchSeeds(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        writeJson(in, 0, file(0));
        writeJson(in, 1, file(1));
        runToEnd(dropout().transform(stream(spark, in)), dir.resolve("checkpoint"), new Batches());

        Dataset<Row> batch = spark.read().schema(StreamingFixture.SCHEMA).json(in.toString());
        List<Row> once = dropout().transform(batch).withColumn("position", monotonically_increasing_id())
                .collectAsList();
        List<Row> twice = dropout().transform(batch).withColumn("position", monotonically_increasing_id())
                .collectAsList();
        assertEquals(bits(once), bits(twice));
        assertEquals(2 * ROWS_PER_FILE, once.size());
        for (Row row : once) {
            long position = row.getLong(row.fieldIndex("position"));
            assertArrayEquals(OP.apply(floats(row, "x"), RowSeeds.forPosition(RowSeeds.streamKey(SEED, "x"), position)),
                    floats(row, "y"), "the batch formula");
        }
    }
}
