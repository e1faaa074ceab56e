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

package io.github.alphadropout.connect;

import io.github.alphadropout.ml.AlphaDropout;
import io.github.alphadropout.ml.FeatureAlphaDropout;
import io.github.alphadropout.sql.AlphaDropoutExtensions;
import io.github.alphadropout.testing.LocalSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static io.github.alphadropout.sql.AlphaDropoutFunctions.alphaDropout;
import static io.github.alphadropout.sql.AlphaDropoutFunctions.featureAlphaDropout;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark Connect, end to end: a Spark Connect 4.2.0 server in its own JVM with nothing but the project's jars added
 * (no {@code spark.sql.extensions}: the jar registers its SQL functions and Transformers through ServiceLoader),
 * driven by a client application in another JVM that sees only the Connect JVM client
 * ({@code src/test/connect/ConnectClient.java}). Every result is held bit for bit against the classic API in this
 * JVM on the same input: the SQL functions through SQL and {@code call_function}, the Transformers through
 * Connect ML. A second server also names the extensions in {@code spark.sql.extensions}, and must neither fail
 * nor register the functions twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkConnectIT {

    /** 40 rows in 3 partitions (range's split is fixed, so positions, hence masks, are too). */
    static final String INPUT_SQL = "SELECT id,"
            + " transform(sequence(0, 23), i -> CAST(((id * 24 + i) % 13 - 6) / 7 AS FLOAT)) AS x,"
            + " transform(sequence(0, 23), i -> CAST(((id * 24 + i) % 11 - 5) / 3 AS DOUBLE)) AS d"
            + " FROM range(0, 40, 1, 3)";
    static final int ROWS = 40;

    /** The message of Spark's function registry when a name is registered again. */
    static final String REPLACED = "replaced a previously registered function";

    private Map<String, List<String>> connect;
    private String serverLog;
    private SparkSession classic;

    @BeforeAll
    void runTheClientAgainstAServerWithTheJarAlone() throws Exception {
        try (SparkConnectServer server = SparkConnectServer.start("server-jar-only", Map.of())) {
            connect = runClient(server, "all", null);
            serverLog = server.log();
        }
        classic = LocalSpark.session(getClass().getSimpleName(), "local[2]", Map.of());
    }

    @AfterAll
    void stopClassic() {
        LocalSpark.stop(classic);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sql-feature", "sql-element", "sql-seed-col", "call-feature", "call-element",
        "ml-feature", "ml-element"})
    void connectGivesTheClassicApisBits(String name) {
        List<String> expected = lines(name, classicResult(name));
        assertEquals(ROWS, expected.size());
        assertEquals(expected, connect.get(name), name + " through Spark Connect");
    }

    @Test
    void theServerRegisteredTheFunctionsOnce() {
        assertFalse(serverLog.contains(REPLACED), serverLog);
    }

    @Test
    void aServerThatAlsoNamesTheExtensionsRegistersThemOnce() throws Exception {
        try (SparkConnectServer server = SparkConnectServer.start("server-with-conf",
                Map.of("spark.sql.extensions", AlphaDropoutExtensions.class.getName()))) {
            Map<String, List<String>> rows = runClient(server, "with-conf", "sql-feature,call-element");
            assertEquals(lines("sql-feature", classicResult("sql-feature")), rows.get("sql-feature"));
            assertEquals(lines("call-element", classicResult("call-element")), rows.get("call-element"));
            assertFalse(server.log().contains(REPLACED), server.log());
        }
    }

    /** The same case with the classic API (this JVM's Spark, the project's classes). */
    private Dataset<Row> classicResult(String name) {
        Dataset<Row> samples = classic.sql(INPUT_SQL);
        return switch (name) {
            case "sql-feature" -> samples.select(col("id"),
                    featureAlphaDropout(col("x"), 0.5, new int[] {4, 3, 2}, 42).as("y"));
            case "sql-element", "call-element" -> samples.select(col("id"), alphaDropout(col("d"), 0.2, 7).as("y"));
            case "sql-seed-col" -> {
                samples.createOrReplaceTempView("samples");
                yield classic.sql("SELECT id, feature_alpha_dropout(x, 0.5, array(4, -1, 2), 42, seed_col => id)"
                        + " AS y FROM samples");
            }
            case "call-feature" -> samples.select(col("id"),
                    featureAlphaDropout(col("x"), 0.5, new int[] {4, 3, 2}, 42).as("y"));
            case "ml-feature" -> new FeatureAlphaDropout().setInputCol("x").setOutputCol("y").setP(0.5)
                    .setShape(new int[] {4, 3, 2}).setSeed(42).transform(samples).select("id", "y");
            case "ml-element" -> new AlphaDropout().setInputCol("d").setOutputCol("y").setP(0.2).setSeed(7)
                    .transform(samples).select("id", "y");
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Runs the client application in its own JVM on the client's classpath; its result lines by case. */
    private static Map<String, List<String>> runClient(SparkConnectServer server, String name, String cases)
            throws IOException, InterruptedException {
        Path out = SparkConnectServer.workDir().resolve("client-" + name + ".tsv");
        Path log = SparkConnectServer.workDir().resolve("client-" + name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens=java.base/java.nio=ALL-UNNAMED", // Arrow, which the client reads results with
                "-cp", SparkConnectServer.classpath("alphadropout.connectClientClasspath"),
                Paths.get("src", "test", "connect", "ConnectClient.java").toString(),
                server.url(), out.toString(), INPUT_SQL));
        if (cases != null) {
            command.add(cases);
        }
        Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        assertTrue(client.waitFor(300, TimeUnit.SECONDS), "the Connect client did not finish; log " + log);
        assertEquals(0, client.exitValue(), () -> "the Connect client failed; its log:\n" + read(log)
                + "\nthe server's log is in " + log.getParent());
        Map<String, List<String>> byCase = new TreeMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            byCase.computeIfAbsent(line.substring(0, line.indexOf('\t')), k -> new ArrayList<>()).add(line);
        }
        byCase.values().forEach(l -> l.sort(SparkConnectIT::byId));
        return byCase;
    }

    /** Rows as the client writes them: case, id, the output's bits in hex; sorted by id. */
    private static List<String> lines(String name, Dataset<Row> rows) {
        List<String> lines = new ArrayList<>();
        for (Row row : rows.collectAsList()) {
            List<Object> values = row.getList(1);
            List<String> bits = new ArrayList<>(values.size());
            for (Object v : values) {
                bits.add(v instanceof Float f ? Integer.toHexString(Float.floatToRawIntBits(f))
                        : Long.toHexString(Double.doubleToRawLongBits((Double) v)));
            }
            lines.add(name + "\t" + row.getLong(0) + "\t" + String.join(",", bits));
        }
        lines.sort(SparkConnectIT::byId);
        return lines;
    }

    private static int byId(String a, String b) {
        return Long.compare(Long.parseLong(a.split("\t")[1]), Long.parseLong(b.split("\t")[1]));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
