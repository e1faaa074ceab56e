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

package io.github.alphadropout.connect;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark Connect server in its own JVM on 127.0.0.1, as {@code start-connect-server.sh} runs one: Spark's jars
 * and the Connect server of one Spark release (listed by the build in {@code target/connect-server-classpath.txt}),
 * plus the project's library jars (the Spark artifact and the kernel, as {@code --packages} adds them). It logs to
 * a file, and is killed by {@link #close}.
 */
final class SparkConnectServer implements AutoCloseable {

    static final String MAIN_CLASS = "org.apache.spark.sql.connect.service.SparkConnectServer";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Process process;
    private final Path log;
    private final int port;

    private SparkConnectServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts a server with the given Spark settings and waits until it accepts connections. */
    static SparkConnectServer start(String name, Map<String, String> conf) throws IOException, InterruptedException {
        int port = freePort();
        Path log = workDir().resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules=jdk.incubator.vector");
        command.addAll(Arrays.asList(System.getProperty("alphadropout.jvmOpens", "").trim().split("\\s+")));
        command.add("-Xmx1g");
        command.add("-Dspark.master=local[2]");
        command.add("-Dspark.ui.enabled=false");
        command.add("-Dspark.driver.host=127.0.0.1");
        command.add("-Dspark.driver.bindAddress=127.0.0.1");
        command.add("-Dspark.connect.grpc.binding.address=127.0.0.1");
        command.add("-Dspark.connect.grpc.binding.port=" + port);
        conf.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-cp");
        command.add(classpath("alphadropout.connectServerClasspath") + File.pathSeparator + libraryJars());
        command.add(MAIN_CLASS);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        SparkConnectServer server = new SparkConnectServer(process, log, port);
        server.awaitListening();
        return server;
    }

    String url() {
        return "sc://127.0.0.1:" + port;
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private void awaitListening() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Spark Connect server exited with " + process.exitValue()
                        + "; its log " + log + ":\n" + log());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                Thread.sleep(500);
            }
        }
        close();
        throw new IllegalStateException("the Spark Connect server did not listen on " + port + " within "
                + START_TIMEOUT + "; its log " + log + ":\n" + log());
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Where the Connect tests' logs and outputs go: next to the classpath files, under the build's target/. */
    static Path workDir() throws IOException {
        Path file = Paths.get(System.getProperty("alphadropout.connectServerClasspath",
                "spark/target/connect-server-classpath.txt"));
        return Files.createDirectories(file.toAbsolutePath().getParent().resolve("connect-it"));
    }

    /** A classpath the build wrote to the file named by a system property. */
    static String classpath(String property) throws IOException {
        Path file = Paths.get(System.getProperty(property, "(unset)"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing: run the Connect tests through Maven (mvn verify),"
                    + " whose pre-integration-test phase resolves the Connect server's and client's classpaths");
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    /** The project's jars as a user adds them to a server: the Spark artifact and the kernel artifact. */
    static String libraryJars() {
        String jars = System.getProperty("alphadropout.libraryJars", "");
        for (String jar : jars.split(File.pathSeparator)) {
            if (jar.isBlank() || !Files.isRegularFile(Paths.get(jar))) {
                throw new IllegalStateException("library jar " + jar + " is missing: run mvn verify (it packages"
                        + " them before the integration tests)");
            }
        }
        return jars;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
