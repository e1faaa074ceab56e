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

package io.github.alphadropout.bench;

import io.github.alphadropout.job.files.LocalFiles;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The augment job writing a Delta Lake table and an Iceberg table (Hadoop catalog, local warehouse) against the same
 * job writing Parquet files, the floor: the same input, rows and settings ({@code --copies 2}, local[2], Parquet of
 * 16x4x32x32 floats, 256 rows, 64 MiB, 4 files by default), each run the whole command in this JVM (count, write,
 * commit, the check of what was written). Each round runs the three in a rotating order, after one warm-up round;
 * it reports medians and each table's ratio to Parquet (the median of the rounds' own ratios).
 *
 * <pre>
 *   mvn -q -B -Pbench test-compile exec:exec -Dbench.args="--only tables --out DIR"
 * </pre>
 */
public final class TableBenchmark {

    static final int[] SHAPE = {16, 4, 32, 32};
    static final String[] FORMATS = {"parquet", "delta", "iceberg"};
    static final String TABLE = "lake.bench.augmented";

    private TableBenchmark() {
    }

    public static void main(String[] args) {
        long rows = Long.parseLong(CopiesBenchmark.valueOr(args, "--rows", "256"));
        int rounds = Integer.parseInt(CopiesBenchmark.valueOr(args, "--rounds", "5"));
        Path dir = Path.of(CopiesBenchmark.valueOr(args, "--dir", "target/bench/tables")).toAbsolutePath();
        Path results = BenchSupport.resultsFile(args);
        LocalFiles.deleteRecursively(dir);
        SparkSession spark = JobRunner.session("local[2]", Map.of(
                "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
                "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
                "spark.sql.catalog.lake", "org.apache.iceberg.spark.SparkCatalog",
                "spark.sql.catalog.lake.type", "hadoop",
                "spark.sql.catalog.lake.warehouse", dir.resolve("warehouse").toUri().toString()));
        try {
            Path input = dir.resolve("input");
            JobRunner.writeInput(spark, rows, SHAPE, 4, input);
            System.out.printf(Locale.ROOT, "tables benchmark: %d rows of %s floats, %.1f MiB of Parquet; --copies 2;"
                    + " %d rounds after 1 warm-up%n", rows, BenchSupport.shapeText(SHAPE),
                    JobRunner.size(input) / 1048576.0, rounds);
            Map<String, List<Double>> times = new LinkedHashMap<>();
            for (String f : FORMATS) {
                times.put(f, new ArrayList<>());
            }
            for (int round = -1; round < rounds; round++) {
                for (int i = 0; i < FORMATS.length; i++) {
                    String format = FORMATS[Math.floorMod(round + i, FORMATS.length)];
                    String output = format.equals("iceberg") ? TABLE : dir.resolve("out-" + format).toString();
                    clear(spark, dir, format);
                    double s = JobRunner.run("augment", "--input", input.toString(), "--column", "features",
                            "--shape", BenchSupport.shapeText(SHAPE).replace('x', ','), "--p", "0.5", "--copies",
                            "2", "--output", output, "--output-format", format, "--no-progress");
                    System.out.printf(Locale.ROOT, "  round %d %-8s %.2f s%n", round, format, s);
                    if (round >= 0) {
                        times.get(format).add(s);
                    }
                }
            }
            List<BenchSupport.Result> out = new ArrayList<>();
            for (String f : FORMATS) {
                double[] sorted = BenchSupport.sorted(times.get(f));
                double ratio = f.equals("parquet") ? 1.0 : BenchSupport.pairedRatio(times.get(f), times.get("parquet"));
                out.add(new BenchSupport.Result("tables", "augment --output-format " + f,
                        BenchSupport.median(times.get(f)), sorted[0], sorted[sorted.length - 1], "s", ratio,
                        "parquet", "", f.equals("parquet") ? "floor" : "", ""));
            }
            for (BenchSupport.Result r : out) {
                System.out.printf(Locale.ROOT, "%-34s median %.2f s (%.2f - %.2f), %.2fx Parquet%n", r.variant(),
                        r.median(), r.low(), r.high(), r.ratio());
            }
            BenchSupport.appendResults(results, out);
        } finally {
            spark.stop();
            LocalFiles.deleteRecursively(dir);
        }
    }

    /** Removes the output of {@code format} so every run creates it. */
    private static void clear(SparkSession spark, Path dir, String format) {
        if (format.equals("iceberg")) {
            spark.sql("DROP TABLE IF EXISTS " + TABLE + " PURGE");
        } else {
            LocalFiles.deleteRecursively(dir.resolve("out-" + format));
        }
    }
}
