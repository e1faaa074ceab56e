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

import io.github.alphadropout.testing.SparkSessionTest;

import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.RowSeeds;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.StreamingFixture.Batches;
import io.github.alphadropout.sql.StreamingFixture.Sample;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static io.github.alphadropout.sql.AlphaDropoutFunctions.dropout;
import static io.github.alphadropout.sql.AlphaDropoutFunctions.featureAlphaDropout;
import static io.github.alphadropout.sql.StreamingFixture.bits;
import static io.github.alphadropout.sql.StreamingFixture.deleteLastCommit;
import static io.github.alphadropout.sql.StreamingFixture.floats;
import static io.github.alphadropout.sql.StreamingFixture.runToEnd;
import static io.github.alphadropout.sql.StreamingFixture.samples;
import static io.github.alphadropout.sql.StreamingFixture.stream;
import static io.github.alphadropout.sql.StreamingFixture.writeJson;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Structured Streaming through the Column and SQL functions, on a real local SparkSession: a JSON file source fed
 * new files (one per micro-batch), real checkpoint folders, restarts, a replayed micro-batch and a file sink.
 */
class AlphaDropoutStreamingTest extends SparkSessionTest {

    private static final int[] SHAPE = {8, 3};
    private static final int N = 24;
    private static final long SEED = 1234;
    private static final int ROWS_PER_FILE = 8;

    @Override
    protected Map<String, String> sparkConf() {
        return Map.of("spark.sql.extensions", AlphaDropoutExtensions.class.getName());
    }

    private static final AlphaDropoutOp OP = AlphaDropoutOp.feature(0.5, SampleShape.of(SHAPE));

    /** File {@code i}'s rows: ids {@code 8i..8i+7}. */
    private static List<Sample> file(int i) {
        return samples((long) ROWS_PER_FILE * i, ROWS_PER_FILE, N, 100 + i);
    }

    /** Every row of micro-batch {@code batch} (one file, one partition) has the documented micro-batch seed. */
    private static void assertMicroBatchMasks(long batch, List<Row> rows, String column) {
        assertEquals(ROWS_PER_FILE, rows.size());
        for (int r = 0; r < rows.size(); r++) {
            float[] x = floats(rows.get(r), "x");
            assertArrayEquals(OP.apply(x, RowSeeds.rowSeedInMicroBatch(SEED, "x", batch, 0, r)),
                    floats(rows.get(r), column), column + " of row " + r + " in micro-batch " + batch);
        }
    }

    /** Spark's constants, read from its classes (in .execution.streaming until 4.0, .runtime since 4.1). */
    private static Object sparkConstant(String className, String field) throws ReflectiveOperationException {
        Class<?> type;
        try {
            type = Class.forName("org.apache.spark.sql.execution.streaming.runtime." + className + "$");
        } catch (ClassNotFoundException e) {
            type = Class.forName("org.apache.spark.sql.execution.streaming." + className + "$");
        }
        Object module = type.getField("MODULE$").get(null);
        return type.getMethod(field).invoke(module);
    }

    @Test
    void theLocalPropertiesReadAreSparks() throws ReflectiveOperationException {
        assertEquals(sparkConstant("MicroBatchExecution", "BATCH_ID_KEY"), MicroBatches.BATCH_ID_KEY);
        assertEquals(sparkConstant("StreamExecution", "IS_CONTINUOUS_PROCESSING"),
                MicroBatches.CONTINUOUS_PROCESSING_KEY);
    }

