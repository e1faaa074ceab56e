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

// A Spark Connect JVM client application, as a user writes one: it sees only the Connect client jar
// (spark-connect-client-jvm), never Spark's classic API. SparkConnectIT runs it with Java's source launcher,
//   java -cp <the client's classpath> src/test/connect/ConnectClient.java sc://HOST:PORT OUT_FILE INPUT_SQL [CASES]
// so it is compiled against that jar alone. On the input that INPUT_SQL makes (columns id, x array<float>,
// d array<double>) it asks the server for the project's SQL functions through SQL and call_function, and for its
// Transformers through Connect ML, and writes every result row to OUT_FILE as
// "<case> TAB <id> TAB <the output's bits, hex, comma-separated>" for the test to hold against the classic API.
// CASES (comma-separated) runs only those cases.

import org.apache.spark.connect.proto.DataType;
import org.apache.spark.connect.proto.Expression;
import org.apache.spark.connect.proto.MlOperator;
import org.apache.spark.connect.proto.MlParams;
import org.apache.spark.connect.proto.Relation;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

public class ConnectClient {

    static Set<String> cases;

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().remote(args[0]).getOrCreate();
        cases = args.length > 3 ? Set.of(args[3].split(",")) : null;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8))) {
            spark.sql(args[2]).createOrReplaceTempView("samples");
            Dataset<Row> samples = spark.table("samples");
            write(out, "sql-feature", spark.sql(
                    "SELECT id, feature_alpha_dropout(x, 0.5, array(4, 3, 2), 42) AS y FROM samples"));
            write(out, "sql-element", spark.sql("SELECT id, alpha_dropout(d, 0.2, 7) AS y FROM samples"));
            write(out, "sql-seed-col", spark.sql(
                    "SELECT id, feature_alpha_dropout(x, 0.5, array(4, -1, 2), 42, seed_col => id) AS y FROM samples"));
            write(out, "call-feature", samples.select(col("id"), call_function("feature_alpha_dropout", col("x"),
                    lit(0.5), array(lit(4), lit(3), lit(2)), lit(42L)).as("y")));
            write(out, "call-element", samples.select(col("id"),
                    call_function("alpha_dropout", col("d"), lit(0.2), lit(7L)).as("y")));
            // The JVM client has no ML API; Connect ML's relation, built from the client's own protocol classes,
            // reaches the server's Transformers (registered there through ServiceLoader) all the same.
            write(out, "ml-feature", transform(spark, samples, "io.github.alphadropout.ml.FeatureAlphaDropout",
                    MlParams.newBuilder().putParams("inputCol", string("x")).putParams("outputCol", string("y"))
                            .putParams("p", Expression.Literal.newBuilder().setDouble(0.5).build())
                            .putParams("shape", ints(4, 3, 2))
                            .putParams("seed", Expression.Literal.newBuilder().setLong(42L).build())));
            write(out, "ml-element", transform(spark, samples, "io.github.alphadropout.ml.AlphaDropout",
                    MlParams.newBuilder().putParams("inputCol", string("d")).putParams("outputCol", string("y"))
                            .putParams("p", Expression.Literal.newBuilder().setDouble(0.2).build())
                            .putParams("seed", Expression.Literal.newBuilder().setLong(7L).build())));
        } finally {
            spark.stop();
        }
    }

    /** A server-side Transformer applied to {@code input} through Connect ML's Transform relation. */
    static Dataset<Row> transform(SparkSession spark, Dataset<Row> input, String transformer, MlParams.Builder params) {
        Relation root = ((org.apache.spark.sql.connect.Dataset<Row>) input).plan().getRoot();
        Dataset<Row> out = ((org.apache.spark.sql.connect.SparkSession) spark).newDataFrame(
                new scala.runtime.AbstractFunction1<Relation.Builder, scala.runtime.BoxedUnit>() {
                    @Override
                    public scala.runtime.BoxedUnit apply(Relation.Builder relation) {
                        relation.getMlRelationBuilder().getTransformBuilder()
                                .setTransformer(MlOperator.newBuilder().setName(transformer).setUid("connect_test")
                                        .setType(MlOperator.OperatorType.OPERATOR_TYPE_TRANSFORMER))
                                .setInput(root).setParams(params);
                        return scala.runtime.BoxedUnit.UNIT;
                    }
                });
        return out.select(col("id"), col("y"));
    }

    static Expression.Literal string(String value) {
        return Expression.Literal.newBuilder().setString(value).build();
    }

    static Expression.Literal ints(int... values) {
        Expression.Literal.Array.Builder array = Expression.Literal.Array.newBuilder()
                .setElementType(DataType.newBuilder().setInteger(DataType.Integer.newBuilder()));
        for (int v : values) {
            array.addElements(Expression.Literal.newBuilder().setInteger(v));
        }
        return Expression.Literal.newBuilder().setArray(array).build();
    }

    /** Each row as "case TAB id TAB bits", the bits of a float or double array in hex. */
    static void write(PrintWriter out, String name, Dataset<Row> rows) {
        if (cases != null && !cases.contains(name)) {
            return;
        }
        for (Row row : rows.collectAsList()) {
            List<Object> values = row.getList(1);
            List<String> bits = new ArrayList<>(values.size());
            for (Object v : values) {
                bits.add(v instanceof Float f ? Integer.toHexString(Float.floatToRawIntBits(f))
                        : Long.toHexString(Double.doubleToRawLongBits((Double) v)));
            }
            out.println(name + "\t" + row.getLong(0) + "\t" + String.join(",", bits));
        }
    }
}
