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

package io.github.alphadropout.testing.fs;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.spark.TaskContext;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The local file system under the scheme {@code faulty:} ({@code faulty:///tmp/x} is the file {@code /tmp/x}), which
 * injects faults into the files that Spark tasks create, as a flaky disk or object store would. Registered with
 * {@code spark.hadoop.fs.faulty.impl=io.github.alphadropout.testing.fs.FaultInjectingFileSystem}; configured with
 * Hadoop keys (prefix {@code spark.hadoop.} on the Spark side):
 *
 * <ul>
 *   <li>{@value #FAIL_PARTITIONS}: partition ids (comma separated) whose first task attempt fails while writing,
 *       with an {@link IOException}, once {@value #FAIL_AFTER_BYTES} bytes (default 1024) are written: a task that
 *       dies half-way, after it has transformed rows and written part of its file;</li>
 *   <li>{@value #SLOW_PARTITIONS} and {@value #SLOW_MILLIS}: partition ids whose first task attempt sleeps that long
 *       before it writes (a straggler, for speculative execution);</li>
 *   <li>{@value #CREATE_DELAY_MILLIS}: every task sleeps that long before it writes (a job long enough to kill a
 *       worker in the middle of it);</li>
 *   <li>{@value #EVENT_DIR}: a local folder where every create, injected failure and slow start leaves an empty
 *       file named {@code EVENT-s<stage>-p<partition>-a<attempt>-<random>}, so a test can prove the fault
 *       happened.</li>
 * </ul>
 * Only the first stage attempt is faulty; retries and speculative copies (attempt numbers above 0) write normally.
 */
public class FaultInjectingFileSystem extends LocalFileSystemUnderScheme {

    public static final String SCHEME = "faulty";
    public static final String FAIL_PARTITIONS = "alphadropout.faults.failPartitions";
    public static final String FAIL_AFTER_BYTES = "alphadropout.faults.failAfterBytes";
    public static final String SLOW_PARTITIONS = "alphadropout.faults.slowPartitions";
    public static final String SLOW_MILLIS = "alphadropout.faults.slowMillis";
    public static final String CREATE_DELAY_MILLIS = "alphadropout.faults.createDelayMillis";
    public static final String EVENT_DIR = "alphadropout.faults.eventDir";

    public FaultInjectingFileSystem() {
        super(SCHEME);
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        return faulty(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        return faulty(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                                 short replication, long blockSize, Progressable progress)
            throws IOException {
        return faulty(super.createNonRecursive(f, permission, overwrite, bufferSize, replication, blockSize,
                progress));
    }

    /** Applies the configured faults to a file created by a task; files created outside tasks are left alone. */
    private FSDataOutputStream faulty(FSDataOutputStream out) throws IOException {
        TaskContext task = TaskContext.get();
        if (task == null) {
            return out;
        }
        Configuration conf = getConf();
        boolean first = task.attemptNumber() == 0 && task.stageAttemptNumber() == 0;
        int partition = task.partitionId();
        event("create", task);
        sleep(conf.getLong(CREATE_DELAY_MILLIS, 0));
        if (first && partitions(conf, SLOW_PARTITIONS).contains(partition)) {
            event("slow", task);
            sleep(conf.getLong(SLOW_MILLIS, 0));
        }
        if (first && partitions(conf, FAIL_PARTITIONS).contains(partition)) {
            long limit = conf.getLong(FAIL_AFTER_BYTES, 1024);
            return new FSDataOutputStream(new FailingStream(out, limit, task), statistics);
        }
        return out;
    }

    private static void sleep(long millis) throws InterruptedIOException {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while injecting a delay (task killed)");
        }
    }

    private static Set<Integer> partitions(Configuration conf, String key) {
        String value = conf.get(key, "").trim();
        if (value.isEmpty()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).collect(Collectors.toSet());
    }

    /** Leaves an empty marker file for a test to find. */
    void event(String what, TaskContext task) {
        String dir = getConf().get(EVENT_DIR);
        if (dir == null) {
            return;
        }
        String name = what + "-s" + task.stageId() + "-p" + task.partitionId() + "-a" + task.attemptNumber() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        try {
            Files.createDirectories(Paths.get(dir));
            Files.createFile(Paths.get(dir, name));
        } catch (FileAlreadyExistsException e) {
            // cannot happen with a random suffix; harmless anyway
        } catch (IOException e) {
            throw new IllegalStateException("cannot record fault event " + name + " in " + dir, e);
        }
    }

    /** Throws once more than {@code limit} bytes went through: the task fails half-way through its file. */
    private final class FailingStream extends FilterOutputStream {
        private final long limit;
        private final TaskContext task;
        private long written;

        FailingStream(OutputStream out, long limit, TaskContext task) {
            super(out);
            this.limit = limit;
            this.task = task;
        }

        @Override
        public void write(int b) throws IOException {
            check(1);
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            check(len);
            out.write(b, off, len);
        }

        private void check(int len) throws IOException {
            written += len;
            if (written > limit) {
                event("fail", task);
                throw new IOException("injected failure: first attempt of partition " + task.partitionId()
                        + " (stage " + task.stageId() + ") dies after writing " + (written - len) + " bytes");
            }
        }
    }
}
