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

package io.github.alphadropout.testing;

import org.apache.spark.sql.SparkSession;

import java.util.Map;

/**
 * The one way tests start a real local SparkSession (one per test class, as Spark's own SharedSparkSession):
 * UI and console progress off, loopback only, few shuffle partitions and no adaptive execution (so partitions are
 * what a test made them), quiet logs, and generated-code compile errors failing the test instead of silently
 * falling back to interpretation. Test classes get one through {@link SparkSessionTest}.
 */
public final class LocalSpark {

    private LocalSpark() {
    }

    public static SparkSession session(String appName, String master, Map<String, String> extra) {
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        SparkSession.Builder builder = SparkSession.builder()
                .master(master)
                .appName(appName)
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4")
                // Partitions stay as a test made them (adaptive execution would coalesce them at run time).
                .config("spark.sql.adaptive.enabled", "false")
                .config("spark.sql.codegen.fallback", "false")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1");
        extra.forEach(builder::config);
        SparkSession spark = builder.getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        return spark;
    }

    /** A local[2] session. */
    public static SparkSession session(String appName) {
        return session(appName, "local[2]", Map.of());
    }

    public static void stop(SparkSession spark) {
        if (spark != null) {
            spark.stop();
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }
}
