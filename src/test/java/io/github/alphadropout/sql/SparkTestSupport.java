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

import io.github.alphadropout.testing.Gaussians;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Small data helpers of the Spark tests. */
final class SparkTestSupport {

    private SparkTestSupport() {
    }

    /** Rows {@code (id bigint, x <type>)} in {@code partitions} partitions of consecutive ids, in list order. */
    static Dataset<Row> frame(SparkSession spark, DataType type, List<?> samples, int partitions) {
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("x", type, true);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            rows.add(RowFactory.create((long) i, samples.get(i)));
        }
        return spark.createDataFrame(new JavaSparkContext(spark.sparkContext()).parallelize(rows, partitions), schema);
    }

    static final DataType FLOAT_ARRAY = DataTypes.createArrayType(DataTypes.FloatType, true);
    static final DataType DOUBLE_ARRAY = DataTypes.createArrayType(DataTypes.DoubleType, true);

    /** {@code rows} samples of {@code n} N(0, 1) floats. */
    static List<float[]> gaussianFloats(int rows, int n, long seed) {
        return Gaussians.floats(rows, n, seed);
    }

    /** {@code rows} samples of {@code n} N(0, 1) doubles. */
    static List<double[]> gaussianDoubles(int rows, int n, long seed) {
        return Gaussians.doubles(rows, n, seed);
    }

    /** A collected array column as a float[] (Spark returns a Seq, or a List through getList). */
    static float[] floats(Row row, String column) {
        return floats(row.getList(row.fieldIndex(column)));
    }

    static double[] doubles(Row row, String column) {
        return doubles(row.getList(row.fieldIndex(column)));
    }

    static float[] floats(List<?> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).floatValue();
        }
        return out;
    }

    static double[] doubles(List<?> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).doubleValue();
        }
        return out;
    }

    /**
     * The (partition, row within partition) of each collected row, given its partition id column: collect()
     * returns partitions in order and rows in their order within each partition.
     */
    static long[] rowIndexWithinPartition(List<Row> collected, String partitionColumn) {
        Map<Integer, Long> next = new HashMap<>();
        long[] out = new long[collected.size()];
        for (int i = 0; i < out.length; i++) {
            int pid = collected.get(i).<Integer>getAs(partitionColumn);
            long r = next.getOrDefault(pid, 0L);
            out[i] = r;
            next.put(pid, r + 1);
        }
        return out;
    }

    /** Whether the executed plan has our expression in a ProjectExec inside a WholeStageCodegenExec. */
    static boolean dropoutIsWholeStageCodegened(SparkPlan plan) {
        if (plan instanceof WholeStageCodegenExec w) {
            return containsDropoutProject(w.child());
        }
        for (SparkPlan child : Scala.list(plan.children())) {
            if (dropoutIsWholeStageCodegened(child)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsDropoutProject(SparkPlan plan) {
        if (plan instanceof WholeStageCodegenExec) {
            return false;
        }
        if (plan instanceof ProjectExec p) {
            for (var e : Scala.list(p.projectList())) {
                if (containsDropout((Expression) e)) {
                    return true;
                }
            }
        }
        for (SparkPlan child : Scala.list(plan.children())) {
            if (containsDropoutProject(child)) {
                return true;
            }
        }
        return false;
    }

    static boolean containsDropout(Expression e) {
        if (e instanceof AlphaDropoutExpression) {
            return true;
        }
        for (Expression child : Scala.list(e.children())) {
            if (containsDropout(child)) {
                return true;
            }
        }
        return false;
    }

    /** The root-cause chain's messages, joined, to assert on what a user sees. */
    static String messages(Throwable t) {
        StringBuilder s = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            s.append(c).append('\n');
        }
        return s.toString();
    }
}
