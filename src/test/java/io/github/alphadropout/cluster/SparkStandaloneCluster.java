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

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster for tests, started from the Maven classpath (no Spark distribution): a Master and
 * two Workers, each its own JVM, on loopback addresses only. Use it as a JUnit 5 extension
 * ({@code @RegisterExtension static SparkStandaloneCluster cluster = new SparkStandaloneCluster();}): it starts
 * before the class's tests and kills every process it started (and their descendants: executors, drivers) after
 * them, whether they passed or not, and from a JVM shutdown hook if the test JVM is stopped first.
 *
 * <p>What a Worker needs, established here: {@code SPARK_HOME} pointing at a folder whose {@code jars/} holds the
 * classpath jars (symbolic links to the Maven repository here), and {@code SPARK_SCALA_VERSION=2.13}; it then
 * launches executors with {@code $SPARK_HOME/jars/*} as their classpath. Only Spark's own jars (the provided scope,
 * listed by the build in {@code target/spark-classpath.txt}) go there and onto the daemons' and driver's classpath,
 * as in a Spark distribution; the project's code reaches the cluster as the {@code -job} jar, through spark-submit.
 *
 * <p>Worker {@code i} binds to {@code 127.0.0.(i+1)}: Spark never runs a speculative copy of a task on the host of
 * its first attempt, so speculative execution needs the two Workers to be two hosts. Everything else binds to
 * 127.0.0.1. Logs go to {@code target/spark-cluster/<run>/logs}.
 */
public final class SparkStandaloneCluster implements BeforeAllCallback, AfterAllCallback {

    public static final String MASTER_CLASS = "org.apache.spark.deploy.master.Master";
    public static final String WORKER_CLASS = "org.apache.spark.deploy.worker.Worker";
    public static final String SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final int workerCount;
    private final String workerMemory;
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Map<Integer, Process> workers = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path root;
    private Path sparkHome;
    private Path logs;
    private List<String> sparkJars;
    private String opens;
    private int masterPort;
    private int masterUiPort;
    private Process master;
    private Thread shutdownHook;

    public SparkStandaloneCluster() {
        this(2, "1g");
    }

    public SparkStandaloneCluster(int workerCount, String workerMemory) {
        this.workerCount = workerCount;
        this.workerMemory = workerMemory;
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Starts the Master and the Workers and waits until every Worker has registered. */
    public void start(String name) throws IOException, InterruptedException {
        shutdownHook = new Thread(this::stop, "spark-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            root = Paths.get("target", "spark-cluster", name + "-" + System.currentTimeMillis()).toAbsolutePath();
            logs = Files.createDirectories(root.resolve("logs"));
            sparkJars = readSparkClasspath();
            opens = System.getProperty("alphadropout.jvmOpens", "").trim().replaceAll("\\s+", " ");
            sparkHome = makeSparkHome(root.resolve("spark-home"), sparkJars);
            masterPort = freePort();
            masterUiPort = freePort();
            master = launch("master", MASTER_CLASS, "127.0.0.1", List.of("-Xmx256m"),
                    List.of("--host", "127.0.0.1", "--port", Integer.toString(masterPort),
                            "--webui-port", Integer.toString(masterUiPort)));
            awaitMaster();
            for (int i = 0; i < workerCount; i++) {
                startWorker(i);
            }
            awaitWorkers(workerCount);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    /** Kills every process started here (descendants first), by PID, and waits for them to end. */
    public synchronized void stop() {
        List<Process> all = new ArrayList<>(processes);
        java.util.Collections.reverse(all);
        for (Process p : all) {
            killTree(p);
        }
        processes.clear();
        workers.clear();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: this is the hook
            }
            shutdownHook = null;
        }
    }

    /** kill -9 of a process and everything it started (e.g. a Worker and its executors). */
    public static void killTree(Process p) {
        List<ProcessHandle> descendants = p.descendants().toList();
        for (ProcessHandle d : descendants) {
            d.destroyForcibly();
        }
        p.destroyForcibly();
        for (ProcessHandle d : descendants) {
            d.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(t -> d).join();
        }
        try {
            p.waitFor(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------ workers

    /** Starts Worker {@code i} (again), on host 127.0.0.(i+1), 1 core. */
    public synchronized void startWorker(int i) throws IOException {
        String host = workerHost(i);
        Path work = Files.createDirectories(root.resolve("work-" + i));
        Process worker = launch("worker-" + i + "-" + System.currentTimeMillis(), WORKER_CLASS, host,
                List.of("-Xmx256m"),
                List.of("--host", host, "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", workerMemory,
                        "--work-dir", work.toString(), masterUrl()));
        workers.put(i, worker);
    }

    public static String workerHost(int i) {
        return "127.0.0." + (i + 1);
    }

    /** kill -9 Worker {@code i} and its executor(s), as a machine that dies; returns the PIDs killed. */
    public synchronized List<Long> killWorker(int i) {
        Process worker = workers.remove(i);
        if (worker == null) {
            throw new IllegalStateException("worker " + i + " is not running");
        }
        List<Long> pids = new ArrayList<>();
        pids.add(worker.pid());
        worker.descendants().forEach(d -> pids.add(d.pid()));
        killTree(worker);
        processes.remove(worker);
        return pids;
    }

    /** The PIDs of the executors Worker {@code i} runs now. */
    public synchronized List<Long> executorPids(int i) {
        Process worker = workers.get(i);
        return worker == null ? List.of() : worker.descendants().map(ProcessHandle::pid).toList();
    }

    /** Restarts any Worker that is not running and waits until all are registered and alive. */
    public synchronized void ensureWorkers() throws IOException, InterruptedException {
        for (int i = 0; i < workerCount; i++) {
            if (!workers.containsKey(i) || !workers.get(i).isAlive()) {
                startWorker(i);
            }
        }
        awaitWorkers(workerCount);
    }

    // ---------------------------------------------------------------------------------------------- the master

    public String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The master's own status page as JSON ({@code /json/}). */
    public String masterJson() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + masterUiPort + "/json/"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private void awaitMaster() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            checkAlive(master, "master");
            try {
                if (masterJson().contains("\"ALIVE\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the Spark master did not come up in " + START_TIMEOUT + "; see " + logs);
    }

    /** Waits until the master counts {@code n} alive workers. */
    public void awaitWorkers(int n) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        String json = "";
        while (System.nanoTime() < deadline) {
            checkAlive(master, "master");
            for (Map.Entry<Integer, Process> w : workers.entrySet()) {
                checkAlive(w.getValue(), "worker " + w.getKey());
            }
            try {
                json = masterJson();
                Matcher m = alive.matcher(json);
                if (m.find() && Integer.parseInt(m.group(1)) == n && countAliveWorkers(json) == n) {
                    return;
                }
            } catch (IOException e) {
                // try again
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(n + " workers did not register in " + START_TIMEOUT + "; master says "
                + json + "; see " + logs);
    }

    private static int countAliveWorkers(String json) {
        Matcher m = Pattern.compile("\"state\"\\s*:\\s*\"ALIVE\"").matcher(json);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    private void checkAlive(Process p, String what) {
        if (!p.isAlive()) {
            throw new IllegalStateException("the Spark " + what + " exited with " + p.exitValue() + "; see " + logs);
        }
    }

    // --------------------------------------------------------------------------------------------- processes

    public Path root() {
        return root;
    }

    public Path logs() {
        return logs;
    }

    public Path sparkHome() {
        return sparkHome;
    }

    /** Spark's jars, as on every cluster JVM's classpath. */
    public List<String> sparkJars() {
        return sparkJars;
    }

    /**
     * Starts a JVM on Spark's classpath (plus {@code extraClasspath}) with the module flag and Spark's
     * {@code --add-opens}, logging to {@code logs/<name>.log}; the cluster kills it with the rest.
     */
    public Process launch(String name, String mainClass, String bindHost, List<String> jvmOptions,
                          List<String> args, String... extraClasspath) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules=jdk.incubator.vector");
        if (!opens.isEmpty()) {
            command.addAll(Arrays.asList(opens.split(" ")));
        }
        command.add("-Djava.awt.headless=true");
        command.addAll(jvmOptions);
        List<String> cp = new ArrayList<>(Arrays.asList(extraClasspath));
        cp.add(sparkHome.resolve("conf").toString());
        cp.addAll(sparkJars);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, cp));
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = builder.environment();
        env.put("SPARK_HOME", sparkHome.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
        env.put("SPARK_LOCAL_IP", bindHost);
        env.put("SPARK_LOCAL_HOSTNAME", bindHost);
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.remove("SPARK_MASTER");
        Process p = builder.start();
        processes.add(p);
        return p;
    }

    /**
     * {@code spark-submit --master MASTER --deploy-mode client --class CLASS --conf k=v ... JAR ARGS}, run as
     * {@code SparkSubmit} in a child JVM with 1 GB of heap (the client-mode driver), logging to
     * {@code logs/<name>.log}. Loopback addresses and no UI unless {@code conf} says otherwise.
     */
    public Process sparkSubmit(String name, String master, String mainClass, Map<String, String> conf, Path jar,
                               List<String> appArgs, String... extraClasspath) throws IOException {
        List<String> args = new ArrayList<>(List.of("--master", master, "--deploy-mode", "client", "--name", name,
                "--class", mainClass));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("spark.ui.enabled", "false");
        all.put("spark.driver.host", "127.0.0.1");
        all.put("spark.driver.bindAddress", "127.0.0.1");
        all.putAll(conf);
        all.forEach((k, v) -> {
            args.add("--conf");
            args.add(k + "=" + v);
        });
        args.add(jar.toString());
        args.addAll(appArgs);
        return launch(name, SUBMIT_CLASS, "127.0.0.1", List.of("-Xmx1g"), args, extraClasspath);
    }

    /** The output of a process started by {@link #launch}. */
    public String log(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".log"), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static List<String> readSparkClasspath() throws IOException {
        String file = System.getProperty("alphadropout.sparkClasspath", "target/spark-classpath.txt");
        Path path = Paths.get(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is missing: run the cluster tests through Maven"
                    + " (mvn verify), whose pre-integration-test phase lists Spark's jars there");
        }
        List<String> jars = Arrays.stream(Files.readString(path).trim().split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).toList();
        if (jars.stream().noneMatch(j -> j.contains("/spark-core_"))) {
            throw new IllegalStateException(path + " does not list spark-core: " + jars);
        }
        return jars;
    }

    /** A SPARK_HOME whose jars/ links to every Spark jar, and whose conf/ holds a quiet log4j2.properties. */
    static Path makeSparkHome(Path home, List<String> jars) throws IOException {
        Path jarDir = Files.createDirectories(home.resolve("jars"));
        for (String jar : jars) {
            Path source = Paths.get(jar);
            Path link = jarDir.resolve(source.getFileName());
            if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(link, source);
            }
        }
        Path conf = Files.createDirectories(home.resolve("conf"));
        try (InputStream in = SparkStandaloneCluster.class.getResourceAsStream("cluster-log4j2.properties")) {
            if (in == null) {
                throw new IllegalStateException("cluster-log4j2.properties is missing from the test resources");
            }
            Files.copy(in, conf.resolve("log4j2.properties"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return home;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    /** A jar holding the given test classes (with their nested classes), for executors' classpaths. */
    public Path jarOf(String name, Class<?>... classes) throws IOException {
        Path jar = root.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Class<?> type : classes) {
                Path classes0 = Paths.get(type.getProtectionDomain().getCodeSource().getLocation().getPath());
                String prefix = type.getName().replace('.', '/');
                Path dir = classes0.resolve(prefix).getParent();
                String simple = prefix.substring(prefix.lastIndexOf('/') + 1);
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.filter(f -> f.getFileName().toString().equals(simple + ".class")
                            || f.getFileName().toString().startsWith(simple + "$")).toList()) {
                        String entry = prefix.substring(0, prefix.lastIndexOf('/') + 1) + f.getFileName();
                        out.putNextEntry(new JarEntry(entry));
                        Files.copy(f, out);
                        out.closeEntry();
                    }
                }
            }
        }
        return jar;
    }

    @Override
    public String toString() {
        return "SparkStandaloneCluster[" + masterUrl() + ", workers " + workers.keySet() + ", logs " + logs + "]";
    }

    /** The lines of a log that contain any of the given words (for assertions' messages). */
    public static String grep(String log, String... words) {
        return log.lines().filter(l -> Arrays.stream(words).anyMatch(l::contains)).collect(Collectors.joining("\n"));
    }
}
