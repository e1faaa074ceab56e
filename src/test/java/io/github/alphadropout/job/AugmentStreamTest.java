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

import io.github.alphadropout.job.report.ReportWriter;
import io.github.alphadropout.job.run.CopySeeds;
import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.RowSeeds;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.StreamingFixture;
import io.github.alphadropout.sql.StreamingFixture.Sample;
import org.apache.spark.sql.Row;
import io.github.alphadropout.testing.SparkSessionTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code augment --stream} end to end, in-process: a JSON input folder fed new files (one per micro-batch), a real
 * checkpoint, restarts (one that replays an unfinished micro-batch), the Parquet file sink read back.
 */
class AugmentStreamTest extends SparkSessionTest {

    private static final String SHAPE = "8,3";
    private static final int N = 24;
    private static final int ROWS_PER_FILE = 8;
    private static final long SEED = 11;
    private static final AlphaDropoutOp OP = AlphaDropoutOp.feature(0.5, SampleShape.of(8, 3));

    @TempDir
    Path tmp;


    private static List<Sample> file(int i) {
        return StreamingFixture.samples((long) ROWS_PER_FILE * i, ROWS_PER_FILE, N, 500 + i);
    }

    private static Cli.Outcome stream(Path in, Path out, Path checkpoint, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--stream", "--input", in.toString(), "--format",
                "json", "--column", "x", "--shape", SHAPE, "--p", "0.5", "--seed", Long.toString(SEED),
                "--copies", "2", "--output", out.toString(), "--checkpoint", checkpoint.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    /** The micro-batch ids of the progress lines printed. */
    private static List<Long> batchLines(Cli.Outcome o) {
        List<Long> ids = new ArrayList<>();
        Matcher m = Pattern.compile("alpha-dropout augment: batch (\\d+): ").matcher(o.out());
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }

    private static double[] doubles(Row row, String column) {
        List<Object> list = row.getList(row.fieldIndex(column));
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).doubleValue();
        }
        return out;
    }

    @Test
    void aStreamResumesFromItsCheckpointAndWritesEveryRowOncePerCopy() throws Exception {
        Path in = tmp.resolve("in");
        Path out = tmp.resolve("out");
        Path checkpoint = tmp.resolve("checkpoint");
        StreamingFixture.writeJson(in, 0, file(0));
        StreamingFixture.writeJson(in, 1, file(1));
        Cli.Outcome first = stream(in, out, checkpoint, "--max-files-per-trigger", "1");
        assertEquals(0, first.code(), first::toString);
        assertEquals(List.of(0L, 1L), batchLines(first), first::toString);
        assertTrue(first.out().contains("batch 0: 8 rows in, 16 rows out (0 invalid skipped)"), first::toString);
        assertTrue(first.out().contains("done, 2 micro-batches in this run"), first::toString);
        assertTrue(first.out().contains("rows in               16"), first::toString);
        assertTrue(first.out().contains("rows out              32  (2 copies of each row)"), first::toString);

        StreamingFixture.writeJson(in, 2, file(2));
        Cli.Outcome second = stream(in, out, checkpoint, "--max-files-per-trigger", "1");
        assertEquals(0, second.code(), second::toString);
        assertEquals(List.of(2L), batchLines(second), "only the new file: " + second);

        // A failure after micro-batch 2 was written but before it was committed: the next run does it again
        // (the file sink, which has it already, skips it), then the new file.
        assertEquals(2L, StreamingFixture.deleteLastCommit(checkpoint));
        StreamingFixture.writeJson(in, 3, file(3));
        Cli.Outcome third = stream(in, out, checkpoint, "--max-files-per-trigger", "1");
        assertEquals(0, third.code(), third::toString);
        assertEquals(List.of(2L, 3L), batchLines(third), third::toString);

        List<Row> written = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(4 * ROWS_PER_FILE * 2, written.size(), "every row once per copy");
        Map<String, double[]> byIdAndCopy = new HashMap<>();
        for (Row r : written) {
            String key = r.getLong(r.fieldIndex("id")) + "/" + r.getInt(r.fieldIndex("copy"));
            assertNull(byIdAndCopy.put(key, doubles(r, "x")), key + " twice");
        }
        for (int b = 0; b < 4; b++) {
            List<Sample> rows = file(b);
            for (int r = 0; r < rows.size(); r++) {
                double[] x = new double[N];
                for (int i = 0; i < N; i++) {
                    x[i] = Double.parseDouble(Float.toString(rows.get(r).x()[i])); // JSON text read as a double
                }
                for (int copy = 0; copy < 2; copy++) {
                    // file b is micro-batch b, one partition per copy, rows in file order
                    long rowSeed = RowSeeds.rowSeedInMicroBatch(CopySeeds.seed(SEED, copy), "x", b, 0, r);
                    assertArrayEquals(OP.apply(x, rowSeed), byIdAndCopy.get(rows.get(r).id() + "/" + copy),
                            "id " + rows.get(r).id() + " copy " + copy);
                }
            }
        }
    }

    @Test
    void withASeedColumnTheStreamWritesWhatTheBatchJobWrites() throws Exception {
        Path in = tmp.resolve("keyed-in");
        for (int i = 0; i < 3; i++) {
            StreamingFixture.writeJson(in, i, file(i));
        }
        Path report = tmp.resolve("keyed-report");
        Cli.Outcome streamed = stream(in, tmp.resolve("keyed-stream"), tmp.resolve("keyed-checkpoint"),
                "--seed-column", "id", "--trigger", "once", "--report", report.toString());
        assertEquals(0, streamed.code(), streamed::toString);
        assertEquals(List.of(0L), batchLines(streamed), "once: one micro-batch for all files");
        assertTrue(Files.isRegularFile(report.resolve(ReportWriter.INDEX)), streamed::toString);
        Cli.Outcome batch = Cli.run("augment", "--input", in.toString(), "--format", "json", "--column", "x",
                "--shape", SHAPE, "--p", "0.5", "--seed", Long.toString(SEED), "--copies", "2", "--seed-column",
                "id", "--output", tmp.resolve("keyed-batch").toString());
        assertEquals(0, batch.code(), batch::toString);
        assertEquals(readByIdAndCopy(tmp.resolve("keyed-batch")), readByIdAndCopy(tmp.resolve("keyed-stream")));
    }

    private Map<String, List<Double>> readByIdAndCopy(Path path) {
        Map<String, List<Double>> out = new HashMap<>();
        for (Row r : spark.read().parquet(path.toString()).collectAsList()) {
            out.put(r.getLong(r.fieldIndex("id")) + "/" + r.getInt(r.fieldIndex("copy")), r.getList(r.fieldIndex("x")));
        }
        assertEquals(3 * ROWS_PER_FILE * 2, out.size());
        return out;
    }

    @Test
    void aReportThatFailsAfterTheStreamSaysTheOutputHoldsEveryMicroBatch() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux's /proc");
        Path in = tmp.resolve("report-fails-in");
        StreamingFixture.writeJson(in, 0, file(0));
        Path out = tmp.resolve("report-fails-out");
        Cli.Outcome o = stream(in, out, tmp.resolve("report-fails-checkpoint"), "--report",
                Path.of("/proc", "alpha-dropout-report-" + System.nanoTime()).toString());
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), o::toString);
        assertTrue(err.startsWith("alpha-dropout augment: the report failed: ") && err.contains("; the stream's"
                + " output at " + out + " holds every micro-batch of this run; only the report failed"), err);
        assertEquals(ROWS_PER_FILE * 2, spark.read().parquet(out.toString()).count());
    }

    @Test
    void anInputFolderWithNothingToInferTheSchemaFromIsAUsageError() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("empty-in"));
        Cli.Outcome o = stream(in, tmp.resolve("empty-out"), tmp.resolve("empty-checkpoint"));
        assertEquals(AlphaDropoutJob.USAGE, o.code(), o::toString);
        assertTrue(o.err().contains("cannot infer the input's schema") && o.err().contains("--help"), o::toString);
        assertFalse(Files.exists(tmp.resolve("empty-out")), o::toString);
    }
}
