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

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.spark.SparkContext;
import org.apache.spark.Success$;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar for one phase of a command (one or more Spark jobs), fed by a SparkListener: tasks done of the
 * tasks submitted so far (stages are counted when Spark submits them, so skipped stages never inflate the
 * total), rows read and written, throughput and ETA. With {@code show == false} (the default off a terminal,
 * e.g. in CI logs) it only counts, and prints nothing. While it runs, the Spark jobs started from this thread carry
 * the description {@link #description(String) "alpha-dropout: PHASE"} (the Spark UI and event logs show it).
 */
public final class SparkProgress extends SparkListener implements AutoCloseable {

    private final SparkContext sc;
    private final ProgressBar bar;
    private final long startNanos = System.nanoTime();
    private final AtomicLong totalTasks = new AtomicLong();
    private final AtomicLong doneTasks = new AtomicLong();
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();

    private final String previousDescription;

    private SparkProgress(SparkContext sc, ProgressBar bar) {
        this.sc = sc;
        this.bar = bar;
        this.previousDescription = sc.getLocalProperty(JOB_DESCRIPTION);
    }

    /** Spark's local property for the description of the jobs a thread starts. */
    public static final String JOB_DESCRIPTION = "spark.job.description";

    /** The description of the Spark jobs of one phase. */
    public static String description(String phase) {
        return "alpha-dropout: " + phase;
    }

    /** Starts counting the tasks of every Spark job of {@code sc} until {@link #close()}. */
    public static SparkProgress start(SparkContext sc, String task, boolean show, PrintStream stream) {
        ProgressBar bar = null;
        if (show) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(0)
                    .setUnit(" tasks", 1)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(stream))
                    .build();
        }
        SparkProgress progress = new SparkProgress(sc, bar);
        sc.setJobDescription(description(task));
        sc.addSparkListener(progress);
        return progress;
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted stageSubmitted) {
        long total = totalTasks.addAndGet(stageSubmitted.stageInfo().numTasks());
        if (bar != null) {
            bar.maxHint(total);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (!(taskEnd.reason() instanceof Success$)) {
            return;
        }
        long done = doneTasks.incrementAndGet();
        TaskMetrics metrics = taskEnd.taskMetrics();
        if (metrics != null) {
            rowsRead.addAndGet(metrics.inputMetrics().recordsRead());
            rowsWritten.addAndGet(metrics.outputMetrics().recordsWritten());
            bytesWritten.addAndGet(metrics.outputMetrics().bytesWritten());
        }
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(message());
        }
    }

    private String message() {
        double seconds = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
        long written = rowsWritten.get();
        if (written > 0) {
            return String.format(Locale.ROOT, " %,d rows out, %,.0f/s", written, written / seconds);
        }
        long read = rowsRead.get();
        return String.format(Locale.ROOT, " %,d rows in, %,.0f/s", read, read / seconds);
    }

    public long tasksDone() {
        return doneTasks.get();
    }

    public long rowsRead() {
        return rowsRead.get();
    }

    public long rowsWritten() {
        return rowsWritten.get();
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    @Override
    public void close() {
        sc.removeSparkListener(this);
        sc.setJobDescription(previousDescription);
        if (bar != null) {
            bar.stepTo(doneTasks.get());
            bar.maxHint(Math.max(doneTasks.get(), 1));
            bar.setExtraMessage(message());
            bar.close();
        }
    }
}
