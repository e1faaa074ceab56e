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

import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.RowSeeds;
import io.github.alphadropout.kernel.SampleShape;
import org.apache.spark.SparkException;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static io.github.alphadropout.sql.AlphaDropoutFunctions.alphaDropout;
import static io.github.alphadropout.sql.AlphaDropoutFunctions.dropout;
import static io.github.alphadropout.sql.AlphaDropoutFunctions.featureAlphaDropout;
import static io.github.alphadropout.sql.SparkTestSupport.DOUBLE_ARRAY;
import static io.github.alphadropout.sql.SparkTestSupport.FLOAT_ARRAY;
import static io.github.alphadropout.sql.SparkTestSupport.doubles;
import static io.github.alphadropout.sql.SparkTestSupport.floats;
import static io.github.alphadropout.sql.SparkTestSupport.frame;
import static io.github.alphadropout.sql.SparkTestSupport.gaussianDoubles;
import static io.github.alphadropout.sql.SparkTestSupport.gaussianFloats;
import static io.github.alphadropout.sql.SparkTestSupport.messages;
import static io.github.alphadropout.sql.SparkTestSupport.rowIndexWithinPartition;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Column functions on a real local SparkSession: types, bit-exactness, masks, invalid rows, statistics. */
class AlphaDropoutFunctionsTest extends SparkSessionTest {

    private static final int[] SHAPE = {4, 3, 2};
    private static final int C = 4;
    private static final int N = 24;
    private static final int SPAN = N / C;

