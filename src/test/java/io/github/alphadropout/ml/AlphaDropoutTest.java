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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AlphaDropout (element-wise) on a real local SparkSession. */
class AlphaDropoutTest extends SparkSessionTest {

    @Test
    void everyElementMatchesTheKernelsPublicMaskFunctionBitForBit() {
        int length = 333;
        Dataset<Row> df = SampleData.floats(spark, 30, length, 3, 21);
        AlphaDropout dropout = new AlphaDropout().setInputCol("sample").setOutputCol("out").setP(0.2).setSeed(17L);
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(0.2);
        long dropped = 0;
        for (Row row : dropout.transform(df).withColumn("pos", monotonically_increasing_id()).collectAsList()) {
            long pos = row.getLong(row.fieldIndex("pos"));
            boolean[] keep = AlphaDropoutOp.keepMask(0.2, length, RowSeeds.forPosition(RowSeeds.streamKey(17, "sample"), pos));
            float[] x = SampleData.floatsOf(row, "sample");
            float[] y = SampleData.floatsOf(row, "out");
            for (int i = 0; i < length; i++) {
                float expected = keep[i] ? x[i] * k.scaleF() + k.keptShiftF() : k.droppedValueF();
                assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(y[i]), "element " + i);
                dropped += keep[i] ? 0 : 1;
            }
        }
        double fraction = dropped / (30.0 * length);
        assertTrue(Math.abs(fraction - 0.2) < 0.02, "drop fraction " + fraction);
    }

    @Test
    void probabilityOneGivesSignedZerosAndNaNForNonFiniteInputs() {
        float[] x = {-3f, 2f, -0f, Float.NaN, Float.POSITIVE_INFINITY};
        StructType schema = new StructType().add("id", DataTypes.LongType)
                .add("sample", DataTypes.createArrayType(DataTypes.FloatType, false));
        Dataset<Row> df = spark.createDataFrame(List.of(RowFactory.create(0L, x)), schema);
        Row row = new AlphaDropout().setInputCol("sample").setOutputCol("out").setP(1.0).transform(df).first();
        float[] y = SampleData.floatsOf(row, "out");
        float[] expected = {-0f, 0f, -0f, Float.NaN, Float.NaN};
        for (int i = 0; i < x.length; i++) {
            if (Float.isNaN(expected[i])) {
                assertTrue(Float.isNaN(y[i]), "element " + i + " must be NaN, got " + y[i]); // NaN payloads vary by CPU
            } else {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(y[i]), "element " + i);
            }
        }
    }

    @Test
    void savedAlphaDropoutLoads(@TempDir Path dir) throws Exception {
        AlphaDropout a = new AlphaDropout().setInputCols(new String[] {"a", "b"})
                .setOutputCols(new String[] {"c", "d"}).setP(0.3).setTraining(false);
        a.save(dir.resolve("ad").toString());
        AlphaDropout loaded = AlphaDropout.load(dir.resolve("ad").toString());
        assertEquals(a.uid(), loaded.uid());
        assertEquals(List.of("a", "b"), List.of(loaded.getInputCols()));
        assertEquals(List.of("c", "d"), List.of(loaded.getOutputCols()));
        assertEquals(0.3, loaded.getP());
        assertEquals(false, loaded.getTraining());
    }
}
