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
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.RowSeeds;
import io.github.alphadropout.kernel.SampleShape;
import org.apache.spark.SparkException;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.github.alphadropout.sql.AlphaDropoutFunctions.alphaDropout;
import static io.github.alphadropout.sql.AlphaDropoutFunctions.dropout;
import static io.github.alphadropout.sql.AlphaDropoutFunctions.featureAlphaDropout;
import static io.github.alphadropout.sql.SparkTestSupport.DOUBLE_ARRAY;
import static io.github.alphadropout.sql.SparkTestSupport.FLOAT_ARRAY;
import static io.github.alphadropout.sql.SparkTestSupport.dropoutIsWholeStageCodegened;
import static io.github.alphadropout.sql.SparkTestSupport.floats;
import static io.github.alphadropout.sql.SparkTestSupport.frame;
import static io.github.alphadropout.sql.SparkTestSupport.gaussianDoubles;
import static io.github.alphadropout.sql.SparkTestSupport.gaussianFloats;
import static io.github.alphadropout.sql.SparkTestSupport.messages;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeds, reproducibility, seed columns, and code generation on a real local SparkSession. */
class AlphaDropoutReproducibilityTest extends SparkSessionTest {

    private static final int[] SHAPE = {4, 3, 2};
    private static final int N = 24;

    private Dataset<Row> floatsFrame() {
        return frame(spark, FLOAT_ARRAY, gaussianFloats(200, N, 21), 3);
    }

    private List<Row> run(Dataset<Row> df, Column dropoutColumn) {
        return df.select(col("id"), dropoutColumn.as("y")).orderBy("id").collectAsList();
    }

    @Test
    void sameSeedAndPartitioningGiveIdenticalOutputDifferentSeedsDoNot() {
        Column first = featureAlphaDropout(col("x"), 0.5, SHAPE, 42);
        List<Row> a = run(floatsFrame(), first);
        List<Row> b = run(floatsFrame(), featureAlphaDropout(col("x"), 0.5, SHAPE, 42));
        List<Row> c = run(floatsFrame(), featureAlphaDropout(col("x"), 0.5, SHAPE, 43));
        assertEquals(a, b);
        assertNotEquals(a, c);
        long differentRows = 0;
        for (int i = 0; i < a.size(); i++) {
            differentRows += a.get(i).equals(c.get(i)) ? 0 : 1;
        }
        assertTrue(differentRows > 150, "different seeds differ on most rows: " + differentRows);
    }

