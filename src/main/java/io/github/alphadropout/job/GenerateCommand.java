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

import io.github.alphadropout.job.files.OutputPaths;
import io.github.alphadropout.job.generate.GenerateRun;
import io.github.alphadropout.job.run.GenerateSettings;
import io.github.alphadropout.kernel.SampleShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code generate}: N(0,1) samples plus an id column, as Parquet. */
@Command(name = "generate", sortOptions = false, mixinStandardHelpOptions = true,
        customSynopsis = {
            "alpha-dropout generate --rows=N --shape=C,D,H,W [--type=TYPE]",
            "         [--column=NAME[,NAME...]] [--seed=S] [--partitions=K] --output=PATH",
            "         [--overwrite] [--master=URL] [--conf=KEY=VALUE]... [--[no-]progress]",
            "         [--stacktrace]"},
        description = {"Write N(0,1) samples (the input SELU networks expect), float or double (--type), plus an id"
                + " column, as Parquet.",
                "Sample values depend only on (seed, column, id), not on the partitioning."},
        footer = {"", "Example:", "  alpha-dropout generate --rows 10000 --shape 16,4,32,32 --output /tmp/samples"})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--rows", required = true, paramLabel = "N", description = "Number of rows (samples).")
    long rows;

    @Option(names = "--shape", required = true, paramLabel = "C,D,H,W", converter = ShapeOption.class,
            description = "Sample shape, channel first, e.g. 16,4,32,32 (any C,... works; no -1 here).")
    SampleShape shape;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--partitions", paramLabel = "K", defaultValue = "0",
            description = "Spark partitions, i.e. output files (default: sized by bytes, about"
                    + " spark.sql.files.maxPartitionBytes (128m unless set) of samples each, at least one per core, at"
                    + " most one per row).")
    int partitions;

    @Option(names = "--column", paramLabel = "NAME", split = ",", defaultValue = "features",
            description = "Sample column name(s), comma separated (default: ${DEFAULT-VALUE}).")
    List<String> columns;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "float",
            converter = EnumOption.Element.class, completionCandidates = EnumOption.Element.class,
            description = "Element type: ${COMPLETION-CANDIDATES} (array<float> or array<double>; default:"
                    + " ${DEFAULT-VALUE}).")
    GenerateSettings.ElementType type;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "Output path (Parquet).")
    String output;

    @Option(names = "--overwrite", description = "Replace an existing output.")
    boolean overwrite;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        OutputPaths.refuseCredentials("--output", output);
        GenerateSettings settings = new GenerateSettings(rows, shape, seed, partitions, columns, type, output);
        GenerateRun.checkBeforeSpark(settings, overwrite, JobSession.effectiveMaster(sparkOptions));
        try (JobSession session = JobSession.open("alpha-dropout generate", sparkOptions,
                spec.commandLine().getErr())) {
            GenerateRun.run(session.spark(), settings, overwrite, sparkOptions.showProgress(),
                    spec.commandLine().getErr()).print(spec.commandLine().getOut());
        }
        return AlphaDropoutJob.OK;
    }
}