    @Test
    void identicalRowsAtIdenticalPositionsInTwoMicroBatchesGetDifferentMasks(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        writeJson(in, 0, file(0));
        writeJson(in, 1, file(0)); // the same rows again, so the same positions in micro-batch 1
        stream(spark, in).createOrReplaceTempView("samples_stream");
        DropoutSpec spec = DropoutSpec.feature(0.5, SampleShape.of(SHAPE), SEED);
        Dataset<Row> query = spark.sql("SELECT id, key, x, feature_alpha_dropout(x, 0.5, array(8, 3), " + SEED
                        + ") AS bySql FROM samples_stream")
                .withColumn("byColumn", featureAlphaDropout(col("x"), 0.5, SHAPE, SEED))
                .withColumn("byKey", dropout(col("x"), spec, col("key")));
        assertTrue(query.isStreaming());
        Batches batches = new Batches();
        runToEnd(query, dir.resolve("checkpoint"), batches);

        assertEquals(Set.of(0L, 1L), batches.runs().keySet());
        List<Row> first = batches.first(0);
        List<Row> second = batches.first(1);
        assertEquals(first.size(), second.size());
        int differentMasks = 0;
        for (int r = 0; r < ROWS_PER_FILE; r++) {
            assertArrayEquals(floats(first.get(r), "x"), floats(second.get(r), "x"), "identical input rows");
            boolean same = java.util.Arrays.equals(floats(first.get(r), "byColumn"), floats(second.get(r), "byColumn"));
            differentMasks += same ? 0 : 1;
        }
        assertTrue(differentMasks >= ROWS_PER_FILE - 1, differentMasks + " of " + ROWS_PER_FILE + " rows differ");
        for (long b = 0; b < 2; b++) {
            assertMicroBatchMasks(b, batches.first(b), "byColumn");
            assertMicroBatchMasks(b, batches.first(b), "bySql");
        }

        // With a seed column the key alone decides: the same in both micro-batches and in a batch query.
        List<Row> batchQuery = spark.read().schema(StreamingFixture.SCHEMA).json(in.resolve("part-0.json").toString())
                .withColumn("byKey", dropout(col("x"), spec, col("key"))).collectAsList();
        for (int r = 0; r < ROWS_PER_FILE; r++) {
            float[] expected = floats(batchQuery.get(r), "byKey");
            assertArrayEquals(expected, floats(first.get(r), "byKey"));
            assertArrayEquals(expected, floats(second.get(r), "byKey"));
        }
    }

    @Test
    void aQueryRestartedFromItsCheckpointReproducesEveryMicroBatch(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 4; i++) {
            writeJson(dir.resolve("all"), i, file(i));
        }
        Batches uninterrupted = new Batches();
        runToEnd(withDropout(stream(spark, dir.resolve("all"))), dir.resolve("checkpoint-all"), uninterrupted);

        Path in = dir.resolve("in");
        Path checkpoint = dir.resolve("checkpoint");
        Batches restarted = new Batches();
        writeJson(in, 0, file(0));
        writeJson(in, 1, file(1));
        runToEnd(withDropout(stream(spark, in)), checkpoint, restarted);
        assertEquals(Set.of(0L, 1L), restarted.runs().keySet());
        // As if the query died after logging micro-batch 1's offsets but before committing it: it runs again.
        assertEquals(1L, deleteLastCommit(checkpoint));
        writeJson(in, 2, file(2));
        writeJson(in, 3, file(3));
        runToEnd(withDropout(stream(spark, in)), checkpoint, restarted);

