package io.github.alphadropout.ml;

import io.github.alphadropout.testing.LocalSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/** One real local[2] SparkSession per test class, UI off, stopped afterwards (Spark's SharedSparkSession). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LocalSparkSession {

    protected SparkSession spark;

    /** The master URL; override for e.g. local[2,4] (task retries). */
    protected String master() {
        return "local[2]";
    }

    @BeforeAll
    void startSpark() {
        spark = LocalSpark.session(getClass().getSimpleName(), master(), Map.of());
    }

    @AfterAll
    void stopSpark() {
        LocalSpark.stop(spark);
    }
}
