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

package io.github.alphadropout.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Memory against sample size: for samples of 64 KiB, 8 MiB and 143 MiB (4x155x240x240 floats, a BraTS-sized
 * volume), {@code generate} then {@code augment --copies 2} on {@code local[2]}, each in a JVM of its own with the
 * given heap ({@link MeasuredJob}: peak heap occupancy and peak RSS). Prints a Markdown table (the one in
 * docs/benchmarks.md) and writes it to {@code spark/target/sample-size-memory.md}; fails if a step fails.
 *
 * <p>Minutes of CPU and about 2 GiB of disk (under target/), so it runs only on request:
 * <pre>
 * mvn -B -ntp -pl spark -am verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=SampleSizeMemoryIT -Dalphadropout.sampleMemoryTest=true \
 *     [-Dalphadropout.sampleMemoryTest.heap=2g] [-Dalphadropout.sampleMemoryTest.sizes=64k,8m,143m] \
 *     [-Dalphadropout.sampleMemoryTest.master=local[2]]
 * </pre>
 */
@EnabledIfSystemProperty(named = "alphadropout.sampleMemoryTest", matches = "true")
class SampleSizeMemoryIT {

    /** A sample size: its shape, the rows generated (at least two files' worth on local[2]). */
    record Size(String name, String shape, int rows, long bytes) {
        static Size of(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "64k" -> new Size("64 KiB", "16,1024", 4096, 16L * 1024 * 4);
                case "8m" -> new Size("8 MiB", "1,128,128,128", 32, 128L * 128 * 128 * 4);
                case "143m" -> new Size("143 MiB", "4,155,240,240", 4, 4L * 155 * 240 * 240 * 4);
                default -> throw new IllegalArgumentException("sizes are 64k, 8m and 143m, not " + name);
            };
        }
    }

    record Step(String command, int exit, double seconds, double heapPeakMiB, double liveAfterGcMiB,
                double rssPeakMiB, String log) {
    }

    @TempDir(factory = InBuildFolder.class)
    Path data;

    /** Keeps the data (up to 2 GiB) under spark/target, not /tmp. */
    static final class InBuildFolder implements org.junit.jupiter.api.io.TempDirFactory {
        @Override
        public Path createTempDirectory(org.junit.jupiter.api.extension.AnnotatedElementContext element,
                                        org.junit.jupiter.api.extension.ExtensionContext context) throws IOException {
            Path target = Path.of("spark", "target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "sample-memory-");
        }
    }

    @Test
    void eachSampleSizeCompletesWithTheGivenHeap() throws Exception {
        String heap = System.getProperty("alphadropout.sampleMemoryTest.heap", "2g");
        String master = System.getProperty("alphadropout.sampleMemoryTest.master", "local[2]");
        String[] sizes = System.getProperty("alphadropout.sampleMemoryTest.sizes", "64k,8m,143m").split(",");
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "Heap -Xmx%s, master %s, --copies 2%n%n"
                        + "| sample | shape | rows | command | completed | wall s | peak heap MiB"
                        + " | max live after GC MiB | live / sample | peak RSS MiB |%n"
                        + "|---|---|---:|---|---|---:|---:|---:|---:|---:|%n", heap, master));
        List<String> failed = new ArrayList<>();
        try {
            for (String name : sizes) {
                Size size = Size.of(name.trim());
                Path input = data.resolve("in-" + name.trim());
                Path output = data.resolve("out-" + name.trim());
                Step generate = run(heap, "generate", "--rows", Integer.toString(size.rows()), "--shape",
                        size.shape(), "--seed", "1", "--output", input.toString(), "--master", master,
                        "--no-progress");
                row(table, size, generate);
                if (generate.exit() != 0) {
                    failed.add(size.name() + " generate: " + generate.log());
                    continue;
                }
                Step augment = run(heap, "augment", "--input", input.toString(), "--column", "features",
                        "--shape", size.shape(), "--p", "0.2", "--copies", "2", "--seed-column", "id", "--output",
                        output.toString(), "--master", master, "--no-progress");
                row(table, size, augment);
                if (augment.exit() != 0) {
                    failed.add(size.name() + " augment: " + augment.log());
                } else {
                    assertTrue(augment.log().contains(String.format(Locale.ROOT, "rows out              %,d",
                            2L * size.rows())), augment.log());
                }
            }
        } finally {
            System.out.println(table);
            Files.writeString(Path.of("spark", "target", "sample-size-memory.md"), table);
        }
        assertEquals(List.of(), failed, "every step completes with -Xmx" + heap);
    }

    private static void row(StringBuilder table, Size size, Step step) {
        table.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s | %.1f | %,.0f | %,.0f | %.1fx | %,.0f |%n",
                size.name(), size.shape(), size.rows(), step.command(), step.exit() == 0 ? "yes" : "**no** (exit "
                        + step.exit() + ")", step.seconds(), step.heapPeakMiB(), step.liveAfterGcMiB(),
                step.liveAfterGcMiB() * 1048576.0 / size.bytes(), step.rssPeakMiB()));
    }

    /** One command in a child JVM with this JVM's module flags and class path, and the given heap. */
    private Step run(String heap, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-opens") || flag.startsWith("--add-modules") || flag.startsWith("--add-exports")
                    || flag.equals("-XX:+IgnoreUnrecognizedVMOptions") || flag.startsWith("-Djdk.reflect")
                    || flag.startsWith("-Dio.netty")) {
                command.add(flag);
            }
        }
        command.add("-Xmx" + heap);
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j.configurationFile=" + Path.of("conf", "log4j2.properties").toAbsolutePath());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MeasuredJob.class.getName());
        command.addAll(List.of(args));
        Path log = data.resolve(args[0] + "-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(args[0] + " did not end within 30 minutes");
        }
        String text = Files.readString(log);
        String measured = text.lines().filter(l -> l.startsWith(MeasuredJob.PREFIX)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + MeasuredJob.PREFIX + "line:\n" + text));
        return new Step(args[0], p.exitValue(), value(measured, "seconds"), value(measured, "heapPeakMiB"),
                value(measured, "liveAfterGcMiB"), value(measured, "rssPeakMiB"), text.lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator")).limit(40).reduce("", (a, b) -> a + b + "\n"));
    }

    private static double value(String line, String key) {
        for (String part : line.substring(MeasuredJob.PREFIX.length()).split(" ")) {
            if (part.startsWith(key + "=")) {
                return Double.parseDouble(part.substring(key.length() + 1));
            }
        }
        throw new AssertionError("no " + key + " in " + line);
    }
}
