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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Help, version and bad usage: exit 2 with one clear line and nothing written. None of these start Spark (they
 * are all caught before), so this class runs in about a second.
 */
class CliUsageTest {

    @TempDir
    Path tmp;

    private Path input() throws IOException {
        Path in = tmp.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("part-0.parquet"), "not really parquet; never read by these tests");
        return in;
    }

    private static void assertUsageError(Cli.Outcome o, String... fragments) {
        assertEquals(AlphaDropoutJob.USAGE, o.code(), o::toString);
        String err = o.errLine();
        assertEquals(1, err.lines().count(), () -> "one line expected:\n" + o);
        for (String f : fragments) {
            assertTrue(err.contains(f), () -> "'" + f + "' missing in: " + err);
        }
        assertTrue(err.contains("--help"), () -> "points at --help: " + err);
        assertTrue(o.out().isEmpty(), o::toString);
    }

    private String[] augment(String... more) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("augment", "--input", input().toString(), "--column",
                "features", "--shape", "4,2,4,4", "--p", "0.2", "--output", tmp.resolve("out").toString()));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    /** Replaces the value after {@code option} in the arguments. */
    private static String[] with(String[] args, String option, String value) {
        String[] copy = args.clone();
        for (int i = 0; i < copy.length - 1; i++) {
            if (copy[i].equals(option)) {
                copy[i + 1] = value;
            }
        }
        return copy;
    }

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().allMatch(n -> n.equals("in") || n.equals("out-existing")), names::toString);
        }
    }

    @Test
    void helpListsTheCommands() {
        Cli.Outcome o = Cli.run("--help");
        assertEquals(0, o.code(), o::toString);
        for (String s : List.of("demo", "generate", "augment", "--stacktrace", "spark-submit", "Exit codes")) {
            assertTrue(o.out().contains(s), () -> s + " missing:\n" + o.out());
        }
    }

    @Test
    void helpNamesTheJobJarWhereTheBuildPutsIt() {
        Cli.Outcome o = Cli.run("--help");
        assertEquals(0, o.code(), o::toString);
        // The shade plugin's jar: target/ of the spark module, named after the artifact (line and Scala) and version.
        java.util.regex.Matcher jar = java.util.regex.Pattern.compile(
                "spark/target/spark-alpha-dropout-(4|3\\.5)_2\\.1[23]-[0-9][^ ]*-job\\.jar").matcher(o.out());
        assertTrue(jar.find(), o::toString);
        String spark = org.apache.spark.package$.MODULE$.SPARK_VERSION();
        assertTrue(jar.group().contains(spark.startsWith("3.") ? "-3.5_" : "-4_"), jar.group());
        assertFalse(o.out().contains("<version>"), o::toString);
    }

    @Test
    void generateHelpSaysWhatItWritesAndHowItSizesPartitions() {
        String text = help("generate");
        assertTrue(text.contains("float or double"), text);
        assertTrue(text.contains("spark.sql.files.maxPartitionBytes"), text);
        assertFalse(text.contains("default parallelism)"), text);
    }

    @Test
    void copyColumnMustNotBeAnAugmentedOrSeedColumn() throws IOException {
        assertUsageError(Cli.run(augment("--copy-column", "features")), "--column cannot be 'features'",
                "--copy-column");
        assertUsageError(Cli.run(augment("--copy-column", "ID", "--seed-column", "id")),
                "--seed-column cannot be 'id'", "--copy-column");
        assertUsageError(Cli.run(augment("--copy-column", " ")), "--copy-column needs a name");
        assertNothingWritten();
    }

    @Test
    void augmentHelpShowsEveryFlag() {
        Cli.Outcome o = Cli.run("augment", "--help");
        assertEquals(0, o.code(), o::toString);
        for (String s : List.of("--input", "--format", "--column", "--shape", "--p", "--mode", "--seed",
                "--seed-column", "--copies", "--copy-column", "--handle-invalid", "--output", "--overwrite",
                "--report", "--master",
                "--conf", "--[no-]progress", "--stacktrace", "@FILE", "conf/augment.args", "--stream",
                "--checkpoint", "--trigger", "--max-files-per-trigger")) {
            assertTrue(o.out().contains(s), () -> s + " missing:\n" + o.out());
        }
        assertEquals(0, Cli.run("help", "generate").code());
        assertEquals(0, Cli.run("demo", "--help").code());
    }

    /** A command's --help as a terminal 80 columns wide shows it. */
    private static String help(String command) {
        java.io.StringWriter text = new java.io.StringWriter();
        picocli.CommandLine cl = AlphaDropoutJob.commandLine(new java.io.PrintWriter(text),
                new java.io.PrintWriter(new java.io.StringWriter()));
        cl.setUsageHelpAutoWidth(false);
        cl.setUsageHelpWidth(80);
        return cl.getSubcommands().get(command).getUsageMessage();
    }

    @Test
    void helpFitsEightyColumnsAndKeepsValuesWhole() {
        for (String command : List.of("augment", "generate", "demo")) {
            String text = help(command);
            for (String line : text.lines().toList()) {
                assertTrue(line.length() <= 80, () -> command + ": line longer than 80 columns: " + line);
            }
            List<String> synopsis = text.lines().takeWhile(l -> !l.isBlank() && (l.startsWith("Usage:")
                    || l.startsWith(" "))).toList();
            assertTrue(synopsis.stream().skip(1).allMatch(l -> l.startsWith("  ")),
                    () -> command + ": every synopsis line after the first is indented:\n" + text);
            for (String whole : List.of("spark.master", "local[*]", "spark.sql.shuffle.partitions=8")) {
                assertTrue(text.contains(whole), () -> command + ": '" + whole + "' is split:\n" + text);
            }
        }
        String augment = help("augment");
        assertTrue(augment.contains("      --trigger=WHEN        With --stream, when micro-batches run."), augment);
        assertTrue(augment.contains("[--trigger=WHEN]"), augment);
        // The values of the enum options, as they are typed.
        assertTrue(augment.contains("--format=FORMAT       Input format: parquet, orc, json, delta, iceberg\n"),
                augment);
        assertTrue(augment.contains("Output format: parquet, delta, iceberg (default:\n"), augment);
        assertTrue(augment.contains("--mode=MODE           feature, element: "), augment);
        assertTrue(augment.contains("(error, skip, keep)"), augment);
        assertTrue(help("generate").contains("--type=TYPE        Element type: float, double"), help("generate"));
    }

    @Test
    void enumValuesIgnoreCase() throws IOException {
        // Accepted (the run then stops at the missing input, before Spark starts).
        String[] args = with(augment("--mode", "ELEMENT", "--format", "Parquet", "--handle-invalid", "KEEP"),
                "--input", tmp.resolve("nope").toString());
        assertUsageError(Cli.run(args), "does not exist");
    }

    @Test
    void versionNamesSpark() {
        Cli.Outcome o = Cli.run("--version");
        assertEquals(0, o.code(), o::toString);
        String spark = org.apache.spark.package$.MODULE$.SPARK_VERSION();
        assertTrue(o.out().startsWith("alpha-dropout ") && o.out().contains("running on Spark " + spark)
                && o.out().contains("spark-alpha-dropout-"), o::toString);
    }

    @Test
    void noCommandIsAUsageError() {
        assertUsageError(Cli.run(), "choose a command");
    }

    @Test
    void unknownFlag() throws IOException {
        assertUsageError(Cli.run(augment("--colums", "x")), "alpha-dropout augment", "Unknown option", "--colums");
        assertNothingWritten();
    }

    @Test
    void unknownFlagCloseToARealOneGetsASuggestion() throws IOException {
        Cli.Outcome o = Cli.run(augment("--copie", "2"));
        assertUsageError(o, "--copie");
        assertTrue(o.errLine().contains("did you mean"), o::toString);
    }

    @Test
    void missingRequiredOption() {
        assertUsageError(Cli.run("augment", "--input", "x", "--shape", "4,4", "--p", "0.5", "--output", "y"),
                "Missing required option", "--column");
    }

    @Test
    void missingInput() throws IOException {
        String[] args = with(augment(), "--input", tmp.resolve("nope").toString());
        assertUsageError(Cli.run(args), "input", "nope", "does not exist");
        assertNothingWritten();
    }

    @Test
    void badShape() throws IOException {
        assertUsageError(Cli.run(with(augment(), "--shape", "4,x,4")), "--shape", "'x' is not an integer");
        assertUsageError(Cli.run(with(augment(), "--shape", "4,0,4")), "--shape", "every dimension must be positive");
        assertUsageError(Cli.run(with(augment(), "--shape", "-1,-1")), "more than one -1");
        assertNothingWritten();
    }

    @Test
    void probabilityOutOfRangeUsesPyTorchsWording() throws IOException {
        assertUsageError(Cli.run(with(augment(), "--p", "1.5")),
                "dropout probability has to be between 0 and 1, but got 1.5");
        assertUsageError(Cli.run(with(augment(), "--p", "-0.1")), "but got -0.1");
        assertUsageError(Cli.run(with(augment(), "--p", "NaN")), "but got NaN");
        assertUsageError(Cli.run(with(augment(), "--p", "half")), "--p", "half");
        assertNothingWritten();
    }

    @Test
    void existingOutputNeedsOverwrite() throws IOException {
        Path existing = tmp.resolve("out-existing");
        Files.createDirectories(existing);
        Files.writeString(existing.resolve("keep.txt"), "old");
        assertUsageError(Cli.run(with(augment(), "--output", existing.toString())), "already exists",
                "--overwrite");
        assertEquals("old", Files.readString(existing.resolve("keep.txt")));
        assertNothingWritten();
    }

    @Test
    void outputMustDifferFromInput() throws IOException {
        String[] args = augment();
        assertUsageError(Cli.run(with(args, "--output", input().toString())), "is the same folder as --input");
        assertUsageError(Cli.run(with(args, "--output", input().resolve("sub").toString())), "inside --input");
        String[] over = java.util.Arrays.copyOf(args, args.length + 1);
        over[args.length] = "--overwrite";
        assertUsageError(Cli.run(with(over, "--output", tmp.toString())), "contains --input");
        assertNothingWritten();
    }

    @Test
    void otherBadValues() throws IOException {
        assertUsageError(Cli.run(augment("--copies", "0")), "--copies must be at least 1");
        assertUsageError(Cli.run(augment("--mode", "channel")),
                "Invalid value for option '--mode': expected one of feature, element but was 'channel'");
        assertUsageError(Cli.run(augment("--format", "csv")),
                "Invalid value for option '--format': expected one of parquet, orc, json, delta, iceberg but was"
                        + " 'csv'");
        assertUsageError(Cli.run(augment("--output-format", "orc")),
                "Invalid value for option '--output-format': expected one of parquet, delta, iceberg but was 'orc'");
        assertUsageError(Cli.run(augment("--handle-invalid", "drop")),
                "Invalid value for option '--handle-invalid': expected one of error, skip, keep but was 'drop'");
        assertUsageError(Cli.run(with(augment(), "--column", "features,features")), "twice");
        assertUsageError(Cli.run(with(augment(), "--column", "copy")), "the job adds that column");
        assertUsageError(Cli.run(augment("--conf", "spark.x=1", "--copies", "x")), "--copies", "'x'");
        assertNothingWritten();
    }

    @Test
    void reportFolderThatIsNotEmptyNeedsOverwrite() throws IOException {
        Path report = tmp.resolve("out-existing");
        Files.createDirectories(report);
        Files.writeString(report.resolve("index.html"), "old");
        assertUsageError(Cli.run(augment("--report", report.toString())), "report folder", "--overwrite");
        assertNothingWritten();
    }

    @Test
    void reportFolderInsideAFileIsRefusedBeforeTheRun() throws IOException {
        Path file = tmp.resolve("out-existing");
        Files.writeString(file, "a file");
        assertUsageError(Cli.run(augment("--report", file.resolve("report").toString())), "--report",
                "cannot be made: " + file + " is a file");
        assertEquals("a file", Files.readString(file));
        assertNothingWritten();
    }

    @Test
    void streamOptionsGoTogether() throws IOException {
        String checkpoint = tmp.resolve("checkpoint").toString();
        assertUsageError(Cli.run(augment("--checkpoint", checkpoint)), "--checkpoint is an option of --stream");
        assertUsageError(Cli.run(augment("--trigger", "once")), "--trigger is an option of --stream");
        assertUsageError(Cli.run(augment("--stream")), "--stream needs --checkpoint");
        assertUsageError(Cli.run(augment("--stream", "--checkpoint", checkpoint, "--trigger", "sometimes")),
                "--trigger", "'sometimes' is not a trigger");
        assertUsageError(Cli.run(augment("--stream", "--checkpoint", checkpoint, "--trigger", "processing-time=0s")),
                "is not a trigger");
        assertUsageError(Cli.run(augment("--stream", "--checkpoint", checkpoint, "--max-files-per-trigger", "0")),
                "--max-files-per-trigger must be at least 1");
        assertUsageError(Cli.run(augment("--stream", "--checkpoint", checkpoint, "--trigger", "processing-time=10s",
                "--report", tmp.resolve("report").toString())), "--report needs a stream that ends");
        assertNothingWritten();
    }

    @Test
    void streamFoldersAreCheckedBeforeSparkStarts() throws IOException {
        assertUsageError(Cli.run(augment("--stream", "--checkpoint", input().resolve("checkpoint").toString())),
                "--checkpoint", "--input", "must be separate folders");
        Path existing = tmp.resolve("out-existing");
        Files.createDirectories(existing);
        Files.writeString(existing.resolve("keep.txt"), "old");
        assertUsageError(Cli.run(with(augment("--stream", "--checkpoint", tmp.resolve("checkpoint").toString()),
                "--output", existing.toString())), "already holds data", "has no progress");
        assertUsageError(Cli.run(with(augment("--stream", "--checkpoint", tmp.resolve("checkpoint").toString()),
                "--input", input().resolve("part-0.parquet").toString())), "watches a folder");
        assertEquals("old", Files.readString(existing.resolve("keep.txt")));
        assertNothingWritten();
    }

    @Test
    void generateChecksItsArguments() {
        assertUsageError(Cli.run("generate", "--rows", "0", "--shape", "2,2", "--output",
                tmp.resolve("g").toString()), "--rows must be at least 1");
        assertUsageError(Cli.run("generate", "--rows", "5", "--shape", "-1,2", "--output",
                tmp.resolve("g").toString()), "-1");
        assertUsageError(Cli.run("generate", "--rows", "5", "--shape", "2,2", "--type", "half", "--output",
                tmp.resolve("g").toString()), "Invalid value for option '--type': expected one of float, double"
                + " but was 'half'");
        assertFalse(Files.exists(tmp.resolve("g")));
    }

    @Test
    void stacktraceFlagIsAcceptedEverywhere() throws IOException {
        Cli.Outcome o = Cli.run(with(augment("--stacktrace"), "--p", "2"));
        assertEquals(AlphaDropoutJob.USAGE, o.code());
        assertTrue(o.err().contains("at io.github.alphadropout.job"), o::toString);
    }

    @Test
    void argumentFileIsRead() throws IOException {
        Path args = tmp.resolve("augment.args");
        Files.writeString(args, "# comment\n--input " + tmp.resolve("missing") + "\n--column features\n"
                + "--shape 4,2,4,4\n--p 0.2\n--output " + tmp.resolve("o") + "\n");
        Cli.Outcome o = Cli.run("augment", "@" + args);
        assertUsageError(o, "does not exist");
        // Options after the file win over the file's own.
        o = Cli.run("augment", "@" + args, "--p", "3");
        assertUsageError(o, "but got 3.0");
    }

    @Test
    void samplesThatCannotFitInASparkRowAreRefusedBeforeSparkStarts() {
        // 512 Mi floats (2 GiB): refused by generate and augment (SampleLimitsTest has the arithmetic).
        Cli.Outcome g = Cli.run("generate", "--rows", "1", "--shape", "1,512,1024,1024", "--output",
                tmp.resolve("never").toString());
        assertEquals(AlphaDropoutJob.USAGE, g.code(), g::toString);
        assertTrue(g.errLine().contains("--shape 1,512,1024,1024: samples of 536,870,912 float values take"
                + " 2,214,592,544 bytes (2.06 GiB) per row, but Spark holds each row in one array of at most"
                + " 2,147,483,632 bytes (2 GiB)"), g::toString);
        assertTrue(g.errLine().contains("To fix: split each sample into smaller ones"), g::toString);
        Cli.Outcome a = Cli.run("augment", "--input", tmp.toString(), "--column", "x", "--shape", "1,512,1024,1024",
                "--p", "0.2", "--output", tmp.resolve("never").toString());
        assertEquals(AlphaDropoutJob.USAGE, a.code(), a::toString);
        assertTrue(a.errLine().contains("--shape 1,512,1024,1024: samples of 536,870,912 float values take"
                + " 2,214,592,544 bytes"), a::toString);
    }
}
