package io.github.alphadropout.job;

import io.github.alphadropout.job.augment.StreamTrigger;
import io.github.alphadropout.job.files.OutputPaths;
import io.github.alphadropout.job.files.ParquetWriterSettings;
import io.github.alphadropout.job.generate.SampleGenerator;
import io.github.alphadropout.job.run.OptionText;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.CopySeeds;
import io.github.alphadropout.job.run.GenerateSettings;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.JobFailure;
import io.github.alphadropout.job.run.RunSummary;
import io.github.alphadropout.job.run.SampleLimits;
import io.github.alphadropout.job.run.UsageException;
import io.github.alphadropout.testing.fs.LocalFileSystemUnderScheme;
import io.github.alphadropout.kernel.CounterRandom;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.HandleInvalid;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job's pure parts: copy seeds, shapes, generated samples, spark-defaults parsing, master choice. */
class JobPartsTest {

    @TempDir
    Path tmp;

    @Test
    void copySeedsFollowTheDocumentedFormula() {
        long s = 42;
        assertEquals(s, CopySeeds.seed(s, 0), "copy 0 is the Transformer with the job seed");
        assertEquals(CounterRandom.mix64(s + CounterRandom.GOLDEN), CopySeeds.seed(s, 1));
        assertEquals(CounterRandom.mix64(s + 5 * CounterRandom.GOLDEN), CopySeeds.seed(s, 5));
        Set<Long> seeds = new HashSet<>();
        for (int k = 0; k < 1000; k++) {
            assertTrue(seeds.add(CopySeeds.seed(s, k)), "distinct seeds");
        }
        assertThrows(IllegalArgumentException.class, () -> CopySeeds.seed(s, -1));
    }

    @Test
    void shapesParse() {
        assertArrayEquals(new int[] {16, 4, 32, 32}, ShapeOption.parse("16,4,32,32").dims());
        assertArrayEquals(new int[] {3, -1}, ShapeOption.parse(" (3, -1) ").dims());
        assertArrayEquals(new int[] {2, 3}, ShapeOption.parse("[2,3]").dims());
        assertEquals("8,2,8,8", OptionText.shape(SampleShape.of(8, 2, 8, 8)));
        assertThrows(CommandLine.TypeConversionException.class, () -> ShapeOption.parse(""));
        assertThrows(CommandLine.TypeConversionException.class, () -> ShapeOption.parse("4,,4"));
        assertThrows(CommandLine.TypeConversionException.class, () -> ShapeOption.parse("4,0"));
    }

    @Test
    void streamTriggersParse() {
        assertEquals(StreamTrigger.AVAILABLE_NOW, StreamTrigger.parse("available-now"));
        assertEquals(StreamTrigger.AVAILABLE_NOW, StreamTrigger.parse(" Available-Now "));
        assertEquals(StreamTrigger.ONCE, StreamTrigger.parse("once"));
        assertTrue(StreamTrigger.AVAILABLE_NOW.ends() && StreamTrigger.ONCE.ends());
        assertEquals(10_000L, StreamTrigger.parse("processing-time=10s").millis());
        assertEquals(10_000L, StreamTrigger.parse("processing-time=10").millis(), "a bare number is seconds");
        assertEquals(500L, StreamTrigger.parse("processing-time=500ms").millis());
        assertEquals(300_000L, StreamTrigger.parse("processingTime=5 minutes").millis());
        assertEquals(3_600_000L, StreamTrigger.parse("processing-time=1h").millis());
        assertEquals("processing-time=10s", StreamTrigger.parse("processing-time=10s").toString());
        assertFalse(StreamTrigger.parse("processing-time=10s").ends());
        assertEquals(org.apache.spark.sql.streaming.Trigger.ProcessingTime(10_000L),
                StreamTrigger.parse("processing-time=10s").trigger());
        assertEquals(org.apache.spark.sql.streaming.Trigger.AvailableNow(), StreamTrigger.AVAILABLE_NOW.trigger());
        for (String bad : new String[] {"", "continuous", "processing-time=", "processing-time=0s",
                "processing-time=-1s", "processing-time=10 fortnights", "processing-time=99999999999999999999"}) {
            assertThrows(CommandLine.TypeConversionException.class, () -> StreamTrigger.parse(bad), bad);
        }
    }

