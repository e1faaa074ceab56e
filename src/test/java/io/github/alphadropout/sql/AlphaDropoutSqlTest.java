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
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSessionExtensions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.github.alphadropout.sql.AlphaDropoutFunctions.alphaDropout;
import static io.github.alphadropout.sql.AlphaDropoutFunctions.featureAlphaDropout;
import static io.github.alphadropout.sql.SparkTestSupport.DOUBLE_ARRAY;
import static io.github.alphadropout.sql.SparkTestSupport.FLOAT_ARRAY;
import static io.github.alphadropout.sql.SparkTestSupport.floats;
import static io.github.alphadropout.sql.SparkTestSupport.frame;
import static io.github.alphadropout.sql.SparkTestSupport.gaussianDoubles;
import static io.github.alphadropout.sql.SparkTestSupport.gaussianFloats;
import static io.github.alphadropout.sql.SparkTestSupport.rowIndexWithinPartition;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQL functions in a session that names the extensions in spark.sql.extensions (and finds them by ServiceLoader). */
class AlphaDropoutSqlTest extends SparkSessionTest {

    @Override
    protected Map<String, String> sparkConf() {
        return Map.of("spark.sql.extensions", AlphaDropoutExtensions.class.getName());
    }

    @BeforeAll
    void setUp() {
        frame(spark, FLOAT_ARRAY, gaussianFloats(60, 24, 41), 2).createOrReplaceTempView("samples");
        frame(spark, DOUBLE_ARRAY, gaussianDoubles(10, 24, 42), 2).createOrReplaceTempView("doubles");
    }

    @Test
    void sqlFunctionsEqualTheColumnFunctions() {
        Dataset<Row> samples = spark.table("samples");
        List<Row> sql = spark.sql("SELECT id, feature_alpha_dropout(x, 0.5, array(4, 3, 2), 42) AS f,"
                + " alpha_dropout(x, 0.2, 7) AS e FROM samples").collectAsList();
        List<Row> columns = samples.select(col("id"), featureAlphaDropout(col("x"), 0.5, new int[] {4, 3, 2}, 42)
                .as("f"), alphaDropout(col("x"), 0.2, 7).as("e")).collectAsList();
        assertEquals(columns, sql);
    }

    @Test
    void theConfAndTheServiceLoaderTogetherInjectEachFunctionOnce() {
        SparkSessionExtensions extensions = SqlFunctionsByServiceLoaderTest.sessionExtensions(spark);
        assertEquals(1, SqlFunctionsByServiceLoaderTest.injected(extensions, "feature_alpha_dropout"));
        assertEquals(1, SqlFunctionsByServiceLoaderTest.injected(extensions, "alpha_dropout"));
    }

