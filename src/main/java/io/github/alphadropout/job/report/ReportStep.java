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

package io.github.alphadropout.job.report;

import io.github.alphadropout.job.run.JobBuild;
import io.github.alphadropout.job.files.LocalFiles;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.RunSummary;
import io.github.alphadropout.job.run.SparkProgress;
import io.github.alphadropout.job.run.UsageException;
import io.github.alphadropout.kernel.AlphaDropoutKernels;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code augment --report DIR}, for a batch run and a stream alike: the numbers (Spark aggregations over input and
 * output), the page and its charts written into a hidden sibling folder of {@code DIR}, then moved into place, so a
 * report is complete or not there (an old one is replaced only by a complete new one).
 */
public final class ReportStep {

    /** A written report: its page, and the numbers on it. */
    public record Report(Path page, List<ReportStats.ColumnReport> columns) {
    }

    private ReportStep() {
    }

    /**
     * Refuses a report folder that is a file or lies inside one, and one that holds files without
     * {@code --overwrite}.
     */
    public static void checkFolder(Path dir, boolean overwrite) {
        if (Files.isRegularFile(dir)) {
            throw new UsageException("--report " + dir + " is a file; give a folder");
        }
        for (Path up = dir.toAbsolutePath().getParent(); up != null; up = up.getParent()) {
            if (Files.exists(up)) {
                if (!Files.isDirectory(up)) {
                    throw new UsageException("--report " + dir + " cannot be made: " + up + " is a file; give a"
                            + " folder elsewhere");
                }
                break;
            }
        }
        if (!overwrite && Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new UsageException("report folder " + dir + " is not empty; add --overwrite to replace it");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Computes the report of a finished run over {@code input} and the {@code written} output, and writes it. */
    public static Report write(SparkSession spark, AugmentSettings s, RunSummary summary, Dataset<Row> input,
                        Dataset<Row> written, Path dir, boolean showProgress) {
        List<ReportStats.ColumnReport> columns;
        try (SparkProgress ignored = SparkProgress.start(spark.sparkContext(), "report", showProgress, System.err)) {
            columns = ReportStats.compute(input, written, s);
        }
        ReportWriter.RunInfo run = new ReportWriter.RunInfo(s, summary, spark.sparkContext().master(),
                spark.version(), AlphaDropoutKernels.get().name(), JobBuild.version());
        Path scratch = LocalFiles.hiddenSibling(dir);
        try {
            ReportWriter.write(scratch, run, columns);
            LocalFiles.moveInto(scratch, dir);
        } catch (RuntimeException | Error e) {
            try {
                LocalFiles.deleteRecursively(scratch);
            } catch (UncheckedIOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return new Report(dir.resolve(ReportWriter.INDEX), columns);
    }
}
