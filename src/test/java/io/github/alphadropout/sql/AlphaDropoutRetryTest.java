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

import org.apache.spark.TaskContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.alphadropout.sql.AlphaDropoutFunctions.alphaDropout;
import static io.github.alphadropout.sql.AlphaDropoutFunctions.featureAlphaDropout;
import static io.github.alphadropout.sql.SparkTestSupport.FLOAT_ARRAY;
import static io.github.alphadropout.sql.SparkTestSupport.frame;
import static io.github.alphadropout.sql.SparkTestSupport.gaussianFloats;
import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task that fails on its first attempt, half-way through its partition, and is retried gives the same output as
 * a clean run: position seeds come from (partition, row within partition), which a retry reproduces.
 */
class AlphaDropoutRetryTest extends SparkSessionTest {

    /** Counts the injected failures (local mode: executors share this JVM). */
    static final AtomicInteger FAILURES = new AtomicInteger();

    @Override
    protected String master() {
        return "local[2,4]";
    }

    @BeforeAll
    void setUp() {
        // local[2, 4]: two threads, up to 4 attempts per task.
        spark.udf().register("fail_first_attempt", (UDF1<Long, Long>) id -> {
            TaskContext task = TaskContext.get();
            if (task.attemptNumber() == 0 && task.partitionId() == 1 && id % 100 == 50) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("injected failure on the first attempt of partition 1");
            }
            return id;
        }, DataTypes.LongType);
        spark.udf().register("pass_through", (UDF1<Long, Long>) id -> id, DataTypes.LongType);
    }

    private List<Row> run(String udf) {
        Dataset<Row> df = frame(spark, FLOAT_ARRAY, gaussianFloats(400, 24, 31), 2);
        Column feature = featureAlphaDropout(col("x"), 0.5, new int[] {4, 6}, 77);
        Column element = alphaDropout(col("x"), 0.3, 78);
        // the UDF runs in the same stage and projection as the dropout, after it for each row
        return df.select(feature.as("f"), element.as("e"), call_udf(udf, col("id")).as("id"))
                .collectAsList();
    }

    @Test
    void aRetriedTaskReproducesTheCleanRunExactly() {
        List<Row> clean = run("pass_through");
        int before = FAILURES.get();
        List<Row> retried = run("fail_first_attempt");
        assertTrue(FAILURES.get() > before, "the first attempt of partition 1 failed");
        assertEquals(400, retried.size());
        assertEquals(clean, retried);
    }
}
