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
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The commit of a Parquet folder on a file system whose rename of a folder is one atomic operation (local disk,
 * HDFS). The data is written into {@code STAGING/new}, {@code STAGING} being the run's hidden sibling of the output
 * ({@link CommitJournal}); nothing at the output changes until the commit.
 *
 * <p><b>Create or replace</b> ({@code --overwrite}) is two renames: the old output to {@code STAGING/old}, then
 * {@code STAGING/new} to the output; only then is the old output deleted. No file system here can swap two folders
 * in one step, so between the two renames (two metadata operations, milliseconds apart) the output path does not
 * exist: a reader then gets "path does not exist", never a partial or mixed output. If the second rename fails,
 * the old output is renamed back. If the process dies between them, the next run on the output renames
 * {@code STAGING/old} back ({@link #recover}).
 *
 * <p><b>Append</b> moves each new file into the output (names unique to the run, so no old file is touched), after
 * recording the list of files in the journal. A reader listing the folder during the moves may see some of the new
 * files; a run that fails during them removes the ones it moved, and a run killed during them leaves the list, by
 * which the next run removes them.
 */
final class RenameCommit implements FolderCommit {

    /** The journal record listing the files an append moves into the output. */
    static final String ADDING = "adding";
    /** The journal record that says an append moved all its files in: recovery keeps them. */
    static final String ADDED = "added";

    private final Path output;
    private final OutputMode mode;
    private final FileSystem fs;
    private final CommitJournal journal;
    private final Path newData;
    private final Path oldData;
    private boolean committed;
    /** Set when the old output could not be put back: the staging folder then holds it and must stay. */
    private boolean keepStaging;
    private List<String> committedPaths = List.of();

    private RenameCommit(Path output, OutputMode mode, FileSystem fs, CommitJournal journal) {
        this.output = output;
        this.mode = mode;
        this.fs = fs;
        this.journal = journal;
        this.newData = new Path(journal.staging(), "new");
        this.oldData = new Path(journal.staging(), "old");
    }

    static RenameCommit begin(Path output, OutputMode mode, Configuration conf) {
        try {
            FileSystem fs = output.getFileSystem(conf);
            return new RenameCommit(output, mode, fs, CommitJournal.start(fs, CommitJournal.newStaging(output),
                    output, mode));
        } catch (IOException e) {
            throw CommitJournal.unchecked("cannot start writing " + output, e);
        }
    }

    /** Where Spark writes the new data. */
    Path temporary() {
        return newData;
    }

    @Override
    public void write(Dataset<Row> rows, Map<String, String> options) {
        rows.write().options(options).parquet(newData.toString());
    }

    @Override
    public List<String> written() {
        return List.of(newData.toString());
    }

    @Override
    public List<String> committed() {
        return committedPaths;
    }

    @Override
    public void commit() {
        boolean appended = mode == OutputMode.APPEND && fsExists(output);
        try {
            if (appended) {
                append();
                recordAppended();
            } else {
                replace();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        committed = true;
        try {
            fs.delete(journal.staging(), true);
        } catch (IOException e) {
            // The output is complete; the next run on it deletes what is left (the old output, or an append's
            // journal, which says its files stay).
        }
    }

    private boolean fsExists(Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * Records that the append is complete, before the staging folder is deleted: a staging folder that survives
     * (its deletion failed, or the run was killed) then tells the next run to keep the added files, not remove them.
     * If the record cannot be written, the staging folder must go now, or the append is undone.
     */
    private void recordAppended() throws IOException {
        try {
            journal.write(ADDED, new Properties());
            return;
        } catch (IOException e) {
            try {
                if (fs.delete(journal.staging(), true)) {
                    return;
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            for (String added : committedPaths) {
                fs.delete(new Path(added), false);
            }
            committedPaths = List.of();
            throw e;
        }
    }

    private void replace() throws IOException {
        boolean hadOld = fs.exists(output);
        if (hadOld && mode == OutputMode.CREATE) {
            throw new IOException("output " + output + " appeared while the job ran; it was left as it is");
        }
        if (hadOld) {
            moveAside();
        }
        boolean moved;
        IOException failure = null;
        try {
            // A rename onto an existing folder moves into it (OUTPUT/new): never rename onto what another writer
            // put at the output meanwhile.
            if (fs.exists(output)) {
                throw new IOException("output " + output + " appeared while the job ran; it was left as it is");
            }
            moved = fs.rename(newData, output);
        } catch (IOException e) {
            moved = false;
            failure = e;
        }
        if (!moved) {
            IOException e = failure != null ? failure
                    : new IOException("cannot rename " + newData + " to " + output);
            if (hadOld) {
                putBack(e);
            }
            throw e;
        }
        committedPaths = List.of(output.toString());
    }

    /**
     * Renames the old output to {@code STAGING/old}. A rename that fails may have moved part of it: Hadoop's local
     * file system falls back to copy-and-delete when the rename itself fails (an output that is a mount point:
     * EBUSY), which moves the files and then fails to delete the folder. Whatever reached {@code STAGING/old} is
     * put back before the failure is told; what cannot be put back keeps the staging folder, and the failure says
     * where it is.
     */
    private void moveAside() throws IOException {
        IOException failure;
        try {
            if (fs.rename(output, oldData)) {
                return;
            }
            failure = new IOException("cannot move the old output " + output + " aside to " + oldData);
        } catch (IOException e) {
            failure = e;
        }
        try {
            if (putBackMovedAside(fs, oldData, output)) {
                throw failure;
            }
        } catch (IOException e) {
            if (e != failure) {
                failure.addSuppressed(e);
            }
        }
        if (!fs.exists(oldData)) {
            throw failure;
        }
        keepStaging = true;
        throw JobFailure.leaving(failure, "files of the old output that could not be put back are at " + oldData
                + "; the next run on " + output + " moves them back (or move them yourself)", null);
    }

    /**
     * Moves back into {@code output} what a failed move aside left in {@code old} (the whole folder when the output
     * is gone, else file by file); true when everything is back and {@code old} is gone. A name the output holds
     * again is not overwritten: that file stays in {@code old}.
     */
    static boolean putBackMovedAside(FileSystem fs, Path old, Path output) throws IOException {
        if (!fs.exists(old)) {
            return true;
        }
        if (!fs.exists(output)) {
            return fs.rename(old, output);
        }
        boolean all = true;
        for (FileStatus moved : fs.listStatus(old)) {
            Path target = new Path(output, moved.getPath().getName());
            if (fs.exists(target) || !fs.rename(moved.getPath(), target)) {
                all = false;
            }
        }
        return all && fs.delete(old, false);
    }

    /** Renames the old output back after the new one could not be moved in. */
    private void putBack(IOException cause) {
        try {
            if (!fs.exists(output) && fs.rename(oldData, output)) {
                return;
            }
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
        keepStaging = true;
        boolean taken = fsExists(output);
        throw JobFailure.leaving(cause, "the old output is kept, complete, at " + oldData + ", and " + output
                + (taken ? " holds what another writer put there; move the old output back yourself"
                : " is missing; the next run on " + output + " moves it back (or move it yourself)"), null);
    }

    private void append() throws IOException {
        List<FileStatus> files = new ArrayList<>();
        for (FileStatus f : fs.listStatus(newData)) {
            String name = f.getPath().getName();
            if (f.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                files.add(f);
            }
        }
        List<String> names = files.stream().map(f -> f.getPath().getName()).toList();
        for (String name : names) {
            if (fs.exists(new Path(output, name))) {
                throw new IOException("the output already holds a file named " + name + "; nothing was added");
            }
        }
        journal.writeList(ADDING, names, new Properties());
        List<Path> moved = new ArrayList<>();
        try {
            for (String name : names) {
                Path target = new Path(output, name);
                if (!fs.rename(new Path(newData, name), target)) {
                    throw new IOException("cannot move " + new Path(newData, name) + " into " + output);
                }
                moved.add(target);
            }
        } catch (IOException e) {
            for (Path p : moved) {
                try {
                    fs.delete(p, false);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                    keepStaging = true; // its list names what is left to remove
                }
            }
            throw e;
        }
        committedPaths = moved.stream().map(Path::toString).toList();
    }

    @Override
    public void close() {
        if (committed || keepStaging) {
            return;
        }
        try {
            fs.delete(journal.staging(), true);
        } catch (IOException e) {
            // Best effort: the run already failed; the next run on the output deletes it.
        }
    }

    /**
     * Puts right what interrupted runs left beside {@code output}: every staging folder of it (its journal naming
     * this output), one line each on {@code notes}. A staging folder of a run still alive on this host is refused.
     */
    static void recover(Path output, Configuration conf, PrintWriter notes) {
        CommitJournal.recoverLeftovers(output, conf, (fs, leftover) -> recoverOne(fs, output, leftover, notes));
    }

    private static void recoverOne(FileSystem fs, Path output, CommitJournal.Leftover leftover, PrintWriter notes)
            throws IOException {
        Path staging = leftover.staging();
        CommitJournal journal = leftover.journal();
        String who = leftover.who();
        Path old = new Path(staging, "old");
        String did;
        if (fs.exists(old)) {
            if (!fs.exists(output)) {
                if (!fs.rename(old, output)) {
                    throw new IOException("cannot move the old output back from " + old + " to " + output);
                }
                did = "it was interrupted between moving the old output aside and moving its new one in: moved the"
                        + " old output back to " + output + " and deleted the new one";
            } else if (fs.exists(new Path(staging, "new"))) {
                // The new data is still in the staging folder: the old output was being moved aside, in part.
                if (!putBackMovedAside(fs, old, output)) {
                    throw new IOException("cannot move the old output's files back from " + old + " to " + output
                            + "; move them yourself");
                }
                did = "it was interrupted while moving the old output aside: moved its files back to " + output
                        + " and deleted the new one";
            } else {
                did = "it had replaced the output but was interrupted before deleting the old one: deleted the old"
                        + " output";
            }
        } else if (journal != null && journal.record(ADDED) != null) {
            did = "it had added its files (--append) but was interrupted before deleting its staging folder: deleted"
                    + " it; the added files stay in " + output;
        } else if (journal != null && journal.list(ADDING) != null) {
            int removed = 0;
            for (String name : journal.list(ADDING)) {
                Path added = new Path(output, name);
                if (fs.exists(added)) {
                    fs.delete(added, false);
                    removed++;
                }
            }
            did = "it was interrupted while adding files (--append): removed the " + removed + " it had added to "
                    + output + "; the files there before were not touched";
        } else {
            did = "it was interrupted before its commit: deleted its unfinished data; " + output
                    + " was not touched";
        }
        fs.delete(staging, true);
        notes.println("alpha-dropout: found " + staging + ", left by " + who + "; " + did);
        notes.flush();
    }
}
