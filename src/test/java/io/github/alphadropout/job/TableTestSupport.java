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

import io.github.alphadropout.job.table.TableSetup;
import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixture of the table tests: a real local session set up as a user sets one up (Delta's extension and catalog;
 * an Iceberg Hadoop catalog {@code lake} in a local warehouse), an input, the same input with a bad row in a file read
 * last, and the rows the Parquet output of the same run holds, which every table output must hold too.
 */
abstract class TableTestSupport extends SparkSessionTest {

    static final int ROWS = 40;
    static final String SHAPE = "4,2,4,4";
    /** A folder of its own for each test class (and its Iceberg warehouse). */
    final Path tmp = tempDir();

    Path input;
    /** The same rows plus, in a file of its own read last, one sample of the wrong length. */
    Path badInput;
    /** The Parquet output of {@link #augment} with {@code --copies 2}. */
    Path parquetOutput;
    /** The rows it holds: what every table output must hold too. */
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
        return Map.of("spark.sql.extensions", TableSetup.DELTA_EXTENSION,
                "spark.sql.catalog.spark_catalog", TableSetup.DELTA_CATALOG,
                "spark.sql.catalog.lake", TableSetup.ICEBERG_CATALOG,
                "spark.sql.catalog.lake.type", "hadoop",
                "spark.sql.catalog.lake.warehouse", warehouse());
    }

    /** Where the Iceberg catalog {@code lake} keeps its tables: a local folder unless a subclass says otherwise. */
    String warehouse() {
        return tmp.resolve("warehouse").toUri().toString();
    }

    @BeforeAll
    void inputs() {
        input = JobInputs.generate(tmp.resolve("input"), ROWS, SHAPE);
        badInput = JobInputs.withBadRowLast(spark, input, tmp.resolve("bad-input"));
        parquetOutput = tmp.resolve("parquet-out");
        Cli.Outcome p = augment(input.toString(), parquetOutput.toString(), "parquet", "--copies", "2");
        assertEquals(0, p.code(), p::toString);
        parquetRows = sorted(spark.read().parquet(parquetOutput.toString()));
    }

    Cli.Outcome augment(String in, String out, String outputFormat, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--input", in, "--column", "features",
                "--shape", SHAPE, "--p", "0.5", "--seed-column", "id", "--output", out, "--output-format",
                outputFormat, "--no-progress"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    static List<Row> sorted(Dataset<Row> rows) {
        return rows.select("id", "features", "copy").orderBy("copy", "id").collectAsList();
    }

    /** The version the summary names on its "output version" line. */
    static String outputVersion(Cli.Outcome o) {
        Matcher m = Pattern.compile("output version +(.*)").matcher(o.out());
        assertTrue(m.find(), o::toString);
        return m.group(1).strip();
    }

    Dataset<Row> delta(Path table, long version) {
        return spark.read().format("delta").option("versionAsOf", version).load(table.toString());
    }

    static String[] concat(String[] a, String... b) {
        List<String> out = new ArrayList<>(List.of(a));
        out.addAll(List.of(b));
        return out.toArray(new String[0]);
    }
}
