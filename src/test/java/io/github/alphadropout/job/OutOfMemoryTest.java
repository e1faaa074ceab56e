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

import io.github.alphadropout.job.generate.SampleGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job in a JVM of its own with a small heap, as bin/alpha-dropout runs it (its flags, conf/log4j2.properties,
 * {@link AlphaDropoutJob#main}), so that running out of memory is real: the exit code, stderr and files left are
 * what a user gets. Spark refuses heaps under 450 MiB unless {@code spark.testing.reservedMemory} is 0, which these
 * runs set so that they can use 192 MiB and stay fast.
 */
class OutOfMemoryTest {

    static final String HEAP = "-Xmx192m";

    @TempDir
    Path tmp;

    record Run(int code, String out, String err) {
        /** stderr without the JVM's own line about the incubating Vector API module. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** Runs {@code alpha-dropout ARGS} in a child JVM with this JVM's module flags and class path. */
    Run job(String... args) throws IOException, InterruptedException {
        // Without the S3 client's jars: once opened, the AWS SDK bundle's index alone takes about 50 MiB of heap
        // (340,000 entries), and these runs measure what generate itself needs.
        List<String> command = new ArrayList<>(JobJvm.command(HEAP,
                java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                        .filter(e -> !e.contains("/software/amazon/awssdk/") && !e.contains("/com/amazonaws/")
                                && !e.contains("hadoop-aws") && !e.contains("spark-hadoop-cloud"))
                        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator))));
        command.addAll(List.of(args));
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the job did not end within 3 minutes: " + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void runningOutOfMemoryIsOneLineWithAdviceAndExitOne() throws Exception {
        // One sample of 32M floats, 128 MiB, which Spark copies into a row and the writer buffers: more than the heap.
        Path output = tmp.resolve("big");
        Run r = job("generate", "--rows", "2", "--shape", "1,32,1024,1024", "--output", output.toString(),
                "--master", "local[2]", "--conf", "spark.testing.reservedMemory=0");
        assertEquals(AlphaDropoutJob.FAILURE, r.code(), r::toString); // not Spark's 52
        List<String> err = r.errLines();
        assertEquals(1, err.size(), () -> "one line, no trace:\n" + r);
        assertTrue(err.get(0).startsWith("alpha-dropout generate: failed: out of memory (OutOfMemoryError: Java"
                + " heap space); nothing was written to " + output + ". To fix: give it more memory"), r::toString);
        assertTrue(err.get(0).contains("a sample of shape 1,32,1024,1024 takes 128 MiB while it is made, and each"
                + " partition holds one already"), "more partitions would not help here: " + err);
        assertFalse(Files.exists(output));
        assertEquals(List.of("stderr.txt", "stdout.txt"), names(tmp), "no scratch folder left");
    }

    @Test
    void withStacktraceTheWholeTraceAndSparksOwnReportsShow() throws Exception {
        Run r = job("generate", "--rows", "2", "--shape", "1,32,1024,1024", "--output", tmp.resolve("big").toString(),
                "--master", "local[2]", "--conf", "spark.testing.reservedMemory=0", "--stacktrace");
        assertEquals(AlphaDropoutJob.FAILURE, r.code(), r::toString);
        assertTrue(r.err().contains("alpha-dropout generate: failed: out of memory"), r::toString);
        assertTrue(r.err().contains("Caused by: java.lang.OutOfMemoryError: Java heap space"), r::toString);
        assertTrue(r.err().contains("\tat io.github.alphadropout.job.generate.SampleGenerator.gaussian"), "the task's stack");
        assertTrue(r.err().contains(" ERROR Executor: Exception in task"), "Spark's own report: " + r);
    }

    @Test
    void generateSizesItsPartitionsByBytesSoASmallHeapIsEnough() throws Exception {
        // 64 MiB of floats. In the 2 partitions local[2] used to get, each task buffers 32 MiB of pages, and 192 MiB
        // of heap runs out; sized at 4 MiB each (the setting scaled down from its 128 MiB default, like the heap),
        // 16 partitions of 4 rows go through.
        Path output = tmp.resolve("sized");
        Run r = job("generate", "--rows", "64", "--shape", "1,64,64,64", "--output", output.toString(),
                "--master", "local[2]", "--conf", "spark.testing.reservedMemory=0",
                "--conf", "spark.sql.files.maxPartitionBytes=4m", "--no-progress");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("alpha-dropout generate: wrote 64 rows to " + output), r::toString);
        assertEquals(16, names(output).stream().filter(n -> n.endsWith(".parquet")).count(),
                () -> "16 files of 4 rows (4 MiB) each: " + r);
    }
}
