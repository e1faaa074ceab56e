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

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.GoldenFixtures;
import io.github.alphadropout.testing.SparkSessionTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Transformers ({@link FeatureAlphaDropout} for the feature cases, {@link AlphaDropout} for the element cases)
 * against golden data from real PyTorch ({@link GoldenFixtures}, written by {@code scripts/pytorch_golden.py}),
 * bit for bit, on {@code array<float>} (float32 golden data), and on {@code array<double>} and ML {@code Vector}
 * columns (float64 golden data), for p in {0.1, 0.2, 0.5, 0.8, 1}.
 *
 * <p>As in the SQL golden test, our mask is read from a second transform with the same Transformer on a
 * DataFrame of the same schema, partitioning and row order holding zeros, never derived from the row seeds here.
 */
class PyTorchGoldenTransformerTest extends SparkSessionTest {

    static final int ROWS = 128;
    private static final int PARTITIONS = 2;
    private static final long SEED = 7_2024_0611L;

    /** The input column types. */
    enum ColumnType {
        FLOAT_ARRAY, DOUBLE_ARRAY, VECTOR;

        GoldenFixtures.DType dtype() {
            return this == FLOAT_ARRAY ? GoldenFixtures.DType.FLOAT32 : GoldenFixtures.DType.FLOAT64;
        }

        DataType sparkType() {
            switch (this) {
                case FLOAT_ARRAY: return DataTypes.createArrayType(DataTypes.FloatType, false);
                case DOUBLE_ARRAY: return DataTypes.createArrayType(DataTypes.DoubleType, false);
                default: return SQLDataTypes.VectorType();
            }
        }
    }

    private GoldenFixtures golden;

    @BeforeAll
    void loadFixtures() {
        golden = GoldenFixtures.load();
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (ColumnType type : ColumnType.values()) {
            for (GoldenFixtures.Case c : GoldenFixtures.load().cases(type.dtype())) {
                out.add(Arguments.of(type, c));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("cases")
    void transformerMatchesPyTorchBitForBit(ColumnType type, GoldenFixtures.Case c) {
        Transformer dropout = c.mode() == DropoutMode.FEATURE
                ? new FeatureAlphaDropout().setShape(golden.shape()).setInputCol("x").setOutputCol("y")
                        .setP(c.p()).setSeed(SEED)
                : new AlphaDropout().setInputCol("x").setOutputCol("y").setP(c.p()).setSeed(SEED);
        List<Row> out = transform(dropout, type, c, false);
        List<Row> zeroRun = transform(dropout, type, c, true);
        GoldenFixtures.Check check = golden.check(c, dropout.getClass().getSimpleName() + " on " + type);
        for (int r = 0; r < ROWS; r++) {
            Row y = out.get(r);
            Row z = zeroRun.get(r);
            assertEquals(y.getLong(0), z.getLong(0), "row order of the two runs");
            assertNotNull(y.get(1), "null output, row " + r);
            switch (type) {
                case FLOAT_ARRAY:
                    check.row(GoldenFixtures.floats(y.getList(1)), GoldenFixtures.floats(z.getList(1)));
                    break;
                case DOUBLE_ARRAY:
                    check.row(GoldenFixtures.doubles(y.getList(1)), GoldenFixtures.doubles(z.getList(1)));
                    break;
                default:
                    check.row(y.<Vector>getAs(1).toArray(), z.<Vector>getAs(1).toArray());
            }
        }
        check.verify();
    }

    /**
     * (id, y) of {@value #ROWS} rows of the golden sample (or of zeros), in id order. The sample is rebuilt from
     * its raw bits on the executors (a UDF over {@code spark.range}, {@value #PARTITIONS} partitions): rows sent
     * through {@code parallelize} travel by Java serialization, whose {@code writeFloat/writeDouble} canonicalize
     * every NaN, and the NaN payloads PyTorch keeps would be lost before the Transformer sees them.
     */
    private List<Row> transform(Transformer dropout, ColumnType type, GoldenFixtures.Case golden, boolean zeros) {
        long[] bits = new long[golden.size()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = zeros ? 0L : golden.inputBits(i);
        }
        UserDefinedFunction sample;
        switch (type) {
            case FLOAT_ARRAY:
                sample = udf((UDF1<Long, float[]>) id -> GoldenFixtures.floatsOfBits(bits), type.sparkType());
                break;
            case DOUBLE_ARRAY:
                sample = udf((UDF1<Long, double[]>) id -> GoldenFixtures.doublesOfBits(bits), type.sparkType());
                break;
            default:
                sample = udf((UDF1<Long, Vector>) id -> Vectors.dense(GoldenFixtures.doublesOfBits(bits)),
                        type.sparkType());
        }
        Dataset<Row> input = spark.range(0, ROWS, 1, PARTITIONS).select(col("id"), sample.apply(col("id")).as("x"));
        Dataset<Row> output = dropout.transform(input);
        assertEquals(type.sparkType(), output.schema().apply("y").dataType(), "output type");
        List<Row> collected = new ArrayList<>(output.select("id", "y").collectAsList());
        assertEquals(ROWS, collected.size());
        collected.sort((a, b) -> Long.compare(a.getLong(0), b.getLong(0)));
        return collected;
    }




}
