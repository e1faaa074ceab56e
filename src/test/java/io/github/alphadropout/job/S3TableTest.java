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

import io.github.alphadropout.testing.S3ProxyFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delta Lake and Iceberg tables on S3 ({@code s3a://}, S3Proxy on 127.0.0.1 in a JVM of its own, started for this
 * class): a Delta table at an {@code s3a://} path and an Iceberg table in a Hadoop catalog whose warehouse is on S3
 * get the same rows, bit for bit, as a local Parquet output with {@code --seed-column}; {@code --append} adds
 * exactly K x rows; a failing {@code --overwrite} leaves the table's rows and version as they were.
 */
class S3TableTest extends TableTestSupport {

    @RegisterExtension
    static final S3ProxyFixture s3 = new S3ProxyFixture("tables", "table-test", "table-test-credential");

    /** Each row of the local Parquet output as id, copy and the raw bits of its sample, sorted. */
    List<String> localBits;

    @Override
    protected Map<String, String> sparkConf() {
        Map<String, String> conf = new HashMap<>(super.sparkConf());
        conf.putAll(s3.server().sparkSettings());
        return conf;
    }

    @Override
    String warehouse() {
        return s3.s3a("warehouse");
    }

    @BeforeAll
    void localOutputBits() {
        localBits = JobInputs.bits(spark.read().parquet(parquetOutput.toString()));
    }

    @Test
    void aDeltaTableOnS3HoldsTheLocalOutputBitForBit() {
        String table = s3.s3a("delta/scans");
        Cli.Outcome created = augment(input.toString(), table, "delta", "--copies", "2");
        assertEquals(0, created.code(), created::toString);
        assertTrue(created.out().contains("output version        Delta table " + table + " version 0"),
                created::toString);
        assertEquals(localBits, JobInputs.bits(spark.read().format("delta").load(table)));

        Cli.Outcome failed = augment(badInput.toString(), table, "delta", "--overwrite", "--handle-invalid", "error");
        assertEquals(AlphaDropoutJob.FAILURE, failed.code(), failed::toString);
        assertTrue(failed.errLine().contains("nothing was committed to Delta table " + table), failed::toString);
        assertEquals(localBits, JobInputs.bits(spark.read().format("delta").load(table)), "the old rows, bit for bit");

        Cli.Outcome appended = augment(input.toString(), table, "delta", "--copies", "3", "--append");
        assertEquals(0, appended.code(), appended::toString);
        assertTrue(appended.out().contains("Delta table " + table + " version 1"), appended::toString);
        assertEquals(ROWS * 5, spark.read().format("delta").load(table).count(), "K x input rows added");
    }

    @Test
    void anIcebergTableWithItsWarehouseOnS3HoldsTheLocalOutputBitForBit() {
        String table = "lake.db.scans";
        Cli.Outcome created = augment(input.toString(), table, "iceberg", "--copies", "2");
        assertEquals(0, created.code(), created::toString);
        assertEquals(localBits, JobInputs.bits(spark.table(table)));

        Cli.Outcome failed = augment(badInput.toString(), table, "iceberg", "--overwrite", "--handle-invalid",
                "error");
        assertEquals(AlphaDropoutJob.FAILURE, failed.code(), failed::toString);
        assertEquals(localBits, JobInputs.bits(spark.table(table)), "the old rows, bit for bit");

        Cli.Outcome appended = augment(input.toString(), table, "iceberg", "--copies", "3", "--append");
        assertEquals(0, appended.code(), appended::toString);
        assertEquals(ROWS * 5, spark.table(table).count(), "K x input rows added");
    }
}