    @Test
    void generatedSamplesAreStandardNormalAndDeterministic() {
        int n = 200_000;
        double[] x = SampleGenerator.gaussian(3, 0, 17, n);
        double sum = 0;
        double sumSq = 0;
        int beyond2 = 0;
        for (double v : x) {
            sum += v;
            sumSq += v * v;
            if (Math.abs(v) > 2) {
                beyond2++;
            }
        }
        double mean = sum / n;
        double var = sumSq / n - mean * mean;
        assertEquals(0, mean, 4 / Math.sqrt(n));
        assertEquals(1, var, 0.02);
        assertEquals(0.0455, (double) beyond2 / n, 0.003, "two-sided tail beyond 2 sigma");
        assertArrayEquals(x, SampleGenerator.gaussian(3, 0, 17, n), "same (seed, column, id), same sample");
        assertFalse(java.util.Arrays.equals(x, SampleGenerator.gaussian(3, 0, 18, n)), "rows differ");
        assertFalse(java.util.Arrays.equals(x, SampleGenerator.gaussian(3, 1, 17, n)), "columns differ");
        assertEquals(5, SampleGenerator.gaussian(1, 0, 0, 5).length, "odd lengths");
    }

    @Test
    void sparkDefaultsAreReadLikeSparksOwnFile() throws IOException {
        Path conf = tmp.resolve("spark-defaults.conf");
        Files.writeString(conf, "# comment\nspark.master    local[3]\nspark.sql.shuffle.partitions=7\n"
                + "   spark.driver.memory  2g  \nnot.spark.thing 1\n");
        Map<String, String> d = JobSession.readDefaults(conf);
        assertEquals(Map.of("spark.master", "local[3]", "spark.sql.shuffle.partitions", "7",
                "spark.driver.memory", "2g"), d);
        assertTrue(JobSession.readDefaults(tmp.resolve("missing.conf")).isEmpty());
    }

    @Test
    void theProjectsOwnConfFilesParse() {
        Path projectConf = Path.of("conf", "spark-defaults.conf");
        Map<String, String> d = JobSession.readDefaults(projectConf);
        assertEquals("false", d.get("spark.ui.showConsoleProgress"));
        assertNull(d.get("spark.master"), "local[*] unless the user sets one");
        assertTrue(Files.isRegularFile(Path.of("conf", "log4j2.properties")));
        assertTrue(Files.isRegularFile(Path.of("conf", "augment.args")));
    }

    @Test
    void masterChoice() throws IOException {
        SparkOptions o = new SparkOptions();
        String before = System.getProperty("spark.master");
        String defaults = System.getProperty(JobSession.DEFAULTS_PROPERTY);
        try {
            System.clearProperty("spark.master");
            System.clearProperty(JobSession.DEFAULTS_PROPERTY);
            assertEquals("local[*]", JobSession.masterToSet(o), "nothing set: local[*]");

            Path conf = tmp.resolve("spark-defaults.conf");
            Files.writeString(conf, "spark.master local[3]\n");
            System.setProperty(JobSession.DEFAULTS_PROPERTY, conf.toString());
            assertNull(JobSession.masterToSet(o), "the conf file decides");

            System.clearProperty(JobSession.DEFAULTS_PROPERTY);
            System.setProperty("spark.master", "spark://cluster:7077");
            assertNull(JobSession.masterToSet(o), "spark-submit decides: the job sets no master of its own");

            o.master = "local[2]";
            assertEquals("local[2]", JobSession.masterToSet(o), "--master wins");
            o.master = null;
            o.conf.put("spark.master", "local[5]");
            assertNull(JobSession.masterToSet(o), "--conf spark.master decides");
        } finally {
            restore("spark.master", before);
            restore(JobSession.DEFAULTS_PROPERTY, defaults);
        }
    }

    @Test
    void pathsNestedOrNot() {
        org.apache.hadoop.fs.Path a = new org.apache.hadoop.fs.Path("file:/data/a");
        assertTrue(OutputPaths.isInside(new org.apache.hadoop.fs.Path("file:/data/a/b"), a));
        assertFalse(OutputPaths.isInside(new org.apache.hadoop.fs.Path("file:/data/ab"), a));
        assertTrue(OutputPaths.isLocal("file:/x", null));
        assertTrue(OutputPaths.isLocal("/x", "local[2]"));
        assertFalse(OutputPaths.isLocal("/x", "yarn"));
        assertFalse(OutputPaths.isLocal("hdfs://nn/x", "local[2]"));
    }

