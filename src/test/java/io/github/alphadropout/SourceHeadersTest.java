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

package io.github.alphadropout;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every source file carries the Apache-2.0 header, as the pom's licence says: Java, Python and shell, in the source
 * trees, the Python package, the scripts and the launcher (build outputs and virtual environments aside).
 */
class SourceHeadersTest {

    /** What a header must say, in its first lines. */
    static final String LICENCE_LINE = "Licensed under the Apache License, Version 2.0";
    static final int HEADER_LINES = 6;
    static final Set<String> SKIPPED_FOLDERS = Set.of("target", "build", "dist", "__pycache__", ".pytest_cache",
            ".ipynb_checkpoints", ".venv");

    @Test
    void everySourceFileCarriesTheApacheHeader() throws IOException {
        List<Path> sources = sources();
        assertTrue(sources.size() > 200, "found the sources (run from the checkout): " + sources.size());
        List<String> missing = sources.stream().filter(p -> !hasHeader(p)).map(Path::toString).sorted().toList();
        assertEquals(List.of(), missing, "files without the Apache-2.0 header (copy it from any other source file"
                + " of the same language, above the package line, or below a #! line)");
    }

    static List<Path> sources() throws IOException {
        List<Path> found = new java.util.ArrayList<>();
        for (String root : List.of("src", "python", "scripts", "notebooks")) {
            try (Stream<Path> walk = Files.walk(Path.of(root))) {
                walk.filter(Files::isRegularFile).filter(SourceHeadersTest::isSource)
                        .filter(p -> p.getParent() == null || !skipped(p)).forEach(found::add);
            }
        }
        found.add(Path.of("bin", "alpha-dropout"));
        found.add(Path.of(".ci", "run"));
        return found;
    }

    private static boolean isSource(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".java") || name.endsWith(".py") || name.endsWith(".sh");
    }

    private static boolean skipped(Path p) {
        for (Path part : p) {
            String name = part.toString();
            if (SKIPPED_FOLDERS.contains(name) || name.endsWith(".egg-info")) {
                return true;
            }
        }
        return false;
    }

    /** The header opens the file (below a {@code #!} line): the licence line is among the first lines. */
    private static boolean hasHeader(Path p) {
        try (Stream<String> lines = Files.lines(p, StandardCharsets.UTF_8)) {
            return lines.limit(HEADER_LINES).anyMatch(line -> line.contains(LICENCE_LINE));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new AssertionError("cannot read " + p + " as UTF-8", e);
        }
    }
}
