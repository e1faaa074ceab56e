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
import io.github.alphadropout.job.augment.BatchAugment;
import io.github.alphadropout.job.augment.StreamAugment;
import io.github.alphadropout.job.files.OutputPaths;
import io.github.alphadropout.job.input.Inputs;
import io.github.alphadropout.job.output.Outputs;
import io.github.alphadropout.job.report.ReportStep;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.CopySeeds;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.OutputFormat;
import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.StreamSettings;
import io.github.alphadropout.job.run.StreamTrigger;
import io.github.alphadropout.job.run.UsageException;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.HandleInvalid;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code augment}: K alpha-dropout copies of every row, other columns kept as they are. This class holds the
 * options and prints the outcome; {@link AugmentSettings} checks them, {@link BatchAugment} (batch) and
 * {@link StreamAugment} (stream) run them.
 */
@Command(name = "augment", sortOptions = false, mixinStandardHelpOptions = true,
        customSynopsis = {
            "alpha-dropout augment --input=PATH [--format=FORMAT]",
            "         --column=NAME[,NAME...] --shape=C,D,H,W --p=P [--mode=MODE] [--seed=S]",
            "         [--seed-column=ID] [--copies=K] [--copy-column=NAME]",
            "         [--handle-invalid=WHAT] [--[no-]verify-checksums]",
            "         --output=PATH|TABLE [--output-format=FORMAT]",
            "         [--overwrite | --append]",
            "         [--report=DIR]",
            "         [--master=URL] [--conf=KEY=VALUE]... [--[no-]progress] [--stacktrace]",
            "         [--stream --checkpoint=DIR [--trigger=WHEN]",
            "          [--max-files-per-trigger=N]]",
            "   or: alpha-dropout augment @FILE [OPTION...]"},
        description = {"Apply (feature) alpha dropout to tensor column(s) of a data set and write K augmented "
                + "copies of every row, each with its own seed and an int column 'copy' (0 to K-1; --copy-column"
                + " names it otherwise); every other column "
                + "is kept as it is. Output is Parquet files, a Delta Lake table or an Apache Iceberg table.",
                "Options can also come from a file, e.g. conf/augment.args (one option per line, # comments); "
                        + "options after @FILE override it."},
        footer = {"", "Exit codes: 0 done; 2 usage error (nothing written); 1 job failure, in one line that says"
                + " what is left: nothing (the output appears only once complete), or, when only the report"
                + " failed, the complete output; with --stream, the micro-batches committed before the failure"
                + " (a restart from the checkpoint goes on from there).",
                "", "Example:",
                "  alpha-dropout augment --input /data/scans --column features \\",
                "      --shape 16,4,32,32 --p 0.2 --copies 4 --seed 7 --seed-column id \\",
                "      --output /data/scans-augmented --report /tmp/report",
                "", "A stream (new files in the input folder are new data; a restart resumes from the checkpoint):",
                "  alpha-dropout augment --stream --input /data/incoming --column features \\",
                "      --shape 16,4,32,32 --p 0.2 --seed 7 --output /data/augmented \\",
                "      --checkpoint /data/augmented-checkpoint --trigger processing-time=1m"})
