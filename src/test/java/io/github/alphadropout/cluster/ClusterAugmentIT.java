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

import io.github.alphadropout.testing.fs.FaultInjectingFileSystem;
import io.github.alphadropout.testing.fs.LocalFileSystemUnderScheme;
import io.github.alphadropout.job.AlphaDropoutJob;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The augment job on a real Spark standalone cluster (a Master and two Workers, each its own JVM, one core and
 * 1 GB each; see {@link SparkStandaloneCluster}), submitted as a user would: {@code spark-submit --class
 * io.github.alphadropout.job.AlphaDropoutJob <the -job jar> augment ...}, here {@code SparkSubmit} in a child JVM in
 * client mode. Every run's output is compared, row by row and bit by bit (a SHA-256 of each row's raw float
 * bits), with the same job run by spark-submit in local mode ({@code local[2]}).
 *
 * <ul>
 *   <li>same input and partitioning: the cluster's output equals local mode's;</li>
 *   <li>with {@code --seed-column}: equal even when the cluster reads the rows partitioned and ordered otherwise;</li>
 *   <li>a task that fails half-way through its first attempt (an injected write error): equal;</li>
 *   <li>speculative execution with a straggling first attempt: equal, and the speculative copy is what finished;</li>
 *   <li>kill -9 of a Worker and its executor in the middle of the job: the job completes, the row count is exact,
 *       the output equal.</li>
 * </ul>
 * Faults are injected by {@link FaultInjectingFileSystem} (output paths under {@code faulty:///}), shipped to the
 * driver and executors as a small jar of test classes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterAugmentIT {

    static final int ROWS = 2000;
    static final String SHAPE = "8,2,8,8";
    static final int INPUT_FILES = 8;
    static final int COPIES = 2;
    /** One write task per input file and copy. */
    static final int WRITE_TASKS = INPUT_FILES * COPIES;

    @RegisterExtension
    static final SparkStandaloneCluster CLUSTER = new SparkStandaloneCluster();

    private SparkSession spark;
    private Path data;
    private Path inputA;
    private Path inputB;
    private Path faultsJar;
    private Path jobJar;
    private Map<String, String> referencePositional;
    private Map<String, String> referenceSeeded;
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    @BeforeAll
    void setUp() throws Exception {
        jobJar = Paths.get(System.getProperty("alphadropout.jobJar", "target/missing-job.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jobJar), jobJar + " is missing: run through Maven (mvn verify), after package");
        data = Files.createDirectories(CLUSTER.root().resolve("data"));
        faultsJar = CLUSTER.jarOf("faults.jar", FaultInjectingFileSystem.class, LocalFileSystemUnderScheme.class);

        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        spark = SparkSession.builder().master("local[2]").appName("ClusterAugmentIT-reader")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");

        // The input, with the job's own generator (in this JVM, on the local session): one file per partition.
        inputA = data.resolve("input-a");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AlphaDropoutJob.execute(new PrintWriter(out), new PrintWriter(err), "generate", "--rows",
                Integer.toString(ROWS), "--shape", SHAPE, "--partitions", Integer.toString(INPUT_FILES), "--seed", "3",
                "--output", inputA.toString());
        assertEquals(0, code, out + "\n" + err);
        assertEquals(INPUT_FILES, parquetFiles(inputA));
        // The same rows, partitioned and ordered otherwise: 5 files, each in descending id order.
        inputB = data.resolve("input-b");
        spark.read().parquet(inputA.toString()).repartition(5).sortWithinPartitions(
                org.apache.spark.sql.functions.col("id").desc()).write().parquet(inputB.toString());
        assertEquals(5, parquetFiles(inputB));
    }

    @AfterAll
    void tearDown() {
        if (spark != null) {
            spark.stop();
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        System.out.println("ClusterAugmentIT: seconds per spark-submit run: " + seconds);
    }

    // ------------------------------------------------------------------------------------------------ the tests

    @Test
    @Order(1)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void onTheClusterTheOutputIsBitIdenticalToLocalMode() throws Exception {
        Run local = submit("local-positional", "local[2]", Map.of(), augment(inputA, "out-local-positional"));
        referencePositional = local.assertDone();
        Run cluster = submit("cluster-positional", CLUSTER.masterUrl(), Map.of(),
                augment(inputA, "out-cluster-positional"));
        Map<String, String> onCluster = cluster.assertDone();
        assertEquals(ROWS * COPIES, onCluster.size());
        assertSameOutput(referencePositional, onCluster, "cluster vs local[2]");
        // It really ran on both workers, and their executors ran the Vector API kernel.
        for (int w = 0; w < 2; w++) {
            String host = SparkStandaloneCluster.workerHost(w);
            assertTrue(cluster.log.contains("(" + host + ",executor") || cluster.log.contains("(" + host
                    + ", executor"), "tasks ran on worker " + w + " (" + host + "):\n"
                    + SparkStandaloneCluster.grep(cluster.log, "Starting task"));
        }
        String executorLogs = executorLogs();
        assertTrue(executorLogs.contains("alpha dropout kernel: vector("), "executors chose the vector kernel:\n"
                + SparkStandaloneCluster.grep(executorLogs, "alpha dropout kernel"));
    }

    @Test
    @Order(2)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void withASeedColumnTheOutputIsTheSameWhateverThePartitioning() throws Exception {
        Run local = submit("local-seeded", "local[2]", Map.of(),
                augment(inputA, "out-local-seeded", "--seed-column", "id"));
        referenceSeeded = local.assertDone();
        Run cluster = submit("cluster-seeded-b", CLUSTER.masterUrl(), Map.of(),
                augment(inputB, "out-cluster-seeded-b", "--seed-column", "id"));
        assertSameOutput(referenceSeeded, cluster.assertDone(), "cluster on 5 reordered files vs local[2] on 8");
        // Position seeds do depend on the partitioning: the same run without the seed column differs.
        assertNotEquals(referencePositional(), referenceSeeded);
    }

    @Test
    @Order(3)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void tasksThatFailHalfWayThroughTheirFirstAttemptChangeNothing() throws Exception {
        Path events = Files.createDirectories(data.resolve("events-failures"));
        Map<String, String> conf = faults(events);
        // The write has one task per input file (8), whatever the copies: the job reads the input once.
        conf.put("spark.hadoop." + FaultInjectingFileSystem.FAIL_PARTITIONS, "1,4,6");
        conf.put("spark.hadoop." + FaultInjectingFileSystem.FAIL_AFTER_BYTES, "4096");
        // Small row groups, so the Parquet writer writes (and the injected error strikes) mid-task, not at close.
        conf.put("spark.hadoop.parquet.block.size", "65536");
        Run run = submit("cluster-task-failures", CLUSTER.masterUrl(), conf,
                augmentTo(inputA, "faulty", "out-task-failures"));
        assertSameOutput(referencePositional(), run.assertDone(), "first attempts failed");
        List<String> e = events(events);
        for (int p : new int[] {1, 4, 6}) {
            assertTrue(e.stream().anyMatch(n -> n.startsWith("fail-") && n.contains("-p" + p + "-a0-")),
                    "partition " + p + "'s first attempt failed: " + e);
            assertTrue(e.stream().anyMatch(n -> n.startsWith("create-") && n.contains("-p" + p + "-a1-")),
                    "partition " + p + " was retried: " + e);
        }
        assertTrue(run.log.contains("injected failure: first attempt of partition"),
                SparkStandaloneCluster.grep(run.log, "Lost task"));
    }

    @Test
    @Order(4)
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void withSpeculationAStragglersCopyFinishesAndTheOutputIsTheSame() throws Exception {
        Path events = Files.createDirectories(data.resolve("events-speculation"));
        Map<String, String> conf = faults(events);
        conf.put("spark.hadoop." + FaultInjectingFileSystem.SLOW_PARTITIONS, "2");
        conf.put("spark.hadoop." + FaultInjectingFileSystem.SLOW_MILLIS, "120000");
        conf.put("spark.speculation", "true");
        conf.put("spark.speculation.interval", "100ms");
        conf.put("spark.speculation.quantile", "0.5");
        conf.put("spark.speculation.multiplier", "2");
        conf.put("spark.speculation.minTaskRuntime", "500ms");
        Run run = submit("cluster-speculation", CLUSTER.masterUrl(), conf,
                augmentTo(inputA, "faulty", "out-speculation"));
        assertSameOutput(referencePositional(), run.assertDone(), "with speculative execution");
        assertTrue(run.seconds < 110, "the straggler (2 minutes) did not hold the job up: " + run.seconds + " s");
        List<String> e = events(events);
        assertTrue(e.stream().anyMatch(n -> n.startsWith("slow-") && n.contains("-p2-a0-")), e::toString);
        assertTrue(e.stream().anyMatch(n -> n.startsWith("create-") && n.contains("-p2-a1-")),
                "a speculative copy of partition 2 ran: " + e);
        assertTrue(java.util.regex.Pattern.compile("Killing attempt 0 for task 2\\.0 in stage \\d+\\.0 .* as the"
                + " attempt 1 succeeded").matcher(run.log).find(), "the speculative copy of partition 2 won:\n"
                + SparkStandaloneCluster.grep(run.log, "peculat", "Killing attempt"));
    }

    @Test
    @Order(5)
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killingAWorkerAndItsExecutorMidJobLosesNothing() throws Exception {
        try {
            Path events = Files.createDirectories(data.resolve("events-kill"));
            Map<String, String> conf = faults(events);
            // Each write task takes at least 1.5 s, so the job is long enough to kill a worker in the middle.
            conf.put("spark.hadoop." + FaultInjectingFileSystem.CREATE_DELAY_MILLIS, "1500");
            List<String> args = augmentTo(inputA, "faulty", "out-kill");
            Path output = data.resolve("out-kill");
            Submitted job = start("cluster-kill-worker", CLUSTER.masterUrl(), conf, args);

            // Wait until some, not all, write tasks have committed, then kill -9 worker 1 and its executor.
            int committed = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            while (System.nanoTime() < deadline && job.process.isAlive()) {
                committed = committedTasks(data, "out-kill");
                if (committed >= 3) {
                    break;
                }
                Thread.sleep(100);
            }
            assertTrue(job.process.isAlive(), "the job was still running at the kill");
            assertFalse(Files.exists(output), "the output was not there yet at the kill");
            assertTrue(committed >= 3 && committed < WRITE_TASKS, committed + " of " + WRITE_TASKS
                    + " write tasks had committed at the kill");
            List<Long> executors = CLUSTER.executorPids(1);
            assertFalse(executors.isEmpty(), "worker 1 runs an executor for the job");
            List<Long> killed = CLUSTER.killWorker(1);
            for (long pid : killed) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " dead");
            }
            Run run = job.await();
            Map<String, String> out = run.assertDone();
            assertEquals(ROWS * COPIES, out.size(), "row count exact");
            assertSameOutput(referencePositional(), out, "a worker killed mid-job");
            assertTrue(run.log.contains("Lost executor") || run.log.contains("lost executor")
                    || run.log.contains("ExecutorLost"), "the driver saw the executor die:\n"
                    + SparkStandaloneCluster.grep(run.log, "xecutor", "orker"));
            System.out.println("ClusterAugmentIT: killed worker 1 and executor " + executors + " (pids " + killed
                    + ") after " + committed + " of " + WRITE_TASKS + " write tasks had committed");
        } finally {
            CLUSTER.ensureWorkers();
        }
    }

    // ----------------------------------------------------------------------------------------------- running

    /** The job's arguments for one run: 2 copies, p = 0.3, seed 11; output under data/. */
    List<String> augment(Path input, String outputName, String... more) {
        return augmentTo(input, "file", outputName, more);
    }

    /** The same, with the output under another file system scheme ({@code faulty} injects faults). */
    List<String> augmentTo(Path input, String scheme, String outputName, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--input", input.toString(), "--column", "features",
                "--shape", SHAPE, "--p", "0.3", "--copies", Integer.toString(COPIES), "--seed", "11",
                "--output", scheme + "://" + data.resolve(outputName), "--no-progress"));
        args.addAll(List.of(more));
        return args;
    }

    /** Registers the fault-injecting file system and its event folder. */
    Map<String, String> faults(Path events) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.hadoop.fs." + FaultInjectingFileSystem.SCHEME + ".impl", FaultInjectingFileSystem.class.getName());
        conf.put("spark.hadoop." + FaultInjectingFileSystem.EVENT_DIR, events.toString());
        return conf;
    }

    /** A spark-submit run in progress. */
    final class Submitted {
        final String name;
        final Process process;
        final long start = System.nanoTime();
        final String output;

        Submitted(String name, Process process, String output) {
            this.name = name;
            this.process = process;
            this.output = output;
        }

        Run await() throws Exception {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                SparkStandaloneCluster.killTree(process);
                throw new AssertionError(name + " did not finish in 5 minutes:\n" + CLUSTER.log(name));
            }
            double s = (System.nanoTime() - start) / 1e9;
            seconds.put(name, Math.round(s * 10) / 10.0);
            return new Run(name, process.exitValue(), CLUSTER.log(name), s, output);
        }
    }

    /** A finished spark-submit run. */
    final class Run {
        final String name;
        final int exit;
        final String log;
        final double seconds;
        final String output;

        Run(String name, int exit, String log, double seconds, String output) {
            this.name = name;
            this.exit = exit;
            this.log = log;
            this.seconds = seconds;
            this.output = output;
        }

        /** Exit 0, the summary's counts, and the output's digest. */
        Map<String, String> assertDone() {
            assertEquals(0, exit, name + " failed:\n" + log);
            assertTrue(log.contains(String.format("rows in               %,d", ROWS)), log);
            assertTrue(log.contains(String.format("rows out              %,d", ROWS * COPIES)), log);
            assertTrue(log.contains("invalid rows skipped  0"), log);
            return digest(output);
        }
    }

    Submitted start(String name, String master, Map<String, String> conf, List<String> jobArgs) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("spark.default.parallelism", "2");
        // One input partition per file, in local mode and on the cluster alike (files are never packed together).
        all.put("spark.sql.files.openCostInBytes", Long.toString(128L << 20));
        all.put("spark.locality.wait", "0");
        all.put("spark.executor.memory", "1g");
        all.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        all.put("spark.scheduler.maxRegisteredResourcesWaitingTime", "60s");
        all.put("spark.executor.extraClassPath", faultsJar.toString());
        all.putAll(conf);
        Process p = CLUSTER.sparkSubmit(name, master, AlphaDropoutJob.class.getName(), all, jobJar, jobArgs,
                faultsJar.toString());
        String output = jobArgs.get(jobArgs.indexOf("--output") + 1);
        return new Submitted(name, p, Paths.get(java.net.URI.create(output).getPath()).toString());
    }

    Run submit(String name, String master, Map<String, String> conf, List<String> jobArgs) throws Exception {
        return start(name, master, conf, jobArgs).await();
    }

    // ------------------------------------------------------------------------------------------------ checking

    /** (copy, id) to the SHA-256 of the row's raw float bits, for the whole output. */
    Map<String, String> digest(String path) {
        Map<String, String> out = new TreeMap<>();
        Iterator<Row> rows = spark.read().parquet(path).select("copy", "id", "features").toLocalIterator();
        while (rows.hasNext()) {
            Row r = rows.next();
            List<Object> values = r.getList(2);
            ByteBuffer bits = ByteBuffer.allocate(4 * values.size());
            for (Object v : values) {
                bits.putInt(Float.floatToRawIntBits((Float) v));
            }
            String key = r.getInt(0) + "/" + r.getLong(1);
            String previous = out.put(key, HexFormat.of().formatHex(sha256(bits.array())));
            assertEquals(null, previous, "row " + key + " appears twice in " + path);
        }
        return out;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertSameOutput(Map<String, String> expected, Map<String, String> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": the same rows");
        List<String> differing = expected.keySet().stream().filter(k -> !expected.get(k).equals(actual.get(k)))
                .limit(5).toList();
        assertTrue(differing.isEmpty(), what + ": rows differ, e.g. (copy/id) " + differing);
    }

    Map<String, String> referencePositional() {
        assertTrue(referencePositional != null, "the local reference run (test 1) must run first");
        return referencePositional;
    }

    static int parquetFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
        }
    }

    static List<String> events(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Write tasks whose output Hadoop's committer has committed (task_* folders) in the run's staging folder
     * ({@code .NAME.alpha-dropout-RUN/new}).
     */
    static int committedTasks(Path parent, String outputName) throws IOException {
        int count = 0;
        try (Stream<Path> scratch = Files.list(parent)) {
            for (Path s : scratch.filter(p -> p.getFileName().toString().startsWith("." + outputName
                    + ".alpha-dropout-")).toList()) {
                Path jobDir = s.resolve("new").resolve("_temporary").resolve("0");
                if (Files.isDirectory(jobDir)) {
                    try (Stream<Path> tasks = Files.list(jobDir)) {
                        count += (int) tasks.filter(t -> t.getFileName().toString().startsWith("task_")).count();
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return count;
        }
        return count;
    }

    /** Everything the executors wrote to stderr (in the workers' work folders). */
    static String executorLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(CLUSTER.root())) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("stderr")).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        return all.toString();
    }
}
