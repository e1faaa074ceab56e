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

import io.github.alphadropout.job.augment.BatchAugment;
import io.github.alphadropout.job.run.SparkProgress;
import io.github.alphadropout.testing.fs.LocalFileSystemUnderScheme;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;

import java.io.IOException;

/**
 * The local file system under the scheme {@code changing:} ({@code changing:///tmp/x} is the file {@code /tmp/x}),
 * where an input changes while the augment job runs: to the tasks of the job's write phase, a file {@code X} that
 * has a hidden file {@code .X.changed} beside it reads as that file's content. Every other read (schema inference,
 * the input count) sees {@code X} as it is. Register it with {@code fs.changing.impl} on the Hadoop configuration.
 */
public class ChangingFileSystem extends LocalFileSystemUnderScheme {

    public static final String SCHEME = "changing";

    public ChangingFileSystem() {
        super(SCHEME);
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
        TaskContext task = TaskContext.get();
        Path changed = new Path(f.getParent(), "." + f.getName() + ".changed");
        boolean writing = task != null && SparkProgress.description(BatchAugment.WRITE_PHASE)
                .equals(task.getLocalProperty(SparkProgress.JOB_DESCRIPTION));
        return super.open(writing && exists(changed) ? changed : f, bufferSize);
    }
}
