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
import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The augment job's Parquet folder output end to end on the local disk, in-process (as S3OutputTest on S3 and
 * HdfsOutputTest on HDFS): a failing {@code --overwrite} leaves
 * the old output bit for bit; {@code --append} adds exactly K x rows and leaves the old files bit for bit.
 */
class LocalOutputTest extends SparkSessionTest {

    static final int ROWS = 60;
    static final String SHAPE = "4,2,4,4";

    @TempDir
    static Path tmp;

    Path input;
    /** The same rows plus, in a file of its own read last, one sample of the wrong length. */
    Path badInput;

    @BeforeAll
    void inputs() {
        input = JobInputs.generate(tmp.resolve("input"), ROWS, SHAPE);
        badInput = JobInputs.withBadRowLast(spark, input, tmp.resolve("bad-input"));
    }

    private Cli.Outcome augment(Path in, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--input", in.toString(), "--column", "features",
                "--shape", SHAPE, "--p", "0.5", "--seed-column", "id", "--output", out.toString(), "--no-progress"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    /** SHA-256 of every file under {@code dir}, by relative name. */
    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void anOverwriteThatFailsInTheMiddleLeavesTheOldOutputBitForBit() throws IOException {
        Path parent = Files.createDirectories(tmp.resolve("overwrite-fails"));
        Path out = parent.resolve("out");
        assertEquals(0, augment(input, out, "--copies", "2").code());
        Map<String, String> before = Digests.of(out);

        Cli.Outcome o = augment(badInput, out, "--copies", "2", "--overwrite", "--handle-invalid", "error");
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        assertTrue(o.errLine().startsWith("alpha-dropout augment: failed: "), o::toString);
        assertTrue(o.errLine().contains("; nothing was written to " + out + "; the old output there is intact"),
                o::toString);
        assertEquals(before, Digests.of(out), "the old output, bit for bit");
        assertEquals(ROWS * 2, spark.read().parquet(out.toString()).count());
        assertEquals(List.of("out"), names(parent), "nothing left beside it");
    }

    @Test
    void appendAddsExactlyKTimesTheInputRowsAndLeavesTheOldFilesBitForBit() throws IOException {
        Path parent = Files.createDirectories(tmp.resolve("append"));
        Path out = parent.resolve("out");
        assertEquals(0, augment(input, out, "--copies", "2").code());
        Map<String, String> before = Digests.of(out);
        List<Row> oldRows = spark.read().parquet(out.toString()).orderBy("copy", "id").collectAsList();

        Cli.Outcome o = augment(input, out, "--copies", "3", "--append", "--seed", "8");
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("rows out              180  (3 copies of each row)"), o::toString);
        Map<String, String> after = Digests.of(out);
        before.forEach((name, digest) -> assertEquals(digest, after.get(name), name + " untouched"));
        assertEquals(ROWS * 2 + ROWS * 3, spark.read().parquet(out.toString()).count(), "K x input rows added");
        List<Row> stillThere = spark.read().parquet(before.keySet().stream().filter(n -> n.endsWith(".parquet"))
                .map(n -> out.resolve(n).toString()).toArray(String[]::new)).orderBy("copy", "id").collectAsList();
        assertEquals(oldRows, stillThere);
        assertEquals(List.of("out"), names(parent));

        // A failed append adds nothing.
        Map<String, String> complete = Digests.of(out);
        Cli.Outcome failed = augment(badInput, out, "--append", "--handle-invalid", "error");
        assertEquals(AlphaDropoutJob.FAILURE, failed.code(), failed::toString);
        assertTrue(failed.errLine().contains("; nothing was written to " + out + "; the files that were there are"
                + " intact"), failed::toString);
        assertEquals(complete, Digests.of(out));
        assertEquals(List.of("out"), names(parent));
    }

    @Test
    void appendRefusesAnOutputOfOtherColumnsAndOverwrite() throws IOException {
        Path out = tmp.resolve("append-other");
        assertEquals(0, augment(input, out).code());
        Cli.Outcome both = augment(input, out, "--append", "--overwrite");
        assertEquals(AlphaDropoutJob.USAGE, both.code(), both::toString);
        assertTrue(both.errLine().contains("--append and --overwrite exclude each other"), both::toString);

        Map<String, String> before = Digests.of(out);
        Path withAux = tmp.resolve("input-with-aux");
        assertEquals(0, Cli.run("generate", "--rows", "10", "--shape", SHAPE, "--column", "features,aux",
                "--output", withAux.toString()).code());
        Cli.Outcome other = augment(withAux, out, "--append");
        assertEquals(AlphaDropoutJob.USAGE, other.code(), other::toString);
        assertTrue(other.errLine().contains("--append: output " + out + " has the columns [id bigint, features"
                + " array<float>, copy int], but this run writes [id bigint, features array<float>, aux array<float>,"
                + " copy int]"), other::toString);
        assertEquals(before, Digests.of(out));

        Cli.Outcome exists = augment(input, out);
        assertEquals(AlphaDropoutJob.USAGE, exists.code(), exists::toString);
        assertTrue(exists.errLine().contains("already exists; add --overwrite to replace it, or --append to add to"
                + " it"), exists::toString);
    }
}
