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

package io.github.alphadropout.job.output;

import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.UsageException;
import io.github.alphadropout.testing.S3ProxyFixture;
import io.github.alphadropout.testing.S3ProxyServer;
import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ObjectStoreCommit} on a real S3 API (S3Proxy on 127.0.0.1, {@link S3ProxyServer}): what a killed run left is
 * undone by the next one, and a missing cloud commit protocol is refused. The job's own runs on S3 are tested by
 * {@code job.S3OutputTest}.
 */
class ObjectStoreCommitTest extends SparkSessionTest {

    static final String BUCKET = "commit";

    @RegisterExtension
    static final S3ProxyFixture s3 = new S3ProxyFixture(BUCKET, "commit-test", "S3cr3t-Commit-Test-4242");

    /** Whether Spark's cloud commit protocol is here (not on Spark 3.5 for Scala 2.13: never published). */
    static final boolean CLOUD = present(ObjectStoreCommit.COMMIT_PROTOCOL);

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ObjectStoreCommitTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    protected Map<String, String> sparkConf() {
        return s3.server().sparkSettings();
    }

    private static String s3a(String key) {
        return s3.s3a(key);
    }

    /** SHA-256 of every object under {@code key}, by name relative to it (read through the S3 API). */
    private Map<String, String> objects(String key) throws IOException {
        Path dir = new Path(s3a(key));
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Map<String, String> out = new TreeMap<>();
        for (String name : ObjectStoreCommit.files(fs, dir)) {
            try (var in = fs.open(new Path(dir, name))) {
                out.put(name, sha256(in.readAllBytes()));
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a prefix holds on the server: object names (files of the filesystem provider) directly under it. */
    private List<String> listed(String prefix) throws IOException {
        Path dir = new Path(s3a(prefix));
        FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
        return Stream.of(fs.listStatus(dir)).map(s -> s.getPath().getName()).sorted().toList();
    }

    /** A complete output at {@code out}, committed as a run commits it. */
    private void committed(String out) {
        try (ObjectStoreCommit commit = ObjectStoreCommit.begin(spark, new Path(out), OutputMode.CREATE,
                new PrintWriter(new StringWriter()))) {
            commit.write(spark.range(20).toDF("id"), Map.of());
            commit.written();
            commit.commit();
        }
    }

    @Test
    void theNextRunUndoesWhatAnInterruptedRunOnS3Left() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(CLOUD, "no spark-hadoop-cloud for this Spark line");
        String out = s3a("interrupted/out");
        committed(out);
        Map<String, String> old = objects("interrupted/out");
        // A run that wrote its files and was then killed: begun, written, never committed nor closed.
        ObjectStoreCommit commit = ObjectStoreCommit.begin(spark, new Path(out), OutputMode.OVERWRITE,
                new PrintWriter(new StringWriter()));
        commit.write(spark.read().parquet(out).limit(5), Map.of());
        assertEquals(1, commit.written().size(), "its file is visible at the output");
        assertFalse(objects("interrupted/out").containsKey("_SUCCESS"), "and _SUCCESS is gone while it runs");

        StringWriter notes = new StringWriter();
        FolderCommit.recover(out, spark.sparkContext().hadoopConfiguration(), new PrintWriter(notes));
        assertTrue(notes.toString().startsWith("alpha-dropout: found " + s3a("interrupted/.out.alpha-dropout-")),
                notes::toString);
        assertTrue(notes.toString().strip().endsWith("it was interrupted before its commit: deleted the 1 files it"
                + " had added and put the old _SUCCESS back; the old files were not touched"), notes::toString);
        assertEquals(old, objects("interrupted/out"));
        assertEquals(List.of("out"), listed("interrupted"));
    }

    @Test
    void withoutSparksCloudCommitProtocolAnS3OutputIsRefused() {
        String refusal = "is on S3, which the job writes through Spark's cloud commit protocol (";
        String fix = "), but it is not on the class path; add --packages org.apache.spark:spark-hadoop-cloud_";
        // On every line: the check with a protocol class that is missing.
        UsageException e = assertThrows(UsageException.class,
                () -> ObjectStoreCommit.checkCommitProtocol(spark, new Path(s3a("refused/out")),
                        "org.apache.spark.internal.io.cloud.NotThere"));
        assertTrue(e.getMessage().contains(refusal + "org.apache.spark.internal.io.cloud.NotThere" + fix),
                e::getMessage);
    }
}