    @Test
    void masksFollowTheDocumentedRowSeeds() {
        List<Row> rows = spark.sql("SELECT x, spark_partition_id() AS pid,"
                + " feature_alpha_dropout(x, 0.25, array(-1, 3, 2), 5) AS y FROM samples").collectAsList();
        long[] r = rowIndexWithinPartition(rows, "pid");
        AlphaDropoutOp op = AlphaDropoutOp.feature(0.25, SampleShape.of(-1, 3, 2));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertArrayEquals(op.apply(floats(row, "x"), RowSeeds.rowSeed(5, "x", row.getInt(1), r[i])),
                    floats(row, "y"));
        }
    }

    @Test
    void typesArePreservedAndTheColumnIsNamedAfterTheCall() {
        Dataset<Row> d = spark.sql("SELECT alpha_dropout(x, 0.5, 1) FROM doubles");
        assertEquals(spark.table("doubles").schema().apply("x").dataType(), d.schema().fields()[0].dataType());
        assertEquals("alpha_dropout(x, 0.5, 1)", d.columns()[0]);
        assertEquals(10, d.collectAsList().size());
    }

    @Test
    void theSeedIsOptionalAndThenDrawnOncePerQuery() {
        Dataset<Row> unseeded = spark.sql("SELECT id, alpha_dropout(x, 0.5) AS y FROM samples ORDER BY id");
        assertEquals(unseeded.collectAsList(), unseeded.collectAsList(), "one analysed query: one seed");
        Dataset<Row> again = spark.sql("SELECT id, alpha_dropout(x, 0.5) AS y FROM samples ORDER BY id");
        assertNotEquals(unseeded.collectAsList(), again.collectAsList(), "each query draws its own seed");
        assertTrue(spark.sql("SELECT feature_alpha_dropout(x, 0.5, array(4, 3, 2)) FROM samples").count() == 60);
    }

    @Test
    void describeFunctionShowsTheUsage() {
        String usage = spark.sql("DESCRIBE FUNCTION EXTENDED feature_alpha_dropout").collectAsList().toString();
        assertTrue(usage.contains("feature_alpha_dropout(input, p, shape[, seed])"), usage);
        assertTrue(usage.contains("seed_col") && usage.contains("handle_invalid") && usage.contains("column_name"),
                usage);
    }

    private String analysisError(String query) {
        AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql(query).collectAsList());
        return e.getMessage();
    }

    private void assertError(String query, String... parts) {
        String message = analysisError(query);
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "'" + part + "' not in: " + message);
        }
    }

    /** Arguments are checked at analysis, with Spark's own error classes. */
    @Test
    void badArgumentsFailAnalysisWithSparksErrorClasses() {
        assertError("SELECT feature_alpha_dropout(x, 1.5, array(4, 3, 2), 1) FROM samples",
                "DATATYPE_MISMATCH", "dropout probability has to be between 0 and 1, but got 1.5");
        assertError("SELECT alpha_dropout(x, -0.1) FROM samples",
                "dropout probability has to be between 0 and 1, but got -0.1");
        assertError("SELECT alpha_dropout(x, 'half', 1) FROM samples",
                "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "requires the \"NUMERIC\" type");
        assertError("SELECT alpha_dropout(x, cast(id AS double) / 100, 1) FROM samples",
                "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT", "`p`");
        assertError("SELECT alpha_dropout(x, CAST(NULL AS DOUBLE), 1) FROM samples", "UNEXPECTED_NULL", "`p`");

        assertError("SELECT alpha_dropout(x) FROM samples", "REQUIRED_PARAMETER_NOT_FOUND", "`p`");
        assertError("SELECT feature_alpha_dropout(x, 0.5) FROM samples", "REQUIRED_PARAMETER_NOT_FOUND", "`shape`");
        assertError("SELECT alpha_dropout(x, 0.5, 1, id, 'error', true, 'x', 9) FROM samples", "WRONG_NUM_ARGS");
        assertError("SELECT alpha_dropout(x, 0.5, 1, seeds_col => id) FROM samples",
                "UNRECOGNIZED_PARAMETER_NAME", "seeds_col");

        assertError("SELECT feature_alpha_dropout(x, 0.5, array(4, 0, 2), 1) FROM samples",
                "feature_alpha_dropout: shape [4, 0, 2] has dimension 0");
        assertError("SELECT feature_alpha_dropout(x, 0.5, 24, 1) FROM samples",
                "UNEXPECTED_INPUT_TYPE", "requires the \"ARRAY<INT>\" type");
        assertError("SELECT feature_alpha_dropout(x, 0.5, array(4, -1, -1), 1) FROM samples", "more than one -1");
        assertError("SELECT feature_alpha_dropout(x, 0.5, array(4, id), 1) FROM samples",
                "NON_FOLDABLE_INPUT", "`shape`");

        String seed = analysisError("SELECT alpha_dropout(x, 0.5, id) FROM samples");
        assertTrue(seed.contains("seed") && (seed.contains("NON_FOLDABLE_INPUT")
                || seed.contains("SEED_EXPRESSION_IS_UNFOLDABLE")), seed);
        assertError("SELECT alpha_dropout(x, 0.5, 1.5) FROM samples", "UNEXPECTED_INPUT_TYPE", "\"BIGINT\"");

        assertError("SELECT alpha_dropout(id, 0.5, 1) FROM samples", "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
                "requires the \"ARRAY<FLOAT>\" or \"ARRAY<DOUBLE>\" or \"VECTOR\" type",
                "\"BIGINT\"");
        assertError("SELECT alpha_dropout(x, 0.5, 1, handle_invalid => 'drop') FROM samples",
                "INVALID_ARG_VALUE", "`handle_invalid`", "'drop'");
        assertError("SELECT alpha_dropout(x, 0.5, 1, training => 'no') FROM samples",
                "UNEXPECTED_INPUT_TYPE", "\"BOOLEAN\"");
        assertError("SELECT alpha_dropout(x, 0.5, 1, seed_col => map(id, id)) FROM samples", "DATATYPE_MISMATCH");
        // The sql layer's messages name no Transformer.
        assertFalse(analysisError("SELECT alpha_dropout(id, 0.5, 1) FROM samples").contains("AlphaDropout"));
    }

    @Test
    void namedArgumentsGiveEveryOptionOfTheColumnFunction() {
        Dataset<Row> samples = spark.table("samples");
        DropoutSpec spec = DropoutSpec.feature(0.5, SampleShape.of(4, 3, 2), 42)
                .withHandleInvalid(HandleInvalid.KEEP).withTraining(true);
        List<Row> sql = spark.sql("SELECT id, feature_alpha_dropout(x, 0.5, array(4, 3, 2), 42, seed_col => id,"
                + " handle_invalid => 'keep', column_name => 'scan') AS f,"
                + " alpha_dropout(x, 0.2, 7, training => false) AS e FROM samples").collectAsList();
        List<Row> columns = samples.select(col("id"),
                AlphaDropoutFunctions.dropout(col("x"), "scan", spec, col("id")).as("f"),
                AlphaDropoutFunctions.dropout(col("x"), DropoutSpec.element(0.2, 7).withTraining(false), null)
                        .as("e")).collectAsList();
        assertEquals(columns, sql);
        for (Row row : sql) {
            assertEquals(row.getList(2), samples.filter(col("id").equalTo(row.getLong(0))).first().getList(1),
                    "training => false is the identity");
        }
    }

    /** The SQL text of every form the functions take is a query that gives the same output. */
    @Test
    void theSqlTextOfEveryFormRoundTripsBitForBit() {
        Dataset<Row> samples = spark.table("samples");
        List<Column> forms = List.of(
                featureAlphaDropout(col("x"), 0.5, new int[] {4, 3, 2}, 42),
                featureAlphaDropout(col("x"), 0.25, new int[] {-1, 3, 2}, -7),
                alphaDropout(col("x"), 0.2, 7),
                AlphaDropoutFunctions.dropout(col("x"), "scan", DropoutSpec.element(0.3, 9)
                        .withHandleInvalid(HandleInvalid.SKIP), col("id")),
                AlphaDropoutFunctions.dropout(col("x"), DropoutSpec.feature(0.5, SampleShape.of(4, 6), 1)
                        .withTraining(false).withHandleInvalid(HandleInvalid.KEEP), col("id").cast("string")),
                functions.expr("feature_alpha_dropout(x, 0.5, array(4, 3, 2), 3, seed_col => id * 2,"
                        + " column_name => 'other')"),
                functions.expr("alpha_dropout(x, 0.5BD, 3)"));
        for (Column form : forms) {
            Dataset<Row> original = samples.select(col("id"), form.as("y"));
            AlphaDropoutExpression e = dropoutIn(original);
            String text = e.sql();
            List<Row> again = spark.sql("SELECT id, " + text + " AS y FROM samples").collectAsList();
            assertEquals(original.collectAsList(), again, text);
        }
    }

    @Test
    void aDrawnSeedStaysOutOfTheSqlTextAndTheColumnName() {
        Dataset<Row> unseeded = spark.sql("SELECT alpha_dropout(x, 0.5) FROM samples");
        String name = unseeded.columns()[0];
        assertEquals("alpha_dropout(x, 0.5)", name);
        AlphaDropoutExpression e = dropoutIn(unseeded);
        assertEquals("alpha_dropout(spark_catalog.default.samples.x, 0.5BD)".replace("spark_catalog.default.", ""),
                e.sql().replace("spark_catalog.default.", ""));
        assertEquals(60, spark.sql("SELECT " + e.sql() + " FROM samples").count(), "the text parses");
        Dataset<Row> seeded = spark.sql("SELECT alpha_dropout(x, 0.5, 123) FROM samples");
        assertEquals("alpha_dropout(x, 0.5, 123)", seeded.columns()[0], "a given seed is shown");
    }

    /** The dropout expression in a query's analysed plan. */
    static AlphaDropoutExpression dropoutIn(Dataset<Row> query) {
        for (org.apache.spark.sql.catalyst.expressions.Expression e
                : Scala.list(query.queryExecution().analyzed().expressions())) {
            AlphaDropoutExpression found = find(e);
            if (found != null) {
                return found;
            }
        }
        throw new AssertionError("no dropout in " + query.queryExecution().analyzed());
    }

    private static AlphaDropoutExpression find(org.apache.spark.sql.catalyst.expressions.Expression e) {
        if (e instanceof AlphaDropoutExpression d) {
            return d;
        }
        for (org.apache.spark.sql.catalyst.expressions.Expression child : Scala.list(e.children())) {
            AlphaDropoutExpression found = find(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    @Test
    void invalidRowsFailWithAHintToFilterThem() {
        Exception e = assertThrows(Exception.class, () -> spark.sql(
                "SELECT feature_alpha_dropout(x, 0.5, array(5, 5), 1) FROM samples").collectAsList());
        String message = SparkTestSupport.messages(e);
        assertTrue(message.contains("expected 25 elements (shape [5, 5]) but got 24"), message);
        assertTrue(message.contains("WHERE size(`x`) = 25"), message);
    }
}
