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

package io.github.alphadropout.job.output;

import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The small record a run leaves in its staging folder ({@code PARENT/.NAME.alpha-dropout-RUN}, hidden: Spark and
 * Hadoop skip names that start with a dot) so that the next run on the same output can tell what an interrupted
 * run left and what to do with it. Each record is a file written once, and read back only when complete (its last
 * key is {@value #END}): a run killed while writing one never leaves a half-read record.
 *
 * <ul>
 *   <li>{@value #STARTED}: the output, the run's id, mode, host, process id and start time; written before any
 *       data;</li>
 *   <li>further records named by the commit ({@link RenameCommit}, {@link ObjectStoreCommit}), e.g. the files an
 *       append is about to add, or the old output's files that a commit on an object store is about to delete.</li>
 * </ul>
 */
final class CommitJournal {

    static final String STAGING_INFIX = ".alpha-dropout-";
    static final String STARTED = "started";
    private static final String END = "end";

    private final FileSystem fs;
    private final Path staging;
    private final Properties started;

    private CommitJournal(FileSystem fs, Path staging, Properties started) {
        this.fs = fs;
        this.staging = staging;
        this.started = started;
    }

    /** The staging folder of a new run on {@code output}: a hidden sibling named after it. */
    static Path newStaging(Path output) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return new Path(output.getParent(), "." + output.getName() + STAGING_INFIX + run);
    }

    /** Whether {@code name} is the name of a staging folder of {@code output}. */
    static boolean isStagingOf(String name, Path output) {
        return name.startsWith("." + output.getName() + STAGING_INFIX);
    }

    /** A staging folder that a run on the output left, and its journal (null: the run died before writing it). */
    record Leftover(Path staging, CommitJournal journal) {

        /** Who left it, for the one line the next run prints. */
        String who() {
            return journal == null ? "a run interrupted before it wrote its journal" : journal.describe();
        }
    }

    /** How one kind of output puts right what one interrupted run left. */
    interface Recovery {
        void putRight(FileSystem fs, Leftover leftover) throws IOException;
    }

    /**
     * Puts right what runs on {@code output} left beside it: each staging folder of it whose journal names this
     * output (or that has none) goes to {@code recovery}. Refuses ({@link UsageException}) when one belongs to a run
     * that is still alive on this host. Nothing to do when the output's parent does not exist.
     */
    static void recoverLeftovers(Path output, Configuration conf, Recovery recovery) {
        Path parent = output.getParent();
        try {
            FileSystem fs = output.getFileSystem(conf);
            if (parent == null || !fs.exists(parent)) {
                return;
            }
            for (FileStatus entry : fs.listStatus(parent)) {
                if (!entry.isDirectory() || !isStagingOf(entry.getPath().getName(), output)) {
                    continue;
                }
                CommitJournal journal = read(fs, entry.getPath()).orElse(null);
                if (journal != null && !output.toUri().getPath().equals(new Path(journal.output()).toUri().getPath())) {
                    continue; // another output's (a name that only looks like one of ours)
                }
                if (journal != null && journal.runningHere()) {
                    throw new UsageException("output " + output + " is being written by another "
                            + journal.describe() + "; wait for it to end");
                }
                recovery.putRight(fs, new Leftover(entry.getPath(), journal));
            }
        } catch (IOException e) {
            throw unchecked("cannot check what earlier runs left beside " + output, e);
        }
    }

    /** Creates the staging folder and its first record. */
    static CommitJournal start(FileSystem fs, Path staging, Path output, OutputMode mode) throws IOException {
        Properties p = new Properties();
        p.setProperty("output", output.toString());
        p.setProperty("run", staging.getName().substring(staging.getName().lastIndexOf('-') + 1));
        p.setProperty("mode", mode.name());
        p.setProperty("host", host());
        ProcessHandle self = ProcessHandle.current();
        p.setProperty("pid", Long.toString(self.pid()));
        p.setProperty("processStart", self.info().startInstant().map(Instant::toString).orElse(""));
        p.setProperty("time", Instant.now().toString());
        // An object store has no folders: the first record makes the prefix (mkdirs would cost a HEAD, a LIST and a
        // PUT of a marker on S3).
        if (!FolderCommit.isObjectStore(staging.toString()) && !fs.mkdirs(staging)) {
            throw new IOException("cannot create the staging folder " + staging);
        }
        CommitJournal journal = new CommitJournal(fs, staging, p);
        journal.write(STARTED, p);
        journal.refuseIfClaimedBefore(output);
        return journal;
    }

    /**
     * With this run's claim written, refuses (and withdraws it) when another run still alive on this host claimed
     * the same output first: two runs started together both got past the recovery check, and the later one gives
     * way (ties go by run id), so that only one writes the output.
     */
    private void refuseIfClaimedBefore(Path output) throws IOException {
        Path parent = staging.getParent();
        for (FileStatus entry : fs.listStatus(parent)) {
            if (!entry.isDirectory() || entry.getPath().getName().equals(staging.getName())
                    || !isStagingOf(entry.getPath().getName(), output)) {
                continue;
            }
            CommitJournal other = read(fs, entry.getPath()).orElse(null);
            if (other == null || !other.runningHere()
                    || !output.toUri().getPath().equals(new Path(other.output()).toUri().getPath())) {
                continue;
            }
            int order = Instant.parse(other.started.getProperty("time"))
                    .compareTo(Instant.parse(started.getProperty("time")));
            if (order < 0 || order == 0 && other.run().compareTo(run()) < 0) {
                fs.delete(staging, true);
                throw new UsageException("output " + output + " is being written by another " + other.describe()
                        + ", started just before this one; wait for it to end");
            }
        }
    }

    /** The journal of a staging folder; empty when its first record is missing or incomplete. */
    static Optional<CommitJournal> read(FileSystem fs, Path staging) throws IOException {
        Properties p = readRecord(fs, staging, STARTED);
        return p == null ? Optional.empty() : Optional.of(new CommitJournal(fs, staging, p));
    }

    Path staging() {
        return staging;
    }

    String output() {
        return started.getProperty("output");
    }

    String run() {
        return started.getProperty("run");
    }

    OutputMode mode() {
        return OutputMode.valueOf(started.getProperty("mode"));
    }

    /** "run 1a2b3c4d (--overwrite, pid 4242 on host h, started 2026-...)". */
    String describe() {
        return "run " + run() + " (" + mode().flag() + "pid " + started.getProperty("pid") + " on "
                + started.getProperty("host") + ", started " + started.getProperty("time") + ")";
    }

    /**
     * Whether the run that wrote this journal is still running: a live process on this host with the same process
     * id and start time. Runs on other hosts cannot be seen from here.
     */
    boolean runningHere() {
        if (!host().equals(started.getProperty("host"))) {
            return false;
        }
        long pid = Long.parseLong(started.getProperty("pid"));
        if (pid == ProcessHandle.current().pid()) {
            return false; // this JVM runs one command at a time: a record of its own is a leftover
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        String start = started.getProperty("processStart", "");
        return process.isPresent() && process.get().info().startInstant().map(Instant::toString).orElse("")
                .equals(start);
    }

    /** Writes a record (a file written once; readers take it only when complete). */
    void write(String name, Properties record) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String key : record.stringPropertyNames().stream().sorted().toList()) {
            text.append(escape(key)).append('=').append(escape(record.getProperty(key))).append('\n');
        }
        text.append(END).append("=1\n");
        try (FSDataOutputStream out = fs.create(new Path(staging, name), true)) {
            out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes a record holding a list of names. */
    void writeList(String name, List<String> items, Properties more) throws IOException {
        Properties p = new Properties();
        p.putAll(more);
        p.setProperty("count", Integer.toString(items.size()));
        for (int i = 0; i < items.size(); i++) {
            p.setProperty("item." + i, items.get(i));
        }
        write(name, p);
    }

    /** A complete record, or null when it is missing or was cut short. */
    Properties record(String name) throws IOException {
        return readRecord(fs, staging, name);
    }

    /** The list a complete record holds, or null when it is missing or was cut short. */
    List<String> list(String name) throws IOException {
        Properties p = record(name);
        if (p == null) {
            return null;
        }
        int count = Integer.parseInt(p.getProperty("count"));
        List<String> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(p.getProperty("item." + i));
        }
        return items;
    }

    private static Properties readRecord(FileSystem fs, Path staging, String name) throws IOException {
        Path file = new Path(staging, name);
        if (!fs.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (FSDataInputStream in = fs.open(file)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return null; // cut short in the middle of an escape
        }
        return "1".equals(p.getProperty(END)) ? p : null;
    }

    private static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '=', ':', '#', '!', ' ' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    static UncheckedIOException unchecked(String what, IOException e) {
        return new UncheckedIOException(what + ": " + e.getMessage(), e);
    }
}
