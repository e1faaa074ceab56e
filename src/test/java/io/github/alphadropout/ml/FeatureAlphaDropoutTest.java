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

import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.RowSeeds;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FeatureAlphaDropout on a real local SparkSession. */
class FeatureAlphaDropoutTest extends SparkSessionTest {

    private static final int[] SHAPE = {4, 2, 3, 5};
    private static final int LENGTH = 4 * 2 * 3 * 5;
    private static final int SPAN = LENGTH / 4;

    private FeatureAlphaDropout dropout(double p, long seed) {
        return new FeatureAlphaDropout().setInputCol("sample").setOutputCol("out")
                .setShape(SHAPE).setP(p).setSeed(seed);
    }

    /** Rows of (id, sample, out, pos) with pos = the position id the expression saw. */
    private List<Row> withPositions(Dataset<Row> transformed) {
        return transformed.withColumn("pos", monotonically_increasing_id()).collectAsList();
    }

    /** Output channel c of a row equals the dropped constant or (x * fa) + fAap, as the kernel's mask says. */
    private static void assertMatchesKernel(float[] x, float[] y, boolean[] keep, AlphaDropoutCoefficients k) {
        for (int c = 0; c < keep.length; c++) {
            for (int i = c * SPAN; i < (c + 1) * SPAN; i++) {
                float expected = keep[c] ? x[i] * k.scaleF() + k.keptShiftF() : k.droppedValueF();
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[i]),
                        "channel " + c + " element " + i + (keep[c] ? " (kept)" : " (dropped)"));
            }
        }
    }

    @Test
    void everyRowMatchesTheKernelsPublicMaskFunctionBitForBit() {
        Dataset<Row> df = SampleData.floats(spark, 60, LENGTH, 3, 1);
        long seed = 42;
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(0.3);
        int dropped = 0;
        for (Row row : withPositions(dropout(0.3, seed).transform(df))) {
            long pos = row.getLong(row.fieldIndex("pos"));
            long rowSeed = RowSeeds.rowSeed(seed, "sample", (int) (pos >>> 33), pos & ((1L << 33) - 1));
            boolean[] keep = AlphaDropoutOp.keepMask(0.3, 4, rowSeed);
            assertMatchesKernel(SampleData.floatsOf(row, "sample"), SampleData.floatsOf(row, "out"), keep, k);
            for (boolean kept : keep) {
                dropped += kept ? 0 : 1;
            }
        }
        assertTrue(dropped > 30 && dropped < 120, "about 30% of 240 channels dropped, got " + dropped);
    }

    @Test
    void sameSeedAndPartitioningGiveIdenticalOutputAndOtherSeedsDiffer() {
        Dataset<Row> df = SampleData.floats(spark, 40, LENGTH, 3, 2).cache();
        List<Row> first = dropout(0.5, 7).transform(df).orderBy("id").collectAsList();
        List<Row> again = dropout(0.5, 7).transform(df).orderBy("id").collectAsList();
        List<Row> other = dropout(0.5, 8).transform(df).orderBy("id").collectAsList();
        assertEquals(first, again);
        assertFalse(first.equals(other));
        df.unpersist();
    }

    @Test
    void outputColumnMayReplaceTheInputInPlace() {
        Dataset<Row> df = SampleData.floats(spark, 10, LENGTH, 2, 3);
        Dataset<Row> out = new FeatureAlphaDropout().setInputCol("sample").setOutputCol("sample")
                .setShape(SHAPE).setSeed(5L).transform(df);
        assertArrayEquals(df.columns(), out.columns());
        Dataset<Row> separate = dropout(0.5, 5).transform(df);
        assertEquals(separate.select("id", "out").orderBy("id").collectAsList(),
                out.select("id", "sample").orderBy("id").collectAsList());
    }

    @Test
    void outputSchemaIsTransformSchemaInEveryModeAndNamesAreTakenLiterally() {
        Dataset<Row> df = SampleData.floats(spark, 6, LENGTH, 2, 4).withColumnRenamed("sample", "a.b")
                .withColumn("tail", col("id").plus(1));
        for (String invalid : new String[] {"error", "keep", "skip"}) {
            FeatureAlphaDropout inPlace = new FeatureAlphaDropout().setInputCol("a.b").setOutputCol("a.b")
                    .setShape(SHAPE).setHandleInvalid(invalid);
            FeatureAlphaDropout appended = new FeatureAlphaDropout().setInputCol("a.b").setOutputCol("out.put")
                    .setShape(SHAPE).setHandleInvalid(invalid);
            for (FeatureAlphaDropout t : List.of(inPlace, appended)) {
                Dataset<Row> out = t.transform(df);
                assertEquals(t.transformSchema(df.schema()).simpleString(), out.schema().simpleString(), invalid);
                assertEquals(6, out.count(), invalid);
            }
        }
    }

    @Test
    void withoutSkipTheTransformIsOneProjection() {
        Dataset<Row> df = SampleData.floats(spark, 2, LENGTH, 1, 4);
        String plan = dropout(0.5, 1).transform(df).queryExecution().analyzed().toString();
        assertEquals(1, plan.lines().filter(l -> l.contains("Project [")).count()
                - df.queryExecution().analyzed().toString().lines().filter(l -> l.contains("Project [")).count(),
                "one Project on top of the input's plan:\n" + plan);
    }

    @Test
    void trainingFalseIsTheIdentityAndCanBePassedPerCall() {
        Dataset<Row> df = SampleData.floats(spark, 10, LENGTH, 2, 4);
        FeatureAlphaDropout f = dropout(0.5, 1);
        List<Row> eval = f.transform(df, new ParamMap().put(f.training().w(false)))
                .orderBy("id").collectAsList();
        for (Row row : eval) {
            assertArrayEquals(SampleData.floatsOf(row, "sample"), SampleData.floatsOf(row, "out"));
        }
        assertTrue(f.getTraining(), "a per-call ParamMap must not change the transformer");
        Row trained = f.transform(df).orderBy("id").first();
        assertFalse(Arrays.equals(SampleData.floatsOf(trained, "sample"), SampleData.floatsOf(trained, "out")));
    }

    @Test
    void aShapeWithMinusOneInfersChannelsPerRow() {
        Dataset<Row> df = SampleData.floats(spark, 20, LENGTH, 2, 5);
        List<Row> fixed = dropout(0.4, 9).transform(df).orderBy("id").collectAsList();
        List<Row> inferred = dropout(0.4, 9).setShape(new int[] {-1, 2, 3, 5}).transform(df)
                .orderBy("id").collectAsList();
        assertEquals(fixed, inferred);
    }

    @Test
    void eachInputColumnGetsItsOwnMaskFromItsName() {
        Dataset<Row> df = SampleData.floats(spark, 30, LENGTH, 2, 6).withColumn("copy", col("sample"));
        FeatureAlphaDropout f = new FeatureAlphaDropout().setInputCols(new String[] {"sample", "copy"})
                .setOutputCols(new String[] {"a", "b"}).setShape(SHAPE).setP(0.5).setSeed(11L);
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(0.5);
        int differing = 0;
        for (Row row : withPositions(f.transform(df))) {
            long pos = row.getLong(row.fieldIndex("pos"));
            float[] x = SampleData.floatsOf(row, "sample");
            boolean[] keepA = AlphaDropoutOp.keepMask(0.5, 4, RowSeeds.forPosition(RowSeeds.streamKey(11, "sample"), pos));
            boolean[] keepB = AlphaDropoutOp.keepMask(0.5, 4, RowSeeds.forPosition(RowSeeds.streamKey(11, "copy"), pos));
            assertMatchesKernel(x, SampleData.floatsOf(row, "a"), keepA, k);
            assertMatchesKernel(x, SampleData.floatsOf(row, "b"), keepB, k);
            differing += Arrays.equals(keepA, keepB) ? 0 : 1;
        }
        assertTrue(differing > 15, "columns must get independent masks; only " + differing + " of 30 rows differ");
    }

    /**
     * Two single-column transformers with the default seed, on two columns holding the same data, give
     * independent masks; and a column gets the same masks from the Transformer, the Column function and the SQL
     * function under the same seed.
     */
    @Test
    void defaultSeedsOnTwoColumnsGiveIndependentMasksAndEveryFrontEndTheSameOnes() {
        Dataset<Row> df = SampleData.floats(spark, 40, LENGTH, 2, 8).withColumn("copy", col("sample"));
        FeatureAlphaDropout onSample = new FeatureAlphaDropout().setInputCol("sample").setOutputCol("a")
                .setShape(SHAPE);
        FeatureAlphaDropout onCopy = new FeatureAlphaDropout().setInputCol("copy").setOutputCol("b")
                .setShape(SHAPE);
        assertEquals(onSample.getSeed(), onCopy.getSeed(), "the same default seed");
        List<Row> rows = onCopy.transform(onSample.transform(df)).collectAsList();
        long identical = rows.stream().filter(r -> Arrays.equals(SampleData.floatsOf(r, "a"),
                SampleData.floatsOf(r, "b"))).count();
        assertTrue(identical <= 8, identical + " of 40 rows got identical masks on both columns");

        df.createOrReplaceTempView("front_ends");
        List<Row> byColumn = df.select(io.github.alphadropout.sql.AlphaDropoutFunctions.featureAlphaDropout(
                col("sample"), 0.5, SHAPE, onSample.getSeed())).collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).getList(rows.get(i).fieldIndex("a")), byColumn.get(i).getList(0),
                    "Transformer and Column function, row " + i);
        }
    }

    @Test
    void withASeedColumnMasksSurviveRepartitioning() {
        Dataset<Row> df = SampleData.floats(spark, 50, LENGTH, 2, 7);
        FeatureAlphaDropout f = dropout(0.5, 3).setSeedCol("id");
        Map<Long, Row> before = byId(f.transform(df).collectAsList());
        Map<Long, Row> after = byId(f.transform(df.repartition(7, col("sample"))).collectAsList());
        assertEquals(before, after);
    }

    private static Map<Long, Row> byId(List<Row> rows) {
        Map<Long, Row> out = new HashMap<>();
        rows.forEach(r -> out.put(r.getLong(0), r));
        return out;
    }

    @Test
    void savedTransformerLoadsWithTheSameParams(@TempDir Path dir) throws Exception {
        FeatureAlphaDropout f = dropout(0.25, 99).setHandleInvalid("skip").setSeedCol("id");
        String path = dir.resolve("fad").toString();
        f.save(path);
        FeatureAlphaDropout loaded = FeatureAlphaDropout.load(path);
        assertEquals(f.uid(), loaded.uid());
        assertArrayEquals(SHAPE, loaded.getShape());
        assertEquals(0.25, loaded.getP());
        assertEquals(99L, loaded.getSeed());
        assertEquals("skip", loaded.getHandleInvalid());
        assertEquals("id", loaded.getSeedCol());
    }

    @Test
    void pipelineAndFittedModelSaveAndLoadWithBitIdenticalOutput(@TempDir Path dir) throws Exception {
        Dataset<Row> df = SampleData.floats(spark, 20, LENGTH, 2, 8).cache();
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
                dropout(0.2, 5),
                new AlphaDropout().setInputCol("out").setOutputCol("out2").setP(0.1).setSeed(6L)});
        PipelineModel model = pipeline.fit(df);
        pipeline.save(dir.resolve("pipeline").toString());
        model.save(dir.resolve("model").toString());
        PipelineModel refit = Pipeline.load(dir.resolve("pipeline").toString()).fit(df);
        PipelineModel loaded = PipelineModel.load(dir.resolve("model").toString());
        List<Row> expected = model.transform(df).orderBy("id").collectAsList();
        assertEquals(expected, loaded.transform(df).orderBy("id").collectAsList());
        assertEquals(expected, refit.transform(df).orderBy("id").collectAsList());
        df.unpersist();
    }

    @Test
    void doubleArraysKeepTheirTypeAndUseDoubleArithmetic() {
        Dataset<Row> df = SampleData.doubles(spark, 12, LENGTH, 1, 9);
        Dataset<Row> out = dropout(0.5, 2).transform(df);
        assertEquals(df.schema().apply("sample").dataType(), out.schema().apply("out").dataType());
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(0.5);
        for (Row row : withPositions(out)) {
            long pos = row.getLong(row.fieldIndex("pos"));
            boolean[] keep = AlphaDropoutOp.keepMask(0.5, 4, RowSeeds.forPosition(RowSeeds.streamKey(2, "sample"), pos));
            double[] x = SampleData.doublesOf(row, "sample");
            double[] y = SampleData.doublesOf(row, "out");
            for (int i = 0; i < LENGTH; i++) {
                double expected = keep[i / SPAN] ? x[i] * k.scale() + k.keptShift() : k.droppedValue();
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(y[i]));
            }
        }
    }

    @Test
    void denseAndSparseVectorsGiveDenseVectorsOfTheSameValues() {
        Random random = new Random(10);
        double[] values = new double[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            values[i] = i % 7 == 0 ? random.nextGaussian() : 0.0;
        }
        List<Vector> vectors = List.of(Vectors.dense(values), Vectors.dense(values).toSparse());
        Dataset<Row> df = SampleData.vectors(spark, vectors);
        Dataset<Row> out = dropout(0.5, 4).setSeedCol("id").transform(df);
        assertEquals(df.schema().apply("sample").dataType(), out.schema().apply("out").dataType());
        List<Row> rows = out.orderBy("id").collectAsList();
        Vector fromDense = rows.get(0).getAs("out");
        Vector fromSparse = rows.get(1).getAs("out");
        assertEquals(LENGTH, fromSparse.size());
        assertTrue(fromSparse instanceof org.apache.spark.ml.linalg.DenseVector, "output must be dense");
        // ids 0 and 1 seed different masks; the same id must give the same output for either representation.
        Dataset<Row> sparseOnly = SampleData.vectors(spark, List.of(Vectors.dense(values).toSparse()));
        Vector sparseAsRow0 = dropout(0.5, 4).setSeedCol("id").transform(sparseOnly).first().getAs("out");
        assertArrayEquals(fromDense.toArray(), sparseAsRow0.toArray());
    }

    /** Rows: 0 valid, 1 too short, 2 null element, 3 empty, 4 null array, 5 valid. */
    private Dataset<Row> withInvalidRows() {
        float[] valid = SampleData.gaussianFloats(new Random(11), LENGTH);
        Float[] withNull = new Float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            withNull[i] = valid[i];
        }
        withNull[17] = null;
        List<Row> rows = new ArrayList<>(List.of(
                RowFactory.create(0L, valid),
                RowFactory.create(1L, Arrays.copyOf(valid, LENGTH - 1)),
                RowFactory.create(2L, withNull),
                RowFactory.create(3L, new float[0]),
                RowFactory.create(4L, null),
                RowFactory.create(5L, valid)));
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("sample", DataTypes.createArrayType(DataTypes.FloatType, true), true);
        return spark.createDataFrame(rows, schema).coalesce(1);
    }

    @Test
    void handleInvalidErrorNamesTheColumnTheLengthsAndTheFix() {
        Exception e = assertThrows(Exception.class, () -> dropout(0.5, 1).transform(withInvalidRows()).collect());
        String message = rootMessage(e);
        assertTrue(message.contains("sample"), message);
        assertTrue(message.contains(String.valueOf(LENGTH)) && message.contains(String.valueOf(LENGTH - 1)), message);
        assertTrue(message.contains("handleInvalid"), message);
    }

    @Test
    void handleInvalidSkipDropsInvalidRowsButKeepsNullArrays() {
        List<Row> rows = dropout(0.5, 1).setHandleInvalid("skip").transform(withInvalidRows())
                .orderBy("id").collectAsList();
        assertEquals(List.of(0L, 4L, 5L), rows.stream().map(r -> r.getLong(0)).toList());
        assertNull(rows.get(1).get(rows.get(1).fieldIndex("out")));
    }

    @Test
    void handleInvalidKeepPassesInvalidSamplesThroughUnchanged() {
        List<Row> rows = dropout(0.5, 1).setHandleInvalid("keep").transform(withInvalidRows())
                .orderBy("id").collectAsList();
        assertEquals(6, rows.size());
        for (int r : new int[] {1, 2, 3}) {
            Row row = rows.get(r);
            assertEquals(row.getList(row.fieldIndex("sample")), row.getList(row.fieldIndex("out")), "row " + r);
        }
        assertNull(rows.get(4).get(rows.get(4).fieldIndex("out")));
        assertFalse(rows.get(0).getList(1).equals(rows.get(0).getList(2)), "valid rows are still transformed");
    }

    @Test
    void transformSchemaRejectsBadColumnsBeforeAnyJobRuns() {
        Dataset<Row> df = SampleData.floats(spark, 2, LENGTH, 1, 12).withColumn("text", col("id").cast("string"));
        String missing = assertThrows(IllegalArgumentException.class,
                () -> dropout(0.5, 1).setInputCol("nope").transform(df)).getMessage();
        assertTrue(missing.contains("'nope' does not exist") && missing.contains("id, sample"), missing);
        String type = assertThrows(IllegalArgumentException.class,
                () -> dropout(0.5, 1).setInputCol("text").transform(df)).getMessage();
        assertTrue(type.contains("has type string") && type.contains(io.github.alphadropout.sql.TensorType.SUPPORTED), type);
        String clash = assertThrows(IllegalArgumentException.class,
                () -> dropout(0.5, 1).setOutputCol("id").transform(df)).getMessage();
        assertTrue(clash.contains("'id' already exists"), clash);
        String noShape = assertThrows(IllegalArgumentException.class,
                () -> new FeatureAlphaDropout().setInputCol("sample").transform(df)).getMessage();
        assertTrue(noShape.contains("shape is required"), noShape);
        String both = assertThrows(IllegalArgumentException.class, () -> dropout(0.5, 1)
                .setInputCols(new String[] {"sample"}).transform(df)).getMessage();
        assertTrue(both.contains("exactly one of inputCol and inputCols"), both);
        String seedCol = assertThrows(IllegalArgumentException.class,
                () -> dropout(0.5, 1).setSeedCol("key").transform(df)).getMessage();
        assertTrue(seedCol.contains("seedCol 'key' does not exist"), seedCol);
    }

    static String rootMessage(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
