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

import io.github.alphadropout.job.run.UsageException;
import io.github.alphadropout.job.table.TableSetup;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code augment} with Delta Lake tables, in-process: output equal to the Parquet output bit for bit, one commit per
 * run whose version the summary names, {@code --append} adding exactly K x rows, a failing {@code --overwrite}
 * leaving the old version current and unchanged, a Delta input read at one version, a stream into a Delta table
 * exactly once across restarts.
 */
class DeltaTableTest extends TableTestSupport {

    @Test
    void deltaOutputIsTheParquetOutputInOneCommitPerRun() throws IOException {
        Path table = tmp.resolve("delta-commits");
        Cli.Outcome created = augment(input.toString(), table.toString(), "delta", "--copies", "2");
        assertEquals(0, created.code(), created::toString);
        assertEquals("Delta table " + table + " version 0", outputVersion(created));
        assertEquals(parquetRows, sorted(spark.read().format("delta").load(table.toString())), "bit for bit");

        Cli.Outcome again = augment(input.toString(), table.toString(), "delta", "--copies", "2");
        assertEquals(AlphaDropoutJob.USAGE, again.code(), again::toString);
        assertTrue(again.errLine().contains("already exists; add --overwrite"), again::toString);

        Path report = tmp.resolve("delta-append-report");
        Cli.Outcome appended = augment(input.toString(), table.toString(), "delta", "--copies", "3", "--append",
                "--seed", "9", "--report", report.toString());
        assertEquals(0, appended.code(), appended::toString);
        // The report covers the rows this commit added (the files it lists in the table's log), not the table.
        String page = Files.readString(report.resolve("index.html"));
        assertTrue(page.contains("data-key=\"col.features.copy.0.rows\">" + ROWS + "<"), page);
        assertTrue(page.contains("data-key=\"run.output_version\">Delta table " + table + " version 1<"), page);
        assertEquals("Delta table " + table + " version 1", outputVersion(appended));
        assertTrue(appended.out().contains("rows out              120  (3 copies of each row)"), appended::toString);
        assertEquals(ROWS * 2 + ROWS * 3, delta(table, 1).count(), "K x input rows added");
        assertEquals(parquetRows, sorted(delta(table, 0)), "version 0 still readable as it was");

        Cli.Outcome replaced = augment(input.toString(), table.toString(), "delta", "--overwrite");
        assertEquals(0, replaced.code(), replaced::toString);
        assertEquals("Delta table " + table + " version 2", outputVersion(replaced));
        assertEquals(ROWS, delta(table, 2).count());
        assertEquals(ROWS * 5, delta(table, 1).count(), "the replaced version stays readable");
    }

    @Test
    void aDeltaOverwriteThatFailsInTheMiddleLeavesTheTableAsItWas() {
        Path table = tmp.resolve("delta-fails");
        assertEquals(0, augment(input.toString(), table.toString(), "delta", "--copies", "2").code());
        Cli.Outcome o = augment(badInput.toString(), table.toString(), "delta", "--copies", "2", "--overwrite",
                "--handle-invalid", "error");
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        assertTrue(o.errLine().contains("nothing was committed to Delta table " + table + ", which is as it was"),
                o::toString);
        assertEquals(0L, spark.sql("DESCRIBE HISTORY delta.`" + table + "`").count() - 1, "still one version");
        assertEquals(parquetRows, sorted(spark.read().format("delta").load(table.toString())), "bit for bit");

        Cli.Outcome failedAppend = augment(badInput.toString(), table.toString(), "delta", "--append",
                "--handle-invalid", "error");
        assertEquals(AlphaDropoutJob.FAILURE, failedAppend.code(), failedAppend::toString);
        assertEquals(parquetRows, sorted(spark.read().format("delta").load(table.toString())), "nothing added");
    }

