package io.github.alphadropout.job;

import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code augment} with Delta Lake and Iceberg tables, in-process on a real local session set up as a user sets one
 * up (Delta's extension and catalog; an Iceberg Hadoop catalog {@code lake} in a local warehouse): output equal to the
 * Parquet output row for row and bit for bit, one commit per run whose version the summary names, {@code --append}
 * adding exactly K x rows, a failing {@code --overwrite} leaving the old version current and unchanged, tables as
 * input read at one version, and a stream into a Delta table exactly once across restarts.
 */
class TableOutputTest extends SparkSessionTest {

    static final int ROWS = 40;
    static final String SHAPE = "4,2,4,4";
    static final Path TMP = tempDir();

    Path input;
    /** The same rows plus, in a file of its own read last, one sample of the wrong length. */
    Path badInput;
    /** The rows the Parquet output of {@link #augment} holds: what every table output must hold too. */
    List<Row> parquetRows;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("alpha-dropout-tables");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Map<String, String> sparkConf() {
        return Map.of("spark.sql.extensions", DeltaPathTable.EXTENSION,
                "spark.sql.catalog.spark_catalog", DeltaPathTable.CATALOG,
                "spark.sql.catalog.lake", IcebergCatalogTable.CATALOG_CLASS,
                "spark.sql.catalog.lake.type", "hadoop",
                "spark.sql.catalog.lake.warehouse", TMP.resolve("warehouse").toUri().toString());
    }

    @BeforeAll
    void inputs() {
        input = TMP.resolve("input");
        Cli.Outcome o = Cli.run("generate", "--rows", Integer.toString(ROWS), "--shape", SHAPE, "--partitions", "3",
                "--seed", "5", "--output", input.toString());
        assertEquals(0, o.code(), o::toString);
        badInput = TMP.resolve("bad-input");
        Dataset<Row> rows = spark.read().parquet(input.toString());
        rows.write().parquet(badInput.toString());
        spark.createDataFrame(List.of(RowFactory.create(999_999L, List.of(1f, 2f, 3f))), rows.schema())
                .write().mode(SaveMode.Append).parquet(badInput.toString());
        Path parquet = TMP.resolve("parquet-out");
        Cli.Outcome p = augment(input.toString(), parquet.toString(), "parquet", "--copies", "2");
        assertEquals(0, p.code(), p::toString);
        parquetRows = sorted(spark.read().parquet(parquet.toString()));
    }

    private Cli.Outcome augment(String in, String out, String outputFormat, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--input", in, "--column", "features",
                "--shape", SHAPE, "--p", "0.5", "--seed-column", "id", "--output", out, "--output-format",
                outputFormat, "--no-progress"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    private static List<Row> sorted(Dataset<Row> rows) {
        return rows.select("id", "features", "copy").orderBy("copy", "id").collectAsList();
    }

    /** The version the summary names on its "output version" line. */
    private static String outputVersion(Cli.Outcome o) {
        Matcher m = Pattern.compile("output version +(.*)").matcher(o.out());
        assertTrue(m.find(), o::toString);
        return m.group(1).strip();
    }

    private Dataset<Row> delta(Path table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(table.toString());
    }

    @Test
    void deltaOutputIsTheParquetOutputInOneCommitPerRun() {
        Path table = TMP.resolve("delta-commits");
        Cli.Outcome created = augment(input.toString(), table.toString(), "delta", "--copies", "2");
        assertEquals(0, created.code(), created::toString);
        assertEquals("Delta table " + table + " version 0", outputVersion(created));
        assertEquals(parquetRows, sorted(spark.read().format("delta").load(table.toString())), "bit for bit");

        Cli.Outcome again = augment(input.toString(), table.toString(), "delta", "--copies", "2");
        assertEquals(AlphaDropoutJob.USAGE, again.code(), again::toString);
        assertTrue(again.errLine().contains("already exists; add --overwrite"), again::toString);

        Cli.Outcome appended = augment(input.toString(), table.toString(), "delta", "--copies", "3", "--append",
                "--seed", "9");
        assertEquals(0, appended.code(), appended::toString);
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
        Path table = TMP.resolve("delta-fails");
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
    void aTableInputIsReadAtItsCurrentVersionAndGivesTheParquetOutput() throws Exception {
        Path deltaIn = TMP.resolve("delta-input");
        spark.read().parquet(input.toString()).write().format("delta").save(deltaIn.toString());
        spark.read().parquet(input.toString()).limit(5).write().format("delta").mode(SaveMode.Append)
                .save(deltaIn.toString());
        spark.read().format("delta").option("versionAsOf", 0).load(deltaIn.toString()).write().format("delta")
                .mode(SaveMode.Overwrite).save(deltaIn.toString());

        Path out = TMP.resolve("from-delta");
        Cli.Outcome o = Cli.run("augment", "--input", deltaIn.toString(), "--format", "delta", "--column",
                "features", "--shape", SHAPE, "--p", "0.5", "--seed-column", "id", "--copies", "2", "--output",
                out.toString(), "--no-progress");
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("input version         version 2"), o::toString);
        assertEquals(parquetRows, sorted(spark.read().parquet(out.toString())));

        String icebergIn = "lake.db.input";
        spark.read().parquet(input.toString()).writeTo(icebergIn).create();
        Cli.Outcome i = Cli.run("augment", "--input", icebergIn, "--format", "iceberg", "--column", "features",
                "--shape", SHAPE, "--p", "0.5", "--seed-column", "id", "--copies", "2", "--output",
                TMP.resolve("from-iceberg").toString(), "--no-progress");
        assertEquals(0, i.code(), i::toString);
        assertTrue(i.out().contains("input version         snapshot "), i::toString);
        assertEquals(parquetRows, sorted(spark.read().parquet(TMP.resolve("from-iceberg").toString())));
    }

    @Test
    void badTableNamesAndSettingsAreRefusedWithTheFix() {
        Path parquetFolder = TMP.resolve("parquet-out");
        Cli.Outcome notDelta = augment(input.toString(), parquetFolder.toString(), "delta", "--append");
        assertEquals(AlphaDropoutJob.USAGE, notDelta.code(), notDelta::toString);
        assertTrue(notDelta.errLine().contains("holds data but is not a Delta table"), notDelta::toString);

        Cli.Outcome path = augment(input.toString(), TMP.resolve("ice").toString(), "iceberg");
        assertEquals(AlphaDropoutJob.USAGE, path.code(), path::toString);
        assertTrue(path.errLine().contains("CATALOG.NAMESPACE.TABLE"), path::toString);

        Cli.Outcome noCatalog = augment(input.toString(), "nowhere.db.t", "iceberg");
        assertEquals(AlphaDropoutJob.USAGE, noCatalog.code(), noCatalog::toString);
        assertTrue(noCatalog.errLine().contains("catalog 'nowhere' is not set up; add --conf"
                + " spark.sql.catalog.nowhere=org.apache.iceberg.spark.SparkCatalog"), noCatalog::toString);

        Cli.Outcome icebergStream = augment(input.toString(), "lake.db.s", "iceberg", "--stream", "--checkpoint",
                TMP.resolve("ck-ice").toString());
        assertEquals(AlphaDropoutJob.USAGE, icebergStream.code(), icebergStream::toString);
        assertTrue(icebergStream.errLine().contains("write an Iceberg table with a batch run"),
                icebergStream::toString);
    }

    @Test
    void aMissingTableFormatNamesThePackageForThisSpark() {
        UsageException e = org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> TablePackages.require("io.delta.NotThere", "--output-format delta", "Delta Lake",
                        TablePackages.deltaPackage()));
        String spark = TablePackages.sparkVersion();
        String expected = spark.startsWith("3.5") ? "3.3.2" : spark.startsWith("4.0") ? "4.0.1" : "4.";
        assertTrue(e.getMessage().startsWith("--output-format delta needs Delta Lake on the classpath"), e::getMessage);
        assertTrue(e.getMessage().contains("spark-submit --packages io.delta:delta-spark_"
                + TablePackages.scalaBinary() + ":" + expected), e::getMessage);
    }

    @Test
    void aStreamIntoADeltaTableWritesEveryRowOncePerCopyAcrossRestarts() throws IOException {
        Path incoming = TMP.resolve("incoming");
        Path table = TMP.resolve("delta-stream");
        Path checkpoint = TMP.resolve("delta-stream-checkpoint");
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

    private static String[] concat(String[] a, String... b) {
        List<String> out = new ArrayList<>(List.of(a));
        out.addAll(List.of(b));
        return out.toArray(new String[0]);
    }
}
