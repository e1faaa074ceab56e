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

package io.github.alphadropout.job.run;

import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After a job fails, the wait returns only once its killed tasks have stopped running their code. */
class RunningTasksTest extends SparkSessionTest {

    @TempDir
    Path tmp;

    @Test
    void waitsForTheTasksAFailedJobLeftRunning() {
        Path marker = tmp.resolve("straggler-finished");
        String where = marker.toString();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Right after another job, so the status store's 100 ms update period would still show no task running.
        jsc.parallelize(List.of(1, 2), 2).count();
        try (RunningTasks tasks = RunningTasks.watch(spark.sparkContext())) {
            assertThrows(Exception.class, () -> jsc.parallelize(List.of(0, 1), 2).foreach(i -> {
                if (i == 0) {
                    throw new IllegalStateException("this task fails at once");
                }
                // A task that goes on after its job failed, as a writer does until it next checks for a kill.
                long until = System.nanoTime() + 1_500_000_000L;
                while (System.nanoTime() < until) {
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        // Spark does not interrupt killed tasks by default; nor does this one stop.
                    }
                }
                Files.writeString(Path.of(where), "done");
            }));
            assertTrue(tasks.awaitNone(30_000), "every task ended within 30 s");
            assertTrue(Files.exists(marker), "the wait returned only after the straggler had finished");
        }
    }
}
