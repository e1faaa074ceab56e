package io.github.alphadropout.job.files;

import io.github.alphadropout.testing.fs.LocalFileSystemUnderScheme;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputPathsTest {

    @TempDir
    Path tmp;

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
        OutputPaths.Pending pending = OutputPaths.begin(output, conf);
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
