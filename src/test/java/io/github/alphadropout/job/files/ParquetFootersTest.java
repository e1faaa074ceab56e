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

package io.github.alphadropout.job.files;

import io.github.alphadropout.testing.fs.ChangingFileSystem;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rows of Parquet counted from footers agree with Spark's count(), and a file that is not Parquet is an error. */
class ParquetFootersTest extends SparkSessionTest {

    @TempDir
    Path tmp;

    private Configuration conf() {
        return spark.sparkContext().hadoopConfiguration();
    }

    /** 1,000 rows in 4 files of several row groups each, and a fifth file that holds no row. */
    private Path parquet(String name) {
        Path out = tmp.resolve(name);
        spark.range(0, 1000, 1, 4).selectExpr("id", "array(cast(id as float), 1.0f) AS x")
                .write().option("parquet.block.size", "2048").parquet(out.toString());
        Path empty = tmp.resolve(name + "-empty");
        spark.range(0, 0, 1, 1).selectExpr("id", "array(cast(id as float), 1.0f) AS x").write()
                .parquet(empty.toString());
        try {
            Files.copy(Path.of(dataFiles(empty).get(0)), out.resolve("part-empty.parquet"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<String> dataFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).map(Path::toString).sorted()
                    .toList();
        }
    }

    @Test
    void aFolderAndItsFilesCountAsSparkCountsThem() throws IOException {
        Path dir = parquet("out");
        List<String> files = dataFiles(dir);
        assertEquals(5, files.size(), files::toString);
        assertTrue(Files.exists(dir.resolve("_SUCCESS")), "a hidden file beside the data is skipped");
        long spark = this.spark.read().parquet(dir.toString()).count();
        assertEquals(1000, spark);
        assertEquals(spark, ParquetFooters.rows(conf(), dir.toString()));
        assertEquals(spark, ParquetFooters.rows(conf(), files.toArray(new String[0])));
        assertEquals(0, ParquetFooters.rows(conf()));
    }

    @Test
    void anyHadoopFileSystemWorks() throws IOException {
        Path dir = parquet("other-fs");
        Configuration conf = new Configuration(conf());
        conf.set("fs." + ChangingFileSystem.SCHEME + ".impl", ChangingFileSystem.class.getName());
        conf.setBoolean("fs." + ChangingFileSystem.SCHEME + ".impl.disable.cache", true);
        assertEquals(1000, ParquetFooters.rows(conf, ChangingFileSystem.SCHEME + "://" + dir));
    }

    @Test
    void aParquetInputIsCountedFromTheFilesSparkListed() throws IOException {
        Path dir = parquet("in dir with space");
        Dataset<Row> input = spark.read().parquet(dir.toString());
        assertEquals(input.count(), ParquetFooters.inputRows(input, InputFormat.PARQUET, conf()));
        // A file added after Spark listed the input is not one the job reads: not counted either.
        Files.copy(Path.of(dataFiles(dir).get(0)), dir.resolve("part-late.parquet"));
        assertEquals(1000, ParquetFooters.inputRows(input, InputFormat.PARQUET, conf()));
    }

    @Test
    void otherFormatsAreCountedBySpark() {
        Path json = tmp.resolve("json");
        spark.range(0, 37).write().json(json.toString());
        Dataset<Row> input = spark.read().json(json.toString());
        assertEquals(37, ParquetFooters.inputRows(input, InputFormat.JSON, conf()));
    }

    @Test
    void aFileThatIsNotParquetIsAnErrorThatNamesIt() throws IOException {
        Path dir = parquet("broken");
        Path bad = dir.resolve("part-bad.parquet");
        Files.writeString(bad, "not parquet at all");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> ParquetFooters.rows(conf(), dir.toString()));
        assertTrue(e.getMessage().contains("cannot read the Parquet footer of ") && e.getMessage().contains(
                "part-bad.parquet"), e::getMessage);
        // An input with such a file is left to Spark's count, which fails as it always did.
        Dataset<Row> input = spark.read().schema("id bigint, x array<float>").parquet(dir.toString());
        assertThrows(Exception.class, () -> ParquetFooters.inputRows(input, InputFormat.PARQUET, conf()));
    }
}
