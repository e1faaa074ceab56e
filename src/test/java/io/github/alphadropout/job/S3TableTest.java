package io.github.alphadropout.job;

import io.github.alphadropout.job.table.DeltaPathTable;
import io.github.alphadropout.job.table.IcebergCatalogTable;
import io.github.alphadropout.testing.S3ProxyServer;
import io.github.alphadropout.testing.SparkSessionTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
class S3TableTest extends SparkSessionTest {

    static final int ROWS = 40;
    static final String SHAPE = "4,2,4,4";
    static final String BUCKET = "tables";

    @TempDir
    static Path tmp;

    static S3ProxyServer s3;

    Path input;
    Path badInput;
    /** Each row of the local Parquet output as id, copy and the raw bits of its sample, sorted. */
    List<String> localBits;

    @Override
    protected Map<String, String> sparkConf() {
        try {
            s3 = S3ProxyServer.start(Files.createDirectories(tmp.resolve("s3")), BUCKET, "table-test",
                    "table-test-credential");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, String> conf = new HashMap<>(s3.sparkSettings());
        conf.put("spark.sql.extensions", DeltaPathTable.EXTENSION);
        conf.put("spark.sql.catalog.spark_catalog", DeltaPathTable.CATALOG);
        conf.put("spark.sql.catalog.lake", IcebergCatalogTable.CATALOG_CLASS);
        conf.put("spark.sql.catalog.lake.type", "hadoop");
        conf.put("spark.sql.catalog.lake.warehouse", "s3a://" + BUCKET + "/warehouse");
        return conf;
    }

    @AfterAll
    void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeAll
    void inputs() {
        input = JobInputs.generate(tmp.resolve("input"), ROWS, SHAPE);
        badInput = JobInputs.withBadRowLast(spark, input, tmp.resolve("bad-input"));
        Path local = tmp.resolve("local");
        Cli.Outcome l = augment(input.toString(), local.toString(), "parquet", "--copies", "2");
        assertEquals(0, l.code(), l::toString);
        localBits = JobInputs.bits(spark.read().parquet(local.toString()));
    }

    private Cli.Outcome augment(String in, String out, String outputFormat, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--input", in, "--column", "features", "--shape",
                SHAPE, "--p", "0.5", "--seed-column", "id", "--output", out, "--output-format", outputFormat,
                "--no-progress"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void aDeltaTableOnS3HoldsTheLocalOutputBitForBit() {
        String table = "s3a://" + BUCKET + "/delta/scans";
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
