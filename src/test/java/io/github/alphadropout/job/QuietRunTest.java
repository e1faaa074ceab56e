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

package io.github.alphadropout.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/alpha-dropout} as a user runs it: the script itself, in a process of its own, from a folder of the
 * user's, with conf/ as shipped (on the test's class path instead of the build's jar, so no Maven build). What it
 * prints on stderr is what concerns the user, and it leaves nothing in the folder it was run from.
 */
class QuietRunTest {

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code bin/alpha-dropout ARGS} from {@code workingDir}. */
    private static Run script(Path workingDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of("bin", "alpha-dropout").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().put("ALPHA_DROPOUT_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("ALPHA_DROPOUT_CONF_DIR");
        builder.environment().remove("ALPHA_DROPOUT_JAVA_OPTS");
        Process p = builder.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> text(p.getInputStream()));
        // Read to the end, not only until the JVM exits: the script's stderr filter passes on the last bytes.
        String err = text(p.getErrorStream());
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bin/alpha-dropout did not end within 3 minutes: " + err);
        }
        return new Run(p.exitValue(), out.join(), err);
    }

    private static String text(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void helpPrintsNothingOnStderr() throws Exception {
        Run help = script(tmp, "--help");
        assertEquals(0, help.code(), help::toString);
        assertTrue(help.out().contains("spark-submit"), help::toString);
        assertEquals("", help.err(), "not even the JVM's notice about the incubating Vector API module");
    }

    @Test
    void aDeltaRunSaysOnlyWhatConcernsTheUserAndLeavesNoSparkWarehouse() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work"));
        Run generate = script(work, "generate", "--rows", "40", "--shape", "4,2,4,4", "--output", "in");
        assertEquals(0, generate.code(), generate::toString);
        // Spark notes it once per JVM when it shortens a plan's text (plans wider than maxToStringFields, e.g. Delta's
        // log reads on larger tables); made certain here with a low limit.
        Run augment = script(work, "augment", "--input", "in", "--column", "features", "--shape", "4,2,4,4",
                "--p", "0.5", "--copies", "2", "--output", "out", "--output-format", "delta",
                "--conf", "spark.sql.debug.maxToStringFields=2");
        assertEquals(0, augment.code(), augment::toString);
        assertTrue(augment.out().contains("output version        Delta table out version 0"), augment::toString);
        for (Run run : List.of(generate, augment)) {
            assertTrue(!run.err().contains("WARNING: Using incubator modules"), run::toString);
            assertTrue(!run.err().contains("Truncated the string representation"), run::toString);
            assertEquals("", run.err(), "nothing on stderr: " + run);
        }
        assertEquals(List.of("in", "out"), names(work), "no spark-warehouse (nor anything else) left behind");
    }
}
