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

package io.github.alphadropout.job.generate;

import io.github.alphadropout.job.run.GenerateSettings;
import io.github.alphadropout.kernel.CounterRandom;
import io.github.alphadropout.kernel.RowSeeds;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The data {@code generate} writes: an {@code id} column (0 to N-1) and one or more columns of N(0,1) samples,
 * the input SELU networks expect. Sample {@code id} of column {@code c} depends only on
 * {@code (seed, c, id)}, so the data is the same whatever the partitioning:
 *
 * <pre>
 *   rowSeed  = RowSeeds.forKey(RowSeeds.streamKey(seed ^ GENERATE_DOMAIN, GOLDEN * (c + 1)), id)
 *   u_j      = CounterRandom.uniform(rowSeed, j)                          53-bit uniform in [0, 1)
 *   x_2i     = sqrt(-2 ln(1 - u_2i)) * cos(2 pi u_2i+1)                   Box-Muller, in StrictMath
 *   x_2i+1   = sqrt(-2 ln(1 - u_2i)) * sin(2 pi u_2i+1)
 * </pre>
 */
public final class SampleGenerator {

    /** Keeps generated data's random streams apart from the dropout masks' ("generate"). */
    static final long GENERATE_DOMAIN = 0x67656E6572617465L;

    private SampleGenerator() {
    }

    /** One sample of {@code length} N(0,1) values: column {@code column}, row {@code id}. */
    public static double[] gaussian(long seed, int column, long id, int length) {
        double[] out = new double[length];
        fill(seed, column, id, length, (i, x) -> out[i] = x);
        return out;
    }

    /**
     * {@link #gaussian} rounded to float: what {@code generate --type float} writes. Made without the double
     * sample (which would take twice the float sample's memory while it is made).
     */
    public static float[] gaussianFloats(long seed, int column, long id, int length) {
        float[] out = new float[length];
        fill(seed, column, id, length, (i, x) -> out[i] = (float) x);
        return out;
    }

    /** Where {@link #fill} puts value {@code i}. */
    private interface Sink {
        void put(int i, double x);
    }

    private static void fill(long seed, int column, long id, int length, Sink sink) {
        long rowSeed = RowSeeds.forKey(RowSeeds.streamKey(seed ^ GENERATE_DOMAIN, CounterRandom.GOLDEN * (column + 1L)),
                id);
        for (int i = 0; i < length; i += 2) {
            double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - CounterRandom.uniform(rowSeed, i)));
            double theta = 2.0 * StrictMath.PI * CounterRandom.uniform(rowSeed, i + 1L);
            sink.put(i, r * StrictMath.cos(theta));
            if (i + 1 < length) {
                sink.put(i + 1, r * StrictMath.sin(theta));
            }
        }
    }

    /** The schema of generated data: {@code id bigint}, then one non-null array per column. */
    public static StructType schema(List<String> columns, boolean doubles) {
        DataType element = doubles ? DataTypes.DoubleType : DataTypes.FloatType;
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(GenerateSettings.ID_COLUMN, DataTypes.LongType, false));
        for (String c : columns) {
            fields.add(DataTypes.createStructField(c, DataTypes.createArrayType(element, false), false));
        }
        return DataTypes.createStructType(fields);
    }

    /** {@code rows} rows of {@code length}-element samples in {@code partitions} partitions (0: Spark's default). */
    public static Dataset<Row> generate(SparkSession spark, long rows, int length, List<String> columns,
                                        boolean doubles, long seed, int partitions) {
        int numPartitions = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        StructType schema = schema(columns, doubles);
        String[] names = columns.toArray(new String[0]);
        MapPartitionsFunction<Long, Row> rowsOf = ids -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return ids.hasNext();
            }

            @Override
            public Row next() {
                long id = ids.next();
                Object[] values = new Object[names.length + 1];
                values[0] = id;
                for (int c = 0; c < names.length; c++) {
                    values[c + 1] = doubles ? gaussian(seed, c, id, length) : gaussianFloats(seed, c, id, length);
                }
                return RowFactory.create(values);
            }
        };
        return spark.range(0, rows, 1, numPartitions).mapPartitions(rowsOf, Encoders.row(schema));
    }
}
