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
import io.github.alphadropout.job.table.TableSetup;
import io.github.alphadropout.testing.fs.StepFaultFileSystem;
import io.github.alphadropout.testing.fs.StepFaultHdfs;
import io.github.alphadropout.testing.MiniHdfs;
import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The augment job on a real HDFS ({@link MiniHdfs}: a NameNode and a DataNode on 127.0.0.1, started for this class
 * and stopped after it), reading {@code hdfs://} inputs and writing {@code hdfs://} outputs through the rename
 * commit ({@code job.output.RenameCommit}) and a Delta table: the same rows, bit for bit, as the same run on the
 * local disk; a failing {@code --overwrite} leaves the old output byte for byte; {@code --append} keeps the old
 * files; a run killed ({@code kill -9}) in the middle of its commit is put right by the next one. The job runs
 * in-process on the class's session, except the killed runs, which get a JVM of their own.
 */
class HdfsOutputTest extends SparkSessionTest {

    static final int ROWS = 40;
    static final String SHAPE = "4,2,4,4";

    @TempDir
    static Path tmp;

    static MiniHdfs hdfs;

    Path localInput;
    /** The input, copied file by file to HDFS. */
    String input;
    /** The same rows plus, in a file of its own read last, one sample of the wrong length, on HDFS. */
    String badInput;

    @Override
    protected Map<String, String> sparkConf() {
        Map<String, String> conf = new HashMap<>(MiniHdfs.sparkSettings());
        conf.put("spark.sql.extensions", TableSetup.DELTA_EXTENSION);
        conf.put("spark.sql.catalog.spark_catalog", TableSetup.DELTA_CATALOG);
        return conf;
    }

    @AfterAll
    void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @BeforeAll
    void startHdfsWithInputs() throws IOException {
        hdfs = MiniHdfs.start(tmp.resolve("hdfs"));
        localInput = JobInputs.generate(tmp.resolve("input"), ROWS, SHAPE);
        input = copyToHdfs(localInput, "/data/input");
        badInput = copyToHdfs(JobInputs.withBadRowLast(spark, localInput, tmp.resolve("bad-input")),
                "/data/bad-input");
    }

    private static String copyToHdfs(Path local, String path) throws IOException {
        hdfs.fileSystem().copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()),
                new org.apache.hadoop.fs.Path(hdfs.uri(path)));
        return hdfs.uri(path);
    }

    private static List<String> args(String in, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--input", in, "--column", "features", "--shape",
                SHAPE, "--p", "0.5", "--seed-column", "id", "--output", out, "--no-progress"));
        args.addAll(List.of(more));
        return args;
    }

    private static Cli.Outcome augment(String in, String out, String... more) {
        return Cli.run(args(in, out, more).toArray(new String[0]));
    }

    private List<String> bits(String path) {
        return JobInputs.bits(spark.read().parquet(path));
    }

    /** SHA-256 of every file under {@code dir} on HDFS, by path relative to it. */
    private static Map<String, String> digests(String dir) throws IOException {
        FileSystem fs = hdfs.fileSystem();
        org.apache.hadoop.fs.Path root = fs.makeQualified(new org.apache.hadoop.fs.Path(dir));
        Map<String, String> out = new TreeMap<>();
        RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
        while (files.hasNext()) {
            org.apache.hadoop.fs.Path f = files.next().getPath();
            try (var in = fs.open(f)) {
                out.put(f.toUri().getPath().substring(root.toUri().getPath().length() + 1),
                        Digests.sha256(in.readAllBytes()));
            }
        }
        return out;
    }

    /** The names in a folder on HDFS (hidden ones too). */
    private static List<String> names(String dir) throws IOException {
        return Stream.of(hdfs.fileSystem().listStatus(new org.apache.hadoop.fs.Path(dir)))
                .map(s -> s.getPath().getName()).sorted().toList();
    }

    @Test
    void augmentFromHdfsToHdfsIsBitIdenticalToTheSameRunOnLocalDisk() throws IOException {
        Path local = tmp.resolve("local-out");
        Cli.Outcome l = augment(localInput.toString(), local.toString(), "--copies", "3");
        assertEquals(0, l.code(), l::toString);

        String out = hdfs.uri("/runs/out");
        Cli.Outcome o = augment(input, out, "--copies", "3");
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("rows out              " + ROWS * 3), o::toString);
        assertEquals(bits(local.toString()), bits(out), "the same rows, bit for bit");
        assertEquals(List.of("out"), names(hdfs.uri("/runs")), "no staging folder left beside the output");
        assertTrue(hdfs.fileSystem().exists(new org.apache.hadoop.fs.Path(out, "_SUCCESS")));
        assertEquals(digestsOfLocal(localInput), digests(input), "the input is as it was");
    }

    private static Map<String, String> digestsOfLocal(Path dir) throws IOException {
        Map<String, String> out = Digests.of(dir);
        out.keySet().removeIf(name -> name.endsWith(".crc"));
        return out;
    }

    @Test
    void anOverwriteOnHdfsThatFailsInTheMiddleLeavesTheOldOutputByteForByte() throws IOException {
        String out = hdfs.uri("/overwrite/out");
        assertEquals(0, augment(input, out, "--copies", "2").code());
        Map<String, String> old = digests(out);
        assertTrue(old.containsKey("_SUCCESS"), old::toString);

        Cli.Outcome o = augment(badInput, out, "--copies", "2", "--overwrite", "--handle-invalid", "error");
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        assertTrue(o.errLine().contains("nothing was written to " + out), o::toString);
        assertEquals(old, digests(out), "the old output, every file byte for byte, _SUCCESS too");
        assertEquals(List.of("out"), names(hdfs.uri("/overwrite")), "nothing left beside the output");

        // A successful overwrite replaces every old file.
        Cli.Outcome ok = augment(input, out, "--copies", "1", "--overwrite");
        assertEquals(0, ok.code(), ok::toString);
        assertEquals(ROWS, spark.read().parquet(out).count());
        assertTrue(old.keySet().stream().filter(n -> n.endsWith(".parquet")).noneMatch(digests(out)::containsKey));
    }

    @Test
    void appendOnHdfsAddsTheNewCopiesAndKeepsTheOldFiles() throws IOException {
        String out = hdfs.uri("/append/out");
        Path local = tmp.resolve("local-append");
        assertEquals(0, augment(input, out, "--copies", "2").code());
        assertEquals(0, augment(localInput.toString(), local.toString(), "--copies", "2").code());
        Map<String, String> old = digests(out);
        Cli.Outcome o = augment(input, out, "--copies", "3", "--append", "--seed", "9");
        assertEquals(0, o.code(), o::toString);
        Map<String, String> now = digests(out);
        old.forEach((name, digest) -> assertEquals(digest, now.get(name), name + " untouched"));
        assertEquals(ROWS * 2 + ROWS * 3, spark.read().parquet(out).count());
        assertEquals(List.of("out"), names(hdfs.uri("/append")), "nothing left beside the output");

        Cli.Outcome l = augment(localInput.toString(), local.toString(), "--copies", "3", "--append", "--seed", "9");
        assertEquals(0, l.code(), l::toString);
        assertEquals(bits(local.toString()), bits(out), "the same rows as the same appends on local disk");
    }

    /**
     * {@code kill -9} of the job's JVM at a step of its {@code --overwrite} commit on HDFS: the job's HDFS client
     * ({@link StepFaultHdfs}) blocks at the chosen call, and the test kills the process there.
     */
    @ParameterizedTest(name = "killed at {0}")
    @CsvSource(delimiter = '|', value = {
        "moving the new output in|rename .*/new OUT"
                + "|it was interrupted between moving the old output aside and moving its new one in: moved the old"
                + " output back to URI and deleted the new one|old",
        "deleting the old output|delete .*/\\.out\\.alpha-dropout-[0-9a-f]+"
                + "|it had replaced the output but was interrupted before deleting the old one: deleted the old"
                + " output|new"})
    void theNextRunPutsRightWhatARunKilledInItsCommitOnHdfsLeft(String step, String block, String did, String left)
            throws Exception {
        String parent = "/killed-" + step.replace(' ', '-');
        String outPath = parent + "/out";
        String out = hdfs.uri(outPath);
        assertEquals(0, augment(input, out, "--copies", "2").code());
        Map<String, String> old = digests(out);

        String call = killAt(out, "--overwrite", block.replace("OUT", outPath));
        assertTrue(call.matches(block.replace("OUT", outPath)), call);
        List<String> beside = names(hdfs.uri(parent));
        assertEquals(step.equals("moving the new output in") ? 1 : 2, beside.size(),
                () -> "the run's staging folder (and the output unless it was moved aside): " + beside);

        Cli.Outcome next = augment(input, out);
        List<String> lines = next.err().lines().toList();
        assertEquals(2, lines.size(), next::toString);
        assertTrue(lines.get(0).startsWith("alpha-dropout: found " + hdfs.uri(parent) + "/.out.alpha-dropout-"),
                next::toString);
        assertTrue(lines.get(0).contains(", left by run ") && lines.get(0).contains(" (--overwrite, pid "),
                next::toString);
        assertTrue(lines.get(0).endsWith("; " + did.replace("URI", out)), next::toString);
        assertTrue(lines.get(1).contains("already exists; add --overwrite"), next::toString);
        assertEquals(List.of("out"), names(hdfs.uri(parent)), "nothing left beside the output");
        if (left.equals("old")) {
            assertEquals(old, digests(out), "the old output, byte for byte");
        } else {
            assertEquals(ROWS, spark.read().parquet(out).count(), "the new output (1 copy), complete");
        }
    }

    /** Starts the job in a JVM of its own, blocked at the first HDFS call matching {@code block}; kills it there. */
    private String killAt(String out, String mode, String block) throws IOException, InterruptedException {
        Path blocked = Files.createTempFile(tmp, "blocked-", "");
        Files.delete(blocked);
        List<String> command = JobJvm.command("-Xmx512m");
        command.addAll(args(input, out, mode, "--copies", "1", "--master", "local[2]",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.hadoop.fs.hdfs.impl=" + StepFaultHdfs.class.getName(),
                "--conf", "spark.hadoop.fs.hdfs.impl.disable.cache=true",
                "--conf", "spark.hadoop." + StepFaultFileSystem.BLOCK + "=" + block,
                "--conf", "spark.hadoop." + StepFaultFileSystem.BLOCKED_FILE + "=" + blocked));
        MiniHdfs.sparkSettings().forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
        Path log = Files.createTempFile(tmp, "killed-job-", ".log");
        return JobJvm.killWhenBlocked(command, blocked, block, log, () -> { });
    }

    @Test
    void aDeltaTableOnHdfsHoldsTheLocalOutputBitForBit() {
        Path local = tmp.resolve("local-for-delta");
        Cli.Outcome l = augment(localInput.toString(), local.toString(), "--copies", "2");
        assertEquals(0, l.code(), l::toString);
        List<String> localBits = bits(local.toString());

        String table = hdfs.uri("/delta/scans");
        Cli.Outcome created = augment(input, table, "--output-format", "delta", "--copies", "2");
        assertEquals(0, created.code(), created::toString);
        assertTrue(created.out().contains("output version        Delta table " + table + " version 0"),
                created::toString);
        assertEquals(localBits, JobInputs.bits(spark.read().format("delta").load(table)));

        Cli.Outcome failed = augment(badInput, table, "--output-format", "delta", "--overwrite", "--handle-invalid",
                "error");
        assertEquals(AlphaDropoutJob.FAILURE, failed.code(), failed::toString);
        assertTrue(failed.errLine().contains("nothing was committed to Delta table " + table), failed::toString);
        assertEquals(localBits, JobInputs.bits(spark.read().format("delta").load(table)), "the old rows, bit for bit");

        Cli.Outcome appended = augment(input, table, "--output-format", "delta", "--copies", "3", "--append");
        assertEquals(0, appended.code(), appended::toString);
        assertTrue(appended.out().contains("Delta table " + table + " version 1"), appended::toString);
        assertEquals(ROWS * 5, spark.read().format("delta").load(table).count(), "K x input rows added");
    }
}
