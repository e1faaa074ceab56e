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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

/**
 * The one Spark session fixture, as Spark's own {@code SharedSparkSession}: a test class that extends it gets one
 * real local SparkSession ({@link LocalSpark}), started before its first test and stopped after its last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SparkSessionTest {

    protected SparkSession spark;

    /** The master URL; override for e.g. {@code local[2,4]} (task retries). */
    protected String master() {
        return "local[2]";
    }

    /** Extra settings for this class's session. */
    protected Map<String, String> sparkConf() {
        return Map.of();
    }

    @BeforeAll
    final void startSpark() {
        spark = LocalSpark.session(getClass().getSimpleName(), master(), sparkConf());
    }

    @AfterAll
    final void stopSpark() {
        LocalSpark.stop(spark);
    }
}
