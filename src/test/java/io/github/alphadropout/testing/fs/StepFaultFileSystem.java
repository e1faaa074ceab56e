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

import io.github.alphadropout.testing.fs.LocalFileSystemUnderScheme;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The local file system under the scheme {@code steps:} ({@code steps:///tmp/x} is the file {@code /tmp/x}) that
 * fails, or blocks, a chosen call: each create, open, rename and delete is described as {@code "create PATH"},
 * {@code "open PATH"}, {@code "rename SRC DST"} or {@code "delete PATH"} (paths as {@code /tmp/x}) and matched
 * against regular expressions of the Hadoop configuration:
 * <ul>
 *   <li>{@value #FAIL}: a matching call throws an {@link IOException} and does nothing;</li>
 *   <li>{@value #MOVE_THEN_FAIL}: a matching rename moves the children of its source into its target, then throws
 *       an {@link IOException}, leaving the emptied source: what Hadoop's local file system does when the rename of
 *       a mount point fails (EBUSY) and its copy-and-delete fallback cannot delete the mount point;</li>
 *   <li>{@value #RECREATE_AFTER}: after a matching rename succeeds, its source is made again as an empty folder:
 *       another writer that puts something at the path meanwhile;</li>
 *   <li>{@value #BLOCK}: a matching call first creates the local file {@value #BLOCKED_FILE} (holding the call's
 *       description), then waits for ever, so that a test can {@code kill -9} the process at exactly that step.</li>
 * </ul>
 * Register it with {@code fs.steps.impl} (and {@code fs.steps.impl.disable.cache=true}, so that each configuration
 * gets an instance of its own).
 */
public class StepFaultFileSystem extends LocalFileSystemUnderScheme {

    static final String SCHEME = "steps";
    public static final String FAIL = "alphadropout.steps.fail";
    public static final String BLOCK = "alphadropout.steps.block";
    public static final String MOVE_THEN_FAIL = "alphadropout.steps.moveThenFail";
    public static final String RECREATE_AFTER = "alphadropout.steps.recreateAfter";
    public static final String BLOCKED_FILE = "alphadropout.steps.blockedFile";

    public StepFaultFileSystem() {
        super(SCHEME);
    }

    private void step(String call) throws IOException {
        step(getConf(), call);
    }

    /** Fails or blocks {@code call} as {@code conf} says (shared with {@link StepFaultHdfs}). */
    static void step(Configuration conf, String call) throws IOException {
        String block = conf.get(BLOCK, "");
        if (!block.isEmpty() && call.matches(block)) {
            Files.writeString(Paths.get(conf.get(BLOCKED_FILE)), call);
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // keep blocking: only kill -9 ends this
                }
            }
        }
        String fail = conf.get(FAIL, "");
        if (!fail.isEmpty() && call.matches(fail)) {
            throw new IOException("injected failure of: " + call);
        }
    }

    private static String local(Path p) {
        return p.toUri().getPath();
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        String call = "rename " + local(src) + " " + local(dst);
        step(call);
        String moveThenFail = getConf().get(MOVE_THEN_FAIL, "");
        if (!moveThenFail.isEmpty() && call.matches(moveThenFail)) {
            mkdirs(dst);
            for (org.apache.hadoop.fs.FileStatus child : listStatus(src)) {
                super.rename(child.getPath(), new Path(dst, child.getPath().getName()));
            }
            throw new IOException("injected failure after moving the files of: " + call
                    + " (Device or resource busy)");
        }
        boolean renamed = super.rename(src, dst);
        String recreate = getConf().get(RECREATE_AFTER, "");
        if (renamed && !recreate.isEmpty() && call.matches(recreate)) {
            mkdirs(src);
        }
        return renamed;
    }

    @Override
    public org.apache.hadoop.fs.FSDataInputStream open(Path f, int bufferSize) throws IOException {
        step("open " + local(f));
        return super.open(f, bufferSize);
    }

    @Override
    public boolean delete(Path p, boolean recursive) throws IOException {
        step("delete " + local(p));
        return super.delete(p, recursive);
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        step("create " + local(f));
        return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        step("create " + local(f));
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                                 short replication, long blockSize, Progressable progress)
            throws IOException {
        step("create " + local(f));
        return super.createNonRecursive(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }
}
