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

package io.github.alphadropout.job.table;

import io.github.alphadropout.job.files.ParquetWriterSettings;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * An Apache Iceberg table named by a catalog identifier, {@code CATALOG.NAMESPACE.TABLE}, whose catalog is set up
 * with {@code --conf spark.sql.catalog.CATALOG=org.apache.iceberg.spark.SparkCatalog} and its settings (e.g. a
 * Hadoop catalog: {@code .type=hadoop}, {@code .warehouse=PATH}). The job commits through the catalog, so the
 * catalog decides how atomic a commit is: a Hadoop catalog needs a file system with atomic renames (local, HDFS);
 * on S3 use a catalog with its own commit (REST, Glue, JDBC, Nessie).
 */
record IcebergCatalogTable(String name) implements LakeTable {

    private static final String CATALOG_CLASS = TableSetup.ICEBERG_CATALOG;
    /** Where the job asks Iceberg to record its run in the snapshot summary. */
    static final String SNAPSHOT_PROPERTY = "snapshot-property." + RUN_TAG;

    @Override
    public String describe() {
        return "Iceberg table " + name;
    }

    private String catalog() {
        return name.substring(0, name.indexOf('.'));
    }

    @Override
    public void checkName(String option) {
        String[] parts = name.split("\\.", -1);
        if (name.contains("/") || name.contains(":") || parts.length < 3
                || List.of(parts).stream().anyMatch(String::isBlank)) {
            throw new UsageException(option + " iceberg names a table by its catalog identifier,"
                    + " CATALOG.NAMESPACE.TABLE (e.g. lake.db.scans), but got '" + name + "'; set the catalog up with"
                    + " --conf spark.sql.catalog.lake=" + CATALOG_CLASS + " and its type and warehouse");
        }
        TableSetup.require(CATALOG_CLASS, option + " iceberg", "Apache Iceberg", TableSetup.icebergPackage());
    }

    @Override
    public void checkSession(SparkSession spark) {
        String key = "spark.sql.catalog." + catalog();
        if (!spark.conf().contains(key)) {
            throw new UsageException(describe() + ": catalog '" + catalog() + "' is not set up; add --conf " + key
                    + "=" + CATALOG_CLASS + " --conf " + key + ".type=hadoop --conf " + key
                    + ".warehouse=PATH (or the settings of your catalog: rest, glue, jdbc, ...)");
        }
    }

    @Override
    public boolean exists(SparkSession spark) {
        return spark.catalog().tableExists(name);
    }

    @Override
    public void checkApart(String input, InputFormat inputFormat, Configuration conf) {
        if (inputFormat == InputFormat.ICEBERG && input.equals(name)) {
            throw new UsageException("--output must differ from --input (both are " + name + ")");
        }
    }

    @Override
    public void checkOutput(SparkSession spark) {
        // An identifier names nothing but a table: there is nothing else to refuse.
    }

    @Override
    public Version current(SparkSession spark) {
        List<Row> main = spark.table(name + ".refs").where(col("name").equalTo("main")).select("snapshot_id")
                .collectAsList();
        return main.isEmpty() ? null : snapshot(main.get(0).getLong(0));
    }

    private static Version snapshot(long id) {
        return new Version(id, "snapshot " + id);
    }

    @Override
    public StructType schema(SparkSession spark) {
        return spark.table(name).schema();
    }

    @Override
    public Dataset<Row> read(SparkSession spark, Version version) {
        var reader = spark.read().format("iceberg");
        if (version != null) {
            reader = reader.option("snapshot-id", version.id());
        }
        return reader.load(name);
    }

    @Override
    public void write(Dataset<Row> rows, OutputMode mode, String runTag, Map<String, String> options) {
        DataFrameWriterV2<Row> writer = rows.writeTo(name).option(SNAPSHOT_PROPERTY, runTag);
        if ("uncompressed".equals(options.get(ParquetWriterSettings.COMPRESSION_OPTION))) {
            writer = writer.option("compression-codec", "uncompressed");
        }
        try {
            switch (mode) {
                case CREATE -> writer.create();
                // REPLACE TABLE: one commit that replaces rows and columns; the old snapshots stay in the history.
                case OVERWRITE -> writer.createOrReplace();
                case APPEND -> {
                    if (exists(rows.sparkSession())) {
                        writer.append();
                    } else {
                        writer.create();
                    }
                }
            }
        } catch (Exception e) { // NoSuchTableException / TableAlreadyExistsException, checked in Scala's eyes only
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    public Commit find(SparkSession spark, String runTag, Version before) {
        List<Row> mine = spark.table(name + ".snapshots")
                .where(col("summary").getItem(RUN_TAG).equalTo(runTag))
                .selectExpr("snapshot_id", "parent_id", "summary['added-records']").collectAsList();
        if (mine.size() != 1) {
            throw new IllegalStateException(describe() + " has " + mine.size() + " snapshots of run " + runTag
                    + ", expected 1");
        }
        Row r = mine.get(0);
        String added = r.getString(2);
        // A replace starts a new line of snapshots (no parent); the version before it is the one it replaced.
        Version previous = !r.isNullAt(1) ? snapshot(r.getLong(1)) : before;
        return new Commit(snapshot(r.getLong(0)), previous, added == null ? 0 : Long.parseLong(added));
    }

    @Override
    public Dataset<Row> rowsOf(SparkSession spark, Commit commit) {
        List<Row> op = spark.table(name + ".snapshots").where(col("snapshot_id").equalTo(commit.version().id()))
                .select("operation").collectAsList();
        if (commit.previous() != null && !op.isEmpty() && "append".equals(op.get(0).getString(0))
                && !commit.version().equals(commit.previous())) {
            // The rows appended after the parent snapshot, up to this one.
            return spark.read().format("iceberg").option("start-snapshot-id", commit.previous().id())
                    .option("end-snapshot-id", commit.version().id()).load(name);
        }
        return read(spark, commit.version());
    }

    @Override
    public String undo(Commit commit) {
        return commit.previous() == null
                ? "DROP TABLE " + name + " (this run created it)"
                : "CALL " + catalog() + ".system.set_current_snapshot('" + name.substring(catalog().length() + 1)
                        + "', " + commit.previous().id() + ") (with Iceberg's SQL extensions)";
    }
}
