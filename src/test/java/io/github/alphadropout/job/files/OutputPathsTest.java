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
