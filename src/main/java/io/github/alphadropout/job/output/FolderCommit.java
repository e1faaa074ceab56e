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

package io.github.alphadropout.job.output;

import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.files.OutputPaths;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * How a Parquet folder's new files are written and made visible ({@link ParquetFolderOutput}), one implementation
 * per kind of file system: one with atomic renames ({@link RenameCommit}: local disk, HDFS), an object store
 * ({@link ObjectStoreCommit}: {@code s3a://}, through S3A's magic committer, no renames).
 *
 * <p>Use: {@link #open}, {@link #write} the rows, read back {@link #written()} to check them, {@link #commit()},
 * then {@link #close()} (which undoes whatever was not committed). {@link #recover} is called by every run before it
 * looks at its output, and puts right what an interrupted run left.
 */
interface FolderCommit extends AutoCloseable {

    /**
     * Writes the rows (Parquet, with these writer options) where this commit wants them; nothing is visible at the
     * output yet.
     */
    void write(Dataset<Row> rows, Map<String, String> options);

    /** The paths where the new rows can be read back before {@link #commit()} (folders or files). */
    List<String> written();

    /** Makes the new rows the output (or part of it, when appending). */
    void commit();

    /** After {@link #commit()}: the paths of this run's rows in the output (folders or files). */
    List<String> committed();

    /** Undoes what was not committed; never fails (the run already failed for a better reason). */
    @Override
    void close();

    /** Whether {@code output} is on an object store whose folder rename is a copy (S3A). */
    static boolean isObjectStore(String output) {
        String scheme = new Path(output).toUri().getScheme();
        return "s3a".equals(scheme);
    }

    /** Starts writing {@code output}: an object store's commit for {@code s3a://}, renames elsewhere. */
    static FolderCommit open(SparkSession spark, String output, OutputMode mode, PrintWriter notes) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Path out = OutputPaths.qualify(output, conf);
        if (isObjectStore(output)) {
            return ObjectStoreCommit.begin(spark, out, mode, notes);
        }
        return RenameCommit.begin(out, mode, conf);
    }

    /** Puts right what interrupted runs left beside {@code output}, saying in one line each what it did. */
    static void recover(String output, Configuration conf, PrintWriter notes) {
        Path out = OutputPaths.qualify(output, conf);
        if (isObjectStore(output)) {
            ObjectStoreCommit.recover(out, conf, notes);
        } else {
            RenameCommit.recover(out, conf, notes);
        }
    }
}