    @Test
    void oneLineCauseIsTheInnermostMessage() {
        Exception e = new RuntimeException("Job aborted due to stage failure: long\nmore lines",
                new IllegalArgumentException("column 'features': expected 128 elements but got 3.\nat ..."));
        assertEquals("IllegalArgumentException: column 'features': expected 128 elements but got 3",
                JobFailure.cause(e));
        assertNotEquals("", JobFailure.oneLine("a\nb"));
    }

    private static GenerateSettings generate(long rows, int partitions, GenerateSettings.ElementType type,
                                             int... shape) {
        return new GenerateSettings(rows, SampleShape.of(shape), 1, partitions, java.util.List.of("features"), type,
                "out");
    }

    @Test
    void generateSizesItsPartitionsByBytes() {
        long mib128 = 128L << 20;
        // The case: 300 samples of 1x128x128x128 floats, 8 MiB each (2.4 GB in all), on 16 cores.
        GenerateSettings big = generate(300, 0, GenerateSettings.ElementType.FLOAT, 1, 128, 128, 128);
        int p = big.partitions(mib128, 16);
        assertEquals(19, p);
        long rowsPerPartition = (300 + p - 1) / p; // spark.range splits rows evenly
        assertTrue(rowsPerPartition * big.bytesPerRow() <= mib128, "at most 128 MiB of samples per partition");
        assertEquals(38, generate(300, 0, GenerateSettings.ElementType.DOUBLE, 1, 128, 128, 128)
                .partitions(mib128, 16), "doubles take twice the bytes");
        // Small data: one partition per core, as before.
        assertEquals(2, generate(120, 0, GenerateSettings.ElementType.FLOAT, 4, 2, 4, 4).partitions(mib128, 2));
        // Never more partitions than rows, even when one sample is larger than the target.
        assertEquals(2, generate(2, 0, GenerateSettings.ElementType.FLOAT, 1, 64, 1024, 1024).partitions(1 << 20, 8));
        // --partitions wins.
        assertEquals(3, generate(300, 3, GenerateSettings.ElementType.FLOAT, 1, 128, 128, 128).partitions(mib128, 16));
    }

    @Test
    void generateMemoryAdviceFitsTheCase() {
        String split = generate(300, 0, GenerateSettings.ElementType.FLOAT, 1, 128, 128, 128).memoryAdvice(19);
        assertTrue(split.startsWith(JobFailure.MORE_MEMORY + "; or write smaller partitions: --partitions 76 (this"
                + " run: 19 of 16 rows, 8 MiB each while made)"), split);
        String one = generate(2, 0, GenerateSettings.ElementType.FLOAT, 1, 64, 1024, 1024).memoryAdvice(2);
        assertTrue(one.contains("a sample of shape 1,64,1024,1024 takes 256 MiB while it is made, and each partition"
                + " holds one already") && !one.contains("--partitions"), one);
    }

    @Test
    void outOfMemoryWinsOverWhatFailedAfterIt() {
        // An executor that ran out of memory refuses the next attempt while it shuts down: the innermost message
        // is the refusal, but the cause to report is the OutOfMemoryError.
        OutOfMemoryError oom = new OutOfMemoryError("Java heap space");
        oom.initCause(new java.util.concurrent.RejectedExecutionException("Task 12 rejected from"
                + " ThreadPoolExecutor[Shutting down, pool size = 1]"));
        Exception job = new RuntimeException("Job aborted due to stage failure", new RuntimeException("task", oom));
        assertEquals("OutOfMemoryError: Java heap space", JobFailure.outOfMemory(job));
        assertTrue(JobFailure.describe(JobFailure.nothingWritten(job, "/out", "ADVICE")).equals("failed: out of"
                + " memory (OutOfMemoryError: Java heap space); nothing was written to /out. To fix: ADVICE"),
                JobFailure.describe(JobFailure.nothingWritten(job, "/out", "ADVICE")));
        // Suppressed, or only named in a message (a cluster task's error as the driver reports it).
        Exception suppressed = new RuntimeException("write failed");
        suppressed.addSuppressed(new OutOfMemoryError("Java heap space"));
        assertEquals("OutOfMemoryError: Java heap space", JobFailure.outOfMemory(suppressed));
        Exception text = new RuntimeException("Job aborted: Lost task 2.3 (TID 9) (host executor 1):"
                + " java.lang.OutOfMemoryError: Java heap space\n\tat x.y(Z.java:1)",
                new java.util.concurrent.RejectedExecutionException("rejected"));
        assertEquals("OutOfMemoryError: Java heap space", JobFailure.outOfMemory(text));
        assertTrue(JobFailure.describe(text).startsWith("failed: out of memory (OutOfMemoryError: Java heap space)."
                + " To fix: " + JobFailure.MORE_MEMORY), JobFailure.describe(text));
        assertEquals(null, JobFailure.outOfMemory(new RuntimeException("no", new IllegalStateException("x"))));
    }