    @Test
    void featureAlphaDropoutOfFloatArraysIsBitExactAndMasksFollowPartitionAndRow() {
        double p = 0.5;
        long seed = 42;
        List<float[]> in = gaussianFloats(300, N, 1);
        Dataset<Row> df = frame(spark, FLOAT_ARRAY, in, 3);
        Dataset<Row> out = df.select(col("id"), spark_partition_id().as("pid"),
                featureAlphaDropout(col("x"), p, SHAPE, seed).as("y"));
        assertEquals(df.schema().apply("x").dataType(), out.schema().apply("y").dataType());

        List<Row> rows = out.collectAsList();
        assertEquals(300, rows.size());
        long[] rowInPartition = rowIndexWithinPartition(rows, "pid");
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(p);
        int kept = 0;
        int dropped = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            float[] x = in.get((int) row.getLong(0));
            float[] y = floats(row, "y");
            int partition = row.getInt(1);
            boolean[] mask = AlphaDropoutOp.keepMask(p, C, RowSeeds.rowSeed(seed, "x", partition, rowInPartition[i]));
            for (int c = 0; c < C; c++) {
                for (int j = 0; j < SPAN; j++) {
                    int at = c * SPAN + j;
                    float expected = mask[c] ? (x[at] * k.scaleF()) + k.keptShiftF() : k.droppedValueF();
                    assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[at]),
                            "row " + row.getLong(0) + " (partition " + partition + ", row " + rowInPartition[i]
                                    + ") element " + at);
                }
                if (mask[c]) {
                    kept++;
                } else {
                    dropped++;
                }
            }
        }
        assertTrue(kept > 400 && dropped > 400, "kept " + kept + ", dropped " + dropped);
        assertEquals(3, rows.stream().map(r -> r.getInt(1)).distinct().count());
    }

    /**
     * A DataFrame of local rows is a LocalRelation, which Catalyst may evaluate on the driver as one partition
     * (ConvertToLocalRelation): the interpreted path, partition 0, rows in order.
     */
    @Test
    void localRowsAreOnePartitionInOrder() {
        List<float[]> in = gaussianFloats(30, N, 9);
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("id", org.apache.spark.sql.types.DataTypes.LongType).add("x", FLOAT_ARRAY);
        List<Row> local = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            local.add(org.apache.spark.sql.RowFactory.create((long) i, in.get(i)));
        }
        List<Row> rows = spark.createDataFrame(local, schema)
                .select(col("id"), featureAlphaDropout(col("x"), 0.5, SHAPE, 4).as("y")).collectAsList();
        AlphaDropoutOp op = AlphaDropoutOp.feature(0.5, SampleShape.of(SHAPE));
        for (Row row : rows) {
            int i = (int) row.getLong(0);
            assertArrayEquals(op.apply(in.get(i), RowSeeds.rowSeed(4, "x", 0, i)), floats(row, "y"));
        }
    }

    @Test
    void alphaDropoutOfFloatArraysDecidesPerElement() {
        double p = 0.2;
        long seed = 7;
        List<float[]> in = gaussianFloats(100, 40, 2);
        Dataset<Row> out = frame(spark, FLOAT_ARRAY, in, 2)
                .select(col("id"), spark_partition_id().as("pid"), alphaDropout(col("x"), p, seed).as("y"));
        List<Row> rows = out.collectAsList();
        long[] rowInPartition = rowIndexWithinPartition(rows, "pid");
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(p);
        long dropped = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            float[] x = in.get((int) row.getLong(0));
            float[] y = floats(row, "y");
            boolean[] mask = AlphaDropoutOp.keepMask(p, x.length,
                    RowSeeds.rowSeed(seed, "x", row.getInt(1), rowInPartition[i]));
            for (int j = 0; j < x.length; j++) {
                float expected = mask[j] ? (x[j] * k.scaleF()) + k.keptShiftF() : k.droppedValueF();
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[j]));
                dropped += mask[j] ? 0 : 1;
            }
        }
        double fraction = dropped / 4000.0;
        assertTrue(Math.abs(fraction - p) < 0.03, "drop fraction " + fraction);
    }

    @Test
    void doubleArraysStayDoubleAndMatchTheKernel() {
        double p = 0.8;
        long seed = -3;
        List<double[]> in = gaussianDoubles(120, N, 3);
        Dataset<Row> df = frame(spark, DOUBLE_ARRAY, in, 2);
        Dataset<Row> out = df.select(col("id"), spark_partition_id().as("pid"),
                featureAlphaDropout(col("x"), p, SHAPE, seed).as("y"));
        assertEquals(df.schema().apply("x").dataType(), out.schema().apply("y").dataType());
        List<Row> rows = out.collectAsList();
        long[] rowInPartition = rowIndexWithinPartition(rows, "pid");
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(p);
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            double[] x = in.get((int) row.getLong(0));
            double[] y = doubles(row, "y");
            boolean[] mask = AlphaDropoutOp.keepMask(p, C, RowSeeds.rowSeed(seed, "x", row.getInt(1), rowInPartition[i]));
            for (int at = 0; at < N; at++) {
                double expected = mask[at / SPAN] ? (x[at] * k.scale()) + k.keptShift() : k.droppedValue();
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(y[at]));
            }
        }
    }

    @Test
    void denseAndSparseVectorsComeOutDenseAndMatchTheKernel() {
        double p = 0.5;
        long seed = 11;
        List<double[]> values = gaussianDoubles(80, N, 4);
        List<Vector> vectors = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            double[] v = values.get(i);
            if (i % 2 == 0) {
                vectors.add(Vectors.dense(v));
            } else {
                for (int j = 0; j < N; j += 3) {
                    v[j] = 0; // zeros become implicit in the sparse form
                }
                vectors.add(Vectors.dense(v).toSparse());
            }
        }
        Dataset<Row> df = frame(spark, SQLDataTypes.VectorType(), vectors, 2);
        Dataset<Row> out = df.select(col("id"), spark_partition_id().as("pid"),
                featureAlphaDropout(col("x"), p, SHAPE, seed).as("y"));
        assertEquals(SQLDataTypes.VectorType(), out.schema().apply("y").dataType());
        List<Row> rows = out.collectAsList();
        long[] rowInPartition = rowIndexWithinPartition(rows, "pid");
        AlphaDropoutOp op = AlphaDropoutOp.feature(p, SampleShape.of(SHAPE));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            Vector y = row.getAs("y");
            assertInstanceOf(DenseVector.class, y, "every valid vector comes out dense");
            double[] expected = op.apply(values.get((int) row.getLong(0)),
                    RowSeeds.rowSeed(seed, "x", row.getInt(1), rowInPartition[i]));
            assertArrayEquals(expected, y.toArray());
        }
    }

    @Test
    void pZeroAndNotTrainingAreTheIdentityAndPOneGivesSignedZeros() {
        List<float[]> in = gaussianFloats(20, N, 5);
        Dataset<Row> df = frame(spark, FLOAT_ARRAY, in, 2);
        DropoutSpec eval = new DropoutSpec(DropoutMode.FEATURE, 0.5, SampleShape.of(SHAPE), 1, false,
                HandleInvalid.ERROR);
        List<Row> rows = df.select(col("id"),
                featureAlphaDropout(col("x"), 0.0, SHAPE, 1).as("p0"),
                dropout(col("x"), eval, null).as("eval"),
                alphaDropout(col("x"), 1.0, 1).as("p1")).collectAsList();
        for (Row row : rows) {
            float[] x = in.get((int) row.getLong(0));
            assertArrayEquals(x, floats(row, "p0"));
            assertArrayEquals(x, floats(row, "eval"));
            float[] p1 = floats(row, "p1");
            for (int j = 0; j < N; j++) {
                assertEquals(Float.floatToRawIntBits(x[j] * 0f), Float.floatToRawIntBits(p1[j]));
            }
        }
    }

    @Test
    void nanAndInfinityFollowPyTorch() {
        float[] x = new float[N];
        for (int c = 0; c < C; c++) {
            x[c * SPAN] = Float.NaN;
            x[c * SPAN + 1] = Float.POSITIVE_INFINITY;
            x[c * SPAN + 2] = Float.NEGATIVE_INFINITY;
            x[c * SPAN + 3] = 0.7f;
            x[c * SPAN + 4] = -0f;
            x[c * SPAN + 5] = 1e30f;
        }
        List<float[]> in = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            in.add(x);
        }
        double p = 0.5;
        Dataset<Row> out = frame(spark, FLOAT_ARRAY, in, 2)
                .select(col("id"), spark_partition_id().as("pid"), featureAlphaDropout(col("x"), p, SHAPE, 9).as("y"));
        List<Row> rows = out.collectAsList();
        long[] rowInPartition = rowIndexWithinPartition(rows, "pid");
        float dropped = AlphaDropoutCoefficients.of(p).droppedValueF();
        boolean sawKept = false;
        boolean sawDropped = false;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            float[] y = floats(row, "y");
            boolean[] mask = AlphaDropoutOp.keepMask(p, C, RowSeeds.rowSeed(9, "x", row.getInt(1), rowInPartition[i]));
            for (int c = 0; c < C; c++) {
                int base = c * SPAN;
                assertTrue(Float.isNaN(y[base]), "NaN stays NaN, kept or dropped");
                if (mask[c]) {
                    sawKept = true;
                    assertEquals(Float.POSITIVE_INFINITY, y[base + 1]);
                    assertEquals(Float.NEGATIVE_INFINITY, y[base + 2]);
                } else {
                    sawDropped = true;
                    assertTrue(Float.isNaN(y[base + 1]), "dropped +Inf: Inf * 0 + b is NaN");
                    assertTrue(Float.isNaN(y[base + 2]), "dropped -Inf: NaN");
                    assertEquals(dropped, y[base + 3]);
                    assertEquals(dropped, y[base + 4]);
                    assertEquals(dropped, y[base + 5]);
                }
            }
        }
        assertTrue(sawKept && sawDropped);
    }

    // ------------------------------------------------------------------------------------------------ invalid

    /** Rows: 0 valid, 1 null, 2 null element at 5, 3 wrong length 10, 4 empty, 5 valid. */
    private Dataset<Row> invalidRows() {
        List<Float[]> in = new ArrayList<>();
        Float[] valid = new Float[N];
        Arrays.fill(valid, 0.25f);
        Float[] withNull = valid.clone();
        withNull[5] = null;
        Float[] short10 = Arrays.copyOf(valid, 10);
        in.add(valid);
        in.add(null);
        in.add(withNull);
        in.add(short10);
        in.add(new Float[0]);
        in.add(valid);
        return frame(spark, FLOAT_ARRAY, in, 2);
    }

    private String errorFor(long id, DropoutMode mode) {
        Dataset<Row> df = invalidRows().filter(col("id").equalTo(id));
        Dataset<Row> out = df.select(mode == DropoutMode.FEATURE
                ? featureAlphaDropout(col("x"), 0.5, SHAPE, 1) : alphaDropout(col("x"), 0.5, 1));
        SparkException e = assertThrows(SparkException.class, out::collectAsList);
        return messages(e);
    }

    @Test
    void invalidRowsUnderErrorFailWithTheColumnTheProblemAndTheFix() {
        String nullElement = errorFor(2, DropoutMode.FEATURE);
        assertTrue(nullElement.contains("feature_alpha_dropout: invalid row in column `x`"), nullElement);
        assertTrue(nullElement.contains("null element at index 5 (of 24 elements)"), nullElement);
        assertTrue(nullElement.contains("set handleInvalid to 'skip'"), nullElement);
        assertTrue(nullElement.contains("WHERE size(`x`) = 24 AND NOT exists(`x`, v -> v IS NULL)"), nullElement);

        String wrongLength = errorFor(3, DropoutMode.FEATURE);
        assertTrue(wrongLength.contains("expected 24 elements (shape [4, 3, 2]) but got 10"), wrongLength);
        assertTrue(wrongLength.contains("column `x`"), wrongLength);
        assertTrue(wrongLength.contains("set handleInvalid to 'skip'"), wrongLength);

        String empty = errorFor(4, DropoutMode.FEATURE);
        assertTrue(empty.contains("the sample is empty (0 elements)"), empty);

        String elementNull = errorFor(2, DropoutMode.ELEMENT);
        assertTrue(elementNull.contains("alpha_dropout: invalid row in column `x`"), elementNull);
        assertTrue(elementNull.contains("null element at index 5"), elementNull);
        assertTrue(errorFor(4, DropoutMode.ELEMENT).contains("empty"));
    }

    @Test
    void invalidRowsUnderSkipGiveNullAndUnderKeepPassThrough() {
        Dataset<Row> df = invalidRows();
        DropoutSpec skip = new DropoutSpec(DropoutMode.FEATURE, 0.5, SampleShape.of(SHAPE), 1, true,
                HandleInvalid.SKIP);
        DropoutSpec keep = new DropoutSpec(DropoutMode.FEATURE, 0.5, SampleShape.of(SHAPE), 1, true,
                HandleInvalid.KEEP);
        Dataset<Row> out = df.select(col("id"), col("x"), dropout(col("x"), skip, null).as("skip"),
                dropout(col("x"), keep, null).as("keep")).orderBy("id");
        assertTrue(out.schema().apply("skip").nullable());
        List<Row> rows = out.collectAsList();
        assertEquals(6, rows.size(), "row count unchanged");
        for (Row row : rows) {
            long id = row.getLong(0);
            if (id == 1) {
                assertTrue(row.isNullAt(2) && row.isNullAt(3), "null array gives null");
            } else if (id == 0 || id == 5) {
                assertArrayEquals(floats(row, "skip"), floats(row, "keep"), "valid rows are processed alike");
                assertTrue(!Arrays.equals(floats(row, "x"), floats(row, "skip")), "valid rows are changed");
            } else {
                assertTrue(row.isNullAt(2), "skip: invalid row " + id + " gives null");
                assertEquals(row.getList(1), row.getList(3), "keep: invalid row " + id + " unchanged");
            }
        }
    }

    @Test
    void badArgumentsAreRejectedEarly() {
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> featureAlphaDropout(col("x"), 1.5, SHAPE, 1));
        assertEquals("dropout probability has to be between 0 and 1, but got 1.5", p.getMessage());
        assertThrows(IllegalArgumentException.class, () -> alphaDropout(col("x"), Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> featureAlphaDropout(col("x"), 0.5, new int[] {4, 0}, 1));

        Dataset<Row> ints = spark.range(3).selectExpr("array(cast(id as int)) as x");
        AnalysisException type = assertThrows(AnalysisException.class,
                () -> ints.select(alphaDropout(col("x"), 0.5, 1)).collectAsList());
        assertTrue(type.getMessage().contains("UNEXPECTED_INPUT_TYPE") && type.getMessage().contains(
                "\"ARRAY<FLOAT>\" or \"ARRAY<DOUBLE>\" or \"VECTOR\"") && type.getMessage().contains(
                "\"ARRAY<INT>\""), type.getMessage());
    }

    @Test
    void theDefaultColumnNameReadsLikeTheSqlCall() {
        Dataset<Row> df = frame(spark, FLOAT_ARRAY, gaussianFloats(2, N, 1), 1);
        assertEquals("feature_alpha_dropout(x, 0.5, array(4, 3, 2), 42)",
                df.select(featureAlphaDropout(col("x"), 0.5, SHAPE, 42)).columns()[0]);
        assertEquals("alpha_dropout(x, 0.25, -1)", df.select(alphaDropout(col("x"), 0.25, -1)).columns()[0]);
    }

    // -------------------------------------------------------------------------------------------- statistics

    /** PyTorch's {@code _test_alpha_dropout}, element-wise, on 5000 N(0, 1) values. */
    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.5, 0.8})
    void elementModeKeepsMeanAndStdLikePyTorchsTest(double p) {
        List<float[]> in = gaussianFloats(10, 500, 100);
        List<Row> rows = frame(spark, FLOAT_ARRAY, in, 2)
                .select(col("x"), alphaDropout(col("x"), p, 5).as("y")).collectAsList();
        assertSelfNormalizing(rows, p);
    }

    /** PyTorch's {@code _test_alpha_dropout}, feature-wise, on 1000 rows of a random (b, d, w, h) shape. */
    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.5, 0.8})
    void featureModeKeepsMeanAndStdLikePyTorchsTest(double p) {
        SplittableRandom random = new SplittableRandom(Double.doubleToLongBits(p));
        int b = 1 + random.nextInt(5);
        int w = 1 + random.nextInt(5);
        int h = 1 + random.nextInt(5);
        int d = 1 + random.nextInt(2);
        List<float[]> in = gaussianFloats(1000, b * d * w * h, 200);
        List<Row> rows = frame(spark, FLOAT_ARRAY, in, 2)
                .select(col("x"), featureAlphaDropout(col("x"), p, new int[] {b, d, w, h}, 6).as("y"))
                .collectAsList();
        assertSelfNormalizing(rows, p);
    }

    private static void assertSelfNormalizing(List<Row> rows, double p) {
        double[] in = rows.stream().flatMap(r -> r.getList(0).stream()).mapToDouble(v -> ((Number) v).doubleValue())
                .toArray();
        double[] out = rows.stream().flatMap(r -> r.getList(1).stream()).mapToDouble(v -> ((Number) v).doubleValue())
                .toArray();
        assertEquals(in.length, out.length);
        assertTrue(Math.abs(mean(out) - mean(in)) < 0.1, "p=" + p + " mean " + mean(in) + " -> " + mean(out));
        assertTrue(Math.abs(std(out) - std(in)) < 0.1, "p=" + p + " std " + std(in) + " -> " + std(out));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).sum() / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }
}
