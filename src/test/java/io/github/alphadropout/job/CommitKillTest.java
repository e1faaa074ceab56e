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

import io.github.alphadropout.testing.Digests;
import io.github.alphadropout.testing.fs.StepFaultFileSystem;
import io.github.alphadropout.testing.SparkSessionTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of the job at each step of its commit. The job runs in a JVM of its own (this JVM's class path
 * and module flags), writing through {@link StepFaultFileSystem}, which blocks at the chosen call after leaving a
 * marker file; the test then kills the process with SIGKILL ({@link Process#destroyForcibly()}): no finally block,
 * no shutdown hook runs. The next run on the output (in-process, without --overwrite) must say in one line what it
 * found and what it did, and leave a complete output: the old one, bit for bit, or (once the swap was done) the
 * new one. Each case starts a JVM with Spark: about 10 to 20 s each.
 */
class CommitKillTest extends SparkSessionTest {

    @TempDir
    static Path tmp;

    Path input;

    @BeforeAll
    void data() {
        input = tmp.resolve("input");
        Cli.Outcome o = Cli.run("generate", "--rows", "40", "--shape", "4,2,4,4", "--partitions", "2", "--output",
                input.toString());
        assertEquals(0, o.code(), o::toString);
    }

    private List<String> args(String out, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--input", input.toString(), "--column", "features",
                "--shape", "4,2,4,4", "--p", "0.5", "--seed-column", "id", "--output", out,
                "--no-progress"));
        args.addAll(List.of(more));
        return args;
    }

    /** Starts the job in a JVM of its own, blocked at the first call matching {@code block}; kills it there. */
    private String killAt(Path out, String mode, String block) throws IOException, InterruptedException {
        return killAt(out, args("steps://" + out, mode), block, () -> { });
    }

    /**
     * Starts the job with {@code jobArgs} in a JVM of its own, waits until it is blocked at the first call matching
     * {@code block}, runs {@code meanwhile}, then kills it.
     */
    private String killAt(Path out, List<String> jobArgs, String block, Runnable meanwhile)
            throws IOException, InterruptedException {
        Path blocked = tmp.resolve("blocked-" + out.getParent().getFileName());
        List<String> command = JobJvm.command("-Xmx512m");
        command.addAll(jobArgs);
        command.addAll(List.of("--master", "local[2]",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.hadoop.fs.steps.impl=" + StepFaultFileSystem.class.getName(),
                "--conf", "spark.hadoop.fs.steps.impl.disable.cache=true",
                "--conf", "spark.hadoop." + StepFaultFileSystem.BLOCK + "=" + block,
                "--conf", "spark.hadoop." + StepFaultFileSystem.BLOCKED_FILE + "=" + blocked));
        Path log = tmp.resolve("job-" + out.getParent().getFileName() + ".log");
        return JobJvm.killWhenBlocked(command, blocked, block, log, meanwhile);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @ParameterizedTest(name = "killed at {0}")
    @CsvSource(delimiter = '|', value = {
        "writing a task's file|create .*/new/_temporary/.*part-.*"
                + "|it was interrupted before its commit: deleted its unfinished data; OUT was not touched|old",
        "moving the old output aside|rename OUT .*/old"
                + "|it was interrupted before its commit: deleted its unfinished data; OUT was not touched|old",
        "moving the new output in|rename .*/new OUT"
                + "|it was interrupted between moving the old output aside and moving its new one in: moved the old"
                + " output back to OUT and deleted the new one|old",
        "deleting the old output|delete .*/\\.out\\.alpha-dropout-[0-9a-f]+"
                + "|it had replaced the output but was interrupted before deleting the old one: deleted the old"
                + " output|new"})
    void theNextRunPutsRightWhatAKilledOverwriteLeft(String step, String block, String did, String left)
            throws Exception {
        Path parent = Files.createDirectories(tmp.resolve(step.replace(' ', '-').replace("'", "")));
        Path out = parent.resolve("out");
        Cli.Outcome first = Cli.run(args(out.toString(), "--copies", "2").toArray(new String[0]));
        assertEquals(0, first.code(), first::toString);
        Map<String, String> old = Digests.of(out);

        String call = killAt(out, "--overwrite", block.replace("OUT", out.toString()));
        assertTrue(call.matches(block.replace("OUT", out.toString())), call);
        List<String> beside = names(parent);
        if (step.equals("moving the new output in")) {
            assertFalse(Files.exists(out), "in the gap between the renames the output path does not exist");
            assertEquals(1, beside.size(), () -> "only the run's staging folder: " + beside);
        } else {
            assertEquals(2, beside.size(), () -> "the output and the run's staging folder: " + beside);
        }

        Cli.Outcome next = Cli.run(args(out.toString()).toArray(new String[0]));
        List<String> lines = next.err().lines().toList();
        assertEquals(2, lines.size(), next::toString);
        assertTrue(lines.get(0).startsWith("alpha-dropout: found file:" + parent + "/.out.alpha-dropout-"),
                next::toString);
        assertTrue(lines.get(0).contains(", left by run ") && lines.get(0).contains(" (--overwrite, pid "),
                next::toString);
        assertTrue(lines.get(0).endsWith("; " + did.replace("OUT", "file:" + out)), next::toString);
        assertTrue(lines.get(1).contains("already exists; add --overwrite"), next::toString);
        assertEquals(List.of("out"), names(parent), "nothing left beside the output");
        if (left.equals("old")) {
            assertEquals(old, Digests.of(out), "the old output, bit for bit");
        } else {
            assertEquals(40 * 1, spark.read().parquet(out.toString()).count(), "the new output (1 copy), complete");
        }
    }

    @Test
    void aSecondRunIsRefusedFromTheMomentTheFirstStarted() throws Exception {
        // Two runs on one output, the second started while the first reads its input (before its old place of
        // claiming the output, after the input count): the second is refused and the first's claim untouched.
        Path parent = Files.createDirectories(tmp.resolve("two-runs"));
        Path out = parent.resolve("out");
        Cli.Outcome first = Cli.run(args(out.toString(), "--copies", "2").toArray(new String[0]));
        assertEquals(0, first.code(), first::toString);
        Map<String, String> old = Digests.of(out);

        List<String> reading = new ArrayList<>(args(out.toString(), "--overwrite"));
        reading.set(reading.indexOf("--input") + 1, "steps://" + input);
        Cli.Outcome[] second = new Cli.Outcome[1];
        String call = killAt(out, reading, "open " + input + "/.*", () -> {
            second[0] = Cli.run(args(out.toString(), "--overwrite", "--seed", "9").toArray(new String[0]));
        });
        assertTrue(call.startsWith("open " + input), call);
        assertEquals(AlphaDropoutJob.USAGE, second[0].code(), second[0]::toString);
        assertTrue(second[0].errLine().contains("output " + "file:" + out + " is being written by another run"),
                second[0]::toString);
        assertEquals(old, Digests.of(out), "the old output, bit for bit");
        List<String> beside = names(parent);
        assertEquals(2, beside.size(), () -> "the output and the first run's claim: " + beside);
    }
}
