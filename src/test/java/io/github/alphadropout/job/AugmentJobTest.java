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

import io.github.alphadropout.testing.fs.ChangingFileSystem;
import io.github.alphadropout.job.generate.SampleGenerator;
import io.github.alphadropout.job.report.ReportStats;
import io.github.alphadropout.job.run.CopySeeds;
import io.github.alphadropout.job.run.SparkProgress;
import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI end to end, in-process, on real Parquet: generate, augment, read back. One local[2] session for the
 * class; the CLI finds it and reuses it (and leaves it running).
 */
class AugmentJobTest extends SparkSessionTest {

    static final int ROWS = 120;
    static final String SHAPE = "4,2,4,4";
    static final int LENGTH = 128;
    static final int CHANNELS = 4;

    @TempDir
    static Path tmp;

    Path input;

    @BeforeAll
    void start() {
        input = tmp.resolve("input");
        Cli.Outcome o = Cli.run("generate", "--rows", Integer.toString(ROWS), "--shape", SHAPE, "--column",
                "features,aux", "--partitions", "3", "--seed", "5", "--output", input.toString());
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("wrote 120 rows"), o::toString);
    }

    private Cli.Outcome augment(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--input", input.toString(), "--column", "features",
                "--shape", SHAPE, "--p", "0.5", "--seed", "11", "--output", out.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    private List<Row> read(Path path) {
        return spark.read().parquet(path.toString()).orderBy("copy", "id").collectAsList();
    }

    private Map<Long, Row> inputById() {
        Map<Long, Row> byId = new HashMap<>();
        for (Row r : spark.read().parquet(input.toString()).collectAsList()) {
            byId.put(r.getLong(r.fieldIndex("id")), r);
        }
        return byId;
    }

    private static float[] floats(Row r, String column) {
        List<Object> list = r.getList(r.fieldIndex(column));
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).floatValue();
        }
        return out;
    }

    private static void assertNoScratchLeft(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> scratch = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(".alpha-dropout-")).toList();
            assertTrue(scratch.isEmpty(), scratch::toString);
        }
    }

    @Test
    void augmentWritesCopiesKeepsOtherColumnsAndMatchesTheKernelsFormula() throws IOException {
        Path out = tmp.resolve("copies");
        Cli.Outcome o = augment(out, "--copies", "3");
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("rows in               120"), o::toString);
        assertTrue(o.out().contains("rows out              360"), o::toString);
        assertTrue(o.out().contains("invalid rows skipped  0"), o::toString);

        Dataset<Row> written = spark.read().parquet(out.toString());
        assertEquals(List.of("id", "features", "aux", "copy"), List.of(written.columns()));
        StructType inSchema = spark.read().parquet(input.toString()).schema();
        assertEquals(inSchema.apply("features").dataType(), written.schema().apply("features").dataType());
        assertEquals(DataTypes.IntegerType, written.schema().apply("copy").dataType());

        List<Row> rows = read(out);
        assertEquals(ROWS * 3, rows.size(), "rows x copies");
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(0.5);
        Map<Long, Row> in = inputById();
        Map<Integer, Map<Long, float[]>> byCopy = new HashMap<>();
        int dropped = 0;
        int kept = 0;
        for (Row r : rows) {
            long id = r.getLong(0);
            int copy = r.getInt(r.fieldIndex("copy"));
            Row source = in.get(id);
            assertNotNull(source, "every output id comes from the input");
            assertEquals(source.getList(source.fieldIndex("aux")), r.getList(r.fieldIndex("aux")),
                    "other columns are kept as they are");
            float[] x = floats(source, "features");
            float[] y = floats(r, "features");
            byCopy.computeIfAbsent(copy, c -> new HashMap<>()).put(id, y);
            int perChannel = LENGTH / CHANNELS;
            for (int c = 0; c < CHANNELS; c++) {
                boolean channelDropped = y[c * perChannel] == k.droppedValueF();
                for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                    float expected = channelDropped ? k.droppedValueF() : x[i] * k.scaleF() + k.keptShiftF();
                    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(y[i]),
                            "id " + id + " copy " + copy + " element " + i + ": whole channels, PyTorch's formula");
                }
                if (channelDropped) {
                    dropped++;
                } else {
                    kept++;
                }
            }
        }
        assertEquals(Map.of(0, ROWS, 1, ROWS, 2, ROWS), Map.of(0, byCopy.get(0).size(), 1, byCopy.get(1).size(),
                2, byCopy.get(2).size()), "every row once per copy");
        double rate = (double) dropped / (dropped + kept);
        assertEquals(0.5, rate, 4 * Math.sqrt(0.25 / (dropped + kept)), "channel drop rate near p");
        for (int[] pair : new int[][] {{0, 1}, {0, 2}, {1, 2}}) {
            long same = byCopy.get(pair[0]).keySet().stream()
                    .filter(id -> java.util.Arrays.equals(byCopy.get(pair[0]).get(id), byCopy.get(pair[1]).get(id)))
                    .count();
            assertTrue(same < ROWS / 4, "copies " + pair[0] + " and " + pair[1] + " differ (" + same + " equal)");
        }
        assertNoScratchLeft(tmp);
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherOutput() {
        Path a = tmp.resolve("seed-a");
        Path b = tmp.resolve("seed-b");
        Path c = tmp.resolve("seed-c");
        assertEquals(0, augment(a, "--copies", "2").code());
        assertEquals(0, augment(b, "--copies", "2").code());
        assertEquals(0, augment(c, "--copies", "2", "--seed", "12").code());
        assertEquals(read(a), read(b), "same seed, same output");
        assertNotEquals(read(a), read(c), "another seed, another output");
        // --copies 1 is exactly the Transformer with --seed: copy 0 of a 2-copy run equals it.
        Path one = tmp.resolve("seed-one");
        assertEquals(0, augment(one).code());
        assertEquals(read(one), read(a).subList(0, ROWS));
    }

    @Test
    void seedColumnMakesTheOutputIndependentOfPartitioning() {
        Path onePartition = tmp.resolve("input-one-partition");
        spark.read().parquet(input.toString()).orderBy(org.apache.spark.sql.functions.col("id").desc())
                .coalesce(1).write().parquet(onePartition.toString());
        Path a = tmp.resolve("keyed-a");
        Path b = tmp.resolve("keyed-b");
        assertEquals(0, augment(a, "--copies", "2", "--seed-column", "id").code());
        Cli.Outcome o = Cli.run("augment", "--input", onePartition.toString(), "--column", "features", "--shape",
                SHAPE, "--p", "0.5", "--seed", "11", "--copies", "2", "--seed-column", "id", "--output",
                b.toString());
        assertEquals(0, o.code(), o::toString);
        assertEquals(read(a), read(b));
    }

    /** 10 good rows and 3 that do not fit the shape. */
    private Path inputWithInvalidRows() {
        Path path = tmp.resolve("with-invalid");
        if (Files.exists(path)) {
            return path;
        }
        StructType schema = SampleGenerator.schema(List.of("features"), false);
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < 13; id++) {
            int length = id % 4 == 3 ? 100 : LENGTH;
            rows.add(RowFactory.create(id, SampleGenerator.gaussianFloats(1, 0, id, length)));
        }
        spark.createDataFrame(rows, schema).coalesce(2).write().parquet(path.toString());
        return path;
    }

    @Test
    void invalidRowsAreSkippedAndCounted() {
        Path out = tmp.resolve("skipped");
        Cli.Outcome o = Cli.run("augment", "--input", inputWithInvalidRows().toString(), "--column", "features",
                "--shape", SHAPE, "--p", "0.2", "--copies", "2", "--output", out.toString());
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("rows in               13"), o::toString);
        assertTrue(o.out().contains("rows out              20"), o::toString);
        assertTrue(o.out().contains("invalid rows skipped  6"), o::toString);
        assertEquals(20, spark.read().parquet(out.toString()).count());
    }

    /** The input's rows, written again as one Parquet file whose first sample (and only it) has 100 values. */
    private Path inputWithAShortFirstRow() {
        Path path = tmp.resolve("short-first");
        if (!Files.exists(path)) {
            StructType schema = SampleGenerator.schema(List.of("features"), false);
            List<Row> rows = new ArrayList<>();
            for (long id = 0; id < 12; id++) {
                rows.add(RowFactory.create(id, SampleGenerator.gaussianFloats(1, 0, id, id == 0 ? 100 : LENGTH)));
            }
            spark.createDataFrame(rows, schema).coalesce(1).write().parquet(path.toString());
        }
        return path;
    }

    @Test
    void aShapeThatNoRowFitsIsRefusedBeforeAnythingIsWritten() throws IOException {
        for (String invalid : List.of("skip", "keep", "error")) {
            Path out = tmp.resolve("wrong-shape-" + invalid);
            Path report = tmp.resolve("wrong-shape-report-" + invalid);
            Cli.Outcome o = augment(out, "--shape", "4,2,4,5", "--handle-invalid", invalid, "--report",
                    report.toString());
            assertEquals(AlphaDropoutJob.USAGE, o.code(), o::toString);
            assertEquals("alpha-dropout augment: --shape 4,2,4,5 needs 160 values per sample, but column 'features'"
                    + " has 128 in every row, as its Parquet footers show; give --shape the samples' shape, channel"
                    + " first (its dimensions multiply to 128, e.g. 4,2,4,4) (see 'alpha-dropout augment --help')",
                    o.errLine(), o::toString);
            assertFalse(o.out().contains("done"), o::toString);
            assertFalse(Files.exists(out), "nothing written");
            assertFalse(Files.exists(report), "no report");
        }
        assertNoScratchLeft(tmp);

        // A -1 that does not fit either.
        Cli.Outcome inferred = augment(tmp.resolve("wrong-inferred"), "--shape", "3,-1");
        assertEquals(AlphaDropoutJob.USAGE, inferred.code(), inferred::toString);
        assertTrue(inferred.errLine().contains("--shape 3,-1 needs a positive multiple of 3 values per sample, but"
                + " column 'features' has 128 in every row"), inferred::toString);

        // Without footers (JSON), --handle-invalid error reads the first sample: the run would fail on it.
        Path json = tmp.resolve("input-json");
        if (!Files.exists(json)) {
            spark.read().parquet(input.toString()).write().json(json.toString());
        }
        Cli.Outcome fromJson = Cli.run("augment", "--input", json.toString(), "--format", "json", "--column",
                "features", "--shape", "4,2,4,5", "--p", "0.5", "--handle-invalid", "error", "--output",
                tmp.resolve("wrong-shape-json").toString());
        assertEquals(AlphaDropoutJob.USAGE, fromJson.code(), fromJson::toString);
        assertTrue(fromJson.errLine().contains("but column 'features' has 128 in its first sample, on which"
                + " --handle-invalid error would fail the run"), fromJson::toString);
        assertFalse(Files.exists(tmp.resolve("wrong-shape-json")));
    }

    @Test
    void aFirstSampleOfAnotherLengthIsSkippedWhenOtherRowsFit() {
        // Rows of several lengths on purpose: the footers show more than one, so the run goes on and skips.
        Path out = tmp.resolve("short-first-out");
        Cli.Outcome o = Cli.run("augment", "--input", inputWithAShortFirstRow().toString(), "--column", "features",
                "--shape", SHAPE, "--p", "0.2", "--output", out.toString());
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("rows out              11"), o::toString);
        assertTrue(o.out().contains("invalid rows skipped  1"), o::toString);
    }

    @Test
    void anOutputOfTheJobIsAugmentedAgainUnderAnotherCopyColumn() {
        Path first = tmp.resolve("copy-first");
        assertEquals(0, augment(first, "--copies", "2").code());
        Path again = tmp.resolve("copy-again");
        Cli.Outcome clash = Cli.run("augment", "--input", first.toString(), "--column", "features", "--shape", SHAPE,
                "--p", "0.5", "--output", again.toString());
        assertEquals(AlphaDropoutJob.USAGE, clash.code(), clash::toString);
        assertTrue(clash.errLine().contains("input already has a column named 'copy', and augment adds the copy index"
                + " as 'copy'; name it otherwise with --copy-column NAME (e.g. --copy-column copy2)"), clash::toString);
        assertFalse(Files.exists(again));

        Cli.Outcome o = Cli.run("augment", "--input", first.toString(), "--column", "features", "--shape", SHAPE,
                "--p", "0.5", "--copies", "3", "--copy-column", "copy2", "--output", again.toString(), "--report",
                tmp.resolve("copy-again-report").toString());
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("rows out              720"), o::toString);
        Dataset<Row> written = spark.read().parquet(again.toString());
        assertEquals(List.of("id", "features", "aux", "copy", "copy2"), List.of(written.columns()));
        assertEquals(6, written.select("copy", "copy2").distinct().count(), "2 first copies x 3 second copies");
    }

    @Test
    void aJobFailureExitsOneWithOneLineAndLeavesNothing() throws IOException {
        Path out = tmp.resolve("failed");
        Cli.Outcome o = Cli.run("augment", "--input", inputWithInvalidRows().toString(), "--column", "features",
                "--shape", SHAPE, "--p", "0.2", "--handle-invalid", "error", "--output", out.toString(),
                "--report", tmp.resolve("failed-report").toString());
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), o::toString);
        assertTrue(err.startsWith("alpha-dropout augment: failed: ") && err.contains("--stacktrace"), err);
        assertTrue(err.contains("100"), "names the bad length: " + err);
        assertTrue(err.contains("To fix: check --shape; or run with --handle-invalid skip"), "the CLI's fix: " + err);
        assertFalse(err.contains("handleInvalid"), "not the library's param: " + err);
        assertTrue(err.contains("; nothing was written to " + out), err);
        assertFalse(Files.exists(out), "no partial output");
        assertFalse(Files.exists(tmp.resolve("failed-report")), "no report");
        assertNoScratchLeft(tmp);

        o = Cli.run("augment", "--input", inputWithInvalidRows().toString(), "--column", "features",
                "--shape", SHAPE, "--p", "0.2", "--handle-invalid", "error", "--output", out.toString(),
                "--stacktrace");
        assertEquals(AlphaDropoutJob.FAILURE, o.code());
        assertTrue(o.err().lines().count() > 5 && o.err().contains("\tat "), "full trace with --stacktrace");
        // The job returns only once the failed job's killed tasks have ended, so none can recreate the scratch.
        assertNoScratchLeft(tmp);
        assertFalse(Files.exists(out), "no partial output");
    }

    @Test
    void anInputThatGrowsWhileTheJobRunsFailsTheJobAndWritesNothing() throws IOException {
        // 10 rows when the job counts its input; 20 (shorter) rows in the same file when it writes the copies.
        Path in = Files.createDirectories(tmp.resolve("changing-in"));
        StringBuilder before = new StringBuilder();
        StringBuilder after = new StringBuilder();
        for (int id = 0; id < 20; id++) {
            if (id < 10) {
                before.append("{\"id\":").append(id).append(",\"x\":[0.123456789,-1.23456789,0.987654321,")
                        .append("-0.876543219,1.87654321,-0.56789123]}\n");
            }
            after.append("{\"id\":").append(id).append(",\"x\":[0,0,0,0,0,0]}\n");
        }
        assertTrue(after.length() < before.length(), "the changed file is not longer (the split is the old length)");
        Files.writeString(in.resolve("part-0.json"), before);
        Files.writeString(in.resolve(".part-0.json.changed"), after);
        spark.sparkContext().hadoopConfiguration().set("fs." + ChangingFileSystem.SCHEME + ".impl",
                ChangingFileSystem.class.getName());
        Path out = tmp.resolve("changing-out");
        Cli.Outcome o = Cli.run("augment", "--input", ChangingFileSystem.SCHEME + "://" + in, "--format", "json",
                "--column", "x", "--shape", "2,3", "--p", "0.5", "--copies", "2", "--output", out.toString());
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), o::toString);
        assertTrue(err.contains("the input changed while the job ran: 40 rows out, more than 10 rows in x 2"
                + " copies = 20"), err);
        assertTrue(err.contains("nothing was written to " + out), err);
        assertFalse(o.out().contains("done"), "no claim of success: " + o);
        assertFalse(Files.exists(out), "nothing committed");
        assertNoScratchLeft(tmp);
    }

    @Test
    void aReportThatFailsAfterTheOutputIsCommittedSaysTheOutputIsComplete() {
        // /proc passes every check made before the run (it is a folder) but no one can create a folder in it.
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
        Path report = Path.of("/proc", "alpha-dropout-report-" + System.nanoTime());
        Path out = tmp.resolve("report-failed");
        Cli.Outcome o = augment(out, "--copies", "2", "--report", report.toString());
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), o::toString);
        assertTrue(err.startsWith("alpha-dropout augment: the report failed: "), err);
        assertTrue(err.contains("; the augmented output is complete at " + out + "; only the report failed"), err);
        assertFalse(err.contains("nothing was written"), err);
        assertEquals(2 * ROWS, spark.read().parquet(out.toString()).count(), "the output is in place, complete");
        assertFalse(Files.exists(report));
    }

    @Test
    void usageErrorsFoundInTheSchemaWriteNothing() {
        Path out = tmp.resolve("bad-schema");
        Cli.Outcome o = augment(out, "--column", "nope");
        assertEquals(AlphaDropoutJob.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains("input has no column 'nope'; its columns are id, features, aux"), o::toString);
        o = augment(out, "--seed-column", "key");
        assertEquals(AlphaDropoutJob.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains("--seed-column"), o::toString);
        o = augment(out, "--column", "id");
        assertEquals(AlphaDropoutJob.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains("column `id` has type bigint"), o::toString);
        assertFalse(Files.exists(out));
    }

    @Test
    void overwriteReplacesTheOutput() {
        Path out = tmp.resolve("overwritten");
        assertEquals(0, augment(out, "--copies", "2").code());
        assertEquals(AlphaDropoutJob.USAGE, augment(out).code(), "exists");
        assertEquals(2 * ROWS, spark.read().parquet(out.toString()).count(), "left alone");
        Cli.Outcome o = augment(out, "--overwrite");
        assertEquals(0, o.code(), o::toString);
        assertEquals(ROWS, spark.read().parquet(out.toString()).count(), "replaced");
    }

    @Test
    void reportNumbersMatchTheData() throws IOException {
        Path out = tmp.resolve("reported");
        Path report = tmp.resolve("report");
        Cli.Outcome o = augment(out, "--copies", "2", "--p", "0.2", "--report", report.toString(),
                "--conf", "spark.sql.shuffle.partitions=3");
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains(report.resolve("index.html").toString()), o::toString);

        List<String> pngs;
        try (Stream<Path> files = Files.list(report)) {
            pngs = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".png")).sorted().toList();
        }
        assertEquals(List.of("c0-features-drop-rate.png", "c0-features-histogram.png", "c0-features-mean-std.png"),
                pngs);
        String html = Files.readString(report.resolve("index.html"));
        for (String png : pngs) {
            BufferedImage image = ImageIO.read(report.resolve(png).toFile());
            assertNotNull(image, png + " decodes");
            assertTrue(image.getWidth() >= 600 && image.getHeight() >= 300, png);
            assertTrue(html.contains("src=\"" + png + "\""), png + " linked relatively");
        }
        Map<String, String> v = dataKeys(html);

        // The data, read back and computed here in plain Java.
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(0.2);
        List<Row> rows = read(out);
        assertEquals("120", v.get("run.rows_in"));
        assertEquals(Integer.toString(rows.size()), v.get("run.rows_out"));
        assertEquals("0", v.get("run.invalid_skipped"));
        assertEquals("0.2", v.get("setting.p"));
        assertEquals(Long.toString(CopySeeds.seed(11, 1)), v.get("setting.copy.1.seed"));
        assertEquals(Float.toString(k.droppedValueF()), v.get("constant.dropped_value.float"));
        assertEquals(Float.toString(k.scaleF()), v.get("constant.a.float"));
        double[][] sums = new double[2][3];
        long[][] dropped = new long[2][CHANNELS];
        for (Row r : rows) {
            int copy = r.getInt(r.fieldIndex("copy"));
            float[] y = floats(r, "features");
            for (int i = 0; i < y.length; i++) {
                sums[copy][0]++;
                sums[copy][1] += y[i];
                sums[copy][2] += (double) y[i] * y[i];
                if (y[i] == k.droppedValueF()) {
                    dropped[copy][i / (LENGTH / CHANNELS)]++;
                }
            }
        }
        for (int copy = 0; copy < 2; copy++) {
            double n = sums[copy][0];
            double mean = sums[copy][1] / n;
            double std = Math.sqrt((sums[copy][2] - n * mean * mean) / (n - 1));
            long drops = java.util.Arrays.stream(dropped[copy]).sum();
            String key = "col.features.copy." + copy;
            assertEquals(Long.toString(ROWS), v.get(key + ".rows"));
            assertEquals(Long.toString((long) n), v.get(key + ".values"));
            assertClose(mean, v.get(key + ".mean"));
            assertClose(std, v.get(key + ".std"));
            assertClose(drops / n, v.get(key + ".drop_rate"));
            assertTrue(Math.abs(mean) < 0.1 && Math.abs(std - 1) < 0.1, "self-normalising: " + mean + ", " + std);
        }
        for (int c = 0; c < CHANNELS; c++) {
            long drops = dropped[0][c] + dropped[1][c];
            assertEquals(Long.toString(drops), v.get("col.features.channel." + c + ".dropped"));
            assertClose(drops / (2.0 * ROWS * LENGTH / CHANNELS), v.get("col.features.channel." + c + ".drop_rate"));
        }
        double inN = 0;
        double inSum = 0;
        for (Row r : spark.read().parquet(input.toString()).collectAsList()) {
            for (float x : floats(r, "features")) {
                inN++;
                inSum += x;
            }
        }
        assertClose(inSum / inN, v.get("col.features.input.mean"));
        long histogramIn = 0;
        for (int b = 0; b < ReportStats.HISTOGRAM_BINS; b++) {
            histogramIn += Long.parseLong(v.get("col.features.histogram." + b + ".input"));
        }
        assertTrue(histogramIn > 0.99 * inN && histogramIn <= inN, "histogram counts the (here: all) input values");
    }

    private static void assertClose(double expected, String shown) {
        assertNotNull(shown);
        double actual = Double.parseDouble(shown);
        assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)), "report shows " + shown);
    }

    private static Map<String, String> dataKeys(String html) {
        Map<String, String> values = new HashMap<>();
        Matcher m = Pattern.compile("data-key=\"([^\"]+)\">([^<]*)<").matcher(html);
        while (m.find()) {
            values.put(m.group(1), m.group(2));
        }
        return values;
    }

    @Test
    void elementModeOnDoublesFromJson() {
        Path doubles = tmp.resolve("doubles");
        Cli.Outcome o = Cli.run("generate", "--rows", "40", "--shape", "2,50", "--type", "double", "--output",
                doubles.toString());
        assertEquals(0, o.code(), o::toString);
        Path json = tmp.resolve("doubles-json");
        spark.read().parquet(doubles.toString()).write().json(json.toString());
        Path out = tmp.resolve("element");
        o = Cli.run("augment", "--input", json.toString(), "--format", "json", "--column", "features", "--shape",
                "2,50", "--mode", "element", "--p", "0.2", "--output", out.toString());
        assertEquals(0, o.code(), o::toString);
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(0.2);
        long dropped = 0;
        long total = 0;
        for (Row r : spark.read().parquet(out.toString()).collectAsList()) {
            List<Double> y = r.getList(r.fieldIndex("features"));
            for (double d : y) {
                total++;
                if (d == k.droppedValue()) {
                    dropped++;
                }
            }
        }
        assertEquals(40 * 100, total);
        assertEquals(0.2, (double) dropped / total, 4 * Math.sqrt(0.16 / total), "single elements dropped");
    }

    @Test
    void progressListenerCountsTasksAndRows() throws Exception {
        Path out = tmp.resolve("progress");
        SparkProgress progress = SparkProgress.start(spark.sparkContext(), "test", false, System.err);
        try {
            assertEquals("alpha-dropout: test", spark.sparkContext().getLocalProperty("spark.job.description"),
                    "the phase's Spark jobs carry its name");
            spark.read().parquet(input.toString()).write().parquet(out.toString());
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            progress.close();
        }
        assertNull(spark.sparkContext().getLocalProperty("spark.job.description"), "and only while it runs");
        assertEquals(ROWS, progress.rowsWritten());
        assertEquals(ROWS, progress.rowsRead());
        assertTrue(progress.tasksDone() >= 1);
    }

    @Test
    void demoRunsEndToEnd() {
        Path dir = tmp.resolve("demo");
        Cli.Outcome o = Cli.run("demo", "--dir", dir.toString(), "--rows", "100", "--copies", "2");
        assertEquals(0, o.code(), o::toString);
        for (String s : List.of("wrote 100 rows", "rows out              200", "What you have:", "What it shows:",
                "self-normalising", "channels dropped", dir.resolve("report").resolve("index.html").toString())) {
            assertTrue(o.out().contains(s), () -> s + " missing:\n" + o);
        }
        assertTrue(Files.isRegularFile(dir.resolve("report").resolve("index.html")));
        assertEquals(200, spark.read().parquet(dir.resolve("output").toString()).count());
        // A second run replaces its own files.
        assertEquals(0, Cli.run("demo", "--dir", dir.toString(), "--rows", "50", "--copies", "1").code());
        assertEquals(50, spark.read().parquet(dir.resolve("output").toString()).count());
    }
}
