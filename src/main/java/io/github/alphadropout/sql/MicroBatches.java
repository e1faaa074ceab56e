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

import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Which streaming micro-batch a query is being planned for, decided on the driver.
 *
 * <p>Structured Streaming plans and runs each micro-batch on the query's own thread (Spark names it
 * {@value #STREAM_THREAD_PREFIX}...) after setting the Spark local property {@value #BATCH_ID_KEY} there to the
 * micro-batch's id, the id recorded in the checkpoint's offset log (so a re-run micro-batch has the same one).
 * Spark's local properties are inherited by every thread started from a thread that has them, so a thread pool
 * created inside {@code foreachBatch} keeps the id of the micro-batch it was created in for good; an id is
 * therefore only read on the query's own thread, where it always belongs to the micro-batch being run, and never
 * by tasks.
 */
final class MicroBatches {

    /** Not planned for a micro-batch: a batch query. */
    static final long NONE = -1L;

    /** {@code MicroBatchExecution.BATCH_ID_KEY}, the same string since Spark 2.x; a test pins it to Spark's. */
    static final String BATCH_ID_KEY = "streaming.sql.batchId";

    /** {@code StreamExecution.IS_CONTINUOUS_PROCESSING}: set on the tasks of a continuous query. */
    static final String CONTINUOUS_PROCESSING_KEY = "__is_continuous_processing";

    /** How {@code StreamExecution} names the thread that plans and runs a query's micro-batches. */
    static final String STREAM_THREAD_PREFIX = "stream execution thread for ";

    private static final Logger LOG = LoggerFactory.getLogger(MicroBatches.class);

    /** The id this thread was last warned about; not inherited, as the local properties are. */
    private static final ThreadLocal<String> WARNED = new ThreadLocal<>();

    private MicroBatches() {
    }

    /**
     * The id of the micro-batch the current thread is planning or running, or {@link #NONE} on any thread that is
     * not a streaming query's own (even one that inherited an id from it).
     */
    static long current() {
        if (TaskContext.get() != null) {
            return NONE; // in a task: the plan was decided on the driver
        }
        String id = driverProperty(BATCH_ID_KEY);
        if (id == null) {
            return NONE;
        }
        if (!Thread.currentThread().getName().startsWith(STREAM_THREAD_PREFIX)) {
            warnIgnored(id);
            return NONE;
        }
        try {
            long batch = Long.parseLong(id.trim());
            if (batch >= 0) {
                return batch;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("the Spark local property " + BATCH_ID_KEY + " holds '" + id
                + "', not a micro-batch id (a non-negative integer)");
    }

    /** Once per thread and id: a thread that inherited an id, which may belong to an earlier micro-batch. */
    private static void warnIgnored(String id) {
        if (id.equals(WARNED.get())) {
            return;
        }
        WARNED.set(id);
        LOG.warn("alpha dropout: thread '{}' carries the id {} of a streaming micro-batch ({}) but is not the"
                + " query's own thread; Spark's local properties are inherited by threads created inside"
                + " foreachBatch, so the id may belong to an earlier micro-batch and is ignored: position seeds"
                + " here are those of a batch query. To give such a thread a micro-batch's masks, pass"
                + " RowSeeds.microBatchSeed(seed, batchId) as the seed (or use a seed column).",
                Thread.currentThread().getName(), id, BATCH_ID_KEY);
    }

    /** Whether the running task belongs to a continuous-processing query (which has no micro-batch ids). */
    static boolean continuousTask() {
        TaskContext task = TaskContext.get();
        return task != null && "true".equals(task.getLocalProperty(CONTINUOUS_PROCESSING_KEY));
    }

    /** A local property of the current driver thread, through the active (or default) session; null if none. */
    private static String driverProperty(String key) {
        Option<SparkSession> session = SparkSession.getActiveSession();
        if (session.isEmpty()) {
            session = SparkSession.getDefaultSession();
        }
        return session.isEmpty() ? null : session.get().sparkContext().getLocalProperty(key);
    }
}
