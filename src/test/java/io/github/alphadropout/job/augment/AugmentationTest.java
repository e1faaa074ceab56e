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

package io.github.alphadropout.job.augment;

import io.github.alphadropout.job.Cli;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.CopySeeds;
import io.github.alphadropout.job.run.InputFormat;
import io.github.alphadropout.job.run.SparkProgress;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.HandleInvalid;
import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code augment --copies K} reads its input once ({@link Augmentation#apply}) and writes exactly, bit for bit,
 * what the union of K Transformer applications wrote ({@link Augmentation#separateScans}, copy k with seed
 * {@code CopySeeds.seed(S, k)}, each scanning the input): for both modes, {@code array<float>}, {@code array<double>}
 * and Vector columns, position seeds and a seed column, over several Parquet partitions, with invalid rows skipped
 * or kept. Then the plan (one scan, one whole-stage generated stage) and the bytes Spark reads.
 */
class AugmentationTest extends SparkSessionTest {

    static final SampleShape SHAPE = SampleShape.of(2, 2, 4);
    static final int LENGTH = 16;
    static final int ROWS = 90;
    static final int FILES = 3;

    @TempDir
    static Path tmp;

    Path input;

    /** Three tensor columns of the three types; a few samples of the wrong length, which are invalid. */
    @BeforeAll
    void writeInput() {
        StructType schema = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("f", DataTypes.createArrayType(DataTypes.FloatType, false))
                .add("d", DataTypes.createArrayType(DataTypes.DoubleType, false))
                .add("v", SQLDataTypes.VectorType())
                .add("label", DataTypes.StringType);
        SplittableRandom random = new SplittableRandom(3);
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < ROWS; id++) {
            int fLength = id % 17 == 5 ? LENGTH - 1 : LENGTH;
            int dLength = id % 23 == 7 ? LENGTH + 4 : LENGTH;
            int vLength = id % 29 == 11 ? 3 : LENGTH;
            float[] f = new float[fLength];
            double[] d = new double[dLength];
            double[] v = new double[vLength];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) random.nextGaussian();
            }
            for (int i = 0; i < d.length; i++) {
                d[i] = random.nextGaussian();
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextGaussian();
            }
            rows.add(RowFactory.create(id, f, d, id % 2 == 0 ? Vectors.dense(v) : Vectors.dense(v).toSparse(),
                    "row " + id));
        }
        input = tmp.resolve("input");
        spark.createDataFrame(rows, schema).repartition(FILES).write().parquet(input.toString());
    }

    Dataset<Row> read() {
        return spark.read().parquet(input.toString());
    }

    static AugmentSettings settings(DropoutMode mode, String seedColumn, int copies, HandleInvalid invalid) {
        return new AugmentSettings("unused", InputFormat.PARQUET, List.of("f", "d", "v"),
                SHAPE, 0.3, mode, 17, seedColumn, copies, invalid, "unused", null);
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (DropoutMode mode : DropoutMode.values()) {
            for (String seedColumn : new String[] {null, "id"}) {
                for (int copies : new int[] {1, 2, 4}) {
                    cases.add(Arguments.of(mode, seedColumn, copies, HandleInvalid.SKIP));
                }
                cases.add(Arguments.of(mode, seedColumn, 2, HandleInvalid.KEEP));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} seedColumn={1} copies={2} {3}")
    @MethodSource("cases")
    void oneScanWritesWhatSeparateScansWroteBitForBit(DropoutMode mode, String seedColumn, int copies,
                                                      HandleInvalid invalid) {
        assertTrue(read().rdd().getNumPartitions() >= 2, "several input partitions, so that positions differ");
        AugmentSettings s = settings(mode, seedColumn, copies, invalid);
        Dataset<Row> oneScan = Augmentation.apply(read(), s);
        Dataset<Row> separate = Augmentation.separateScans(read(), s);
        assertEquals(separate.schema(), oneScan.schema(), "the same columns, types and nullability");

        Map<String, Row> expected = byIdAndCopy(separate.collectAsList());
        Map<String, Row> actual = byIdAndCopy(oneScan.collectAsList());
        assertEquals(expected.keySet(), actual.keySet(), "the same rows (id, copy)");
        // Wrong lengths are invalid in feature mode only (element mode takes any non-empty sample).
        long invalidRows = java.util.stream.LongStream.range(0, ROWS)
                .filter(id -> id % 17 == 5 || id % 23 == 7 || id % 29 == 11).count();
        long skippedRowsPerCopy = invalid == HandleInvalid.SKIP && mode == DropoutMode.FEATURE ? invalidRows : 0;
        assertEquals((ROWS - skippedRowsPerCopy) * copies, actual.size(), "invalid rows: " + invalid);
        Map<Long, List<Object>> inputF = new TreeMap<>();
        for (Row r : read().collectAsList()) {
            inputF.put(r.getLong(0), bits(r.get(1)));
        }
        int changed = 0;
        for (Map.Entry<String, Row> e : expected.entrySet()) {
            Row want = e.getValue();
            Row got = actual.get(e.getKey());
            for (int c = 0; c < want.size(); c++) {
                assertEquals(bits(want.get(c)), bits(got.get(c)), e.getKey() + " column " + want.schema()
                        .fieldNames()[c]);
            }
            changed += bits(got.get(1)).equals(inputF.get(got.getLong(0))) ? 0 : 1;
        }
        assertTrue(changed > actual.size() / 2, "the dropout ran (outputs differ from the input): " + changed);
        if (copies > 1) {
            long differ = actual.entrySet().stream().filter(e -> e.getKey().endsWith("/0"))
                    .filter(e -> !bits(e.getValue().get(1)).equals(bits(actual.get(e.getKey().replace("/0", "/1"))
                            .get(1)))).count();
            assertTrue(differ > ROWS / 4, "copies get different masks: copy 0 and 1 differ in " + differ + " rows");
        }
    }

    /** The row's values as exact bit patterns: floats and doubles by their raw bits, vectors by their values. */
    static List<Object> bits(Object value) {
        List<Object> out = new ArrayList<>();
        if (value instanceof Vector v) {
            out.add(v.getClass().getSimpleName());
            for (double x : v.toArray()) {
                out.add(Double.doubleToRawLongBits(x));
            }
        } else if (value instanceof scala.collection.Seq<?> seq) {
            for (int i = 0; i < seq.length(); i++) {
                Object x = seq.apply(i);
                out.add(x instanceof Float f ? (Object) Float.floatToRawIntBits(f)
                        : x instanceof Double d ? (Object) Double.doubleToRawLongBits(d) : x);
            }
        } else {
            out.add(value);
        }
        return out;
    }

    static Map<String, Row> byIdAndCopy(List<Row> rows) {
        Map<String, Row> out = new TreeMap<>();
        for (Row r : rows) {
            String key = r.getLong(r.fieldIndex("id")) + "/" + r.getInt(r.fieldIndex(CopySeeds.COPY_COLUMN));
            assertEquals(null, out.put(key, r), "no row twice: " + key);
        }
        return out;
    }

    @Test
    void oneScanAndTheDropoutInWholeStageGeneratedCodeWithTheCopiesMadeOneAtATime() {
        Dataset<Row> oneScan = Augmentation.apply(read(), settings(DropoutMode.FEATURE, null, 4,
                HandleInvalid.SKIP));
        SparkPlan plan = oneScan.queryExecution().executedPlan();
        String text = plan.toString();
        assertEquals(1, count(text, "FileScan parquet"), "one scan of the input:\n" + text);
        assertEquals(1, count(text, "Generate explode(copy_indices(4))"), "one generate:\n" + text);
        long stages = java.util.regex.Pattern.compile("\\*\\((\\d+)\\)").matcher(text).results()
                .map(m -> m.group(1)).distinct().count();
        assertEquals(2, stages, "two whole-stage generated stages, around the generate:\n" + text);
        List<String> lines = text.lines().map(String::strip).map(l -> l.replaceFirst("^\\+- ", "")).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("*(2) Project") && l.contains("feature_alpha_dropout")),
                "the dropout in whole-stage generated code:\n" + text);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("*(2) Filter")), "the filter with it:\n" + text);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("*(1) Project") && l.contains("row_position_id()")),
                "the position in the scan's stage:\n" + text);
        // Spark's generated code for a generate would make and buffer all K copies of a row (each with its sample)
        // before handing on the first; as an iterator it hands them on one at a time.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Generate explode(copy_indices(4))")),
                "the generate runs as an iterator, outside generated code:\n" + text);
    }

    static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    /** Sums the bytes read by the tasks of the jobs described "alpha-dropout: augment". */
    static final class BytesRead extends SparkListener {
        final Map<Integer, Boolean> stageIsWrite = new ConcurrentHashMap<>();
        final AtomicLong bytes = new AtomicLong();

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            String description = job.properties() == null ? null
                    : job.properties().getProperty(SparkProgress.JOB_DESCRIPTION);
            boolean write = SparkProgress.description(BatchAugment.WRITE_PHASE).equals(description);
            scala.collection.Iterator<Object> ids = job.stageIds().iterator();
            while (ids.hasNext()) {
                stageIsWrite.put((Integer) ids.next(), write);
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd task) {
            if (task.taskMetrics() != null && stageIsWrite.getOrDefault(task.stageId(), false)) {
                bytes.addAndGet(task.taskMetrics().inputMetrics().bytesRead());
            }
        }
    }

    /** The bytes the write phase of {@code augment --copies K} reads. */
    long bytesReadByTheWrite(int copies, Path data) throws java.util.concurrent.TimeoutException {
        BytesRead listener = new BytesRead();
        spark.sparkContext().addSparkListener(listener);
        try {
            Path out = tmp.resolve("bytes-" + copies + "-" + System.nanoTime());
            Cli.Outcome o = Cli.run("augment", "--input", data.toString(), "--column", "features", "--shape",
                    "4,4,4,4", "--p", "0.2", "--copies", Integer.toString(copies), "--output", out.toString(),
                    "--no-progress");
            assertEquals(0, o.code(), o::toString);
            spark.sparkContext().listenerBus().waitUntilEmpty();
            return listener.bytes.get();
        } finally {
            spark.sparkContext().removeSparkListener(listener);
        }
    }

    @Test
    void theWriteReadsTheInputOnceWhateverTheCopies() throws Exception {
        Path data = tmp.resolve("bytes-input");
        Cli.Outcome g = Cli.run("generate", "--rows", "2000", "--shape", "4,4,4,4", "--partitions", "3",
                "--output", data.toString(), "--no-progress");
        assertEquals(0, g.code(), g::toString);
        long files;
        try (Stream<Path> parts = Files.list(data)) {
            files = parts.filter(p -> p.getFileName().toString().endsWith(".parquet"))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
        long once = bytesReadByTheWrite(1, data);
        long four = bytesReadByTheWrite(4, data);
        String numbers = String.format(Locale.ROOT, "input files %,d bytes; the write read %,d bytes with --copies 1,"
                + " %,d with --copies 4", files, once, four);
        System.out.println("AugmentationTest: " + numbers);
        assertTrue(once > files / 2 && once <= files * 11 / 10, "--copies 1 reads the input once: " + numbers);
        assertTrue(Math.abs(four - once) <= files / 10, "--copies 4 reads it once too, not 4 times: " + numbers);

        // The measurement itself can tell: the union of four Transformers reads the input four times.
        BytesRead listener = new BytesRead();
        spark.sparkContext().addSparkListener(listener);
        try {
            spark.sparkContext().setJobDescription(SparkProgress.description(BatchAugment.WRITE_PHASE));
            AugmentSettings s = new AugmentSettings(data.toString(), InputFormat.PARQUET, List.of("features"),
                    SampleShape.of(4, 4, 4, 4), 0.2, DropoutMode.FEATURE, 42, null, 4, HandleInvalid.SKIP,
                    "unused", null);
            Augmentation.separateScans(spark.read().parquet(data.toString()), s).write()
                    .parquet(tmp.resolve("separate").toString());
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().setJobDescription(null);
            spark.sparkContext().removeSparkListener(listener);
        }
        long separate = listener.bytes.get();
        assertNotNull(numbers);
        assertTrue(separate > 3.5 * once, "four separate scans read about 4x: " + separate + " bytes; " + numbers);
        System.out.println(String.format(Locale.ROOT, "AugmentationTest: four separate scans read %,d bytes",
                separate));
    }
}