        assertEquals(Set.of(0L, 1L, 2L, 3L), uninterrupted.runs().keySet());
        assertEquals(uninterrupted.runs().keySet(), restarted.runs().keySet());
        assertEquals(2, restarted.runs().get(1L).size(), "micro-batch 1 ran twice");
        for (long b = 0; b < 4; b++) {
            List<String> expected = bits(uninterrupted.first(b));
            for (List<Row> run : restarted.runs().get(b)) {
                assertEquals(expected, bits(run), "micro-batch " + b);
            }
            assertMicroBatchMasks(b, uninterrupted.first(b), "y");
        }
    }

    private Dataset<Row> withDropout(Dataset<Row> stream) {
        return stream.select(col("id"), col("x"), featureAlphaDropout(col("x"), 0.5, SHAPE, SEED).as("y"));
    }

    @Test
    void aFileSinkHoldsEveryRowExactlyOnceAfterARestartThatReplaysABatch(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        Path out = dir.resolve("out");
        Path checkpoint = dir.resolve("checkpoint");
        writeJson(in, 0, file(0));
        writeJson(in, 1, file(1));
        runToParquet(in, out, checkpoint);
        assertEquals(1L, deleteLastCommit(checkpoint));
        writeJson(in, 2, file(2));
        writeJson(in, 3, file(3));
        runToParquet(in, out, checkpoint);

        List<Row> written = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(4 * ROWS_PER_FILE, written.size());
        Map<Long, float[]> byId = new HashMap<>();
        for (Row row : written) {
            assertEquals(null, byId.put(row.getLong(0), floats(row, "y")), "id " + row.getLong(0) + " twice");
        }
        for (int i = 0; i < 4; i++) {
            List<Sample> rows = file(i);
            for (int r = 0; r < rows.size(); r++) {
                // file i is micro-batch i, one partition, rows in file order
                assertArrayEquals(OP.apply(rows.get(r).x(), RowSeeds.rowSeedInMicroBatch(SEED, "x", i, 0, r)),
                        byId.get(rows.get(r).id()), "id " + rows.get(r).id());
            }
        }
    }

    private void runToParquet(Path in, Path out, Path checkpoint) throws Exception {
        withDropout(stream(spark, in)).select("id", "y").writeStream()
                .format("parquet")
                .option("path", out.toString())
                .option("checkpointLocation", checkpoint.toString())
                .trigger(Trigger.AvailableNow())
                .start()
                .awaitTermination();
    }

    @Test
    void aBatchQueryKeepsTheBatchSeedsAndIsReproducibleAfterStreaming(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        writeJson(in, 0, file(0));
        writeJson(in, 1, file(1));
        runToEnd(withDropout(stream(spark, in)), dir.resolve("checkpoint"), new Batches());

        Supplier<List<Row>> batchQuery = () -> spark.read().schema(StreamingFixture.SCHEMA).json(in.toString())
                .select(col("x"), featureAlphaDropout(col("x"), 0.5, SHAPE, SEED).as("y"),
                        monotonically_increasing_id().as("position"))
                .collectAsList();
        List<Row> once = batchQuery.get();
        List<Row> twice = batchQuery.get();
        assertEquals(bits(once), bits(twice));
        assertEquals(2 * ROWS_PER_FILE, once.size());
        for (Row row : once) {
            long rowSeed = RowSeeds.forPosition(RowSeeds.streamKey(SEED, "x"), row.getLong(2));
            assertArrayEquals(OP.apply(floats(row, "x"), rowSeed), floats(row, "y"), "the batch formula");
        }
    }

    /** The three ways Spark evaluates the expression: whole-stage code, a generated projection, interpreted. */
    private List<List<String>> onEveryPath(Supplier<List<Row>> query) {
        return List.of(bits(query.get()),
                bits(withConf(Map.of("spark.sql.codegen.wholeStage", "false"), query)),
                bits(withConf(Map.of("spark.sql.codegen.wholeStage", "false",
                        "spark.sql.codegen.factoryMode", "NO_CODEGEN"), query)));
    }

    private Supplier<List<Row>> distributedQuery(List<float[]> values, long seed) {
        return () -> SparkTestSupport.frame(spark, SparkTestSupport.FLOAT_ARRAY, values, 3)
                .select(col("x"), featureAlphaDropout(col("x"), 0.5, SHAPE, seed).as("y"),
                        monotonically_increasing_id().as("position"))
                .collectAsList();
    }

    private void assertBatchSeeds(List<Row> rows, long seed, String what) {
        for (Row row : rows) {
            assertArrayEquals(OP.apply(floats(row, "x"), RowSeeds.forPosition(RowSeeds.streamKey(seed, "x"),
                    row.getLong(2))), floats(row, "y"), what);
        }
    }

    /**
     * Spark's local properties are inherited by threads: a thread that carries a micro-batch id without being the
     * streaming query's own (here: the test's thread, given one by hand) ignores it, on every evaluation path.
     */
    @Test
    void aThreadThatOnlyCarriesAMicroBatchIdRunsBatchQueriesWithBatchSeeds() {
        List<float[]> values = SparkTestSupport.gaussianFloats(30, N, 7);
        Supplier<List<Row>> query = distributedQuery(values, SEED);
        List<Row> before = query.get();
        spark.sparkContext().setLocalProperty(MicroBatches.BATCH_ID_KEY, "5");
        try {
            List<List<String>> paths = onEveryPath(query);
            for (List<String> path : paths) {
                assertEquals(bits(before), path, "the same as without the property");
            }
            assertBatchSeeds(query.get(), SEED, "the batch formula");
        } finally {
            spark.sparkContext().setLocalProperty(MicroBatches.BATCH_ID_KEY, null);
        }
    }

    /**
     * Inside foreachBatch, on the query's own thread, a dropout applied to the micro-batch's DataFrame uses the
     * micro-batch's seed on every evaluation path; passing {@code RowSeeds.microBatchSeed(seed, batchId)} as the
     * seed anywhere else gives the same masks.
     */
    @Test
    void insideForeachBatchTheQuerysThreadUsesTheMicroBatchSeedOnEveryPath(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        writeJson(in, 0, file(0));
        writeJson(in, 1, file(1));
        Map<Long, List<List<String>>> paths = new HashMap<>();
        Map<Long, List<String>> explicit = new HashMap<>();
        Map<Long, List<Row>> rows = new HashMap<>();
        runToEnd(stream(spark, in).select("id", "x"), dir.resolve("checkpoint"), (batch, id) -> {
            Supplier<List<Row>> query = () -> batch.select(col("x"),
                    featureAlphaDropout(col("x"), 0.5, SHAPE, SEED).as("y")).collectAsList();
            paths.put(id, onEveryPath(query));
            rows.put(id, query.get());
            // Any other thread: the explicit micro-batch seed gives the same masks.
            java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
            try {
                explicit.put(id, other.submit(() -> bits(batch.select(col("x"), featureAlphaDropout(col("x"), 0.5,
                        SHAPE, RowSeeds.microBatchSeed(SEED, id)).as("y")).collectAsList())).get());
            } finally {
                other.shutdown();
            }
        });
        assertEquals(Set.of(0L, 1L), paths.keySet());
        for (long b = 0; b < 2; b++) {
            List<String> expected = paths.get(b).get(0);
            assertEquals(List.of(expected, expected, expected), paths.get(b), "micro-batch " + b);
            assertEquals(expected, explicit.get(b), "the explicit micro-batch seed, micro-batch " + b);
            assertMicroBatchMasks(b, rows.get(b), "y");
        }
    }

    /**
     * A thread pool created inside foreachBatch inherits that micro-batch's id and keeps it for good. Jobs it runs
     * for a later micro-batch must not repeat the earlier micro-batch's masks, and a batch query it runs must use
     * batch seeds.
     */
    @Test
    void aThreadPoolCreatedInsideForeachBatchDoesNotKeepThatMicroBatchsSeeds(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        writeJson(in, 0, file(0));
        writeJson(in, 1, file(0)); // the same rows again, so identical rows at identical positions
        List<float[]> values = SparkTestSupport.gaussianFloats(30, N, 7);
        java.util.concurrent.atomic.AtomicReference<java.util.concurrent.ExecutorService> pool =
                new java.util.concurrent.atomic.AtomicReference<>();
        Map<Long, List<Row>> onQueryThread = new HashMap<>();
        Map<Long, List<Row>> onPool = new HashMap<>();
        List<List<Row>> batchQueriesOnPool = new ArrayList<>();
        try {
            runToEnd(stream(spark, in).select("id", "x"), dir.resolve("checkpoint"), (batch, id) -> {
                if (pool.get() == null) {
                    // Created inside micro-batch 0, so its thread inherits micro-batch 0's local properties.
                    pool.set(java.util.concurrent.Executors.newSingleThreadExecutor());
                }
                Supplier<List<Row>> dropped = () -> batch.select(col("x"),
                        featureAlphaDropout(col("x"), 0.5, SHAPE, SEED).as("y")).collectAsList();
                onQueryThread.put(id, dropped.get());
                onPool.put(id, pool.get().submit(dropped::get).get());
                batchQueriesOnPool.add(pool.get().submit(distributedQuery(values, SEED)::get).get());
            });
        } finally {
            if (pool.get() != null) {
                pool.get().shutdownNow();
            }
        }
        assertEquals(Set.of(0L, 1L), onPool.keySet());
        // The query's thread: each micro-batch its own masks.
        assertMicroBatchMasks(0, onQueryThread.get(0L), "y");
        assertMicroBatchMasks(1, onQueryThread.get(1L), "y");
        // The pool's thread: never micro-batch 0's masks for micro-batch 1, and batch seeds for batch queries.
        assertTrue(!bits(onPool.get(1L)).equals(bits(onQueryThread.get(0L))),
                "micro-batch 1 on the pool repeats micro-batch 0's masks");
        for (List<Row> rows : onPool.values()) {
            for (int r = 0; r < rows.size(); r++) {
                assertArrayEquals(OP.apply(floats(rows.get(r), "x"), RowSeeds.rowSeed(SEED, "x", 0, r)),
                        floats(rows.get(r), "y"), "a thread other than the query's: batch seeds");
            }
        }
        assertEquals(2, batchQueriesOnPool.size());
        for (List<Row> rows : batchQueriesOnPool) {
            assertBatchSeeds(rows, SEED, "a batch query on the pool's thread");
        }
    }

    /**
     * Continuous processing has no micro-batch ids: a position-seeded query fails at once with the fix; a
     * seed-column query runs.
     */
    @Test
    void continuousProcessingTakesSeedColumnsAndRefusesPositionSeeds() throws Exception {
        Dataset<Row> rate = spark.readStream().format("rate").option("numPartitions", 1)
                .option("rowsPerSecond", 20).load()
                .select(col("value"), array(col("value").cast("float"), lit(1f), lit(2f)).as("x"));
        DropoutSpec spec = DropoutSpec.element(0.5, SEED);

        StreamingQuery positional = rate.select(col("value"), dropout(col("x"), spec, null).as("y"))
                .writeStream().format("memory").queryName("continuous_positional")
                .trigger(Trigger.Continuous("1 second")).start();
        try {
            StreamingQueryException e = assertThrows(StreamingQueryException.class,
                    () -> positional.awaitTermination(60_000));
            String messages = SparkTestSupport.messages(e);
            assertTrue(messages.contains("not supported in continuous processing") && messages.contains("seedCol"),
                    messages);
        } finally {
            positional.stop();
        }

        StreamingQuery keyed = rate.select(col("value"), col("x"), dropout(col("x"), spec, col("value")).as("y"))
                .writeStream().format("memory").queryName("continuous_keyed")
                .trigger(Trigger.Continuous("1 second")).start();
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (spark.table("continuous_keyed").count() < 5 && System.currentTimeMillis() < deadline) {
                assertTrue(keyed.isActive(), () -> "the seed-column query failed: " + keyed.exception());
                Thread.sleep(200);
            }
        } finally {
            keyed.stop();
        }
        List<Row> rows = spark.table("continuous_keyed").collectAsList();
        assertTrue(rows.size() >= 5, rows.size() + " rows");
        AlphaDropoutOp op = AlphaDropoutOp.element(0.5);
        for (Row row : rows) {
            assertArrayEquals(op.apply(floats(row, "x"), RowSeeds.rowSeedForKey(SEED, "x", row.getLong(0))),
                    floats(row, "y"));
        }
    }

    private <T> T withConf(Map<String, String> conf, Supplier<T> body) {
        conf.forEach((k, v) -> spark.conf().set(k, v));
        try {
            return body.get();
        } finally {
            conf.keySet().forEach(k -> spark.conf().unset(k));
        }
    }
}
