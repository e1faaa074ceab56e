package io.github.alphadropout.ml;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

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
        spark = SparkSession.builder()
                .master(master())
                .appName(getClass().getSimpleName())
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    void stopSpark() {
        if (spark != null) {
            spark.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
    }
}
