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
import io.github.alphadropout.job.files.OutputPaths;
import io.github.alphadropout.testing.SparkSessionTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing is lost, however the paths are spelled, through the CLI: input, output, report and checkpoint never
 * overlap ({@code file:} URIs, links, trailing slashes): a run that would write, move aside or delete one of them
 * inside another is refused before anything is touched, exit 2, naming both paths, the input bit for bit; a Parquet
 * append into a table's folder is refused; credentials in a URI are refused and never shown.
 */
class NothingLostTest extends SparkSessionTest {

    static final String SHAPE = "4,2,4,4";

    @TempDir
    static Path tmp;

    static Path source;

    @BeforeAll
    void source() {
        source = JobInputs.generate(tmp.resolve("source"), 20, SHAPE);
    }

    /** A fresh copy of the generated input at {@code dir}/in, and its digests. */
    private static Path inputIn(Path dir) throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        try (var files = Files.list(source)) {
            for (Path f : files.toList()) {
                Files.copy(f, in.resolve(f.getFileName()));
            }
        }
        return in;
    }

    private static Cli.Outcome augment(String input, String output, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--input", input, "--column", "features",
                "--shape", SHAPE, "--p", "0.5", "--output", output, "--no-progress"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    private static void assertRefused(Cli.Outcome o, String... fragments) {
        assertEquals(AlphaDropoutJob.USAGE, o.code(), o::toString);
        for (String f : fragments) {
            assertTrue(o.errLine().contains(f), () -> "'" + f + "' missing in:\n" + o);
        }
        assertTrue(o.errLine().contains("must be separate folders"), o::toString);
    }

    @Test
    void anOutputThatIsTheInputsParentSpelledAsAUriIsRefused() throws IOException {
        Path p = Files.createDirectories(tmp.resolve("parent-uri"));
        Path in = inputIn(p);
        Map<String, String> before = Digests.of(in);
        Cli.Outcome o = augment(in.toString(), "file:" + p, "--overwrite");
        assertRefused(o, "--output file:" + p, "contains --input " + in);
        assertEquals(before, Digests.of(in), "the input, bit for bit");

        Cli.Outcome slashes = augment("file://" + in + "/", p + "/", "--overwrite");
        assertRefused(slashes, "contains --input file://" + in + "/");
        Cli.Outcome inside = augment(in.toString(), "file:" + in + "/sub");
        assertRefused(inside, "--output file:" + in + "/sub", "lies inside --input " + in);
        Cli.Outcome same = augment(in.toString(), "file://" + in, "--overwrite");
        assertRefused(same, "is the same folder as --input " + in);
        assertEquals(before, Digests.of(in));
        assertEquals(List.of("in"), names(p), "nothing written beside it");
    }

    @Test
    void anInputReachedThroughALinkIsRefusedEitherWay() throws IOException {
        Path p = Files.createDirectories(tmp.resolve("parent-link"));
        Path in = inputIn(p);
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(elsewhere.resolve("link"), in);
        Map<String, String> before = Digests.of(in);

        Cli.Outcome o = augment(link.toString(), p.toString(), "--overwrite");
        assertRefused(o, "--output " + p, "contains --input " + link + " (that is " + in.toRealPath() + ")");
        Cli.Outcome into = augment(in.toString(), link.resolve("out").toString());
        assertRefused(into, "--output " + link.resolve("out"), "lies inside --input " + in);
        assertEquals(before, Digests.of(in), "the input, bit for bit");
    }

    @Test
    void theReportIsKeptApartFromInputAndOutput() throws IOException {
        Path r = Files.createDirectories(tmp.resolve("report-parent"));
        Path in = inputIn(r);
        Files.createDirectories(r.resolve("out2"));
        Files.writeString(r.resolve("out2").resolve("old.txt"), "old output");
        Map<String, String> before = Digests.of(r);

        Cli.Outcome parent = augment(in.toString(), r.resolve("out2").toString(), "--overwrite", "--report",
                r.toString());
        assertRefused(parent, "--output " + r.resolve("out2"), "lies inside --report " + r);
        Cli.Outcome holdsInput = augment(in.toString(), tmp.resolve("z").toString(), "--overwrite", "--report",
                r.toString());
        assertRefused(holdsInput, "--input " + in, "lies inside --report " + r);
        Cli.Outcome same = augment(in.toString(), tmp.resolve("x").toString(), "--report",
                tmp.resolve("x").toString());
        assertRefused(same, "--output " + tmp.resolve("x"), "is the same folder as --report " + tmp.resolve("x"));
        Cli.Outcome inside = augment(in.toString(), tmp.resolve("y").toString(), "--report",
                in.resolve("report").toString());
        assertRefused(inside, "--input " + in, "contains --report " + in.resolve("report"));
        assertEquals(before, Digests.of(r), "input and old output, bit for bit");
        assertTrue(Files.notExists(tmp.resolve("x")) && Files.notExists(tmp.resolve("y"))
                && Files.notExists(tmp.resolve("z")));
    }

    @Test
    void aStreamsCheckpointSpelledAsAUriIsKeptApart() throws IOException {
        Path p = Files.createDirectories(tmp.resolve("stream"));
        Path in = inputIn(p);
        Map<String, String> before = Digests.of(in);
        Cli.Outcome o = augment(in.toString(), p.resolve("out").toString(), "--stream", "--checkpoint",
                "file://" + in + "/checkpoint");
        assertRefused(o, "--input " + in, "contains --checkpoint file://" + in + "/checkpoint");
        assertEquals(before, Digests.of(in));
    }

    @Test
    void aParquetAppendIntoATablesFolderIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("tables"));
        Path in = inputIn(dir);
        Path delta = dir.resolve("delta");
        assertEquals(0, augment(in.toString(), delta.toString()).code());
        Files.createDirectories(delta.resolve("_delta_log"));
        Files.writeString(delta.resolve("_delta_log").resolve("00000000000000000000.json"), "{}\n");
        Map<String, String> before = Digests.of(delta);
        Cli.Outcome o = augment(in.toString(), delta.toString(), "--append");
        assertEquals(AlphaDropoutJob.USAGE, o.code(), o::toString);
        assertTrue(o.errLine().contains("output " + delta + " is a Delta table (it holds _delta_log); add"
                + " --output-format delta"), o::toString);
        assertEquals(before, Digests.of(delta), "the table's folder, bit for bit");

        Path iceberg = dir.resolve("iceberg");
        assertEquals(0, augment(in.toString(), iceberg.toString()).code());
        Files.createDirectories(iceberg.resolve("metadata"));
        Files.writeString(iceberg.resolve("metadata").resolve("v1.metadata.json"), "{}");
        Map<String, String> icebergBefore = Digests.of(iceberg);
        Cli.Outcome i = augment(in.toString(), iceberg.toString(), "--append");
        assertEquals(AlphaDropoutJob.USAGE, i.code(), i::toString);
        assertTrue(i.errLine().contains("is an Iceberg table's folder"), i::toString);
        assertTrue(i.errLine().contains("--output-format iceberg"), i::toString);
        assertEquals(icebergBefore, Digests.of(iceberg));
    }

    @Test
    void credentialsInAUriAreRefusedAndNeverShown() throws IOException {
        Path in = inputIn(Files.createDirectories(tmp.resolve("credentials")));
        String output = "s3a://AKIDEXAMPLE:wJalrXUtnFEMIsecret@bucket/out";
        Cli.Outcome o = augment(in.toString(), output, "--conf", "spark.hadoop.fs.s3a.endpoint=http://127.0.0.1:9",
                "--conf", "spark.hadoop.fs.s3a.attempts.maximum=1", "--conf", "spark.hadoop.fs.s3a.retry.limit=0");
        assertEquals(AlphaDropoutJob.USAGE, o.code(), o::toString);
        assertTrue(o.errLine().contains("--output s3a://***@bucket/out holds credentials"), o::toString);
        assertTrue(o.errLine().contains("--conf spark.hadoop.fs.s3a.access.key="), o::toString);
        assertTrue(!o.toString().contains("wJalrXUtnFEMIsecret") && !o.toString().contains("AKIDEXAMPLE"),
                o::toString);

        Cli.Outcome input = augment("s3a://AKIDEXAMPLE:wJalrXUtnFEMIsecret@bucket/in", tmp.resolve("c").toString());
        assertEquals(AlphaDropoutJob.USAGE, input.code(), input::toString);
        assertTrue(input.errLine().contains("--input s3a://***@bucket/in holds credentials"), input::toString);
        assertTrue(!input.toString().contains("wJalrXUtnFEMIsecret"), input::toString);

        Cli.Outcome generate = Cli.run("generate", "--rows", "5", "--shape", "2,2", "--output", output);
        assertEquals(AlphaDropoutJob.USAGE, generate.code(), generate::toString);
        assertTrue(!generate.toString().contains("wJalrXUtnFEMIsecret"), generate::toString);
        assertEquals("s3a://***@b/x and hdfs://***@nn:8020/y, /local/a@b",
                OutputPaths.redact("s3a://K:S@b/x and hdfs://user@nn:8020/y, /local/a@b"));
    }

    @Test
    void aRunWhoseEveryRowIsInvalidFails() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("all-invalid"));
        // Every sample has the right length but holds a null: no check of lengths can tell, every row is invalid.
        Path in = dir.resolve("in");
        spark.read().parquet(source.toString())
                .selectExpr("id", "transform(features, (x, i) -> if(i = 3, cast(null as float), x)) AS features")
                .write().parquet(in.toString());
        Path out = dir.resolve("out");
        Cli.Outcome o = augment(in.toString(), out.toString(), "--copies", "2");
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        assertTrue(o.errLine().contains("every one of the 20 input rows is invalid"), o::toString);
        assertTrue(o.errLine().contains("nothing was written to " + out), o::toString);
        assertTrue(!o.out().contains("done"), o::toString);
        assertTrue(Files.notExists(out));
        assertEquals(List.of("in"), names(dir));
    }

    @Test
    void theDemoRefusesAFolderOfOtherFilesAndItsNextLineWorksFromAnywhere() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("demo"));
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.createDirectories(dir.resolve("input"));
        Files.writeString(dir.resolve("input").resolve("data.csv"), "1,2,3");
        Map<String, String> before = Digests.of(dir);
        Cli.Outcome refused = Cli.run("demo", "--dir", dir.toString(), "--rows", "40", "--copies", "1");
        assertEquals(AlphaDropoutJob.USAGE, refused.code(), refused::toString);
        assertTrue(refused.errLine().contains("--dir " + dir + " holds files of its own (it is not a demo folder):"
                + " input, notes.txt"), refused::toString);
        assertTrue(refused.errLine().contains("--overwrite"), refused::toString);
        assertEquals(before, Digests.of(dir), "the folder, bit for bit");

        Path home = Files.createDirectories(tmp.resolve("home"));
        System.setProperty(DemoCommand.HOME_PROPERTY, home.toString());
        Cli.Outcome o;
        try {
            o = Cli.run("demo", "--dir", dir.toString(), "--rows", "40", "--copies", "1", "--overwrite");
        } finally {
            System.clearProperty(DemoCommand.HOME_PROPERTY);
        }
        assertEquals(0, o.code(), o::toString);
        assertEquals("mine", Files.readString(dir.resolve("notes.txt")), "what the demo did not make stays");
        String launcher = home.resolve("bin").resolve("alpha-dropout") + " augment --input " + dir.resolve("input");
        assertTrue(o.out().contains(launcher), o::toString);
        assertTrue(o.out().contains("--output " + dir.resolve("my-output") + " --report " + dir.resolve("my-report")),
                o::toString);

        // The Next line's command, run twice: the second names both folders it would replace.
        String[] next = {"augment", "--input", dir.resolve("input").toString(), "--column", "features", "--shape",
            "8,2,8,8", "--p", "0.5", "--copies", "2", "--seed-column", "id", "--output",
            dir.resolve("my-output").toString(), "--report", dir.resolve("my-report").toString(), "--no-progress"};
        Cli.Outcome once = Cli.run(next);
        assertEquals(0, once.code(), once::toString);
        Cli.Outcome twice = Cli.run(next);
        assertEquals(AlphaDropoutJob.USAGE, twice.code(), twice::toString);
        assertTrue(twice.errLine().contains("output " + dir.resolve("my-output") + " already exists"), twice::toString);
        assertTrue(twice.errLine().contains("report folder " + dir.resolve("my-report") + " is not empty"),
                twice::toString);
        // And the demo, run again in its own folder, replaces its own files only (notes.txt still refuses).
        Cli.Outcome third = Cli.run("demo", "--dir", dir.toString(), "--rows", "40", "--copies", "1");
        assertEquals(AlphaDropoutJob.USAGE, third.code(), third::toString);
        assertTrue(third.errLine().contains("holds files the demo did not make: notes.txt"), third::toString);
    }

    private static List<String> names(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
