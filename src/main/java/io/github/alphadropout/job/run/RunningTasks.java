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

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;

import java.util.HashSet;
import java.util.Set;

/**
 * The jobs and tasks a SparkContext starts while this is open, as its listener bus reports them. After a write
 * fails, Spark kills the job's other tasks asynchronously, and a killed task may still write into the scratch
 * folder; {@link #awaitNone} waits until every one of them has ended, so cleaning up cannot race them.
 *
 * <p>Why a listener and not {@code statusTracker().getExecutorInfos()}: the status store takes a task's start
 * only every {@code spark.ui.liveUpdate.period} (100 ms), so a task that starts soon after the last one ended
 * can read as not running. Listener events are delivered in order: every task of a job starts before its job
 * ends, and a killed task's end is posted only once its thread has left the task's code.
 */
public final class RunningTasks extends SparkListener implements AutoCloseable {

    private final SparkContext sc;
    private final Set<Integer> jobs = new HashSet<>();
    private final Set<Long> tasks = new HashSet<>();

    private RunningTasks(SparkContext sc) {
        this.sc = sc;
    }

    /** Starts watching; close to stop. */
    public static RunningTasks watch(SparkContext sc) {
        RunningTasks watch = new RunningTasks(sc);
        sc.addSparkListener(watch);
        return watch;
    }

    /**
     * Waits until every job and task started since {@link #watch} has ended, or {@code timeoutMillis} passes;
     * returns whether all ended.
     */
    public synchronized boolean awaitNone(long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!jobs.isEmpty() || !tasks.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void onJobStart(SparkListenerJobStart start) {
        jobs.add(start.jobId());
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd end) {
        jobs.remove(end.jobId());
        notifyAll();
    }

    @Override
    public synchronized void onTaskStart(SparkListenerTaskStart start) {
        tasks.add(start.taskInfo().taskId());
    }

    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
        tasks.remove(end.taskInfo().taskId());
        notifyAll();
    }

    @Override
    public void close() {
        sc.removeSparkListener(this);
    }
}
