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
import io.github.alphadropout.job.run.JobFailure;
import io.github.alphadropout.job.run.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The commit of a Parquet folder on S3 ({@code s3a://}), where a folder rename is a copy of every object and then
 * a delete: this commit renames nothing. The rows are written through S3A's magic committer and Spark's cloud
 * commit protocol ({@code PathOutputCommitProtocol}): each task uploads its file as a pending multipart upload,
 * invisible, and the job commit completes them, so no object is copied and every byte is written once.
 *
 * <p>Order of events, each step recorded first in the run's journal (a hidden sibling prefix of the output) so that
 * the next run on the output can finish or undo it ({@link #recover}):
 * <ol>
 *   <li>list the old output's files, keep the old {@code _SUCCESS}'s bytes in the journal, delete the old
 *       {@code _SUCCESS} (readers that honour it now see an output that is changing);</li>
 *   <li>write through the magic committer in append mode (Spark deletes nothing); the job commit makes the new
 *       files visible beside the old ones;</li>
 *   <li>count the rows of the new files (their Parquet footers); record that the run committed;</li>
 *   <li>{@code --overwrite}: delete the old files listed in step 1;</li>
 *   <li>write {@code _SUCCESS}, last.</li>
 * </ol>
 * A failure before step 3's record deletes the new files and puts the old {@code _SUCCESS} back: the old output is
 * as it was. After it, the next run deletes the old files that are left and writes {@code _SUCCESS}. A reader that
 * does not honour {@code _SUCCESS} can see old and new files together during steps 2 to 4: replacing a Parquet
 * folder on S3 cannot be atomic (a table format's commit can).
 */
final class ObjectStoreCommit implements FolderCommit {

    static final String SUCCESS = "_SUCCESS";
    /** The journal record of the old output's files and its {@code _SUCCESS}. */
    static final String OLD_FILES = "old-files";
    /** The journal record that says the new files are committed and checked. */
    static final String COMMITTED = "committed";

    /** Spark's cloud commit protocol, from spark-hadoop-cloud. */
    static final String COMMIT_PROTOCOL = "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol";
    static final String PARQUET_COMMITTER = "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter";
    static final String COMMIT_PROTOCOL_KEY = "spark.sql.sources.commitProtocolClass";

    /**
     * The Hadoop settings of the write, given as write options (the job's Hadoop configuration), each unless set by
     * the user ({@code --conf spark.hadoop.KEY=...}).
     */
    static final Map<String, String> WRITE_SETTINGS = writeSettings();

    private static Map<String, String> writeSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("fs.s3a.committer.name", "magic");
        m.put("fs.s3a.committer.magic.enabled", "true");
        m.put("mapreduce.outputcommitter.factory.scheme.s3a", "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory");
        m.put("spark.sql.parquet.output.committer.class", PARQUET_COMMITTER);
        // This commit writes _SUCCESS itself, after the old files are gone.
        m.put("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
        return m;
    }

    private final SparkSession spark;
    private final Path output;
    private final OutputMode mode;
    private final FileSystem fs;
    private final CommitJournal journal;
    private final Set<String> oldFiles;
    private final byte[] oldSuccess;
    private List<String> newFiles;
    private boolean committed;

    private ObjectStoreCommit(SparkSession spark, Path output, OutputMode mode, FileSystem fs, CommitJournal journal,
                              Set<String> oldFiles, byte[] oldSuccess) {
        this.spark = spark;
        this.output = output;
        this.mode = mode;
        this.fs = fs;
        this.journal = journal;
        this.oldFiles = oldFiles;
        this.oldSuccess = oldSuccess;
    }

    static ObjectStoreCommit begin(SparkSession spark, Path output, OutputMode mode, PrintWriter notes) {
        checkCommitProtocol(spark, output);
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        try {
            FileSystem fs = output.getFileSystem(conf);
            CommitJournal journal = CommitJournal.start(fs, CommitJournal.newStaging(output), output, mode);
            // A new output is the usual case: its absence costs one probe (HEAD and LIST on S3) this way.
            Set<String> old = new HashSet<>(fs.exists(output) ? files(fs, output) : List.of());
            Path success = new Path(output, SUCCESS);
            byte[] successBytes = old.contains(SUCCESS) ? read(fs, success) : null;
            Properties more = new Properties();
            if (successBytes != null) {
                more.setProperty("success", Base64.getEncoder().encodeToString(successBytes));
            }
            journal.writeList(OLD_FILES, List.copyOf(old), more);
            if (successBytes != null) {
                fs.delete(success, false);
            }
            return new ObjectStoreCommit(spark, output, mode, fs, journal, old, successBytes);
        } catch (IOException e) {
            throw CommitJournal.unchecked("cannot start writing " + output, e);
        }
    }

    /**
     * Refuses an {@code s3a://} output when Spark's cloud commit protocol is missing and the user gave none: without
     * it Spark would write through renames (a copy of every object) or straight to the final keys.
     */
    static void checkCommitProtocol(SparkSession spark, Path output) {
        checkCommitProtocol(spark, output, COMMIT_PROTOCOL);
    }

    /** As above, with the protocol's class named (a test names one that is missing on every line). */
    static void checkCommitProtocol(SparkSession spark, Path output, String protocolClass) {
        if (spark.conf().contains(COMMIT_PROTOCOL_KEY)) {
            return;
        }
        try {
            Class.forName(protocolClass, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            String scalaVersion = scala.util.Properties.versionNumberString();
            throw new UsageException("output " + output + " is on S3, which the job writes through Spark's cloud"
                    + " commit protocol (" + protocolClass + "), but it is not on the class path; add"
                    + " --packages org.apache.spark:spark-hadoop-cloud_" + scalaVersion.substring(0, scalaVersion.lastIndexOf('.'))
                    + ":" + org.apache.spark.package$.MODULE$.SPARK_VERSION() + " to spark-submit (see docs/job.md,"
                    + " Storage)");
        }
    }

    @Override
    public void write(Dataset<Row> rows, Map<String, String> options) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        DataFrameWriter<Row> writer = rows.write().mode(SaveMode.Append).options(options);
        for (Map.Entry<String, String> e : WRITE_SETTINGS.entrySet()) {
            if (!userSet(e.getKey(), conf)) {
                writer = writer.option(e.getKey(), e.getValue());
            }
        }
        // The commit protocol is a session setting (not a write option): set for this write only.
        boolean ownProtocol = !spark.conf().contains(COMMIT_PROTOCOL_KEY);
        if (ownProtocol) {
            spark.conf().set(COMMIT_PROTOCOL_KEY, COMMIT_PROTOCOL);
        }
        try {
            writer.parquet(output.toString());
        } finally {
            if (ownProtocol) {
                spark.conf().unset(COMMIT_PROTOCOL_KEY);
            }
        }
    }

    /** Whether the user set a Hadoop key: {@code spark.hadoop.KEY} at start, or KEY in the session. */
    private boolean userSet(String key, Configuration conf) {
        return spark.sparkContext().getConf().contains("spark.hadoop." + key) || spark.conf().contains(key)
                || spark.conf().contains("spark.hadoop." + key);
    }

    @Override
    public List<String> written() {
        try {
            List<String> added = new ArrayList<>();
            for (String name : files(fs, output)) {
                if (!oldFiles.contains(name) && visible(name)) {
                    added.add(new Path(output, name).toString());
                }
            }
            newFiles = added;
            return added;
        } catch (IOException e) {
            throw CommitJournal.unchecked("cannot list " + output, e);
        }
    }

    @Override
    public List<String> committed() {
        return newFiles == null ? written() : newFiles;
    }

    @Override
    public void commit() {
        try {
            journal.write(COMMITTED, new Properties());
            committed = true;
            finish(fs, output, mode, oldFiles);
            fs.delete(journal.staging(), true);
        } catch (IOException e) {
            throw JobFailure.leaving(e, "the new output is complete at " + output + ", but old files or _SUCCESS"
                    + " may be left; the next run on " + output + " finishes the commit", null);
        }
    }

    /**
     * After the new files are committed: deletes what the magic committer left of its job (its pending-upload
     * records, or the folder markers of them), the old files (--overwrite), then writes _SUCCESS.
     */
    private static void finish(FileSystem fs, Path output, OutputMode mode, Set<String> oldFiles) throws IOException {
        deleteMagic(fs, output);
        if (mode == OutputMode.OVERWRITE) {
            for (String name : oldFiles) {
                if (!name.equals(SUCCESS)) {
                    fs.delete(new Path(output, name), false);
                }
            }
        }
        try (FSDataOutputStream out = fs.create(new Path(output, SUCCESS), true)) {
            out.flush(); // empty, as Hadoop's FileOutputCommitter writes it
        }
    }

    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            undo(fs, output, oldFiles, oldSuccess);
            fs.delete(journal.staging(), true);
        } catch (IOException e) {
            // Best effort: the run already failed; its journal stays for the next run to finish the undo.
        }
    }

    /** Deletes every file at the output that is not an old one, and puts the old _SUCCESS back. */
    private static int undo(FileSystem fs, Path output, Set<String> oldFiles, byte[] oldSuccess) throws IOException {
        int removed = 0;
        for (String name : files(fs, output)) {
            if (!oldFiles.contains(name)) {
                fs.delete(new Path(output, name), false);
                removed++;
            }
        }
        deleteMagic(fs, output);
        if (oldSuccess != null) {
            try (FSDataOutputStream out = fs.create(new Path(output, SUCCESS), true)) {
                out.write(oldSuccess);
            }
        }
        return removed;
    }

    /** Deletes the magic committer's folders ({@code __magic*}) under the output. */
    private static void deleteMagic(FileSystem fs, Path output) throws IOException {
        FileStatus[] entries;
        try {
            entries = fs.listStatus(output); // one LIST on S3; an exists() first would add a HEAD and a LIST
        } catch (FileNotFoundException e) {
            return;
        }
        for (FileStatus s : entries) {
            if (s.isDirectory() && s.getPath().getName().startsWith("__magic")) {
                fs.delete(s.getPath(), true);
            }
        }
    }

    /** Finishes or undoes what interrupted runs left for {@code output}, one line each on {@code notes}. */
    static void recover(Path output, Configuration conf, PrintWriter notes) {
        CommitJournal.recoverLeftovers(output, conf, (fs, leftover) -> recoverOne(fs, output, leftover, notes));
    }

    private static void recoverOne(FileSystem fs, Path output, CommitJournal.Leftover leftover, PrintWriter notes)
            throws IOException {
        Path staging = leftover.staging();
        CommitJournal journal = leftover.journal();
        String who = leftover.who();
        List<String> old = journal == null ? null : journal.list(OLD_FILES);
        String did;
        if (old == null) {
            did = "it was interrupted before it changed anything: " + output + " was not touched";
        } else if (journal.record(COMMITTED) != null) {
            finish(fs, output, journal.mode(), new HashSet<>(old));
            did = "it had committed its new files: finished its commit (" + (journal.mode() == OutputMode.OVERWRITE
                    ? "deleted the old files that were left, " : "") + "wrote _SUCCESS)";
        } else {
            String success = journal.record(OLD_FILES).getProperty("success");
            int removed = undo(fs, output, new HashSet<>(old),
                    success == null ? null : Base64.getDecoder().decode(success));
            did = "it was interrupted before its commit: deleted the " + removed + " files it had added"
                    + (success == null ? "" : " and put the old _SUCCESS back") + "; the old files were not touched";
        }
        fs.delete(staging, true);
        notes.println("alpha-dropout: found " + staging + ", left by " + who + "; " + did);
        notes.flush();
    }

    /**
     * The files under {@code dir}, as paths relative to it; empty when it does not exist. On S3 a folder that exists
     * costs one LIST (an exists() first would add a HEAD and a LIST); one that does not, a LIST, a HEAD and a LIST.
     */
    static List<String> files(FileSystem fs, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        String prefix = fs.makeQualified(dir).toString();
        prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        RemoteIterator<LocatedFileStatus> it;
        try {
            it = fs.listFiles(dir, true);
        } catch (FileNotFoundException e) {
            return out;
        }
        while (it.hasNext()) {
            String p = fs.makeQualified(it.next().getPath()).toString();
            if (p.startsWith(prefix)) {
                out.add(p.substring(prefix.length()));
            }
        }
        return out;
    }

    /** Whether a relative name is a data file a reader sees (not a hidden or underscore file or folder). */
    private static boolean visible(String name) {
        for (String part : name.split("/")) {
            if (part.startsWith("_") || part.startsWith(".")) {
                return false;
            }
        }
        return true;
    }

    private static byte[] read(FileSystem fs, Path file) throws IOException {
        try (FSDataInputStream in = fs.open(file)) {
            return in.readAllBytes();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
