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

import io.github.alphadropout.job.files.OutputPaths;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.UsageException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * A Delta Lake table named by its path (local, HDFS or {@code s3a://}). Delta needs its session extension and
 * catalog; a session the job starts gets them ({@link TableSetup#addDeltaSession}), a running one must have them.
 */
record DeltaPathTable(String path) implements LakeTable {

    private static final String EXTENSION = TableSetup.DELTA_EXTENSION;
    private static final String CATALOG = TableSetup.DELTA_CATALOG;
    private static final String EXTENSIONS_KEY = TableSetup.EXTENSIONS_KEY;
    private static final String SESSION_CATALOG_KEY = TableSetup.SESSION_CATALOG_KEY;
    private static final String LOG = TableSetup.DELTA_LOG;

    @Override
    public String describe() {
        return "Delta table " + path;
    }

    @Override
    public void checkName(String option) {
        TableSetup.require(EXTENSION, option + " delta", "Delta Lake", TableSetup.deltaPackage());
    }

    @Override
    public void checkSession(SparkSession spark) {
        String extensions = spark.conf().get(EXTENSIONS_KEY, "");
        String catalog = spark.conf().get(SESSION_CATALOG_KEY, "");
        if (!extensions.contains(EXTENSION) || !catalog.equals(CATALOG)) {
            throw new UsageException("the running Spark session is not set up for Delta Lake (" + describe()
                    + "): start it with --conf " + EXTENSIONS_KEY + "=" + EXTENSION + " --conf " + SESSION_CATALOG_KEY
                    + "=" + CATALOG + " (a session the job starts itself gets both)");
        }
    }

    private Path root(SparkSession spark) {
        return OutputPaths.qualify(path, spark.sparkContext().hadoopConfiguration());
    }

    @Override
    public boolean exists(SparkSession spark) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        return OutputPaths.isDirectory(new Path(root(spark), LOG), conf);
    }

    @Override
    public void checkApart(String input, InputFormat inputFormat, Configuration conf) {
        OutputPaths.checkSeparate(path, inputFormat == InputFormat.ICEBERG ? null : input, conf);
    }

    @Override
    public void checkOutput(SparkSession spark) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path root = root(spark);
        if (!exists(spark) && OutputPaths.exists(root, conf) && !OutputPaths.isEmptyDirectory(root, conf)) {
            throw new UsageException("output " + path + " holds data but is not a Delta table (it has no " + LOG
                    + "); give a new --output for the table, or write Parquet there with --output-format parquet");
        }
    }

    @Override
    public Version current(SparkSession spark) {
        List<Row> last = history(spark, 1).select("version").collectAsList();
        return last.isEmpty() ? null : version(last.get(0).getLong(0));
    }

    private static Version version(long v) {
        return new Version(v, "version " + v);
    }

    /**
     * The newest {@code commits} entries of the table's history. Delta reads only their log files, so the job's
     * lookups cost what was committed since it looked, not the table's whole history.
     */
    private Dataset<Row> history(SparkSession spark, long commits) {
        // The qualified path: Delta takes delta.`PATH` for a path only when it is absolute (a relative --output
        // would name a table `out` in a database `delta`).
        return spark.sql("DESCRIBE HISTORY delta.`" + root(spark).toString().replace("`", "``") + "` LIMIT "
                + commits);
    }

    @Override
    public StructType schema(SparkSession spark) {
        return read(spark, null).schema();
    }

    @Override
    public Dataset<Row> read(SparkSession spark, Version version) {
        var reader = spark.read().format("delta");
        if (version != null) {
            reader = reader.option("versionAsOf", version.id());
        }
        return reader.load(path);
    }

    @Override
    public void write(Dataset<Row> rows, OutputMode mode, String runTag, Map<String, String> options) {
        DataFrameWriter<Row> writer = rows.write().format("delta").options(options).option("userMetadata",
                RUN_TAG + "=" + runTag);
        writer = switch (mode) {
            case CREATE -> writer.mode(SaveMode.ErrorIfExists);
            // The user asked to replace the table: its columns too, if this run's differ.
            case OVERWRITE -> writer.mode(SaveMode.Overwrite).option("overwriteSchema", "true");
            case APPEND -> writer.mode(SaveMode.Append);
        };
        writer.save(path);
    }

    @Override
    public Commit find(SparkSession spark, String runTag, Version before) {
        // The run's commit is one of those made since the version it saw before writing.
        Version latest = current(spark);
        long since = latest == null ? 0 : before == null ? latest.id() + 1 : latest.id() - before.id();
        List<Row> mine = history(spark, Math.max(1, since))
                .where(col("userMetadata").equalTo(RUN_TAG + "=" + runTag))
                .selectExpr("version", "operationMetrics['numOutputRows']").collectAsList();
        if (mine.size() != 1) {
            throw new IllegalStateException(describe() + " has " + mine.size() + " commits of run " + runTag
                    + " in its history, expected 1");
        }
        long v = mine.get(0).getLong(0);
        String added = mine.get(0).getString(1);
        return new Commit(version(v), v == 0 ? null : version(v - 1), added == null ? 0 : Long.parseLong(added));
    }

    @Override
    public Dataset<Row> rowsOf(SparkSession spark, Commit commit) {
        long v = commit.version().id();
        Dataset<Row> log = spark.read().json(new Path(new Path(root(spark), LOG),
                String.format(Locale.ROOT, "%020d.json", v)).toString());
        boolean removes = List.of(log.columns()).contains("remove");
        if (removes || !List.of(log.columns()).contains("add")) {
            // The commit replaced rows (or added none): its version holds exactly its rows.
            return read(spark, commit.version());
        }
        // An append: the data files the commit added, which Delta writes as plain Parquet.
        Path root = root(spark);
        String[] files = log.where(col("add").isNotNull()).select("add.path").collectAsList().stream()
                .map(r -> resolve(root, r.getString(0))).toArray(String[]::new);
        return spark.read().schema(read(spark, commit.version()).schema()).parquet(files);
    }

    /** A data file's path in the log (relative to the table and URI-encoded, or absolute) as a path to read. */
    private static String resolve(Path root, String logged) {
        try {
            URI uri = new URI(logged);
            return (uri.isAbsolute() ? new Path(uri) : new Path(root, new Path(uri))).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Delta log holds a file path that is not a URI: " + logged, e);
        }
    }

    @Override
    public String undo(Commit commit) {
        return commit.previous() == null
                ? "delete " + path + " (this run created the table)"
                : "RESTORE TABLE delta.`" + path + "` TO VERSION AS OF " + commit.previous().id();
    }
}
