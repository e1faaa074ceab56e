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

import io.github.alphadropout.job.AlphaDropoutJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The augment job over a data set larger than the executor memory it is given: by default 2 GiB of float samples
 * (131,072 rows of shape 16x4x8x8, 16 KiB each) through two executors of 1 GiB, one core each, with Spark's
 * default settings, on the standalone test cluster; both steps (generate, then augment) through spark-submit. It
 * measures wall time and the peak resident set size (VmHWM) of every executor and of the driver, prints them and
 * writes them to {@code logs/memory-report.txt}. docs/reliability.md has the results, including a run with
 * 512 MiB executors (which needs {@code spark.sql.parquet.columnarReaderBatchSize=256}).
 *
 * <p>Too slow for every CI run (minutes, and 4+ GiB of disk under target/), so it runs only on request:
 * <pre>
 * mvn -B -ntp verify -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=AugmentMemoryIT \
 *     -Dalphadropout.memoryTest=true [-Dalphadropout.memoryTest.gib=2] [-Dalphadropout.memoryTest.executorMemory=1g] \
 *     [-Dalphadropout.memoryTest.conf=spark.sql.parquet.columnarReaderBatchSize=256,...]
 * </pre>
 * (Failsafe passes the Maven property {@code alphadropout.memoryTest} on, and forwards the other two as system
 * properties from the command line; the defaults are those in brackets.)
 */
@EnabledIfSystemProperty(named = "alphadropout.memoryTest", matches = "true")
class AugmentMemoryIT {

    @RegisterExtension
    static final SparkStandaloneCluster CLUSTER = new SparkStandaloneCluster(2, "1g");

    /** Input and output, 4+ GiB: in the cluster's folder under target/ (not /tmp), deleted after the test. */
    @TempDir(factory = InClusterFolder.class)
    Path data;

    /** Makes {@link #data} inside the cluster's own folder. */
    static final class InClusterFolder implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
                throws IOException {
            return Files.createTempDirectory(CLUSTER.root(), "data-");
        }
    }

    static final String SHAPE = "16,4,8,8";
    static final int VALUES_PER_ROW = 16 * 4 * 8 * 8;

    @Test
    void augmentsMoreDataThanTheExecutorsHaveMemory() throws Exception {
        double gib = Double.parseDouble(System.getProperty("alphadropout.memoryTest.gib", "2"));
        String executorMemory = System.getProperty("alphadropout.memoryTest.executorMemory", "1g");
        long rows = (long) (gib * (1L << 30) / (4L * VALUES_PER_ROW));
        int partitions = (int) Math.max(2, Math.round(gib * 16));   // 64 MiB files
        Path jobJar = Paths.get(System.getProperty("alphadropout.jobJar", "target/missing-job.jar")).toAbsolutePath();
        Path input = data.resolve("input");
        Path output = data.resolve("output");
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.executor.memory", executorMemory);
        conf.put("spark.scheduler.minRegisteredResourcesRatio", "1.0");
        conf.put("spark.locality.wait", "0");
        // Extra Spark settings for both runs, e.g. spark.sql.parquet.columnarReaderBatchSize=256
        String extra = System.getProperty("alphadropout.memoryTest.conf", "").trim();
        for (String kv : extra.isEmpty() ? new String[0] : extra.split(",")) {
            conf.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
        }
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "AugmentMemoryIT: %,d rows x %d floats = %.2f GiB of samples; 2 executors x %s, 1 core each;"
                        + " settings %s%n", rows, VALUES_PER_ROW, rows * 4.0 * VALUES_PER_ROW / (1L << 30),
                executorMemory, conf));
        try {
            Step generate = run("generate", conf, jobJar, List.of("generate", "--rows", Long.toString(rows),
                    "--shape", SHAPE, "--partitions", Integer.toString(partitions), "--seed", "1", "--output",
                    input.toString(), "--no-progress"));
            report.append(generate.describe(folderBytes(input)));
            Step augment = run("augment", conf, jobJar, List.of("augment", "--input", input.toString(),
                    "--column", "features", "--shape", SHAPE, "--p", "0.2", "--copies", "1", "--seed-column", "id",
                    "--output", output.toString(), "--no-progress"));
            report.append(augment.describe(folderBytes(output)));
            assertTrue(augment.log.contains(String.format(Locale.ROOT, "rows in               %,d", rows)),
                    augment.log);
            assertTrue(augment.log.contains(String.format(Locale.ROOT, "rows out              %,d", rows)),
                    augment.log);
            assertTrue(augment.log.contains("invalid rows skipped  0"), augment.log);
            assertTrue(folderBytes(input) > (long) (gib * 0.95 * (1L << 30)), "the input holds about " + gib
                    + " GiB");
        } finally {
            System.out.println(report);
            Files.writeString(CLUSTER.logs().resolve("memory-report.txt"), report);
        }
    }

    /** One spark-submit run, with the peak RSS of the driver and of every executor seen while it ran. */
    record Step(String name, double seconds, String log, long driverPeakKib, Map<Long, Long> executorPeakKib) {
        String describe(long bytesWritten) {
            return String.format(Locale.ROOT, "  %-9s %6.1f s wall, wrote %.2f GiB; driver peak RSS %,d MiB;"
                            + " executor peak RSS %s MiB; job summary: %s%n",
                    name, seconds, bytesWritten / (double) (1L << 30), driverPeakKib / 1024,
                    executorPeakKib.values().stream().filter(k -> k > 64 * 1024)   // JVMs, not helper processes
                            .map(k -> String.format(Locale.ROOT, "%,d", k / 1024)).toList(),
                    summary(log));
        }

        static String summary(String log) {
            List<String> lines = new ArrayList<>();
            for (String l : log.lines().toList()) {
                String t = l.strip();
                if (t.startsWith("rows in") || t.startsWith("rows out") || t.startsWith("time")
                        || t.startsWith("throughput")) {
                    lines.add(t.replaceAll("\\s+", " "));
                }
            }
            return String.join("; ", lines);
        }
    }

    Step run(String name, Map<String, String> conf, Path jobJar, List<String> args) throws Exception {
        long start = System.nanoTime();
        Process driver = CLUSTER.sparkSubmit(name, CLUSTER.masterUrl(), AlphaDropoutJob.class.getName(), conf,
                jobJar, args);
        Map<Long, Long> executors = new ConcurrentHashMap<>();
        long driverPeak = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(40);
        while (driver.isAlive() && System.nanoTime() < deadline) {
            driverPeak = Math.max(driverPeak, peakRssKib(driver.pid()));
            for (int w = 0; w < 2; w++) {
                for (long pid : CLUSTER.executorPids(w)) {
                    executors.merge(pid, peakRssKib(pid), Math::max);
                }
            }
            driver.waitFor(500, TimeUnit.MILLISECONDS);
        }
        if (driver.isAlive()) {
            SparkStandaloneCluster.killTree(driver);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String log = CLUSTER.log(name);
        assertEquals(0, driver.exitValue(), name + " failed:\n" + log);
        return new Step(name, seconds, log, driverPeak, executors);
    }

    /** VmHWM (peak resident set size) of a live process, in KiB; 0 when it is gone. */
    static long peakRssKib(long pid) {
        try {
            String status = Files.readString(Paths.get("/proc", Long.toString(pid), "status"));
            Matcher m = Pattern.compile("VmHWM:\\s+(\\d+) kB").matcher(status);
            return m.find() ? Long.parseLong(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static long folderBytes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
