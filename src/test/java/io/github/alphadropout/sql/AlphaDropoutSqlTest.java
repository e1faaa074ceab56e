package io.github.alphadropout.sql;

import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.RowSeeds;
import io.github.alphadropout.kernel.SampleShape;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQL functions, registered through spark.sql.extensions. */
class AlphaDropoutSqlTest {

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkTestSupport.session("local[2]",
                Map.of("spark.sql.extensions", AlphaDropoutExtensions.class.getName()));
        frame(spark, FLOAT_ARRAY, gaussianFloats(60, 24, 41), 2).createOrReplaceTempView("samples");
        frame(spark, DOUBLE_ARRAY, gaussianDoubles(10, 24, 42), 2).createOrReplaceTempView("doubles");
    }

    @AfterAll
    static void stop() {
        SparkTestSupport.stop(spark);
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
    void masksFollowTheDocumentedRowSeeds() {
        List<Row> rows = spark.sql("SELECT x, spark_partition_id() AS pid,"
                + " feature_alpha_dropout(x, 0.25, array(-1, 3, 2), 5) AS y FROM samples").collectAsList();
        long[] r = rowIndexWithinPartition(rows, "pid");
        AlphaDropoutOp op = AlphaDropoutOp.feature(0.25, SampleShape.of(-1, 3, 2));
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            assertArrayEquals(op.apply(floats(row, "x"), RowSeeds.rowSeed(5, 0, row.getInt(1), r[i])),
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
        assertTrue(usage.contains("feature_alpha_dropout(col, p, shape[, seed])"), usage);
    }

    private static String analysisError(String query) {
        AnalysisException e = assertThrows(AnalysisException.class, () -> spark.sql(query).collectAsList());
        return e.getMessage();
    }

    @Test
    void badArgumentsFailAnalysisNamingTheFunctionAndArgument() {
        String p = analysisError("SELECT feature_alpha_dropout(x, 1.5, array(4, 3, 2), 1) FROM samples");
        assertTrue(p.contains("feature_alpha_dropout: argument 2 (p): dropout probability has to be between 0 and 1,"
                + " but got 1.5"), p);
        assertTrue(analysisError("SELECT alpha_dropout(x, -0.1) FROM samples")
                .contains("dropout probability has to be between 0 and 1, but got -0.1"));
        assertTrue(analysisError("SELECT alpha_dropout(x, 'half', 1) FROM samples")
                .contains("alpha_dropout: argument 2 (p) must be a number in [0, 1], but got 'half'"));
        assertTrue(analysisError("SELECT alpha_dropout(x, cast(id AS double) / 100, 1) FROM samples")
                .contains("alpha_dropout: argument 2 (p) must be a constant"));

        String arity = analysisError("SELECT alpha_dropout(x) FROM samples");
        assertTrue(arity.contains("WRONG_NUM_ARGS") && arity.contains("`alpha_dropout` requires [2, 3] parameters"),
                arity);
        assertTrue(analysisError("SELECT feature_alpha_dropout(x, 0.5) FROM samples")
                .contains("`feature_alpha_dropout` requires [3, 4] parameters"));

        String shape = analysisError("SELECT feature_alpha_dropout(x, 0.5, array(4, 0, 2), 1) FROM samples");
        assertTrue(shape.contains("feature_alpha_dropout: argument 3 (shape): shape [4, 0, 2] has dimension 0"),
                shape);
        assertTrue(analysisError("SELECT feature_alpha_dropout(x, 0.5, 24, 1) FROM samples")
                .contains("argument 3 (shape) must be an array of integers (C, *spatial) such as array(16, 4, 32, 32)"));
        assertTrue(analysisError("SELECT feature_alpha_dropout(x, 0.5, array(4, -1, -1), 1) FROM samples")
                .contains("more than one -1"));

        String seed = analysisError("SELECT alpha_dropout(x, 0.5, id) FROM samples");
        assertTrue(seed.contains("alpha_dropout: argument 3 (seed) must be a constant"), seed);
        assertTrue(analysisError("SELECT alpha_dropout(x, 0.5, 1.5) FROM samples")
                .contains("alpha_dropout: argument 3 (seed) must be an integer"));

        String type = analysisError("SELECT alpha_dropout(id, 0.5, 1) FROM samples");
        assertTrue(type.contains("alpha_dropout supports array<float>, array<double> and Spark ML vector"), type);
        assertTrue(type.contains("`id` is bigint"), type);
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