    @Test
    void aDeltaInputIsReadAtItsCurrentVersionAndGivesTheParquetOutput() {
        Path deltaIn = tmp.resolve("delta-input");
        spark.read().parquet(input.toString()).write().format("delta").save(deltaIn.toString());
        spark.read().parquet(input.toString()).limit(5).write().format("delta").mode(SaveMode.Append)
                .save(deltaIn.toString());
        spark.read().format("delta").option("versionAsOf", 0).load(deltaIn.toString()).write().format("delta")
                .mode(SaveMode.Overwrite).save(deltaIn.toString());

        Path out = tmp.resolve("from-delta");
        Cli.Outcome o = Cli.run("augment", "--input", deltaIn.toString(), "--format", "delta", "--column",
                "features", "--shape", SHAPE, "--p", "0.5", "--seed-column", "id", "--copies", "2", "--output",
                out.toString(), "--no-progress");
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("input version         version 2"), o::toString);
        assertEquals(parquetRows, sorted(spark.read().parquet(out.toString())));
    }

    @Test
    void aDeltaTableTheJobWroteIsAugmentedAgainUnderAnotherCopyColumn() {
        Path table = tmp.resolve("delta-once");
        assertEquals(0, augment(input.toString(), table.toString(), "delta", "--copies", "2").code());
        Path again = tmp.resolve("delta-twice");
        String[] twice = {"augment", "--input", table.toString(), "--format", "delta", "--column", "features",
            "--shape", SHAPE, "--p", "0.5", "--seed-column", "id", "--copies", "3", "--output", again.toString(),
            "--output-format", "delta", "--no-progress"};
        Cli.Outcome clash = Cli.run(twice);
        assertEquals(AlphaDropoutJob.USAGE, clash.code(), clash::toString);
        assertTrue(clash.errLine().contains("input already has a column named 'copy'") && clash.errLine()
                .contains("--copy-column"), clash::toString);

        Cli.Outcome o = Cli.run(concat(twice, "--copy-column", "copy2"));
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("rows out              240  (3 copies of each row)"), o::toString);
        Dataset<Row> rows = spark.read().format("delta").load(again.toString());
        assertEquals(List.of("id", "features", "copy", "copy2"), List.of(rows.columns()));
        assertEquals(ROWS * 2 * 3, rows.select("id", "copy", "copy2").distinct().count(), "every row once per copy");
    }

    @Test
    void aFolderOfOtherDataIsNotMadeADeltaTable() {
        Path parquetFolder = tmp.resolve("parquet-out");
        Cli.Outcome notDelta = augment(input.toString(), parquetFolder.toString(), "delta", "--append");
        assertEquals(AlphaDropoutJob.USAGE, notDelta.code(), notDelta::toString);
        assertTrue(notDelta.errLine().contains("holds data but is not a Delta table"), notDelta::toString);
    }

    @Test
    void aMissingTableFormatNamesThePackageForThisSpark() {
        UsageException e = assertThrows(UsageException.class,
                () -> TableSetup.require("io.delta.NotThere", "--output-format delta", "Delta Lake",
                        TableSetup.deltaPackage()));
        String spark = TableSetup.sparkVersion();
        String expected = spark.startsWith("3.5") ? "3.3.2" : spark.startsWith("4.0") ? "4.0.1" : "4.";
        assertTrue(e.getMessage().startsWith("--output-format delta needs Delta Lake on the classpath"), e::getMessage);
        assertTrue(e.getMessage().contains("spark-submit --packages io.delta:delta-spark_"
                + TableSetup.scalaBinary() + ":" + expected), e::getMessage);
    }

    @Test
    void aStreamIntoADeltaTableWritesEveryRowOncePerCopyAcrossRestarts() throws IOException {
        Path incoming = tmp.resolve("incoming");
        Path table = tmp.resolve("delta-stream");
        Path checkpoint = tmp.resolve("delta-stream-checkpoint");
        Dataset<Row> rows = spark.read().parquet(input.toString());
        rows.where("id < 20").write().parquet(incoming.toString());
        String[] stream = {"--stream", "--checkpoint", checkpoint.toString()};
        Cli.Outcome first = augment(incoming.toString(), table.toString(), "delta", concat(stream, "--copies", "2"));
        assertEquals(0, first.code(), first::toString);
        assertEquals(40, spark.read().format("delta").load(table.toString()).count());

        // New files: a restart from the checkpoint adds only them.
        rows.where("id >= 20").write().mode(SaveMode.Append).parquet(incoming.toString());
        Cli.Outcome second = augment(incoming.toString(), table.toString(), "delta", concat(stream, "--copies", "2"));
        assertEquals(0, second.code(), second::toString);
        Dataset<Row> all = spark.read().format("delta").load(table.toString());
        assertEquals(ROWS * 2, all.count());
        assertEquals(ROWS * 2, all.select("id", "copy").distinct().count(), "every row once per copy");
        assertEquals(parquetRows, sorted(all), "with --seed-column, the batch job's rows");

        Cli.Outcome third = augment(incoming.toString(), table.toString(), "delta", concat(stream, "--copies", "2"));
        assertEquals(0, third.code(), third::toString);
        assertEquals(ROWS * 2, spark.read().format("delta").load(table.toString()).count(), "nothing twice");
        assertNotNull(third.out());
    }
}
