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

package io.github.alphadropout.job.input;

import io.github.alphadropout.job.files.OutputPaths;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.UsageException;
import io.github.alphadropout.job.table.LakeTable;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;

/**
 * How {@code augment} reads data: its input (a batch run's {@link #open}, or a stream's) and the Parquet it wrote.
 * Parquet pages are checked against their CRC checksum, which Spark's Parquet writer stores in every page header
 * ({@code parquet.page.write-checksum.enabled}, true by default), so a flipped bit in a data page fails the read
 * instead of being read as a slightly different value. Parquet itself leaves the check off; the job turns it on
 * for its own reads (as a read option, so a session it shares is not changed):
 * {@code --[no-]verify-checksums} when given, else the Spark settings' {@value #VERIFY_CHECKSUMS} when set (e.g.
 * {@code --conf spark.hadoop.parquet.page.verify-checksum.enabled=false}), else on.
 */
public final class Inputs {

    /** Parquet's setting (a Hadoop configuration key) that makes its reader verify page checksums. */
    public static final String VERIFY_CHECKSUMS = "parquet.page.verify-checksum.enabled";

    private Inputs() {
    }

    /** Whether the job's reads verify Parquet page checksums (see the class comment). */
    static boolean verifyChecksums(SparkSession spark, AugmentSettings s) {
        if (s.verifyChecksums() != null) {
            return s.verifyChecksums();
        }
        String set = spark.conf().get(VERIFY_CHECKSUMS, spark.sparkContext().hadoopConfiguration()
                .get(VERIFY_CHECKSUMS));
        return set == null || Boolean.parseBoolean(set.trim());
    }

    /** A batch reader of the input. */
    public static DataFrameReader input(SparkSession spark, AugmentSettings s) {
        return spark.read().format(s.format().sparkName()).option(VERIFY_CHECKSUMS, verifyChecksums(spark, s));
    }

    /**
     * Opens the input of a batch run ({@link Input}): files, which must exist, or a table, which must exist, read at
     * its current version.
     */
    public static Input open(SparkSession spark, AugmentSettings s) {
        if (!s.format().isTable()) {
            OutputPaths.checkInput(s.input(), spark.sparkContext().hadoopConfiguration());
            return new FileInput(input(spark, s).load(s.input()));
        }
        LakeTable table = LakeTable.of(s.format(), s.input());
        table.checkSession(spark);
        if (!table.exists(spark)) {
            throw new UsageException("input " + table.describe() + " does not exist");
        }
        LakeTable.Version version = table.current(spark);
        return new TableInput(table.read(spark, version), version);
    }

    /**
     * Refuses, before Spark starts, an input table whose name its format cannot take or whose format's jars are not
     * on the classpath.
     */
    public static void checkName(AugmentSettings s) {
        if (s.format().isTable()) {
            LakeTable.of(s.format(), s.input()).checkName("--format");
        }
    }

    /** The input check that can be made before Spark starts: an input path that is local for sure exists. */
    public static void checkBeforeSpark(AugmentSettings s, String master) {
        if (s.format() != InputFormat.ICEBERG && OutputPaths.isLocal(s.input(), master)) {
            OutputPaths.checkInput(s.input(), OutputPaths.localConf());
        }
    }

    /** A stream reader of the input folder. */
    public static DataStreamReader inputStream(SparkSession spark, AugmentSettings s) {
        return spark.readStream().format(s.format().sparkName())
                .option(VERIFY_CHECKSUMS, verifyChecksums(spark, s));
    }

    /** The Parquet the job wrote at {@code paths} (folders or files). */
    public static Dataset<Row> written(SparkSession spark, AugmentSettings s, String... paths) {
        return spark.read().option(VERIFY_CHECKSUMS, verifyChecksums(spark, s)).parquet(paths);
    }
}
