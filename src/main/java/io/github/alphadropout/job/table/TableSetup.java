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

import java.util.List;
import java.util.Map;
import io.github.alphadropout.job.run.UsageException;

/**
 * What a table format needs from the Spark session: its jars, with the {@code --packages} coordinates that bring them
 * for the running Spark (Delta Lake and Iceberg each publish builds for particular Spark releases), and its session
 * settings. The job's only public door to {@code job.table} besides {@link LakeTable}. The job does not bundle them (they are
 * large, and a cluster may bring its own); {@code bin/alpha-dropout} has the ones built for its Spark on its
 * classpath.
 */
public final class TableSetup {

    /** Delta Lake's session extension and catalog, which a session must have to use Delta tables by path. */
    public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";
    /** The folder that makes a folder a Delta table. */
    public static final String DELTA_LOG = "_delta_log";
    /** The catalog class of an Iceberg catalog ({@code spark.sql.catalog.NAME}). */
    public static final String ICEBERG_CATALOG = "org.apache.iceberg.spark.SparkCatalog";
    static final String EXTENSIONS_KEY = "spark.sql.extensions";
    static final String SESSION_CATALOG_KEY = "spark.sql.catalog.spark_catalog";

    private TableSetup() {
    }

    /** The Spark release the job runs on, e.g. "4.0.1". */
    public static String sparkVersion() {
        return org.apache.spark.package$.MODULE$.SPARK_VERSION();
    }

    public static String scalaBinary() {
        return scala.util.Properties.versionNumberString().startsWith("2.12") ? "2.12" : "2.13";
    }

    /** Delta Lake's build for this Spark (the pairs Delta publishes). */
    public static String deltaPackage() {
        String spark = sparkVersion();
        String delta = spark.startsWith("3.5") ? "3.3.2" : spark.startsWith("4.0") ? "4.0.1"
                : spark.startsWith("4.1") ? "4.1.0" : spark.startsWith("4.2") ? "4.4.0" : null;
        return delta == null ? "io.delta:delta-spark_" + scalaBinary() + ":<the Delta release built for Spark "
                + spark + ">" : "io.delta:delta-spark_" + scalaBinary() + ":" + delta;
    }

    /**
     * Iceberg's Spark runtime for this Spark: its 3.5 runtime, or its 4.0 runtime on Spark 4.0 and 4.1 (where it
     * works). No runtime runs on Spark 4.2 yet (the 4.0 and 4.1 ones fail with IncompatibleClassChangeError).
     */
    static String icebergPackage() {
        String spark = sparkVersion();
        if (!spark.startsWith("3.5") && !spark.startsWith("4.0") && !spark.startsWith("4.1")) {
            return "<an Iceberg runtime built for Spark " + spark + "; none was published for it when this job was"
                    + " built>";
        }
        String line = spark.startsWith("3.5") ? "3.5" : "4.0";
        return "org.apache.iceberg:iceberg-spark-runtime-" + line + "_" + scalaBinary() + ":1.10.0";
    }

    /**
     * Refuses a table format whose class {@code className} is not on the classpath, saying which package to add
     * and where.
     */
    public static void require(String className, String option, String format, String pkg) {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class.forName(className, false, loader != null ? loader : TableSetup.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new UsageException(option + " needs " + format + " on the classpath, which this Spark does not"
                    + " have: add it with spark-submit --packages " + pkg + " (bin/alpha-dropout has it)");
        }
    }

    /**
     * Adds Delta's session extension and catalog to the settings of a session about to start, after any extensions
     * the user set ({@code settings} first, then the system properties spark-submit sets); a session catalog the
     * user chose is left alone (Delta then says what it needs).
     */
    public static void addDeltaSession(Map<String, String> settings) {
        String current = settings.getOrDefault(EXTENSIONS_KEY, System.getProperty(EXTENSIONS_KEY, ""));
        if (!List.of(current.split(",")).stream().map(String::trim).toList().contains(DELTA_EXTENSION)) {
            settings.put(EXTENSIONS_KEY, current.isBlank() ? DELTA_EXTENSION : current + "," + DELTA_EXTENSION);
        }
        if (!settings.containsKey(SESSION_CATALOG_KEY) && System.getProperty(SESSION_CATALOG_KEY) == null) {
            settings.put(SESSION_CATALOG_KEY, DELTA_CATALOG);
        }
    }
}
