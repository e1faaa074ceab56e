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

package io.github.alphadropout.job.generate;

import io.github.alphadropout.job.run.OptionText;
import io.github.alphadropout.job.files.ParquetWriterSettings;
import io.github.alphadropout.job.output.Output;
import io.github.alphadropout.job.output.Outputs;
import io.github.alphadropout.job.run.GenerateSettings;
import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.SparkProgress;
import io.github.alphadropout.job.run.UsageException;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A {@code generate} run on a running SparkSession: the samples into a scratch folder, committed at the end. Unless
 * {@code --partitions} says otherwise, partitions are sized by bytes, as Spark sizes the partitions it reads:
 * about {@value #MAX_PARTITION_BYTES} (128 MiB by default) of samples each ({@link GenerateSettings#partitions}),
 * so that a task's memory does not grow with the data set.
 */
public final class GenerateRun {

    /** The setting that sizes Spark's read partitions; generate sizes its partitions (files) by it too. */
    static final String MAX_PARTITION_BYTES = "spark.sql.files.maxPartitionBytes";

    /** What a run produced. */
    public record Result(GenerateSettings settings, double seconds) {

        /** The summary {@code generate} prints. */
        public void print(PrintWriter out) {
            GenerateSettings s = settings;
            out.println(String.format(Locale.ROOT, "alpha-dropout generate: wrote %,d rows to %s", s.rows(),
                    s.output()));
            out.println("  columns               id (bigint), " + String.join(", ", s.columns()) + " (array<"
                    + OptionText.of(s.type()) + ">, " + s.shape().fixedLength() + " values of shape "
                    + OptionText.shape(s.shape()) + ", N(0,1))");
            out.println(String.format(Locale.ROOT, "  time                  %.1f s", seconds));
            out.println(String.format(Locale.ROOT, "  throughput            %,.0f rows/s, %,.1f M values/s",
                    s.rows() / seconds, s.values() / seconds / 1e6));
            out.flush();
        }
    }

    private GenerateRun() {
    }

    /** The bytes of samples a partition is to hold: {@value #MAX_PARTITION_BYTES}. */
    static long targetBytes(SparkSession spark) {
        String value = spark.conf().get(MAX_PARTITION_BYTES, "128m");
        try {
            return JavaUtils.byteStringAsBytes(value);
        } catch (NumberFormatException e) {
            throw new UsageException(MAX_PARTITION_BYTES + " is '" + value + "', not a size such as 128m");
        }
    }

    /** The output check that can be made before Spark starts, when the output is local for sure. */
    public static void checkBeforeSpark(GenerateSettings s, boolean overwrite, String master) {
        Outputs.checkBeforeSpark(s, mode(overwrite), master);
    }

    private static OutputMode mode(boolean overwrite) {
        return overwrite ? OutputMode.OVERWRITE : OutputMode.CREATE;
    }

    /** Writes the samples; a failure leaves nothing at the output (and says so). */
    public static Result run(SparkSession spark, GenerateSettings s, boolean overwrite, boolean show) {
        return run(spark, s, overwrite, show, new PrintWriter(System.err, true));
    }

    /**
     * As above, through the same output as {@code augment} ({@link Output}: renames on a local disk or HDFS, S3A's
     * magic committer on {@code s3a://}); what interrupted runs left is put right first and said on {@code notes}.
     * Without {@code overwrite}, an output that appears while the job runs is left as it is.
     */
    public static Result run(SparkSession spark, GenerateSettings s, boolean overwrite, boolean show, PrintWriter notes) {
        long start = System.nanoTime();
        int partitions = s.partitions(targetBytes(spark), spark.sparkContext().defaultParallelism());
        Output output = Outputs.of(spark, s, mode(overwrite), notes);
        try {
            output.open();
            try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), "generate", show, System.err)) {
                output.write(SampleGenerator.generate(spark, s.rows(), s.shape().fixedLength(), s.columns(),
                        s.doubles(), s.seed(), partitions), ParquetWriterSettings.writeOptions(spark, s.bytesPerRow()));
            }
            output.commit();
        } catch (Exception | Error e) { // SparkException too: Spark throws it undeclared
            throw output.failed(e, s.memoryAdvice(partitions));
        } finally {
            output.close();
        }
        return new Result(s, (System.nanoTime() - start) / 1e9);
    }
}
