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

import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test data: rows of (id, N(0,1) sample) in several column types, and readers for the results. */
final class SampleData {

    private SampleData() {
    }

    static float[] gaussianFloats(Random random, int length) {
        float[] x = new float[length];
        for (int i = 0; i < length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /** {@code rows} rows of (id long, sample array<float>) in {@code partitions} partitions. */
    static Dataset<Row> floats(SparkSession spark, int rows, int length, int partitions, long seed) {
        Random random = new Random(seed);
        List<Row> data = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            data.add(RowFactory.create((long) r, gaussianFloats(random, length)));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("sample", DataTypes.createArrayType(DataTypes.FloatType, false), true);
        return spark.createDataFrame(data, schema).repartition(partitions).sortWithinPartitions("id");
    }

    /** The same as {@link #floats} with array<double>. */
    static Dataset<Row> doubles(SparkSession spark, int rows, int length, int partitions, long seed) {
        Random random = new Random(seed);
        List<Row> data = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            double[] x = new double[length];
            for (int i = 0; i < length; i++) {
                x[i] = random.nextGaussian();
            }
            data.add(RowFactory.create((long) r, x));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("sample", DataTypes.createArrayType(DataTypes.DoubleType, false), true);
        return spark.createDataFrame(data, schema).repartition(partitions).sortWithinPartitions("id");
    }

    /** Rows of (id, vector) from the given vectors, one partition. */
    static Dataset<Row> vectors(SparkSession spark, List<Vector> vectors) {
        List<Row> data = new ArrayList<>();
        for (int r = 0; r < vectors.size(); r++) {
            data.add(RowFactory.create((long) r, vectors.get(r)));
        }
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("sample", SQLDataTypes.VectorType(), true);
        return spark.createDataFrame(data, schema).coalesce(1);
    }

    static float[] floatsOf(Row row, String column) {
        List<Object> values = row.getList(row.fieldIndex(column));
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Float) values.get(i);
        }
        return out;
    }

    static double[] doublesOf(Row row, String column) {
        List<Object> values = row.getList(row.fieldIndex(column));
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Double) values.get(i);
        }
        return out;
    }
}
