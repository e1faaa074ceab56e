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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The job's helpers for folders on the local disk (the report, the demo's files): recursive delete, and a folder
 * that appears complete or not at all (written as a hidden sibling, then moved into place). Data sets go through
 * Hadoop's file systems instead ({@link OutputPaths}). {@link #deleteRecursively} is public for the project's other
 * tools (the benchmarks).
 */
public final class LocalFiles {

    private LocalFiles() {
    }

    /** Deletes a file or a folder and everything in it; nothing when it does not exist. */
    public static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    /** A new hidden name beside {@code folder} to write it under before {@link #moveInto moving it into place}. */
    public static Path hiddenSibling(Path folder) {
        Path abs = folder.toAbsolutePath();
        return abs.resolveSibling("." + abs.getFileName() + ".alpha-dropout-tmp-"
                + UUID.randomUUID().toString().substring(0, 8));
    }

    /** Replaces {@code target} (deleted first if it exists) by the finished folder {@code finished}. */
    public static void moveInto(Path finished, Path target) {
        deleteRecursively(target);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.move(finished, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + finished + " to " + target + ": " + e.getMessage(), e);
        }
    }
}
