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

package io.github.alphadropout.ml;

import io.github.alphadropout.testing.Gaussians;
import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Pipeline saved by one Spark line loads on every other and gives the same output, bit for bit: each line keeps
 * a fixture under {@code src/test/resources/pipelines/spark-<version>_<scala>/} (the saved PipelineModel and the raw bits of
 * its output on a fixed input), and every line loads every fixture. Run with {@code -Dalphadropout.writeFixtures=true}
 * on a line to (re)write its own fixture.
 */
class PipelineAcrossSparkLinesTest extends SparkSessionTest {

    private static final Path FIXTURES = Paths.get("src", "test", "resources", "pipelines");
    private static final int ROWS = 16;
    private static final int[] SHAPE = {2, 3, 4};

    /** A fixed input: id, and two float columns of 24 values each (NaN-free, from a fixed seed). */
    private Dataset<Row> input() {
        List<float[]> a = Gaussians.floats(ROWS, 24, 11);
        List<float[]> b = Gaussians.floats(ROWS, 24, 12);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            rows.add(RowFactory.create((long) i, a.get(i), b.get(i)));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("scan", DataTypes.createArrayType(DataTypes.FloatType, false))
                .add("aux", DataTypes.createArrayType(DataTypes.FloatType, false));
        return spark.createDataFrame(rows, schema);
    }

    /** Both Transformers, seeded from the id column so that partitioning plays no part. */
    private static Pipeline pipeline() {
        return new Pipeline().setStages(new PipelineStage[] {
            new FeatureAlphaDropout().setInputCol("scan").setOutputCol("scan_out").setShape(SHAPE).setP(0.3)
                    .setSeed(7L).setSeedCol("id"),
            new AlphaDropout().setInputCol("aux").setOutputCol("aux_out").setP(0.2).setSeed(8L).setSeedCol("id")});
    }

    /** The output as text: one line per row, id then the raw bits of both outputs. */
    private static List<String> bits(Dataset<Row> out) {
        List<String> lines = new ArrayList<>();
        for (Row row : out.orderBy("id").collectAsList()) {
            StringBuilder line = new StringBuilder(Long.toString(row.getLong(row.fieldIndex("id"))));
            for (String column : new String[] {"scan_out", "aux_out"}) {
                line.append(' ');
                for (Object v : row.getList(row.fieldIndex(column))) {
                    line.append(String.format("%08x", Float.floatToRawIntBits((Float) v)));
                }
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** This JVM's Spark line, e.g. {@code spark-4.0_2.13}. */
    private String line() {
        String sparkVersion = spark.version();
        String scalaVersion = scala.util.Properties.versionNumberString();
        return "spark-" + sparkVersion.substring(0, sparkVersion.indexOf('.', sparkVersion.indexOf('.') + 1)) + "_"
                + scalaVersion.substring(0, scalaVersion.indexOf('.', scalaVersion.indexOf('.') + 1));
    }

    @Test
    void everyLinesSavedPipelineLoadsHereAndGivesTheSameOutput() throws IOException {
        List<String> here = bits(pipeline().fit(input()).transform(input()));
        assertEquals(ROWS, here.size());
        if (Boolean.getBoolean("alphadropout.writeFixtures")) {
            Path dir = FIXTURES.resolve(line());
            PipelineModel model = pipeline().fit(input());
            model.write().overwrite().save(dir.resolve("model").toAbsolutePath().toString());
            Files.write(dir.resolve("output.txt"), here, StandardCharsets.UTF_8);
        }
        List<Path> fixtures;
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            fixtures = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(fixtures.size() >= 2, "fixtures of at least two Spark lines: " + fixtures);
        for (Path fixture : fixtures) {
            List<String> expected = Files.readAllLines(fixture.resolve("output.txt"), StandardCharsets.UTF_8);
            assertEquals(expected, here, "this line's output vs the output " + fixture.getFileName() + " wrote");
            PipelineModel loaded = PipelineModel.load(fixture.resolve("model").toAbsolutePath().toString());
            assertEquals(expected, bits(loaded.transform(input())),
                    "the PipelineModel " + fixture.getFileName() + " saved, loaded on Spark " + spark.version());
        }
    }
}