final class AugmentCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "Input data set: a path, or"
            + " with --format iceberg a table identifier CATALOG.NAMESPACE.TABLE.")
    String input;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "parquet",
            converter = EnumOption.Format.class, completionCandidates = EnumOption.Format.class,
            description = "Input format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). A table (delta:"
                    + " its path; iceberg: its identifier, with the catalog set up by --conf) is read at its current"
                    + " version, which the summary names; later commits do not change what the run reads.")
    InputFormat format;

    @Option(names = "--column", required = true, paramLabel = "NAME", split = ",",
            description = "Tensor column(s) to augment, comma separated: array<float>, array<double> or ML "
                    + "Vector, one flattened channel-first sample per row. Each is replaced in place.")
    List<String> columns;

    @Option(names = "--shape", required = true, paramLabel = "C,D,H,W", converter = ShapeOption.class,
            description = "Sample shape, channel first, e.g. 16,4,32,32 (any C,...; one -1 is inferred).")
    SampleShape shape;

    @Option(names = "--p", required = true, paramLabel = "P",
            description = "Drop probability in [0, 1] (PyTorch's default is 0.5).")
    double p;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "feature",
            converter = EnumOption.Mode.class, completionCandidates = EnumOption.Mode.class,
            description = "${COMPLETION-CANDIDATES}: feature drops whole channels (FeatureAlphaDropout), element"
                    + " single values (AlphaDropout). Default: ${DEFAULT-VALUE}.")
    DropoutMode mode;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed (default: ${DEFAULT-VALUE}). Copy k uses seed(S, k): S for k = 0, "
                    + "mix64(S + GOLDEN*k) after.")
    long seed;

    @Option(names = "--seed-column", paramLabel = "ID",
            description = "Seed each row's mask from this column (e.g. a unique id) instead of the row's position,"
                    + " so the output is the same whatever the partitioning or cluster.")
    String seedColumn;

    @Option(names = "--copies", paramLabel = "K", defaultValue = "1",
            description = "Augmented copies of every row (default: ${DEFAULT-VALUE}).")
    int copies;

    @Option(names = "--copy-column", paramLabel = "NAME", defaultValue = CopySeeds.COPY_COLUMN,
            description = "Name of the int column the job adds, which says which copy a row is (default:"
                    + " ${DEFAULT-VALUE}). Give another name when the input has a column of that name, e.g. to"
                    + " augment again an output of the job: --copy-column copy2.")
    String copyColumn;

    @Option(names = "--handle-invalid", paramLabel = "WHAT", defaultValue = "skip",
            converter = EnumOption.Invalid.class, completionCandidates = EnumOption.Invalid.class,
            description = "What to do with rows whose sample does not fit the shape or holds nulls"
                    + " (${COMPLETION-CANDIDATES}): skip drops them and counts them (default), error fails the"
                    + " job, keep passes them through unchanged.")
    HandleInvalid handleInvalid;

    @Option(names = "--verify-checksums", negatable = true,
            description = "Check every Parquet page read against its CRC checksum, so that a corrupt page fails"
                    + " the job instead of being read as wrong values (default: on; off with"
                    + " --no-verify-checksums; without the flag a parquet.page.verify-checksum.enabled setting"
                    + " decides).")
    Boolean verifyChecksums;

    @Option(names = "--output", required = true, paramLabel = "PATH|TABLE", description = "Output: a path"
            + " (Parquet, Delta), or with --output-format iceberg a table identifier CATALOG.NAMESPACE.TABLE.")
    String output;

    @Option(names = "--output-format", paramLabel = "FORMAT", defaultValue = "parquet",
            converter = EnumOption.Output.class, completionCandidates = EnumOption.Output.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). A table gets one"
                    + " atomic commit per run (--overwrite replaces its rows and columns, --append adds rows); its"
                    + " previous version stays readable until then, and by time travel after. The summary names the"
                    + " version written. Needs Delta Lake or Iceberg on the classpath (bin/alpha-dropout has both;"
                    + " spark-submit: --packages, see docs/job.md).")
    OutputFormat outputFormat;

    @Option(names = "--overwrite", description = "Replace an existing output (and report folder). The old output"
            + " is deleted only once the new one is in place; on a local disk or HDFS the output path holds the old"
            + " or the new output at every moment, except for the instant between two renames when it does not"
            + " exist. On S3 (s3a://) the new files appear at job commit, then the old ones are deleted: a failure"
            + " in between leaves both, without _SUCCESS, and the next run on the output finishes or undoes it."
            + " A table (--output-format delta or iceberg) is replaced in one commit: readers see the old version"
            + " or the new one, never a mix. With --stream only the report folder: a stream appends to its"
            + " output.")
    boolean overwrite;

    @Option(names = "--append", description = "Add the new rows to an existing output (or create it), never"
            + " touching its rows; its columns must be this run's. A failed run adds nothing: a table gets one"
            + " commit, a Parquet folder's new files are moved in one by one, and a run killed meanwhile leaves a"
            + " list by which the next run on the output removes them.")
    boolean append;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write an HTML report with PNG plots into this local folder.")
    Path report;

    @Option(names = "--stream",
            description = "Run as a Structured Streaming query: the input folder is a file source (files added"
                    + " later are new data; its schema is inferred from the files there now), the output a Parquet"
                    + " file sink or a Delta table (--output-format delta) that gets every row once per copy, even"
                    + " across restarts. A progress line per"
                    + " micro-batch. Without --seed-column, masks also depend on the micro-batch, so they differ"
                    + " from batch to batch, and a batch re-run from the checkpoint gets the same masks.")
    boolean stream;

    @Option(names = "--checkpoint", paramLabel = "DIR",
            description = "With --stream (required there): the query's checkpoint folder. Run the same command"
                    + " again with it to go on where the last run stopped.")
    String checkpoint;

    @Option(names = "--trigger", paramLabel = "WHEN", converter = TriggerOption.class,
            description = "With --stream, when micro-batches run. available-now (default): the files there now,"
                    + " then stop; once: the same in one micro-batch; processing-time=D, e.g. processing-time=10s:"
                    + " a micro-batch every D (ms, s, m or h) for new files, until stopped with Ctrl-C.")
    StreamTrigger trigger;

    @Option(names = "--max-files-per-trigger", paramLabel = "N",
            description = "With --stream: at most N new files per micro-batch (default: all).")
    Integer maxFilesPerTrigger;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        OutputPaths.refuseCredentials("--input", input);
        OutputPaths.refuseCredentials("--output", output);
        OutputPaths.refuseCredentials("--checkpoint", checkpoint);
        AugmentSettings settings = settings();
        StreamSettings streamSettings = streamSettings();
        OutputMode mode = mode();
        PrintWriter err = spec.commandLine().getErr();
        String master = JobSession.effectiveMaster(sparkOptions);
        OutputPaths.checkApart(OutputPaths.localConf(), BatchAugment.localPaths(settings, report,
                streamSettings == null ? null : streamSettings.checkpoint(), master));
        UsageException reportInUse = null;
        if (report != null) {
            try {
                ReportStep.checkFolder(report, overwrite);
            } catch (UsageException e) {
                reportInUse = e;
            }
        }
        try {
            if (streamSettings == null) {
                BatchAugment.checkBeforeSpark(settings, mode, master, err);
            } else {
                StreamAugment.checkBeforeSpark(settings, streamSettings, master);
            }
        } catch (UsageException e) {
            // Both in use (e.g. a command run twice): one message names both.
            throw reportInUse == null ? e : new UsageException(e.getMessage() + "; and " + reportInUse.getMessage());
        }
        if (reportInUse != null) {
            throw reportInUse;
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean delta = format == InputFormat.DELTA || outputFormat == OutputFormat.DELTA;
        try (JobSession session = JobSession.open("alpha-dropout augment" + (stream ? " --stream" : ""),
                sparkOptions, err, sessionSettings -> {
                    if (delta) {
                        TableSetup.addDeltaSession(sessionSettings);
                    }
                })) {
            if (streamSettings == null) {
                BatchAugment.Result result = BatchAugment.run(session.spark(), settings, report, mode,
                        sparkOptions.showProgress(), err);
                result.summary().print(out, "alpha-dropout augment: done");
                printWhere(out, result.report());
            } else {
                StreamAugment.Result result = StreamAugment.run(session.spark(), settings, streamSettings, report,
                        out, sparkOptions.progress == null || sparkOptions.progress, sparkOptions.showProgress());
                result.summary().print(out, "alpha-dropout augment --stream: done, " + result.batches()
                        + " micro-batch" + (result.batches() == 1 ? "" : "es") + " in this run");
                printWhere(out, result.report());
            }
        }
        return AlphaDropoutJob.OK;
    }

    /** The settings the options give; a {@link UsageException} when they do not make sense. */
    AugmentSettings settings() {
        AugmentSettings settings = new AugmentSettings(input, format, columns, shape, p, mode, seed, seedColumn,
                copies, handleInvalid, output, verifyChecksums, outputFormat, copyColumn);
        if (stream && format.isTable()) {
            throw new UsageException("--stream watches a folder for new files (--format parquet, orc or json); read"
                    + " a " + format + " table with a batch run");
        }
        if (stream && outputFormat == OutputFormat.ICEBERG) {
            throw new UsageException("--stream writes Parquet files or a Delta table (--output-format parquet or"
                    + " delta); write an Iceberg table with a batch run");
        }
        Inputs.checkName(settings);
        Outputs.checkName(settings);
        return settings;
    }

    /** What the run does to an existing output: --overwrite, --append (never both), or neither. */
    OutputMode mode() {
        if (append && overwrite) {
            throw new UsageException("--append and --overwrite exclude each other: --append adds to the output,"
                    + " --overwrite replaces it");
        }
        if (append && stream) {
            throw new UsageException("--append is for batch runs; a stream always adds to its output");
        }
        return append ? OutputMode.APPEND : overwrite ? OutputMode.OVERWRITE : OutputMode.CREATE;
    }

    /** The stream's settings with {@code --stream}; null without (and then no stream option may be given). */
    StreamSettings streamSettings() {
        if (!stream) {
            String given = checkpoint != null ? "--checkpoint" : trigger != null ? "--trigger"
                    : maxFilesPerTrigger != null ? "--max-files-per-trigger" : null;
            if (given != null) {
                throw new UsageException(given + " is an option of --stream; add --stream to run as a stream");
            }
            return null;
        }
        StreamSettings settings = new StreamSettings(checkpoint, trigger,
                maxFilesPerTrigger);
        settings.checkReport(report);
        return settings;
    }

    /** picocli's converter for {@code --trigger}. */
    static final class TriggerOption implements CommandLine.ITypeConverter<StreamTrigger> {
        @Override
        public StreamTrigger convert(String value) {
            try {
                return StreamTrigger.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    private void printWhere(PrintWriter out, ReportStep.Report written) {
        out.println("  output                " + OutputPaths.redact(output));
        if (stream) {
            out.println("  checkpoint            " + OutputPaths.redact(checkpoint));
        }
        if (written != null) {
            out.println("  report                " + written.page().toAbsolutePath());
        }
        out.flush();
    }
}