    /** A command that runs out of memory on the thread that runs it. */
    @CommandLine.Command(name = "exhaust")
    static final class Exhaust implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void anErrorOnTheCommandsThreadIsAFailureInOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cl = AlphaDropoutJob.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
        cl.addSubcommand(new CommandLine(new Exhaust()));
        cl.setErr(new PrintWriter(err)); // to the new subcommand too
        assertEquals(AlphaDropoutJob.FAILURE, cl.execute("exhaust"), err::toString);
        assertEquals("alpha-dropout exhaust: failed: out of memory (OutOfMemoryError: Java heap space). To fix: "
                + JobFailure.MORE_MEMORY + " (run again with --stacktrace for the full trace)", err.toString().strip());
    }

    @Test
    void countsThatDoNotAddUpMeanTheInputChanged() {
        RunSummary skipped = new RunSummary(10, 2, 17, 1, 0);
        assertEquals(3, skipped.invalidSkipped());
        assertNull(skipped.inputChanged(HandleInvalid.SKIP), "skip drops rows");
        assertTrue(skipped.inputChanged(HandleInvalid.KEEP).startsWith("the input changed while the job ran: 17 rows"
                + " out, fewer than 10 rows in x 2 copies = 20, and --handle-invalid keep drops no rows"),
                skipped.inputChanged(HandleInvalid.KEEP));
        assertNotNull(skipped.inputChanged(HandleInvalid.ERROR));
        RunSummary more = new RunSummary(10, 2, 21, 1, 0);
        assertEquals(-1, more.invalidSkipped(), "not clamped at 0");
        for (HandleInvalid h : HandleInvalid.values()) {
            assertTrue(more.inputChanged(h).startsWith("the input changed while the job ran: 21 rows out, more than"
                    + " 10 rows in x 2 copies = 20"), more.inputChanged(h));
        }
        assertNull(new RunSummary(10, 2, 20, 1, 0).inputChanged(HandleInvalid.KEEP));
    }

    @Test
    void skippedRowsAreCountedNotInferredFromWhatIsMissing() {
        RunSummary counted = new RunSummary(10, 2, 17, 1, 0).withSkippedCopies(2);
        assertEquals(2, counted.invalidSkipped(), "as counted");
        assertTrue(counted.inputChanged(HandleInvalid.SKIP).startsWith("rows were lost: 17 rows out + 2 copies"
                + " skipped as invalid is not 10 rows in x 2 copies = 20"), counted.inputChanged(HandleInvalid.SKIP));
        assertNull(new RunSummary(10, 2, 18, 1, 0).withSkippedCopies(2).inputChanged(HandleInvalid.SKIP));
        RunSummary none = new RunSummary(10, 2, 0, 1, 0).withSkippedCopies(20);
        assertTrue(none.inputChanged(HandleInvalid.SKIP).startsWith("every one of the 10 input rows is invalid"),
                none.inputChanged(HandleInvalid.SKIP));
        assertNull(new RunSummary(0, 2, 0, 1, 0).withSkippedCopies(0).inputChanged(HandleInvalid.SKIP),
                "an empty input is no failure");
    }

    /** The local file system under {@code norename:}, where no rename succeeds. */
    public static class NoRenameFileSystem extends LocalFileSystemUnderScheme {
        public NoRenameFileSystem() {
            super("norename");
        }

        @Override
        public boolean rename(org.apache.hadoop.fs.Path src, org.apache.hadoop.fs.Path dst) {
            return false;
        }
    }

    @Test
    void anOverwriteWhoseRenameFailsKeepsTheOldOutput() throws IOException {
        // Before the commit was rebuilt, the old output was deleted first and then the rename failed: both were
        // lost once the scratch folder was cleaned up.
        Configuration conf = OutputPaths.localConf();
        conf.set("fs.norename.impl", NoRenameFileSystem.class.getName());
        conf.setBoolean("fs.norename.impl.disable.cache", true);
        Path old = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(old.resolve("old.txt"), "old");
        String output = "norename://" + old;
        OutputPaths.Pending pending = OutputPaths.begin(output, conf);
        Path written = Path.of(pending.temporary().toUri().getPath());
        Files.createDirectories(written);
        Files.writeString(written.resolve("part-0"), "new");
        assertThrows(RuntimeException.class, pending::commit);
        pending.close();
        assertTrue(Files.exists(old.resolve("old.txt")), "the old output survives a failed rename");
        assertEquals("old", Files.readString(old.resolve("old.txt")));
        try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("out"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing else is left beside it");
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    @Test
    void theParquetWritersChecksAreSizedFromTheSample() {
        assertEquals(Map.of(ParquetWriterSettings.BLOCK_CHECK_MIN, "2", ParquetWriterSettings.PAGE_CHECK_MIN, "2",
                ParquetWriterSettings.BLOCK_CHECK_MAX, "16", ParquetWriterSettings.PAGE_CHECK_MAX, "16"),
                ParquetWriterSettings.options(k -> false, 8L << 20), "8 MiB samples: look every 2 rows, at least every 16");
        assertEquals(Map.of(ParquetWriterSettings.BLOCK_CHECK_MIN, "1", ParquetWriterSettings.PAGE_CHECK_MIN, "1",
                ParquetWriterSettings.BLOCK_CHECK_MAX, "1", ParquetWriterSettings.PAGE_CHECK_MAX, "1"),
                ParquetWriterSettings.options(k -> false, 4L * 155 * 240 * 240 * 4), "143 MiB samples: every row");
        assertEquals(Map.of(ParquetWriterSettings.BLOCK_CHECK_MAX, "2048", ParquetWriterSettings.PAGE_CHECK_MAX, "2048"),
                ParquetWriterSettings.options(k -> false, 64L << 10), "64 KiB samples: Parquet's minimum of 100 rows stays");
        assertEquals(Map.of(), ParquetWriterSettings.options(k -> false, 4096), "small samples: Parquet's defaults");
        assertEquals(Map.of(), ParquetWriterSettings.options(k -> false, -1), "unknown size (a -1 in the shape)");
        assertEquals(Map.of(ParquetWriterSettings.PAGE_CHECK_MIN, "1", ParquetWriterSettings.PAGE_CHECK_MAX, "1"),
                ParquetWriterSettings.options(k -> k.startsWith("parquet.block"), 200L << 20), "the user's own win");
    }

    @Test
    void samplesThatCannotFitInASparkRowAreRefusedUpFront() {
        // Spark's row: 8 bytes of null bits and 8 per field, then each array: an 8-byte count, its null bits in
        // words, its values in words; at most Integer.MAX_VALUE - 15 bytes in all.
        assertEquals(Integer.MAX_VALUE - 15, SampleLimits.MAX_ROW_BYTES);
        assertEquals(8 + 8 + 8 + 8 + 16, SampleLimits.rowBytes(3, List.of(4), List.of(false), 0));
        long maxFloats = 520_602_086;
        assertEquals(SampleLimits.MAX_ROW_BYTES, SampleLimits.rowBytes(maxFloats, List.of(4), List.of(false), 0));
        assertTrue(SampleLimits.rowBytes(maxFloats + 1, List.of(4), List.of(false), 0) > SampleLimits.MAX_ROW_BYTES);
        assertTrue(SampleLimits.rowBytes(264_305_674, List.of(8), List.of(false), 0) <= SampleLimits.MAX_ROW_BYTES);
        assertTrue(SampleLimits.rowBytes(264_305_675, List.of(8), List.of(false), 0) > SampleLimits.MAX_ROW_BYTES);

        // 512 Mi floats (2 GiB): refused by generate and augment, before Spark starts.
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
        // Half as many floats fit; as doubles, the same shape is refused once the input's schema shows them.
        assertTrue(SampleLimits.rowBytes(268_435_456, List.of(4), List.of(false), 2) <= SampleLimits.MAX_ROW_BYTES);
        assertThrows(UsageException.class, () -> new AugmentSettings("in", InputFormat.PARQUET, List.of("x"),
                SampleShape.of(2, 512, 512, 512), 0.2, io.github.alphadropout.kernel.DropoutMode.FEATURE, 1, null, 1,
                HandleInvalid.SKIP, "out", null).checkInputSchema(new org.apache.spark.sql.types.StructType()
                .add("x", org.apache.spark.sql.types.DataTypes.createArrayType(
                        org.apache.spark.sql.types.DataTypes.DoubleType))));
    }
}
