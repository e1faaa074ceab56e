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

import io.github.alphadropout.job.table.TableSetup;
import io.github.alphadropout.job.files.OutputPaths;
import io.github.alphadropout.job.input.Inputs;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.GenerateSettings;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.OutputFormat;
import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.UsageException;
import io.github.alphadropout.job.table.LakeTable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;

/**
 * The outputs of the job's runs: the {@link Output} of a batch run, whatever its kind, and the checks a run makes
 * before Spark starts; for {@code augment --stream}, whose Structured Streaming sink commits by itself, the checks
 * of its output and the output read back.
 */
public final class Outputs {

    /** How the message about an existing output ends for augment. */
    static final String APPEND_CHOICE = ", or --append to add to it";

    private Outputs() {
    }

    /** The output of an {@code augment} batch run, not yet opened. */
    public static Output of(SparkSession spark, AugmentSettings s, OutputMode mode, PrintWriter notes) {
        if (s.outputFormat() != OutputFormat.PARQUET) {
            return new TableOutput(spark, LakeTable.of(s.outputFormat(), s.output()), s.output(), mode, s.input(),
                    s.format(), APPEND_CHOICE);
        }
        return new ParquetFolderOutput(spark, s.output(), mode, s.format() == InputFormat.ICEBERG ? null : s.input(),
                APPEND_CHOICE, notes, paths -> Inputs.written(spark, s, paths));
    }

    /** The output of a {@code generate} run (a Parquet folder), not yet opened. */
    public static Output of(SparkSession spark, GenerateSettings s, OutputMode mode, PrintWriter notes) {
        return new ParquetFolderOutput(spark, s.output(), mode, null, "", notes, paths -> spark.read().parquet(paths));
    }

    /**
     * Refuses, before Spark starts, an output table whose name its format cannot take or whose format's jars are not
     * on the classpath.
     */
    public static void checkName(AugmentSettings s) {
        if (s.outputFormat() != OutputFormat.PARQUET) {
            LakeTable.of(s.outputFormat(), s.output()).checkName("--output-format");
        }
    }

    /**
     * The output checks of {@code augment} that can be made before Spark starts: those of an output that is local for
     * sure under {@code master} (kept apart from the input when that is local too). {@link Output#open()} makes them
     * all again on Spark's file systems.
     */
    public static void checkBeforeSpark(AugmentSettings s, OutputMode mode, String master, PrintWriter notes) {
        if (s.outputFormat() == OutputFormat.ICEBERG || !OutputPaths.isLocal(s.output(), master)) {
            return;
        }
        boolean localInput = s.format() != InputFormat.ICEBERG && OutputPaths.isLocal(s.input(), master);
        String input = localInput ? s.input() : null;
        if (s.outputFormat() == OutputFormat.DELTA) {
            OutputPaths.checkSeparate(s.output(), input, OutputPaths.localConf());
        } else {
            ParquetFolderOutput.check(s.output(), input, mode, OutputPaths.localConf(), notes, APPEND_CHOICE);
        }
    }

    /** The output check of {@code generate} that can be made before Spark starts, when the output is local for sure. */
    public static void checkBeforeSpark(GenerateSettings s, OutputMode mode, String master) {
        if (OutputPaths.isLocal(s.output(), master)) {
            ParquetFolderOutput.check(s.output(), null, mode, OutputPaths.localConf(),
                    new PrintWriter(System.err, true), "");
        }
    }

    /** Refuses to append rows of {@code schema} to {@code output}, whose columns are {@code old}, unless they match. */
    static void checkColumns(String output, StructType old, StructType schema) {
        if (!columns(old).equals(columns(schema))) {
            throw new UsageException("--append: output " + output + " has the columns " + columns(old)
                    + ", but this run writes " + columns(schema) + "; append only rows of the same columns (the same"
                    + " input columns and --column), or write to a new --output");
        }
    }

    private static List<String> columns(StructType schema) {
        return Arrays.stream(schema.fields()).map(f -> f.name() + " " + f.dataType().simpleString()).toList();
    }

    /**
     * The checks of {@code augment --stream}: the input is a folder (the file source watches it for new files);
     * input, output and checkpoint are three separate folders, none inside another; a checkpoint without progress
     * starts an output that holds no data yet; a checkpoint with progress goes on writing the output it wrote
     * before (a Parquet file sink's holds {@code _spark_metadata}, a Delta table {@code _delta_log}).
     */
    public static void checkStream(String input, String output, String checkpoint, OutputFormat format,
                                   Configuration conf) {
        Path in = OutputPaths.qualify(input, conf);
        Path out = OutputPaths.qualify(output, conf);
        Path ck = OutputPaths.qualify(checkpoint, conf);
        if (!OutputPaths.isDirectory(in, conf)) {
            throw new UsageException("--stream watches a folder for new files, but --input " + input
                    + " is a file; give the folder it lies in");
        }
        OutputPaths.checkApart(conf, new OutputPaths.Named("--output", output),
                new OutputPaths.Named("--input", input), new OutputPaths.Named("--checkpoint", checkpoint));
        boolean started = OutputPaths.exists(new Path(ck, "offsets"), conf);
        if (!started && OutputPaths.exists(out, conf) && !OutputPaths.isEmptyDirectory(out, conf)) {
            throw new UsageException("output " + output + " already holds data but checkpoint " + checkpoint
                    + " has no progress; a stream appends to the output it started: give a new or empty --output,"
                    + " or the --checkpoint that wrote this output");
        }
        // What a stream leaves in its output: a file sink's log, or a Delta table's.
        String log = format == OutputFormat.DELTA ? TableSetup.DELTA_LOG : "_spark_metadata";
        if (started && !OutputPaths.exists(new Path(out, log), conf)) {
            throw new UsageException("checkpoint " + checkpoint + " has progress but output " + output
                    + " holds no output of a stream (no " + log + "); give the --output this checkpoint"
                    + " wrote, or a new --checkpoint to start over");
        }
    }

    /** Checks, on the running session, that a stream can write its output (a Delta table's session is set up). */
    public static void checkStreamSession(SparkSession spark, AugmentSettings s) {
        if (s.outputFormat() != OutputFormat.PARQUET) {
            LakeTable.of(s.outputFormat(), s.output()).checkSession(spark);
        }
    }

    /** The whole output as it is now: the table's current version, or the Parquet folder. */
    public static Dataset<Row> readAll(SparkSession spark, AugmentSettings s) {
        return s.outputFormat() == OutputFormat.PARQUET ? Inputs.written(spark, s, s.output())
                : LakeTable.of(s.outputFormat(), s.output()).read(spark, null);
    }
}