    /**
     * The column's name is part of every row seed: two columns holding the same data get independent masks under
     * the same seed (before, every row got identical masks), the same column reproduces its masks, and a
     * qualified or unqualified reference to it is the same column.
     */
    @Test
    void columnsWithTheSameSeedGetIndependentMasksAndEachColumnItsOwn() {
        Dataset<Row> twoColumns = floatsFrame().withColumn("y", col("x"));
        DropoutSpec spec = DropoutSpec.element(0.5, 42);
        List<Row> rows = twoColumns.as("t").select(dropout(col("x"), spec, null), dropout(col("y"), spec, null),
                dropout(col("t.x"), spec, null), featureAlphaDropout(col("x"), 0.5, SHAPE, 42),
                featureAlphaDropout(col("y"), 0.5, SHAPE, 42)).collectAsList();
        long sameElement = rows.stream().filter(r -> r.get(0).equals(r.get(1))).count();
        long sameFeature = rows.stream().filter(r -> r.get(3).equals(r.get(4))).count();
        assertEquals(0, sameElement, "x and y: independent element masks");
        assertTrue(sameFeature < rows.size() / 10, "x and y: independent channel masks, " + sameFeature + " equal");
        for (Row r : rows) {
            assertEquals(r.get(0), r.get(2), "t.x is x");
        }
        List<Row> again = twoColumns.select(dropout(col("x"), spec, null)).collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).get(0), again.get(i).get(0), "the same column and seed: the same masks");
        }
        // The documented seeds, outside Spark.
        List<Row> withPositions = twoColumns.select(col("x"), col("y"), org.apache.spark.sql.functions
                        .spark_partition_id().as("pid"), dropout(col("x"), spec, null).as("dx"),
                dropout(col("y"), spec, null).as("dy")).collectAsList();
        long[] r = SparkTestSupport.rowIndexWithinPartition(withPositions, "pid");
        AlphaDropoutOp op = AlphaDropoutOp.element(0.5);
        for (int i = 0; i < withPositions.size(); i++) {
            Row row = withPositions.get(i);
            int pid = row.getInt(2);
            assertArrayEquals(op.apply(floats(row, "x"), RowSeeds.rowSeed(42, "x", pid, r[i])), floats(row, "dx"));
            assertArrayEquals(op.apply(floats(row, "y"), RowSeeds.rowSeed(42, "y", pid, r[i])), floats(row, "dy"));
        }
    }

    @Test
    void theWholeStageCodegenKeepsTheProjectWithOurExpression() {
        Dataset<Row> positional = floatsFrame().select(col("id"), featureAlphaDropout(col("x"), 0.5, SHAPE, 1));
        assertTrue(dropoutIsWholeStageCodegened(positional.queryExecution().executedPlan()),
                positional.queryExecution().executedPlan().toString());
        Dataset<Row> keyed = floatsFrame().select(col("id"),
                dropout(col("x"), DropoutSpec.feature(0.5, SampleShape.of(SHAPE), 1), col("id").cast("string")));
        assertTrue(dropoutIsWholeStageCodegened(keyed.queryExecution().executedPlan()),
                keyed.queryExecution().executedPlan().toString());
    }

    /** The three ways Spark can run the projection give bit-identical output. */
    @Test
    void wholeStageCodegenProjectionCodegenAndInterpretedEvalAgree() {
        List<float[]> floats = gaussianFloats(150, N, 22);
        floats.set(7, new float[10]); // invalid length: exercised under SKIP and KEEP
        floats.set(8, null);
        List<double[]> doubles = gaussianDoubles(150, N, 23);
        List<Vector> vectors = new ArrayList<>();
        for (int i = 0; i < doubles.size(); i++) {
            vectors.add(i % 3 == 0 ? Vectors.dense(doubles.get(i)).toSparse() : Vectors.dense(doubles.get(i)));
        }
        DropoutSpec skip = new DropoutSpec(DropoutMode.FEATURE, 0.3, SampleShape.of(SHAPE), 5, true,
                HandleInvalid.SKIP);
        DropoutSpec keep = new DropoutSpec(DropoutMode.ELEMENT, 0.3, null, 5, true, HandleInvalid.KEEP);
        Supplier<Dataset<Row>> query = () -> {
            Dataset<Row> f = frame(spark, FLOAT_ARRAY, floats, 3);
            Dataset<Row> d = frame(spark, DOUBLE_ARRAY, doubles, 3).withColumnRenamed("x", "xd");
            Dataset<Row> v = frame(spark, SQLDataTypes.VectorType(), vectors, 3).withColumnRenamed("x", "xv");
            return f.join(d, "id").join(v, "id").repartition(3, col("id")).sortWithinPartitions("id")
                    .select(col("id"),
                            dropout(col("x"), skip, null).as("skip"),
                            dropout(col("x"), keep, col("id").cast("string")).as("keep"),
                            featureAlphaDropout(col("xd"), 0.6, SHAPE, 6).as("d"),
                            alphaDropout(col("xv"), 0.4, 7).as("v"))
                    .orderBy("id");
        };
        List<Row> wholeStage = query.get().collectAsList();
        assertTrue(wholeStage.get(7).isNullAt(1), "skip gives null for the invalid row");
        assertEquals(10, wholeStage.get(7).getList(2).size(), "keep passes the invalid row through");
        List<Row> projection = withConf(Map.of("spark.sql.codegen.wholeStage", "false"),
                () -> query.get().collectAsList());
        List<Row> interpreted = withConf(Map.of("spark.sql.codegen.wholeStage", "false",
                "spark.sql.codegen.factoryMode", "NO_CODEGEN"), () -> query.get().collectAsList());
        assertEquals(wholeStage, projection);
        assertEquals(wholeStage, interpreted);
    }

    private <T> T withConf(Map<String, String> conf, Supplier<T> body) {
        conf.forEach((k, v) -> spark.conf().set(k, v));
        try {
            return body.get();
        } finally {
            conf.keySet().forEach(k -> spark.conf().unset(k));
        }
    }

    /**
     * The position seed source (Spark rejects its own monotonically_increasing_id() in streaming queries) has
     * monotonically_increasing_id()'s value on every path, also where partition indices are not task indices
     * (a union, a coalesce), so batch output is what it was with Spark's expression.
     */
    @Test
    void rowPositionIdIsMonotonicallyIncreasingIdOnEveryPath() {
        Supplier<List<Row>> query = () -> {
            Column[] positions = {org.apache.spark.sql.functions.monotonically_increasing_id().as("spark"),
                Columns.column(new RowPositionId()).as("ours")};
            Dataset<Row> a = frame(spark, FLOAT_ARRAY, gaussianFloats(40, 2, 31), 3)
                    .filter(col("id").mod(3).notEqual(1)).select(positions);
            Dataset<Row> b = frame(spark, FLOAT_ARRAY, gaussianFloats(25, 2, 32), 2).coalesce(1).select(positions);
            return a.union(b).collectAsList(); // b's rows: partition 0 of b, in the union's task 3
        };
        List<Row> wholeStage = query.get();
        List<Row> projection = withConf(Map.of("spark.sql.codegen.wholeStage", "false"), query);
        List<Row> interpreted = withConf(Map.of("spark.sql.codegen.wholeStage", "false",
                "spark.sql.codegen.factoryMode", "NO_CODEGEN"), query);
        assertEquals(2L << 33, wholeStage.stream().mapToLong(r -> r.getLong(0)).max().getAsLong() & (-1L << 33));
        assertEquals(24L, wholeStage.get(wholeStage.size() - 1).getLong(0), "the last of b's 25 rows");
        for (List<Row> rows : List.of(wholeStage, projection, interpreted)) {
            assertEquals(wholeStage.size(), rows.size());
            for (Row r : rows) {
                assertEquals(r.getLong(0), r.getLong(1));
            }
        }
        assertEquals(wholeStage, projection);
        assertEquals(wholeStage, interpreted);
    }

    @Test
    void catalystDoesNotPushAFilterBelowPositionSeededDropout() {
        Column y = featureAlphaDropout(col("x"), 0.5, SHAPE, 3).as("y");
        Map<Long, Object> all = new HashMap<>();
        for (Row r : floatsFrame().select(col("id"), y).collectAsList()) {
            all.put(r.getLong(0), r.get(1));
        }
        List<Row> filtered = floatsFrame().select(col("id"), y).filter(col("id").mod(2).equalTo(0)).collectAsList();
        assertEquals(100, filtered.size());
        for (Row r : filtered) {
            assertEquals(all.get(r.getLong(0)), r.get(1), "row " + r.getLong(0));
        }
    }

    // --------------------------------------------------------------------------------------------- seed column

    @Test
    void aSeedColumnTiesMasksToKeysThroughRepartitionAndShuffle() {
        long seed = 99;
        DropoutSpec spec = DropoutSpec.feature(0.5, SampleShape.of(SHAPE), seed);
        Dataset<Row> df = floatsFrame().withColumn("key", col("id").multiply(7919L).plus(13L))
                .withColumn("name", concat(lit("sample-"), col("id").cast("string")));

        Map<Long, Object> byLong = outputByKey(df, spec, "key");
        Map<Long, Object> byLongShuffled = outputByKey(df.repartition(7).orderBy(col("key").desc()), spec, "key");
        assertEquals(byLong, byLongShuffled);

        Map<Long, Object> byName = outputByKey(df, spec, "name");
        Map<Long, Object> byNameShuffled = outputByKey(df.repartition(7, col("name")).orderBy("name"), spec, "name");
        assertEquals(byName, byNameShuffled);
        assertNotEquals(byLong, byName);

        // The documented rule: integral keys are the key; other types go through xxhash64 (seed 42).
        List<Row> rows = df.select(col("x"), col("key"), xxhash64(col("name")).as("hash"),
                dropout(col("x"), spec, col("key")).as("byKey"),
                dropout(col("x"), spec, col("name")).as("byName")).collectAsList();
        AlphaDropoutOp op = AlphaDropoutOp.feature(0.5, SampleShape.of(SHAPE));
        for (Row r : rows) {
            float[] x = floats(r, "x");
            assertArrayEquals(op.apply(x, RowSeeds.rowSeedForKey(seed, "x", r.getLong(1))), floats(r, "byKey"));
            assertArrayEquals(op.apply(x, RowSeeds.rowSeedForKey(seed, "x", r.getLong(2))), floats(r, "byName"));
        }
    }

    @Test
    void smallIntegralSeedColumnsAreWidenedNotHashed() {
        DropoutSpec spec = DropoutSpec.element(0.5, 1);
        List<Row> rows = floatsFrame().select(
                dropout(col("x"), spec, col("id").cast("int")).as("int"),
                dropout(col("x"), spec, col("id").cast("short")).as("short"),
                dropout(col("x"), spec, col("id")).as("long")).collectAsList();
        for (Row r : rows) {
            assertEquals(r.get(2), r.get(0));
            assertEquals(r.get(2), r.get(1));
        }
    }

    @Test
    void aNullSeedValueIsAnInvalidRow() {
        Dataset<Row> df = floatsFrame().withColumn("key", when(col("id").notEqual(5), col("id")));
        DropoutSpec error = DropoutSpec.element(0.5, 1);
        SparkException e = assertThrows(SparkException.class,
                () -> df.select(dropout(col("x"), error, col("key"))).collectAsList());
        String message = messages(e);
        assertTrue(message.contains("alpha_dropout: invalid row in column `x`: its seed column `key` is null"), message);
        assertTrue(message.contains("set handleInvalid to 'skip'"), message);
        assertTrue(message.contains("`key` IS NULL"), message);

        DropoutSpec skip = new DropoutSpec(DropoutMode.ELEMENT, 0.5, null, 1, true, HandleInvalid.SKIP);
        DropoutSpec keep = new DropoutSpec(DropoutMode.ELEMENT, 0.5, null, 1, true, HandleInvalid.KEEP);
        List<Row> rows = df.select(col("id"), col("x"), dropout(col("x"), skip, col("key")),
                dropout(col("x"), keep, col("key"))).orderBy("id").collectAsList();
        assertEquals(200, rows.size());
        assertTrue(rows.get(5).isNullAt(2));
        assertEquals(rows.get(5).get(1), rows.get(5).get(3));
        assertFalse(rows.get(4).isNullAt(2));
    }

    private static Map<Long, Object> outputByKey(Dataset<Row> df, DropoutSpec spec, String keyColumn) {
        Map<Long, Object> out = new HashMap<>();
        for (Row r : df.select(col("id"), dropout(col("x"), spec, col(keyColumn))).collectAsList()) {
            out.put(r.getLong(0), Arrays.asList(floats(r.getList(1)).length, r.getList(1)));
        }
        return out;
    }
}
