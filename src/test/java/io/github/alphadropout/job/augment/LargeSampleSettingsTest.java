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

package io.github.alphadropout.job.augment;

import io.github.alphadropout.job.Cli;
import io.github.alphadropout.job.JobInputs;
import io.github.alphadropout.job.ShapeOption;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.sql.HandleInvalid;
import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code augment} does for samples of 16 MiB or more: reader settings, and one scan per copy. */
class LargeSampleSettingsTest extends SparkSessionTest {

    /** 1x4x1024x1024 floats: 16 MiB, the smallest large sample. */
    static final String SHAPE = "1,4,1024,1024";
    static final long BYTES = 4L * 1024 * 1024 * 4;

    @TempDir
    Path dir;

    @Test
    void settingsOnlyFromSixteenMebibytes() {
        assertEquals(Map.of(), LargeSampleSettings.settings(k -> false, LargeSampleSettings.FROM_BYTES - 1));
        assertEquals(Map.of(), LargeSampleSettings.settings(k -> false, -1), "unknown length (a -1 in the shape)");
        assertEquals(Map.of(LargeSampleSettings.READ_ALLOCATION, Integer.toString(Integer.MAX_VALUE - 15),
                        LargeSampleSettings.HUGE_VECTOR_THRESHOLD, "1048576", LargeSampleSettings.HUGE_VECTOR_RATIO, "1.0",
                        LargeSampleSettings.OFF_HEAP, "true"),
                LargeSampleSettings.settings(k -> false, LargeSampleSettings.FROM_BYTES));
    }

    @Test
    void whatTheUserSetWins() {
        Map<String, String> set = LargeSampleSettings.settings(LargeSampleSettings.OFF_HEAP::equals, BYTES);
        assertFalse(set.containsKey(LargeSampleSettings.OFF_HEAP), set.toString());
        assertEquals(3, set.size(), set.toString());
    }

    @Test
    void largeSamplesAreReadOncePerCopySmallOnesOnce() {
        Dataset<Row> input = spark.range(2).selectExpr("id", "array(cast(id as float)) AS features");
        AugmentSettings s = new AugmentSettings("in", InputFormat.PARQUET, List.of("features"), ShapeOption.parse("1,1"),
                0.5, DropoutMode.FEATURE, 7L, null, 3, HandleInvalid.ERROR, "out", null);
        assertEquals(3, scans(Augmentation.plan(input, s, LargeSampleSettings.FROM_BYTES)), "one scan per copy");
        assertEquals(1, scans(Augmentation.plan(input, s, LargeSampleSettings.FROM_BYTES - 1)));
        AugmentSettings one = new AugmentSettings("in", InputFormat.PARQUET, List.of("features"), ShapeOption.parse("1,1"),
                0.5, DropoutMode.FEATURE, 7L, null, 1, HandleInvalid.ERROR, "out", null);
        assertEquals(1, scans(Augmentation.plan(input, one, LargeSampleSettings.FROM_BYTES)));
    }

    @Test
    void oneScanPerCopyCountsTheCopiesItSkipsAndMakesTheTransformersRows() {
        // Rows 1 and 4 hold a sample of the wrong length: skipped in each of the 3 copies.
        Dataset<Row> input = spark.range(6).selectExpr("id",
                "IF(id IN (1, 4), array(1f), array(cast(id AS float), 2f, 3f, 4f)) AS features");
        AugmentSettings s = new AugmentSettings("in", InputFormat.PARQUET, List.of("features"), ShapeOption.parse("2,2"),
                0.5, DropoutMode.FEATURE, 7L, null, 3, HandleInvalid.SKIP, "out", null);
        LongAccumulator skipped = spark.sparkContext().longAccumulator();
        Dataset<Row> copies = Augmentation.plan(input, s, LargeSampleSettings.FROM_BYTES, skipped);
        assertEquals(3, scans(copies), "one scan per copy");
        List<String> rows = JobInputs.bits(copies);
        assertEquals(6L, skipped.value(), "2 invalid rows x 3 copies, counted");
        assertEquals(JobInputs.bits(Augmentation.separateScans(input, s)), rows, "the Transformer's rows, bit for bit");
        assertEquals(12, rows.size());
    }

    /** The relations the plan reads: one per scan of the input. */
    private static int scans(Dataset<Row> rows) {
        return rows.queryExecution().analyzed().collectLeaves().size();
    }

    /**
     * The job end to end on 16 MiB samples: it applies the settings (Spark accepts them) and writes, row for row,
     * what the one-scan plan makes of the same input.
     */
    @Test
    void theJobWritesWhatOneScanMakes() {
        Path in = dir.resolve("in");
        spark.range(0, 2, 1, 2).selectExpr("id", "transform(sequence(0, 4194303),"
                + " i -> cast(sin(i * 0.001 + id) * 2 AS float)) AS features").write().parquet(in.toString());
        Path out = dir.resolve("out");
        Cli.Outcome o = Cli.run("augment", "--input", in.toString(), "--column", "features", "--shape", SHAPE,
                "--p", "0.3", "--copies", "2", "--seed", "5", "--output", out.toString(), "--no-progress");
        assertEquals(0, o.code(), o.toString());
        assertTrue(o.out().contains("rows out              4"), o.toString());
        assertEquals("true", spark.conf().get(LargeSampleSettings.OFF_HEAP), "the settings were applied");

        AugmentSettings s = new AugmentSettings(in.toString(), InputFormat.PARQUET, List.of("features"),
                ShapeOption.parse(SHAPE), 0.3, DropoutMode.FEATURE, 5L, null, 2, HandleInvalid.ERROR, "unused", null);
        // Row hashes (of the values' bits, up to -0.0 = 0.0): AugmentationTest compares the two plans bit for bit.
        List<Row> expected = Augmentation.apply(spark.read().parquet(in.toString()), s)
                .selectExpr("id", "copy", "xxhash64(features) AS h").orderBy("id", "copy").collectAsList();
        List<Row> written = spark.read().parquet(out.toString())
                .selectExpr("id", "copy", "xxhash64(features) AS h").orderBy("id", "copy").collectAsList();
        assertEquals(4, written.size());
        assertEquals(expected, written, "the rows the one-scan plan makes, no more, no fewer");
        for (String key : LargeSampleSettings.settings(k -> false, BYTES).keySet()) {
            spark.conf().unset(key);
        }
    }
}
