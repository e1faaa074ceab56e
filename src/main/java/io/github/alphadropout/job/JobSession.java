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

import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The SparkSession a command runs on.
 *
 * <p>An active (or default) session in this JVM is reused and left running: that is how tests and notebooks run
 * the CLI in-process. Otherwise a session is created and stopped at the end. Its settings, weakest first:
 * the file named by the system property {@value #DEFAULTS_PROPERTY} (bin/alpha-dropout points it at
 * conf/spark-defaults.conf; its entries never override a {@code spark.*} system property, which is how
 * spark-submit passes its own settings), then spark-submit's settings, then {@code --conf}. The master:
 * {@code --master}, else whatever those settings say (spark-submit always says), else {@code local[*]}, so
 * under spark-submit the job never sets a master of its own.
 *
 * <p>On a local master the executor is this JVM, and Spark's executor ends the JVM ({@code System.exit(52)}, after
 * a wall of stack traces) when a task runs out of memory. A session this class starts on a local master sets
 * {@value #KILL_ON_FATAL_ERROR_DEPTH} to 0 (unless the settings set it), so such an error fails the task like any
 * other: the job then reports it in one line and exits 1. On a cluster, executors keep Spark's default (an
 * executor that ran out of memory is replaced by a fresh one). Spark makes {@code spark-warehouse/} in the folder
 * the job runs from as soon as a session catalog is used (Delta's is), though the job makes no managed table: when a
 * session this class starts on a local master made that folder (it was not there before, and the settings name no
 * {@value #WAREHOUSE_DIR}), it is removed when the session stops, if it holds no file.
 */
final class JobSession implements AutoCloseable {

    /** System property naming a spark-defaults.conf file to read (bin/alpha-dropout sets it). */
    static final String DEFAULTS_PROPERTY = "alphadropout.sparkDefaults";
    static final String DEFAULT_MASTER = "local[*]";
    /** How deep into a task's exception chain Spark looks for a fatal error to end the executor's JVM for. */
    static final String KILL_ON_FATAL_ERROR_DEPTH = "spark.executor.killOnFatalError.depth";

    /** Where Spark keeps managed tables; without it, {@code spark-warehouse/} in the folder the job runs from. */
    static final String WAREHOUSE_DIR = "spark.sql.warehouse.dir";

    private final SparkSession spark;
    /** Whether this command started the session (and so stops it). */
    private final boolean created;
    /** {@code spark-warehouse/} where this session may make it and it was not before; null otherwise. */
    private final Path warehouse;

    private JobSession(SparkSession spark, boolean created) {
        this(spark, created, null);
    }

    private JobSession(SparkSession spark, boolean created, Path warehouse) {
        this.spark = spark;
        this.created = created;
        this.warehouse = warehouse;
    }

    SparkSession spark() {
        return spark;
    }

    /** The session already running in this JVM, if any. */
    static Optional<SparkSession> existing() {
        Optional<SparkSession> active = toOptional(SparkSession.getActiveSession());
        Optional<SparkSession> session = active.isPresent() ? active : toOptional(SparkSession.getDefaultSession());
        return session.filter(s -> !s.sparkContext().isStopped());
    }

    private static Optional<SparkSession> toOptional(scala.Option<SparkSession> option) {
        return option.isDefined() ? Optional.of(option.get()) : Optional.empty();
    }

    /**
     * The master this command would use if it started Spark now; null when spark-submit or the settings
     * decide it (then Spark reads it itself).
     */
    static String masterToSet(SparkOptions options) {
        if (options.master != null) {
            return options.master;
        }
        if (options.conf.containsKey("spark.master") || System.getProperty("spark.master") != null
                || fileDefaults().containsKey("spark.master")) {
            return null;
        }
        return DEFAULT_MASTER;
    }

    /** The master URL that will be in effect, as far as it can be known before starting Spark. */
    static String effectiveMaster(SparkOptions options) {
        Optional<SparkSession> running = existing();
        if (running.isPresent()) {
            return running.get().sparkContext().master();
        }
        String master = masterToSet(options);
        if (master != null) {
            return master;
        }
        if (options.conf.containsKey("spark.master")) {
            return options.conf.get("spark.master");
        }
        String property = System.getProperty("spark.master");
        return property != null ? property : fileDefaults().get("spark.master");
    }

    static JobSession open(String appName, SparkOptions options, PrintWriter err) {
        return open(appName, options, err, settings -> { });
    }

    /**
     * As above; {@code needs} adds what the run needs to the settings of a session it starts (e.g. Delta Lake's
     * session extension), on top of the user's. A running session is reused as it is.
     */
    static JobSession open(String appName, SparkOptions options, PrintWriter err,
                           Consumer<Map<String, String>> needs) {
        Optional<SparkSession> running = existing();
        if (running.isPresent()) {
            SparkSession spark = running.get();
            if (options.master != null && !options.master.equals(spark.sparkContext().master())) {
                err.println("alpha-dropout: note: reusing the running Spark session (master "
                        + spark.sparkContext().master() + "); --master " + options.master + " is ignored");
            }
            for (Map.Entry<String, String> e : options.conf.entrySet()) {
                if (spark.conf().isModifiable(e.getKey())) {
                    spark.conf().set(e.getKey(), e.getValue());
                } else {
                    err.println("alpha-dropout: note: reusing the running Spark session; --conf " + e.getKey()
                            + " can only be set when Spark starts and is ignored");
                }
            }
            return new JobSession(spark, false);
        }
        SparkSession.Builder builder = SparkSession.builder().appName(appName);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.ui.showConsoleProgress", "false");
        fileDefaults().forEach((k, v) -> {
            if (System.getProperty(k) == null) {
                settings.put(k, v);
            }
        });
        settings.putAll(options.conf);
        String master = masterToSet(options);
        if (master != null) {
            settings.put("spark.master", master);
        }
        String effective = effectiveMaster(options);
        if (effective != null && effective.startsWith("local") && !settings.containsKey(KILL_ON_FATAL_ERROR_DEPTH)
                && System.getProperty(KILL_ON_FATAL_ERROR_DEPTH) == null) {
            settings.put(KILL_ON_FATAL_ERROR_DEPTH, "0");
        }
        Path warehouse = null;
        if (effective != null && effective.startsWith("local") && !settings.containsKey(WAREHOUSE_DIR)
                && System.getProperty(WAREHOUSE_DIR) == null) {
            Path defaultWarehouse = Path.of(System.getProperty("user.dir"), "spark-warehouse");
            warehouse = Files.exists(defaultWarehouse) ? null : defaultWarehouse;
        }
        addVectorModuleForExecutors(settings);
        needs.accept(settings);
        settings.forEach(builder::config);
        return new JobSession(builder.getOrCreate(), true, warehouse);
    }

    static final String EXECUTOR_JAVA_OPTIONS = "spark.executor.extraJavaOptions";
    static final String VECTOR_MODULE_FLAG = "--add-modules=jdk.incubator.vector";

    /**
     * Spark 4's launcher gives every executor JVM the Vector API module; Spark 3.5's does not, so its executors would
     * run the scalar kernel (the same output, slower). On Spark 3 the job adds the flag to the executors' Java
     * options (after whatever the user or spark-submit set there).
     */
    static void addVectorModuleForExecutors(Map<String, String> settings) {
        if (!org.apache.spark.package$.MODULE$.SPARK_VERSION().startsWith("3.")) {
            return;
        }
        String current = settings.containsKey(EXECUTOR_JAVA_OPTIONS) ? settings.get(EXECUTOR_JAVA_OPTIONS)
                : System.getProperty(EXECUTOR_JAVA_OPTIONS, "");
        if (!current.contains("jdk.incubator.vector")) {
            settings.put(EXECUTOR_JAVA_OPTIONS, (current + " " + VECTOR_MODULE_FLAG).trim());
        }
    }

    /** The entries of the spark-defaults.conf named by {@value #DEFAULTS_PROPERTY}; empty when unset or missing. */
    static Map<String, String> fileDefaults() {
        String file = System.getProperty(DEFAULTS_PROPERTY);
        if (file == null || file.isBlank()) {
            return Map.of();
        }
        return readDefaults(Path.of(file));
    }

    /** Reads a spark-defaults.conf: Java properties syntax, "key value" or "key=value", # comments. */
    static Map<String, String> readDefaults(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted()
                .filter(k -> k.startsWith("spark."))
                .forEach(k -> out.put(k, properties.getProperty(k).trim()));
        return out;
    }

    @Override
    public void close() {
        if (created) {
            spark.stop();
        }
        if (warehouse != null && Files.isDirectory(warehouse)) {
            // Only folders are deleted: a file there (a managed table some catalog wrote) keeps the folder whole.
            try (Stream<Path> files = Files.walk(warehouse)) {
                List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
                if (all.stream().allMatch(Files::isDirectory)) {
                    for (Path folder : all) {
                        Files.deleteIfExists(folder);
                    }
                }
            } catch (IOException e) {
                // an empty folder left behind; the run itself is done
            }
        }
    }
}
