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

import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.OutputFormat;
import io.github.alphadropout.job.run.OutputMode;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.Map;

/**
 * A lakehouse table the job reads at one version, or writes in one commit: a Delta Lake table (named by its path,
 * {@link DeltaPathTable}) or an Iceberg table (named by a catalog identifier, {@link IcebergCatalogTable}). Both are
 * used through Spark's data source and catalog APIs only, so the job needs their jars only when it uses them.
 *
 * <p>Unlike a Parquet folder, a table commits through its own log: one atomic commit per run, the previous version
 * readable until the new one commits (and after it, by time travel). Each commit the job makes carries the run's tag
 * ({@link #RUN_TAG}), by which the job finds its own commit afterwards, even if other writers committed meanwhile.
 */
public sealed interface LakeTable permits DeltaPathTable, IcebergCatalogTable {

    /** The key under which each commit of the job records its run (Delta: user metadata; Iceberg: a summary entry). */
    String RUN_TAG = "alpha-dropout.run";

    /** One version of a table: its number (Delta version, Iceberg snapshot id) and how users name it. */
    record Version(long id, String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * The commit a run made.
     *
     * @param version   the version it made
     * @param previous  the version before it (null when the run created the table)
     * @param rowsAdded the rows it added, as the table's own commit record counts them
     */
    record Commit(Version version, Version previous, long rowsAdded) {
    }

    /** The table {@code name} of a table format. */
    static LakeTable of(OutputFormat format, String name) {
        return switch (format) {
            case DELTA -> new DeltaPathTable(name);
            case ICEBERG -> new IcebergCatalogTable(name);
            case PARQUET -> throw new IllegalArgumentException("Parquet output is not a table");
        };
    }

    /** The table {@code name} of a table input format. */
    static LakeTable of(InputFormat format, String name) {
        return switch (format) {
            case DELTA -> new DeltaPathTable(name);
            case ICEBERG -> new IcebergCatalogTable(name);
            default -> throw new IllegalArgumentException(format + " input is not a table");
        };
    }

    /** How messages name the table, e.g. "Delta table /data/t" or "Iceberg table lake.db.t". */
    String describe();

    /**
     * Refuses, before Spark starts, a name this format cannot take (e.g. an Iceberg identifier that is a path) and a
     * format whose jars are not on the classpath, saying what to add.
     */
    void checkName(String option);

    /** Checks, on the running session, that the table can be used at all (its catalog or session is set up). */
    void checkSession(SparkSession spark);

    /** Whether the table exists (holds at least one committed version or was created). */
    boolean exists(SparkSession spark);

    /**
     * Refuses, as an output, a table that is the run's {@code input} (of {@code inputFormat}) or, for a table named by
     * its path, one that overlaps the input's folder.
     */
    void checkApart(String input, InputFormat inputFormat, Configuration conf);

    /** Refuses an output the format would write into something that is not its table (e.g. a Parquet folder). */
    void checkOutput(SparkSession spark);

    /** The current version; null when the table has none yet. */
    Version current(SparkSession spark);

    /** The table's schema (it exists). */
    StructType schema(SparkSession spark);

    /** The rows of {@code version} (the current one when null): a read that later commits do not change. */
    Dataset<Row> read(SparkSession spark, Version version);

    /**
     * Writes {@code rows} in one commit: {@link OutputMode#CREATE} creates the table (failing if it exists),
     * {@code OVERWRITE} replaces its rows and columns, {@code APPEND} adds rows (creating the table if needed). The
     * commit carries {@code runTag}. Nothing is committed when it fails.
     *
     * @param options writer options for the table's data files (the job's Parquet settings)
     */
    void write(Dataset<Row> rows, OutputMode mode, String runTag, Map<String, String> options);

    /**
     * The commit {@link #write} made, found in the table's history by its {@code runTag}.
     *
     * @param before the table's version before the write (null: it did not exist)
     */
    Commit find(SparkSession spark, String runTag, Version before);

    /** The rows {@code commit} added (for an append, only those). */
    Dataset<Row> rowsOf(SparkSession spark, Commit commit);

    /** How to bring back the version before {@code commit}, as a command users can run. */
    String undo(Commit commit);
}
