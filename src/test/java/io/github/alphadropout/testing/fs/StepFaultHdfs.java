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

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.util.Progressable;

import java.io.IOException;

/**
 * HDFS's own client ({@code hdfs://} paths, a real NameNode and DataNode) that fails or blocks a chosen create,
 * rename or delete, as {@link StepFaultFileSystem} does on the local disk: calls are described the same way (paths
 * without scheme and authority, {@code /out}) and matched against the same settings. Register it with
 * {@code fs.hdfs.impl} (and {@code fs.hdfs.impl.disable.cache=true}).
 */
public class StepFaultHdfs extends DistributedFileSystem {

    private void step(String call) throws IOException {
        StepFaultFileSystem.step(getConf(), call);
    }

    private static String path(Path p) {
        return p.toUri().getPath();
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        step("rename " + path(src) + " " + path(dst));
        return super.rename(src, dst);
    }

    @Override
    public boolean delete(Path p, boolean recursive) throws IOException {
        step("delete " + path(p));
        return super.delete(p, recursive);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        step("create " + path(f));
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }
}
