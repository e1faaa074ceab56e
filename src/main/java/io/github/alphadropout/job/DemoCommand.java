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

import io.github.alphadropout.job.run.OptionText;
import io.github.alphadropout.job.augment.BatchAugment;
import io.github.alphadropout.job.files.LocalFiles;
import io.github.alphadropout.job.generate.GenerateRun;
import io.github.alphadropout.job.report.ReportStats;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.GenerateSettings;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.OutputMode;
import io.github.alphadropout.job.run.UsageException;
import io.github.alphadropout.job.report.ReportStats.ChannelGroup;
import io.github.alphadropout.job.report.ReportStats.ColumnReport;
import io.github.alphadropout.job.report.ReportStats.CopyStats;
import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.HandleInvalid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code demo}: generate, augment and report on a small data set; no arguments, no data needed. */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Generate a small N(0,1) data set, augment it on local Spark (feature alpha dropout, p = 0.2,"
                + " 3 copies) and write a report with plots; then print where everything is and what it shows.",
                "Needs no arguments and no data. Files go under target/alpha-dropout-demo in the project (or a "
                        + "temporary folder); a second run replaces them, and refuses a folder that holds anything"
                        + " else unless --overwrite."})
final class DemoCommand implements Callable<Integer> {

    /** System property bin/alpha-dropout sets to the project folder. */
    static final String HOME_PROPERTY = "alphadropout.home";
    static final String FOLDER = "alpha-dropout-demo";

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Folder for the demo's data and report (default: target/" + FOLDER
                    + " in the project, or a new temporary folder).")
    Path dir;

    @Option(names = "--overwrite", description = "Use a --dir that holds files the demo did not make (they are"
            + " kept; only the demo's input, output and report folders in it are replaced).")
    boolean overwrite;

    @Option(names = "--rows", paramLabel = "N", defaultValue = "2000", description = "Rows (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--copies", paramLabel = "K", defaultValue = "3", description = "Copies (default: ${DEFAULT-VALUE}).")
    int copies;

    @Option(names = "--p", paramLabel = "P", defaultValue = "0.2", description = "Drop probability (default: ${DEFAULT-VALUE}).")
    double p;

    @Mixin
    SparkOptions sparkOptions;

    static final SampleShape SHAPE = SampleShape.of(8, 2, 8, 8);
    static final long SEED = 7;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path root = (dir != null ? dir : defaultDir()).toAbsolutePath().normalize();
        Path input = root.resolve("input");
        Path output = root.resolve("output");
        Path report = root.resolve("report");
        GenerateSettings data = new GenerateSettings(rows, SHAPE, 1, 0, List.of("features"),
                GenerateSettings.ElementType.FLOAT, input.toString());
        AugmentSettings settings = new AugmentSettings(input.toString(), InputFormat.PARQUET, List.of("features"),
                SHAPE, p, DropoutMode.FEATURE, SEED, GenerateSettings.ID_COLUMN, copies, HandleInvalid.SKIP,
                output.toString(), null);
        checkDir(root, dir == null, overwrite);
        Files.createDirectories(root);
        Files.writeString(root.resolve(MARKER), "made by alpha-dropout demo\n");
        for (Path old : List.of(input, output, report)) {
            LocalFiles.deleteRecursively(old);
        }
        out.println("alpha-dropout demo: working in " + root);
        out.flush();

        try (JobSession session = JobSession.open("alpha-dropout demo", sparkOptions, spec.commandLine().getErr())) {
            boolean show = sparkOptions.showProgress();
            GenerateRun.run(session.spark(), data, false, show).print(out);
            out.println();
            BatchAugment.Result result = BatchAugment.run(session.spark(), settings, report, OutputMode.CREATE,
                    show, spec.commandLine().getErr());
            result.summary().print(out, "alpha-dropout augment: done");
            out.println();
            explain(out, settings, result, input, output, root);
            out.flush();
        }
        return AlphaDropoutJob.OK;
    }

    static Path defaultDir() throws IOException {
        String home = System.getProperty(HOME_PROPERTY);
        if (home != null && Files.isDirectory(Path.of(home))) {
            return Path.of(home, "target", FOLDER);
        }
        return Files.createTempDirectory(FOLDER + "-");
    }

    /** The file that marks a folder as the demo's: what it holds besides is the demo's, or the Next line's. */
    static final String MARKER = ".alpha-dropout-demo";
    /**
     * What the demo makes in its folder (the input, output and report it replaces), and what the commands the
     * project suggests write there (its Next line; conf/augment.args): never replaced by the demo.
     */
    static final List<String> MADE = List.of(MARKER, "input", "output", "report", "my-output", "my-report",
            "augmented-from-args", "report-from-args");

    /**
     * Refuses a folder that holds anything the demo did not make (the demo replaces its input, output and report
     * folders), unless {@code --overwrite}: a folder that is not the demo's (no marker, not the default one) must be
     * empty; the demo's may hold only what the demo makes.
     */
    static void checkDir(Path root, boolean isDefault, boolean overwrite) throws IOException {
        if (overwrite || !Files.isDirectory(root)) {
            return;
        }
        boolean demos = isDefault || Files.exists(root.resolve(MARKER));
        List<String> other;
        try (var entries = Files.list(root)) {
            other = entries.map(p -> p.getFileName().toString())
                    .filter(name -> !demos || !madeByDemo(name)).sorted().toList();
        }
        if (!other.isEmpty()) {
            throw new UsageException("--dir " + root + " holds " + (demos ? "files the demo did not make: "
                    : "files of its own (it is not a demo folder): ") + String.join(", ", other) + "; the demo"
                    + " replaces its input, output and report folders there: give an empty or new --dir, or add"
                    + " --overwrite to use this one (only " + root.resolve("input") + ", " + root.resolve("output")
                    + " and " + root.resolve("report") + " are replaced)");
        }
    }

    /** Whether the demo (or a run of its Next line) makes a file of this name: its own, or their hidden scratch. */
    private static boolean madeByDemo(String name) {
        return MADE.contains(name) || MADE.stream().anyMatch(made -> name.startsWith("." + made + ".alpha-dropout-"));
    }

    /** How to start the job from where the user is: the launcher, relative when it lies below the current folder. */
    static String launcher() {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null) {
            return "alpha-dropout";
        }
        Path script = Path.of(home, "bin", "alpha-dropout").toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath().normalize();
        return script.startsWith(here) ? here.relativize(script).toString() : script.toString();
    }

    private static void explain(PrintWriter out, AugmentSettings s, BatchAugment.Result result, Path input,
                                Path output, Path root) {
        AlphaDropoutCoefficients k = AlphaDropoutCoefficients.of(s.p());
        ColumnReport c = result.report().columns().get(0);
        ReportStats.Moments in = c.input();
        out.println("What you have:");
        out.println("  input   " + input);
        out.println(String.format(Locale.ROOT, "          %,d rows: id, features = array<float> of %d values, "
                + "a sample of shape (C, D, H, W) = (%s), N(0,1)", result.summary().rowsIn(),
                s.shape().fixedLength(), OptionText.shape(s.shape()).replace(",", ", ")));
        out.println("  output  " + output);
        out.println(String.format(Locale.ROOT, "          %,d rows = %,d x %d copies (column 'copy'), "
                + "FeatureAlphaDropout p = %s, seed %d, masks seeded by 'id'", result.summary().rowsOut(),
                result.summary().rowsIn(), s.copies(), s.p(), s.seed()));
        out.println("  report  " + result.report().page().toAbsolutePath());
        out.println();
        out.println("What it shows:");
        out.println(String.format(Locale.ROOT, "  self-normalising: input mean %+.4f std %.4f", in.mean(), in.std()));
        for (CopyStats copy : c.copies()) {
            out.println(String.format(Locale.ROOT, "                    copy %d mean %+.4f std %.4f   (target 0 and 1)",
                    copy.copy(), copy.moments().mean(), copy.moments().std()));
        }
        double min = c.channels().stream().mapToDouble(ChannelGroup::dropRate).min().orElse(Double.NaN);
        double max = c.channels().stream().mapToDouble(ChannelGroup::dropRate).max().orElse(Double.NaN);
        out.println(String.format(Locale.ROOT, "  channels dropped: %.4f of all (p = %s); per channel %.4f to %.4f",
                c.dropRate(), s.p(), min, max));
        out.println(String.format(Locale.ROOT, "  a dropped channel holds %s everywhere (= -ALPHA*a*(1-p)); a kept one is "
                + "x * %s + %s", Float.toString(k.droppedValueF()), Float.toString(k.scaleF()),
                Float.toString(k.keptShiftF())));
        out.println();
        out.println("Next: open the report in a browser, or run your own data:");
        out.println("  " + launcher() + " augment --input " + input + " --column features --shape "
                + OptionText.shape(s.shape()) + " \\");
        out.println("      --p 0.5 --copies 2 --seed-column id --output " + root.resolve("my-output") + " --report "
                + root.resolve("my-report"));
        out.println("  (again: add --overwrite to replace what it wrote, or give a new --output and --report)");
    }
}
