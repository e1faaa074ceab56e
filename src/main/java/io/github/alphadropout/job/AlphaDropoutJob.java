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
import io.github.alphadropout.job.run.JobBuild;
import io.github.alphadropout.job.run.JobFailure;
import io.github.alphadropout.job.run.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The command-line augmentation job: {@code bin/alpha-dropout} runs it on local Spark, and
 * {@code spark-submit --class io.github.alphadropout.job.AlphaDropoutJob spark-alpha-dropout-VERSION-job.jar}
 * runs the same class on a cluster (it then never sets a master of its own).
 *
 * <p>Exit codes: 0 done; 2 usage error, with a one-line message and nothing written; 1 job failure, with one line
 * that gives the cause and says what the run left ({@link JobFailure}): nothing, or the complete output when only
 * the report failed, or a stream's committed micro-batches. {@code --stacktrace} prints the whole trace.
 *
 * <p>{@link #execute(PrintWriter, PrintWriter, String...)} runs a command in-process and returns its exit code
 * without exiting the JVM; it reuses a SparkSession that is already running (tests, notebooks).
 */
@Command(name = "alpha-dropout", mixinStandardHelpOptions = true, versionProvider = AlphaDropoutJob.Version.class,
        subcommands = {DemoCommand.class, GenerateCommand.class, AugmentCommand.class,
                CommandLine.HelpCommand.class},
        description = {"PyTorch-exact alpha dropout and feature alpha dropout for tensors stored in Spark data sets:"
                + " make augmented copies of a data set, with a report."},
        footer = {"", "Start with:  alpha-dropout demo",
                "Then:        alpha-dropout augment --help",
                "",
                "bin/alpha-dropout runs on local Spark, with conf/spark-defaults.conf and conf/log4j2.properties.",
                "On a cluster:",
                "  spark-submit --class io.github.alphadropout.job.AlphaDropoutJob \\",
                "      JOB_JAR augment ...",
                "",
                "Exit codes: 0 done, 1 job failure, 2 usage error."})
public final class AlphaDropoutJob implements Runnable {

    /** Exit code of a finished command. */
    public static final int OK = 0;
    /** Exit code of a job that failed while running. */
    public static final int FAILURE = 1;
    /** Exit code of a command called the wrong way. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "On failure, print the full stack trace, not just the one-line cause.")
    boolean stacktrace;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "choose a command: demo, generate or augment");
    }

    /**
     * The system property conf/log4j2.properties reads as the level of Spark's own failure reports (off unless
     * set); {@code --stacktrace} sets it to {@code warn}.
     */
    static final String FAILURE_LOGS = "alphadropout.failureLogs";

    /** Runs the job and exits the JVM with its exit code, unless it is 0 (spark-submit wants a normal return). */
    public static void main(String[] args) {
        // Before anything starts logging: the logging configuration reads it once.
        if (wantsStacktrace(args) && System.getProperty(FAILURE_LOGS) == null) {
            System.setProperty(FAILURE_LOGS, "warn");
        }
        int code = run(args);
        if (code != OK) {
            System.exit(code);
        }
    }

    /** Runs a command with System.out and System.err; returns the exit code. */
    public static int run(String... args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return execute(out, err, args);
    }

    /** Runs a command in-process, writing to the given streams; returns the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        return code;
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new AlphaDropoutJob());
        // The footer's JOB_JAR: the jar this build makes, named after its Spark line.
        String jobJar = jobJar();
        cl.getCommandSpec().usageMessage().footer(Arrays.stream(cl.getCommandSpec().usageMessage().footer())
                .map(line -> line.replace("JOB_JAR", jobJar)).toArray(String[]::new));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // The last of a repeated option wins, so options after an @file argument file override it.
        cl.setOverwrittenOptionsAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.setParameterExceptionHandler(AlphaDropoutJob::usageError);
        cl.setExecutionExceptionHandler(AlphaDropoutJob::failure);
        cl.setExecutionStrategy(AlphaDropoutJob::runLast);
        return cl;
    }

    /**
     * picocli's own strategy, except that an {@link Error} of the command (e.g. out of memory on this thread), which
     * picocli lets through, goes to {@link #failure} like an exception.
     */
    private static int runLast(ParseResult parseResult) {
        try {
            return new CommandLine.RunLast().execute(parseResult);
        } catch (Error e) {
            List<CommandLine> commands = parseResult.asCommandLineList();
            throw new CommandLine.ExecutionException(commands.get(commands.size() - 1), e.toString(), e);
        }
    }

    /** A bad flag or value: one line naming the command, the problem and where help is; exit 2. */
    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        String suggestion = "";
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            suggestion = "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        err.println(qualifiedName(cl) + ": " + OutputPaths.redact(JobFailure.oneLine(ex.getMessage())) + suggestion
                + " (see '" + qualifiedName(cl) + " --help')");
        if (wantsStacktrace(args)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return USAGE;
    }

    /**
     * An exception from a command: a {@link UsageException} is a usage error (exit 2); anything else is a job
     * failure (exit 1), told in one line: what failed, why, and what it left ({@link JobFailure#describe}).
     */
    private static int failure(Exception ex, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        boolean trace = parseResult.expandedArgs().contains("--stacktrace");
        UsageException usage = JobFailure.find(ex, UsageException.class);
        if (usage != null) {
            err.println(qualifiedName(cl) + ": " + OutputPaths.redact(JobFailure.oneLine(usage.getMessage()))
                    + " (see '" + qualifiedName(cl) + " --help')");
        } else {
            err.println(qualifiedName(cl) + ": " + OutputPaths.redact(JobFailure.describe(ex))
                    + (trace ? "" : " (run again with --stacktrace for the full trace)"));
        }
        if (trace) {
            ex.printStackTrace(err);
        }
        err.flush();
        return usage != null ? USAGE : FAILURE;
    }

    private static boolean wantsStacktrace(String[] args) {
        for (String a : args) {
            if (a.equals("--stacktrace")) {
                return true;
            }
        }
        return false;
    }

    private static String qualifiedName(CommandLine cl) {
        return cl.getCommandSpec().qualifiedName();
    }

    /**
     * Where the build puts the spark-submit jar, relative to the project folder: its name carries the Spark line and
     * Scala version ({@code spark/target/spark-alpha-dropout-4_2.13-0.1.0-job.jar}).
     */
    static String jobJar() {
        Properties build = JobBuild.properties();
        String artifact = build.getProperty("artifact", "spark-alpha-dropout-<line>_<scala>");
        return "spark/target/" + artifact + "-" + build.getProperty("version", "<version>") + "-job.jar";
    }

    /** picocli's --version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties build = JobBuild.properties();
            return new String[] {"alpha-dropout " + JobBuild.version() + " (" + build.getProperty("artifact", "dev")
                    + ", running on Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION() + ", Java "
                    + System.getProperty("java.version") + ")"};
        }
    }
}
