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

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code augment} with Iceberg tables in a Hadoop catalog, in-process: output equal to the Parquet output bit for bit,
 * one snapshot per run named in the summary, {@code --append} adding exactly K x rows, a failing {@code --overwrite}
 * leaving the table at its snapshot, an Iceberg input read at one snapshot, and names and catalogs that cannot work
 * refused with the fix.
 */
class IcebergTableTest extends TableTestSupport {

    @Test
    void icebergOutputIsTheParquetOutputInOneCommitPerRun() {
        String table = "lake.db.commits";
        Cli.Outcome created = augment(input.toString(), table, "iceberg", "--copies", "2");
        assertEquals(0, created.code(), created::toString);
        String first = outputVersion(created);
        assertTrue(first.matches("Iceberg table lake\\.db\\.commits snapshot \\d+"), first);
        assertEquals(parquetRows, sorted(spark.table(table)), "bit for bit");

        Cli.Outcome again = augment(input.toString(), table, "iceberg");
        assertEquals(AlphaDropoutJob.USAGE, again.code(), again::toString);
        assertTrue(again.errLine().contains("already exists; add --overwrite"), again::toString);

        Cli.Outcome appended = augment(input.toString(), table, "iceberg", "--copies", "3", "--append", "--seed", "9");
        assertEquals(0, appended.code(), appended::toString);
        assertEquals(ROWS * 5, spark.table(table).count(), "K x input rows added");
        long firstSnapshot = Long.parseLong(first.substring(first.lastIndexOf(' ') + 1));
        assertEquals(parquetRows, sorted(spark.read().format("iceberg").option("snapshot-id", firstSnapshot)
                .load(table)), "the first snapshot still readable as it was");

        // An overwrite that fails in the middle leaves the table at the snapshot it had, rows unchanged.
        long before = spark.table(table + ".snapshots").count();
        Cli.Outcome failed = augment(badInput.toString(), table, "iceberg", "--overwrite", "--handle-invalid",
                "error");
        assertEquals(AlphaDropoutJob.FAILURE, failed.code(), failed::toString);
        assertTrue(failed.errLine().contains("nothing was committed to Iceberg table " + table), failed::toString);
        assertEquals(before, spark.table(table + ".snapshots").count());
        assertEquals(ROWS * 5, spark.table(table).count());

        Cli.Outcome replaced = augment(input.toString(), table, "iceberg", "--overwrite");
        assertEquals(0, replaced.code(), replaced::toString);
        assertEquals(ROWS, spark.table(table).count());
    }

    @Test
    void anIcebergInputIsReadAtItsCurrentSnapshotAndGivesTheParquetOutput() throws Exception {
        String icebergIn = "lake.db.input";
        spark.read().parquet(input.toString()).writeTo(icebergIn).create();
        Cli.Outcome i = Cli.run("augment", "--input", icebergIn, "--format", "iceberg", "--column", "features",
                "--shape", SHAPE, "--p", "0.5", "--seed-column", "id", "--copies", "2", "--output",
                tmp.resolve("from-iceberg").toString(), "--no-progress");
        assertEquals(0, i.code(), i::toString);
        assertTrue(i.out().contains("input version         snapshot "), i::toString);
        assertEquals(parquetRows, sorted(spark.read().parquet(tmp.resolve("from-iceberg").toString())));
    }

    @Test
    void badIcebergNamesAndSettingsAreRefusedWithTheFix() {
        Cli.Outcome path = augment(input.toString(), tmp.resolve("ice").toString(), "iceberg");
        assertEquals(AlphaDropoutJob.USAGE, path.code(), path::toString);
        assertTrue(path.errLine().contains("CATALOG.NAMESPACE.TABLE"), path::toString);

        Cli.Outcome noCatalog = augment(input.toString(), "nowhere.db.t", "iceberg");
        assertEquals(AlphaDropoutJob.USAGE, noCatalog.code(), noCatalog::toString);
        assertTrue(noCatalog.errLine().contains("catalog 'nowhere' is not set up; add --conf"
                + " spark.sql.catalog.nowhere=org.apache.iceberg.spark.SparkCatalog"), noCatalog::toString);

        Cli.Outcome icebergStream = augment(input.toString(), "lake.db.s", "iceberg", "--stream", "--checkpoint",
                tmp.resolve("ck-ice").toString());
        assertEquals(AlphaDropoutJob.USAGE, icebergStream.code(), icebergStream::toString);
        assertTrue(icebergStream.errLine().contains("write an Iceberg table with a batch run"),
                icebergStream::toString);
    }
}
