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

import io.github.alphadropout.testing.fs.StepFaultFileSystem;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The job's main class in a JVM of its own, as the tests start it that kill it, measure its heap or read all it
 * prints: this JVM's java, its module flags (the Vector API and Spark's {@code --add-opens}), a heap, and the job's
 * own logging configuration.
 */
final class JobJvm {

    private JobJvm() {
    }

    /** The command that runs {@link AlphaDropoutJob} with {@code heap} (e.g. {@code -Xmx512m}) on {@code classPath}. */
    static List<String> command(String heap, String classPath) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-opens") || flag.startsWith("--add-modules")
                    || flag.startsWith("--add-exports") || flag.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
                command.add(flag);
            }
        }
        command.addAll(List.of(heap, "-Djava.awt.headless=true",
                "-Dlog4j.configurationFile=" + Path.of("conf", "log4j2.properties").toAbsolutePath(),
                "-cp", classPath, AlphaDropoutJob.class.getName()));
        return command;
    }

    /** As {@link #command(String, String)} with this JVM's class path. */
    static List<String> command(String heap) {
        return command(heap, System.getProperty("java.class.path"));
    }

    /**
     * Starts {@code command} (its output to {@code log}), a job whose file system blocks at the first call matching
     * {@code block} and then writes that call into {@code blocked} ({@link StepFaultFileSystem#BLOCK},
     * {@link StepFaultFileSystem#BLOCKED_FILE}); once it is blocked there, runs {@code meanwhile}, then kills the JVM
     * with SIGKILL.
     *
     * @return the call the job was blocked at
     */
    static String killWhenBlocked(List<String> command, Path blocked, String block, Path log, Runnable meanwhile)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.exists(blocked) || Files.readString(blocked).isEmpty()) {
                if (!p.isAlive()) {
                    throw new AssertionError("the job ended (exit " + p.exitValue() + ") before the step "
                            + block + ":\n" + Files.readString(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the job did not reach " + block + ":\n" + Files.readString(log));
                }
                Thread.sleep(100);
            }
            meanwhile.run();
        } finally {
            p.destroyForcibly(); // SIGKILL
            p.waitFor(1, TimeUnit.MINUTES);
        }
        return Files.readString(blocked);
    }
}
