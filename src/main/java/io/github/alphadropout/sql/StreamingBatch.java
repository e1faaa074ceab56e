package io.github.alphadropout.sql;

import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * What a task, or a driver thread, knows about the streaming micro-batch it runs in, read from Spark's local
 * properties. Structured Streaming's {@code MicroBatchExecution} sets {@link #BATCH_ID_KEY} to the micro-batch's id
 * on the query's thread before it plans and runs each micro-batch, and Spark ships a thread's local properties with
 * every task it starts, so every task of micro-batch {@code n} (and every job a {@code foreachBatch} function starts
 * for it) sees {@code n}. A micro-batch re-run after a restart from the checkpoint has the id recorded in the offset
 * log, so it sees the same id again. Batch queries never set it. Continuous processing sets
 * {@link #CONTINUOUS_PROCESSING_KEY} to {@code "true"} and no batch id.
 */
final class StreamingBatch {

    /** {@code MicroBatchExecution.BATCH_ID_KEY}, the same string since Spark 2.x; a test pins it to Spark's. */
    static final String BATCH_ID_KEY = "streaming.sql.batchId";

    /** {@code StreamExecution.IS_CONTINUOUS_PROCESSING}. */
    static final String CONTINUOUS_PROCESSING_KEY = "__is_continuous_processing";

    private StreamingBatch() {
    }

    /**
     * A local property of the running task, or on the driver (e.g. when the optimiser evaluates a projection of a
     * local relation) of the current thread through the active session; null when unset or out of Spark.
     */
    static String localProperty(String key) {
        TaskContext task = TaskContext.get();
        if (task != null) {
            return task.getLocalProperty(key);
        }
        Option<SparkSession> session = SparkSession.getActiveSession();
        if (session.isEmpty()) {
            session = SparkSession.getDefaultSession();
        }
        return session.isEmpty() ? null : session.get().sparkContext().getLocalProperty(key);
    }

    /** Whether this task (or driver thread) belongs to a continuous-processing streaming query. */
    static boolean continuousProcessing() {
        return "true".equals(localProperty(CONTINUOUS_PROCESSING_KEY));
    }

    /** The id of the streaming micro-batch this task (or driver thread) runs in, or -1 outside micro-batches. */
    static long microBatchId() {
        String id = localProperty(BATCH_ID_KEY);
        if (id == null) {
            return -1L;
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
}
