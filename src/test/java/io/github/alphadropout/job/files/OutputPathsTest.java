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

package io.github.alphadropout.job.files;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputPathsTest {

    @Test
    void pathsNestedOrNot() {
        org.apache.hadoop.fs.Path a = new org.apache.hadoop.fs.Path("file:/data/a");
        assertTrue(OutputPaths.isInside(new org.apache.hadoop.fs.Path("file:/data/a/b"), a));
        assertFalse(OutputPaths.isInside(new org.apache.hadoop.fs.Path("file:/data/ab"), a));
        assertTrue(OutputPaths.isLocal("file:/x", null));
        assertTrue(OutputPaths.isLocal("/x", "local[2]"));
        assertFalse(OutputPaths.isLocal("/x", "yarn"));
        assertFalse(OutputPaths.isLocal("hdfs://nn/x", "local[2]"));
    }
}
