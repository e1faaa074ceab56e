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
import io.github.alphadropout.testing.S3ProxyFixture;
import io.github.alphadropout.testing.S3ProxyServer;
import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The augment job writing to S3 ({@code s3a://}) on a real S3 API: S3Proxy on 127.0.0.1 ({@link S3ProxyServer}),
 * started for this class and stopped after it, with signature authentication. The job runs in-process on the
 * class's session, whose S3A settings point at the server; one run goes through a JVM of its own with the
 * credentials given as {@code --conf}, as a user gives them.
 */
class S3OutputTest extends SparkSessionTest {

    static final int ROWS = 60;
    static final String SHAPE = "4,2,4,4";
    static final String BUCKET = "augment";
    static final String SECRET = "S3cr3t-Zebra-Quokka-7781";

    @TempDir
    static java.nio.file.Path tmp;

    @RegisterExtension
    static final S3ProxyFixture s3 = new S3ProxyFixture(BUCKET, "augment-test", SECRET);

    /** Spark's cloud commit protocol, from spark-hadoop-cloud, through which the job writes to S3. */
    static final String COMMIT_PROTOCOL = "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol";
    static final String COMMIT_PROTOCOL_KEY = "spark.sql.sources.commitProtocolClass";

    /** Whether Spark's cloud commit protocol is here (not on Spark 3.5 for Scala 2.13: never published). */
    static final boolean CLOUD = present(COMMIT_PROTOCOL);

    private static boolean present(String className) {
        try {
            Class.forName(className, false, S3OutputTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void assumeCloud() {
        org.junit.jupiter.api.Assumptions.assumeTrue(CLOUD, "no spark-hadoop-cloud for this Spark line");
    }

    java.nio.file.Path input;
    java.nio.file.Path badInput;

    @Override
    protected Map<String, String> sparkConf() {
        return s3.server().sparkSettings();
    }

    @BeforeAll
    void inputs() {
        input = JobInputs.generate(tmp.resolve("input"), ROWS, SHAPE);
        badInput = JobInputs.withBadRowLast(spark, input, tmp.resolve("bad-input"));
    }

    private List<String> args(String in, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--input", in, "--column", "features", "--shape",
                SHAPE, "--p", "0.5", "--seed-column", "id", "--output", out, "--no-progress"));
        args.addAll(List.of(more));
        return args;
    }

    private Cli.Outcome augment(String in, String out, String... more) {
        return Cli.run(args(in, out, more).toArray(new String[0]));
    }

    private List<String> bits(String path) {
        return JobInputs.bits(spark.read().parquet(path));
    }

    /** SHA-256 of every object under {@code key}, by name relative to it (read through the S3 API). */
    private Map<String, String> objects(String key) throws IOException {
        Path dir = new Path(s3.s3a(key));
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Map<String, String> out = new TreeMap<>();
        for (String name : files(fs, dir)) {
            try (var in = fs.open(new Path(dir, name))) {
                out.put(name, Digests.sha256(in.readAllBytes()));
            }
        }
        return out;
    }

    /** The files under {@code dir}, as paths relative to it. */
    private static List<String> files(FileSystem fs, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        String prefix = fs.makeQualified(dir).toString() + "/";
        org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it;
        try {
            it = fs.listFiles(dir, true);
        } catch (java.io.FileNotFoundException e) {
            return out;
        }
        while (it.hasNext()) {
            out.add(fs.makeQualified(it.next().getPath()).toString().substring(prefix.length()));
        }
        return out;
    }

    /** What a prefix holds on the server: object names (files of the filesystem provider) directly under it. */
    private List<String> listed(String prefix) throws IOException {
        Path dir = new Path(s3.s3a(prefix));
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        return Stream.of(fs.listStatus(dir)).map(s -> s.getPath().getName()).sorted().toList();
    }

    @Test
    void augmentToS3IsBitIdenticalToLocalCopiesNoObjectAndWritesEachByteOnce() throws IOException {
        assumeCloud();
        java.nio.file.Path local = tmp.resolve("local-out");
        Cli.Outcome l = augment(input.toString(), local.toString(), "--copies", "3");
        assertEquals(0, l.code(), l::toString);

        int before = s3.server().requests().size();
        Cli.Outcome o = augment(input.toString(), s3.s3a("runs/out"), "--copies", "3");
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("rows out              180"), o::toString);
        List<S3ProxyServer.Request> job = s3.server().requests().subList(before, s3.server().requests().size());

        assertEquals(bits(local.toString()), bits(s3.s3a("runs/out")), "the same rows, bit for bit");

        // Counted on the server: no request of the job copied an object.
        assertEquals(0, job.stream().filter(S3ProxyServer.Request::isCopy).count(), "object copies");
        assertFalse(job.stream().anyMatch(r -> r.method().equals("DELETE") && r.key(BUCKET).endsWith(".parquet")),
                "no data file was deleted (as a rename would)");
        // Every data byte uploaded once: the bytes PUT to the output's data files are the output's size.
        Path outDir = new Path(s3.s3a("runs/out"));
        long outputBytes = Stream.of(outDir.getFileSystem(spark.sparkContext().hadoopConfiguration())
                        .listStatus(outDir)).filter(f -> f.getPath().getName().endsWith(".parquet"))
                .mapToLong(org.apache.hadoop.fs.FileStatus::getLen).sum();
        long uploaded = job.stream().filter(r -> r.key(BUCKET).startsWith("runs/out/")
                && r.key(BUCKET).endsWith(".parquet")).mapToLong(S3ProxyServer.Request::uploadedBytes).sum();
        assertTrue(outputBytes > 0);
        assertEquals(outputBytes, uploaded, () -> "bytes uploaded to the output's data files = 1 x the output's size: "
                + job.stream().filter(r -> r.key(BUCKET).endsWith(".parquet")).toList());
        assertEquals(List.of("_SUCCESS"), listed("runs/out").stream().filter(n -> !n.endsWith(".parquet")).toList(),
                "data files and _SUCCESS, nothing else");
        assertEquals(List.of("out"), listed("runs"), "no staging left beside the output");

        // The count can see copies: Spark's classic commit (FileOutputCommitter, renames) copies every file. It is
        // chosen explicitly: Spark 4.1 makes the cloud protocol and the magic committer its own default for S3A.
        int plainStart = s3.server().requests().size();
        boolean wasSet = spark.conf().contains(COMMIT_PROTOCOL_KEY);
        String protocol = spark.conf().get(COMMIT_PROTOCOL_KEY);
        spark.conf().set(COMMIT_PROTOCOL_KEY,
                "org.apache.spark.sql.execution.datasources.SQLHadoopMapReduceCommitProtocol");
        try {
            spark.read().parquet(local.toString()).write()
                    .option("fs.s3a.committer.name", "file")
                    .option("spark.sql.parquet.output.committer.class", "org.apache.parquet.hadoop.ParquetOutputCommitter")
                    .option("mapreduce.outputcommitter.factory.scheme.s3a",
                            "org.apache.hadoop.mapreduce.lib.output.FileOutputCommitterFactory")
                    .parquet(s3.s3a("control/plain"));
        } finally {
            if (wasSet) {
                spark.conf().set(COMMIT_PROTOCOL_KEY, protocol);
            } else {
                spark.conf().unset(COMMIT_PROTOCOL_KEY);
            }
        }
        List<S3ProxyServer.Request> plain = s3.server().requests().subList(plainStart, s3.server().requests().size());
        assertTrue(plain.stream().filter(S3ProxyServer.Request::isCopy).count() >= 1, () -> "a plain write copies: "
                + plain.stream().map(r -> r.method() + " " + r.key(BUCKET)).toList());
    }

    @Test
    void generateToS3CommitsAsAugmentDoesWithoutRenames() throws IOException {
        assumeCloud();
        java.nio.file.Path local = tmp.resolve("generated-local");
        assertEquals(0, Cli.run("generate", "--rows", "30", "--shape", SHAPE, "--output", local.toString()).code());
        int before = s3.server().requests().size();
        Cli.Outcome o = Cli.run("generate", "--rows", "30", "--shape", SHAPE, "--output", s3.s3a("gen/out"));
        assertEquals(0, o.code(), o::toString);
        List<S3ProxyServer.Request> job = s3.server().requests().subList(before, s3.server().requests().size());
        // A rename commit on S3 copies every object, and its staging folder is what the object store's recovery
        // deletes: generate goes through the magic committer, as augment does.
        assertEquals(0, job.stream().filter(S3ProxyServer.Request::isCopy).count(), () -> "object copies: "
                + job.stream().filter(S3ProxyServer.Request::isCopy).map(r -> r.key(BUCKET)).toList());
        assertEquals(spark.read().parquet(local.toString()).orderBy("id").collectAsList(),
                spark.read().parquet(s3.s3a("gen/out")).orderBy("id").collectAsList());
        assertEquals(List.of("out"), listed("gen"), "no staging left beside the output");

        Cli.Outcome again = Cli.run("generate", "--rows", "30", "--shape", SHAPE, "--output", s3.s3a("gen/out"));
        assertEquals(AlphaDropoutJob.USAGE, again.code(), again::toString);
        Map<String, String> old = objects("gen/out");
        Cli.Outcome over = Cli.run("generate", "--rows", "20", "--shape", SHAPE, "--seed", "9", "--overwrite",
                "--output", s3.s3a("gen/out"));
        assertEquals(0, over.code(), over::toString);
        assertEquals(20, spark.read().parquet(s3.s3a("gen/out")).count());
        assertTrue(old.keySet().stream().filter(n -> n.endsWith(".parquet")).noneMatch(objects("gen/out")::containsKey),
                "the old files are gone");
        assertEquals(List.of("out"), listed("gen"));
    }

    @Test
    void anOverwriteOnS3ThatFailsInTheMiddleLeavesTheOldOutputBitForBit() throws IOException {
        assumeCloud();
        String out = s3.s3a("overwrite/out");
        assertEquals(0, augment(input.toString(), out, "--copies", "2").code());
        Map<String, String> old = objects("overwrite/out");
        assertTrue(old.containsKey("_SUCCESS"), old::toString);

        Cli.Outcome o = augment(badInput.toString(), out, "--copies", "2", "--overwrite", "--handle-invalid",
                "error");
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        assertTrue(o.errLine().contains("; nothing was written to " + out + "; the old output there is intact"),
                o::toString);
        assertEquals(old, objects("overwrite/out"), "the old output, every object bit for bit, _SUCCESS too");
        assertEquals(List.of("out"), listed("overwrite"));

        // A successful overwrite replaces every old file.
        Cli.Outcome ok = augment(input.toString(), out, "--copies", "1", "--overwrite");
        assertEquals(0, ok.code(), ok::toString);
        assertEquals(ROWS, spark.read().parquet(out).count());
        Map<String, String> now = objects("overwrite/out");
        assertTrue(old.keySet().stream().filter(n -> n.endsWith(".parquet")).noneMatch(now::containsKey), now::toString);
    }

    @Test
    void appendOnS3AddsExactlyKTimesTheInputRows() throws IOException {
        assumeCloud();
        String out = s3.s3a("append/out");
        assertEquals(0, augment(input.toString(), out, "--copies", "2").code());
        Map<String, String> old = objects("append/out");
        Cli.Outcome o = augment(input.toString(), out, "--copies", "3", "--append", "--seed", "9");
        assertEquals(0, o.code(), o::toString);
        Map<String, String> now = objects("append/out");
        old.forEach((name, digest) -> {
            if (!name.equals("_SUCCESS")) {
                assertEquals(digest, now.get(name), name + " untouched");
            }
        });
        assertEquals(ROWS * 2 + ROWS * 3, spark.read().parquet(out).count());
    }

    @Test
    void withoutSparksCloudCommitProtocolTheJobRefusesAnS3Output() {
        String refusal = "is on S3, which the job writes through Spark's cloud commit protocol (";
        String fix = "), but it is not on the class path; add --packages org.apache.spark:spark-hadoop-cloud_";
        // On the line without spark-hadoop-cloud (Spark 3.5, Scala 2.13): the job itself refuses, writing nothing.
        // (The check on every line: ObjectStoreCommitTest.)
        if (!CLOUD) {
            Cli.Outcome o = augment(input.toString(), s3.s3a("refused/out"));
            assertEquals(AlphaDropoutJob.USAGE, o.code(), o::toString);
            assertTrue(o.errLine().contains(refusal + COMMIT_PROTOCOL + fix), o::toString);
        }
    }

    @Test
    void credentialsGivenWithConfNeverShowInWhatTheJobPrintsOrWrites() throws Exception {
        assumeCloud();
        java.nio.file.Path report = tmp.resolve("secret-report");
        List<String> command = JobJvm.command("-Xmx512m");
        command.addAll(args(input.toString(), s3.s3a("secret/out"), "--report", report.toString(), "--master",
                "local[2]", "--conf", "spark.ui.enabled=false"));
        s3.server().sparkSettings().forEach((k, v) -> command.addAll(List.of("--conf", k + "=" + v)));
        command.addAll(List.of("--conf", "spark.hadoop.fs.s3a.session.token=", "--conf",
                "spark.hadoop.fs.s3a.bucket." + BUCKET + ".secret.key=" + SECRET));
        java.nio.file.Path log = tmp.resolve("secret-run.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the job ended");
        String printed = Files.readString(log);
        assertEquals(0, p.exitValue(), printed);
        assertTrue(printed.contains("alpha-dropout augment: done"), printed);
        assertFalse(printed.contains(SECRET), "stdout and stderr hold no secret:\n" + printed);
        try (Stream<java.nio.file.Path> files = Files.walk(report)) {
            for (java.nio.file.Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains(SECRET), f::toString);
            }
        }
        for (Map.Entry<String, String> e : objects("secret").entrySet()) {
            try (var in = new Path(s3.s3a("secret/" + e.getKey())).getFileSystem(spark.sparkContext()
                    .hadoopConfiguration()).open(new Path(s3.s3a("secret/" + e.getKey())))) {
                assertFalse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains(SECRET), e.getKey());
            }
        }
        assertTrue(URI.create(s3.server().endpoint()).getPort() > 0);
    }
}
