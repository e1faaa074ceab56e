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

import io.github.alphadropout.testing.fs.LocalFileSystemUnderScheme;
import io.github.alphadropout.testing.fs.StepFaultFileSystem;
import io.github.alphadropout.job.files.OutputPaths;
import io.github.alphadropout.job.run.JobFailure;
import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RenameCommit} with a failure injected at each step of a commit ({@link StepFaultFileSystem}): the old
 * output survives every one, complete, and whatever is left is found and put right by the next run. No Spark: the
 * "new output" is a folder of files written by the test, as Spark would leave it.
 */
class RenameCommitTest {

    @TempDir
    Path tmp;

    Path out;
    Configuration conf;

    @BeforeEach
    void oldOutput() throws IOException {
        out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("part-old-0.parquet"), "old 0");
        Files.writeString(out.resolve("part-old-1.parquet"), "old 1");
        Files.writeString(out.resolve("_SUCCESS"), "");
        conf = OutputPaths.localConf();
        conf.set("fs.steps.impl", StepFaultFileSystem.class.getName());
        conf.setBoolean("fs.steps.impl.disable.cache", true);
    }

    private String output() {
        return "steps://" + out;
    }

    /** Starts a commit in {@code mode} and writes two new files into it, as Spark's write would. */
    private RenameCommit written(OutputMode mode) throws IOException {
        RenameCommit commit = RenameCommit.begin(OutputPaths.qualify(output(), conf), mode, conf);
        Path data = Path.of(commit.temporary().toUri().getPath());
        Files.createDirectories(data);
        Files.writeString(data.resolve("part-new-0.parquet"), "new 0");
        Files.writeString(data.resolve("part-new-1.parquet"), "new 1");
        Files.writeString(data.resolve("_SUCCESS"), "");
        return commit;
    }

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void assertOld() throws IOException {
        assertEquals(List.of("_SUCCESS", "part-old-0.parquet", "part-old-1.parquet"), names(out));
        assertEquals("old 0", Files.readString(out.resolve("part-old-0.parquet")));
        assertEquals("old 1", Files.readString(out.resolve("part-old-1.parquet")));
    }

    private String recover() {
        StringWriter notes = new StringWriter();
        FolderCommit.recover(output(), conf, new PrintWriter(notes));
        return notes.toString();
    }

    @Test
    void anOverwriteReplacesTheOutputAndLeavesNothingElse() throws IOException {
        try (RenameCommit commit = written(OutputMode.OVERWRITE)) {
            commit.commit();
        }
        assertEquals(List.of("_SUCCESS", "part-new-0.parquet", "part-new-1.parquet"), names(out));
        assertEquals(List.of("out"), names(tmp));
    }

    @Test
    void aFailedWriteLeavesTheOldOutput() throws IOException {
        try (RenameCommit commit = written(OutputMode.OVERWRITE)) {
            assertTrue(Files.exists(Path.of(commit.temporary().toUri().getPath())));
            // the write failed: no commit
        }
        assertOld();
        assertEquals(List.of("out"), names(tmp), "the staging folder is gone");
    }

    @Test
    void aFailedMoveOfTheOldOutputLeavesItInPlace() throws IOException {
        conf.set(StepFaultFileSystem.FAIL, "rename " + out + " .*/old");
        try (RenameCommit commit = written(OutputMode.OVERWRITE)) {
            assertThrows(RuntimeException.class, commit::commit);
        }
        assertOld();
        assertEquals(List.of("out"), names(tmp));
    }

    @Test
    void aMoveAsideThatMovesTheFilesAndThenFailsPutsEveryOldFileBack() throws IOException {
        // An output that is a mount point: the rename fails after its fallback moved the files into the staging
        // folder, whose deletion would delete the only copy.
        conf.set(StepFaultFileSystem.MOVE_THEN_FAIL, "rename " + out + " .*/old");
        try (RenameCommit commit = written(OutputMode.OVERWRITE)) {
            RuntimeException e = assertThrows(RuntimeException.class, commit::commit);
            assertTrue(e.getMessage().contains("Device or resource busy"), e.getMessage());
        }
        assertOld();
        assertEquals(List.of("out"), names(tmp));
    }

    @Test
    void anOutputThatAppearsBetweenTheRenamesIsNotWrittenInto() throws IOException {
        // Hadoop renames a folder onto an existing folder by moving it inside (OUTPUT/new): never do that.
        conf.set(StepFaultFileSystem.RECREATE_AFTER, "rename " + out + " .*/old");
        String line;
        try (RenameCommit commit = written(OutputMode.OVERWRITE)) {
            line = JobFailure.describe(assertThrows(JobFailure.class, commit::commit));
        }
        assertTrue(line.contains("appeared while the job ran"), line);
        assertTrue(line.contains("the old output is kept, complete, at steps:" + tmp + "/.out.alpha-dropout-"), line);
        assertEquals(List.of(), names(out), "nothing moved into what appeared");
    }

    @Test
    void aRunKilledWhileMovingTheOldOutputAsideIsPutRightByTheNext() throws IOException {
        RenameCommit commit = written(OutputMode.OVERWRITE);
        Path staging = Path.of(commit.temporary().toUri().getPath()).getParent();
        // Killed half-way through a copy-and-delete move aside: one old file moved, the output still there.
        Files.createDirectories(staging.resolve("old"));
        Files.move(out.resolve("part-old-1.parquet"), staging.resolve("old").resolve("part-old-1.parquet"));
        String notes = recover();
        assertTrue(notes.contains("it was interrupted while moving the old output aside: moved its files back to"
                + " steps:" + out), notes);
        assertOld();
        assertEquals(List.of("out"), names(tmp));
    }

    @Test
    void aFailedMoveOfTheNewOutputPutsTheOldOneBack() throws IOException {
        conf.set(StepFaultFileSystem.FAIL, "rename .*/new " + out);
        try (RenameCommit commit = written(OutputMode.OVERWRITE)) {
            RuntimeException e = assertThrows(RuntimeException.class, commit::commit);
            assertTrue(e.getMessage().contains("injected failure of: rename"), e.getMessage());
        }
        assertOld();
        assertEquals(List.of("out"), names(tmp));
    }

    @Test
    void whenTheOldOutputCannotBePutBackTheFailureSaysWhereAndTheNextRunPutsItBack() throws IOException {
        conf.set(StepFaultFileSystem.FAIL, "rename .*/new " + out + "|rename .*/old " + out);
        try (RenameCommit commit = written(OutputMode.OVERWRITE)) {
            JobFailure e = assertThrows(JobFailure.class, commit::commit);
            String line = JobFailure.describe(e);
            assertTrue(line.contains("the old output is kept, complete, at steps:" + tmp + "/.out.alpha-dropout-"),
                    line);
            assertTrue(line.contains("the next run on steps:" + out + " moves it back"), line);
        }
        assertFalse(Files.exists(out), "between the two renames the output path does not exist");
        conf.unset(StepFaultFileSystem.FAIL);
        String notes = recover();
        assertTrue(notes.startsWith("alpha-dropout: found steps:" + tmp + "/.out.alpha-dropout-"), notes);
        assertTrue(notes.contains("(--overwrite, pid " + ProcessHandle.current().pid()), notes);
        assertTrue(notes.contains("it was interrupted between moving the old output aside and moving its new one"
                + " in: moved the old output back to steps:" + out + " and deleted the new one"), notes);
        assertEquals(1, notes.lines().count(), notes);
        assertOld();
        assertEquals(List.of("out"), names(tmp));
    }

    @Test
    void aFailedDeleteOfTheOldOutputKeepsTheNewOneAndTheNextRunDeletesTheOld() throws IOException {
        conf.set(StepFaultFileSystem.FAIL, "delete .*/\\.out\\.alpha-dropout-[0-9a-f]+");
        try (RenameCommit commit = written(OutputMode.OVERWRITE)) {
            commit.commit(); // the output is complete: the run succeeds
        }
        assertEquals(List.of("_SUCCESS", "part-new-0.parquet", "part-new-1.parquet"), names(out));
        conf.unset(StepFaultFileSystem.FAIL);
        String notes = recover();
        assertTrue(notes.contains("it had replaced the output but was interrupted before deleting the old one:"
                + " deleted the old output"), notes);
        assertEquals(List.of("_SUCCESS", "part-new-0.parquet", "part-new-1.parquet"), names(out));
        assertEquals(List.of("out"), names(tmp));
    }

    @Test
    void anAppendAddsTheNewFilesAndTouchesNoOldOne() throws IOException {
        long oldTime = Files.getLastModifiedTime(out.resolve("part-old-0.parquet")).toMillis();
        try (RenameCommit commit = written(OutputMode.APPEND)) {
            commit.commit();
            assertEquals(List.of("steps:" + out + "/part-new-0.parquet", "steps:" + out + "/part-new-1.parquet"),
                    commit.committed().stream().sorted().toList());
        }
        assertEquals(List.of("_SUCCESS", "part-new-0.parquet", "part-new-1.parquet", "part-old-0.parquet",
                "part-old-1.parquet"), names(out));
        assertEquals(oldTime, Files.getLastModifiedTime(out.resolve("part-old-0.parquet")).toMillis());
        assertEquals(List.of("out"), names(tmp));
    }

    @Test
    void anAppendWhoseCleanUpFailsIsKeptByTheNextRun() throws IOException {
        List<String> appended = List.of("_SUCCESS", "part-new-0.parquet", "part-new-1.parquet", "part-old-0.parquet",
                "part-old-1.parquet");
        conf.set(StepFaultFileSystem.FAIL, "delete .*/\\.out\\.alpha-dropout-[0-9a-f]+");
        try (RenameCommit commit = written(OutputMode.APPEND)) {
            commit.commit(); // every file is in: the run succeeds
        }
        assertEquals(appended, names(out));
        conf.unset(StepFaultFileSystem.FAIL);
        String notes = recover();
        assertTrue(notes.contains("it had added its files (--append) but was interrupted before deleting its"
                + " staging folder: deleted it; the added files stay in steps:" + out), notes);
        assertEquals(appended, names(out), "the appended files survive the next run");
        assertEquals("new 0", Files.readString(out.resolve("part-new-0.parquet")));
        assertEquals(List.of("out"), names(tmp));
    }

    @Test
    void anAppendThatFailsHalfWayRemovesWhatItAdded() throws IOException {
        conf.set(StepFaultFileSystem.FAIL, "rename .*/part-new-1.parquet .*");
        try (RenameCommit commit = written(OutputMode.APPEND)) {
            assertThrows(RuntimeException.class, commit::commit);
        }
        assertOld();
        assertEquals(List.of("out"), names(tmp));
    }

    @Test
    void anUnfinishedRunIsFoundNamedAndDeleted() throws IOException {
        RenameCommit commit = written(OutputMode.OVERWRITE);
        String staging = Path.of(commit.temporary().toUri().getPath()).getParent().getFileName().toString();
        // no commit, no close: as a process killed while writing leaves it
        String notes = recover();
        assertEquals("alpha-dropout: found steps:" + tmp + "/" + staging + ", left by run "
                + staging.substring(staging.lastIndexOf('-') + 1) + " (--overwrite, pid "
                + ProcessHandle.current().pid(), notes.substring(0, notes.indexOf(" on ")));
        assertTrue(notes.strip().endsWith("it was interrupted before its commit: deleted its unfinished data;"
                + " steps:" + out + " was not touched"), notes);
        assertOld();
        assertEquals(List.of("out"), names(tmp));
        assertEquals("", recover(), "nothing more to do");
    }

    @Test
    void aRunStillAliveOnThisHostIsNotTouched() throws Exception {
        RenameCommit commit = written(OutputMode.OVERWRITE);
        Path staging = Path.of(commit.temporary().toUri().getPath()).getParent();
        // Rewrite its journal as a live process of this host would have written it: this test JVM's parent.
        ProcessHandle alive = ProcessHandle.current().parent().orElseThrow();
        Path journal = staging.resolve(CommitJournal.STARTED);
        String text = Files.readString(journal)
                .replaceAll("(?m)^pid=.*$", "pid=" + alive.pid())
                .replaceAll("(?m)^processStart=.*$", "processStart="
                        + alive.info().startInstant().orElseThrow().toString().replace(":", "\\\\:"));
        Files.writeString(journal, text);
        UsageException e = assertThrows(UsageException.class, this::recover);
        assertTrue(e.getMessage().contains("is being written by another run"), e.getMessage());
        assertTrue(Files.exists(staging));
        commit.close();
    }

    /** The local file system under {@code norename:}, where no rename succeeds. */
    public static class NoRenameFileSystem extends LocalFileSystemUnderScheme {
        public NoRenameFileSystem() {
            super("norename");
        }

        @Override
        public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst) {
            return false;
        }
    }

    @Test
    void anOverwriteWhoseRenameFailsKeepsTheOldOutput() throws IOException {
        // Before the commit was rebuilt, the old output was deleted first and then the rename failed: both were
        // lost once the scratch folder was cleaned up.
        Configuration conf = OutputPaths.localConf();
        conf.set("fs.norename.impl", NoRenameFileSystem.class.getName());
        conf.setBoolean("fs.norename.impl.disable.cache", true);
        Path old = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(old.resolve("old.txt"), "old");
        String output = "norename://" + old;
        RenameCommit pending = RenameCommit.begin(OutputPaths.qualify(output, conf), OutputMode.OVERWRITE, conf);
        Path written = Path.of(pending.temporary().toUri().getPath());
        Files.createDirectories(written);
        Files.writeString(written.resolve("part-0"), "new");
        assertThrows(RuntimeException.class, pending::commit);
        pending.close();
        assertTrue(Files.exists(old.resolve("old.txt")), "the old output survives a failed rename");
        assertEquals("old", Files.readString(old.resolve("old.txt")));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("out"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing else is left beside it");
        }
    }
}
