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

package io.github.alphadropout.job.augment;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code augment --stream}'s progress: one line per micro-batch that ran, from the query's progress events,
 *
 * <pre>
 *   alpha-dropout augment: batch 3: 1,000 rows in, 4,000 rows out (0 invalid skipped), 2.1 s, 476 rows/s in
 * </pre>
 *
 * and the totals of this run for the final summary. Rows in and out are counted exactly in the query itself, by
 * observed metrics ({@link #INPUT_METRIC} on copy 0's input, {@link #OUTPUT_METRIC} on the rows written), so they
 * need no second read of input or output. Only the events of the query named {@code queryName} count.
 */
final class StreamProgress extends StreamingQueryListener {

    /** The name of the observed metric on the rows read, before the copies are made; its one column is {@code rows}. */
    static final String INPUT_METRIC = "alpha_dropout_augment_in";
    /** The name of the observed metric on the rows written; its one column is {@code rows}. */
    static final String OUTPUT_METRIC = "alpha_dropout_augment_out";

    private final String queryName;
    private final int copies;
    private final PrintWriter out;
    private final boolean print;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong rowsIn = new AtomicLong();
    private final AtomicLong rowsOut = new AtomicLong();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile java.util.UUID runId;

    StreamProgress(String queryName, int copies, PrintWriter out, boolean print) {
        this.queryName = queryName;
        this.copies = copies;
        this.out = out;
        this.print = print;
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        // Delivered synchronously, before start() returns.
        if (queryName.equals(event.name())) {
            runId = event.runId();
        }
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress p = event.progress();
        if (!queryName.equals(p.name())) {
            return;
        }
        Map<String, Row> metrics = p.observedMetrics();
        Row observedIn = metrics == null ? null : metrics.get(INPUT_METRIC);
        Row observedOut = metrics == null ? null : metrics.get(OUTPUT_METRIC);
        Map<String, Long> durations = p.durationMs();
        if (observedIn == null || observedOut == null || durations == null || !durations.containsKey("addBatch")) {
            return; // a trigger that found no new data ran no micro-batch
        }
        long in = observedIn.isNullAt(0) ? 0 : observedIn.getLong(0);
        long written = observedOut.isNullAt(0) ? 0 : observedOut.getLong(0);
        batches.incrementAndGet();
        rowsIn.addAndGet(in);
        rowsOut.addAndGet(written);
        if (print) {
            double seconds = durations.getOrDefault("triggerExecution", 0L) / 1e3;
            long skipped = in * copies - written;
            out.println(String.format(Locale.ROOT,
                    "alpha-dropout augment: batch %d: %,d rows in, %,d rows out (%s), %.1f s, %,.0f rows/s in",
                    p.batchId(), in, written, skipped >= 0 ? String.format(Locale.ROOT, "%,d invalid skipped", skipped)
                            : "more than rows in x copies: the input changed", seconds,
                    seconds > 0 ? in / seconds : 0.0));
            out.flush();
        }
    }

    @Override
    public void onQueryIdle(QueryIdleEvent event) {
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        if (event.runId().equals(runId)) {
            terminated.countDown();
        }
    }

    /** Waits until the terminated event (which Spark posts after the last progress event) has arrived. */
    void awaitTerminatedEvent(long millis) throws InterruptedException {
        terminated.await(millis, TimeUnit.MILLISECONDS);
    }

    long batches() {
        return batches.get();
    }

    long rowsIn() {
        return rowsIn.get();
    }

    long rowsOut() {
        return rowsOut.get();
    }
}
