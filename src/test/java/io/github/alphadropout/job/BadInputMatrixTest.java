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

import io.github.alphadropout.job.input.Inputs;
import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.RowSeeds;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.ml.AlphaDropout;
import io.github.alphadropout.ml.FeatureAlphaDropout;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import io.github.alphadropout.testing.SparkSessionTest;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bad-input matrix: one parameterized test, one row per input, each asserting its documented outcome, on a
 * real local[2] SparkSession: through the {@link FeatureAlphaDropout} / {@link AlphaDropout} Transformers, and
 * through the augment job (in-process, on that session) for the file and path cases. An outcome is either exact
 * output with as many rows out as in, rows skipped (exactly the invalid ones; every other row exact), or an error
 * whose message says what is wrong (and, for the job, exit code and nothing written).
 *
 * <p>The table in {@code docs/reliability.md} is generated from these cases: {@link #docsTableIsTheCases()} fails
 * when it differs from them by a character, and rewrites it first when run with {@code -Dalphadropout.writeDocs=true}
 * ({@code mvn test -Dtest=BadInputMatrixTest -Dalphadropout.writeDocs=true}).
 */
class BadInputMatrixTest extends SparkSessionTest {

    static final int[] SHAPE = {2, 3};
    static final int LENGTH = 6;
    static final double P = 0.5;
    static final long SEED = 7;
    static final Path DOC = Path.of("docs", "reliability.md");


    @TempDir
    static Path tmp;

    // ------------------------------------------------------------------------------------------------ the cases

    /** One row of the table: what goes in, with which setting, what comes out, and the check of it. */
    record Case(String input, String setting, String outcome, Check check) {
        String docRow() {
            return "| " + input + " | " + setting + " | " + outcome + " |";
        }

        @Override
        public String toString() {
            return input + " [" + setting + "]";
        }
    }

    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        String fad = "FeatureAlphaDropout";
        String ad = "AlphaDropout";

        // ---- rows
        c.add(new Case("null row (the array is null)", fad + ", handleInvalid error (default)",
                "row kept, output null; rows out = rows in",
                () -> expectRows(feature("error"), floatRows(valid(0), nullRow(1), valid(2)), List.of(0L, 1L, 2L))));
        c.add(new Case("null row (the array is null)", fad + ", handleInvalid skip",
                "row kept, output null (a null sample is not invalid); rows out = rows in",
                () -> expectRows(feature("skip"), floatRows(valid(0), nullRow(1), valid(2)), List.of(0L, 1L, 2L))));
        for (String mode : List.of("error", "skip", "keep")) {
            c.add(new Case("null element in the array", fad + ", handleInvalid " + mode, outcome(mode,
                    "the sample has a null element at index 4 (of 6 elements)"),
                    () -> expectInvalid(feature(mode), floatRows(valid(0), withNullElement(1, 4), valid(2)), 1,
                            "the sample has a null element at index 4 (of 6 elements)")));
        }
        for (String mode : List.of("error", "skip", "keep")) {
            c.add(new Case("wrong length (5 elements for shape [2, 3])", fad + ", handleInvalid " + mode,
                    outcome(mode, "expected 6 elements (shape [2, 3]) but got 5"),
                    () -> expectInvalid(feature(mode), floatRows(valid(0), ofLength(1, 5), valid(2)), 1,
                            "expected 6 elements (shape [2, 3]) but got 5")));
        }
        c.add(new Case("wrong length for shape [-1, 3] (7 elements)", fad + ", handleInvalid error",
                outcome("error", "expected a positive multiple of 3 elements (shape [-1, 3]) but got 7"),
                () -> expectInvalid(feature("error").setShape(new int[] {-1, 3}),
                        floatRows(valid(0), ofLength(1, 7), valid(2)), 1,
                        "expected a positive multiple of 3 elements (shape [-1, 3]) but got 7")));
        c.add(new Case("any length (5, 6, 7 elements)", ad, "every row transformed element-wise (no shape);"
                + " rows out = rows in",
                () -> expectRows(element("error"), floatRows(ofLength(0, 5), valid(1), ofLength(2, 7)),
                        List.of(0L, 1L, 2L))));
        for (String mode : List.of("error", "skip", "keep")) {
            c.add(new Case("empty array", fad + ", handleInvalid " + mode,
                    outcome(mode, "the sample is empty (0 elements)"),
                    () -> expectInvalid(feature(mode), floatRows(valid(0), ofLength(1, 0), valid(2)), 1,
                            "the sample is empty (0 elements)")));
        }
        c.add(new Case("empty array", ad + ", handleInvalid error", outcome("error", "the sample is empty (0 elements)"),
                () -> expectInvalid(element("error"), floatRows(valid(0), ofLength(1, 0), valid(2)), 1,
                        "the sample is empty (0 elements)")));
        c.add(new Case("NaN, +Inf and -Inf elements", fad,
                "not invalid: kept x gives (x * a) + ALPHA*a*p (NaN, +Inf, -Inf), a dropped channel gives NaN where"
                        + " x is NaN or infinite (PyTorch's x * 0 + b); rows out = rows in",
                () -> expectRows(feature("error"), floatRows(valid(0), withSpecials(1), withSpecials(2),
                        withSpecials(3), withSpecials(4)), List.of(0L, 1L, 2L, 3L, 4L))));

        // ---- types
        for (DataType type : List.of(DataTypes.IntegerType, DataTypes.LongType, DataTypes.StringType)) {
            String name = DataTypes.createArrayType(type).simpleString();
            c.add(new Case(name + " column", fad,
                    "error when transform() is called, before any Spark job: \"input column `x` has type " + name
                            + "; supported types are array<float>, array<double> or a Spark ML vector\"",
                    () -> expectAnalysisError(() -> feature("error").transform(typed(type)),
                            "input column `x` has type " + name,
                            "supported types are array<float>, array<double> or a Spark ML vector")));
        }
        c.add(new Case("nested arrays (array<array<float>>)", fad,
                "error when transform() is called: \"input column `x` has type array<array<float>>; supported"
                        + " types are ...\" (flatten the sample first)",
                () -> expectAnalysisError(() -> feature("error").transform(
                                typed(DataTypes.createArrayType(DataTypes.FloatType))),
                        "input column `x` has type array<array<float>>")));
        c.add(new Case("ML sparse vector (and a dense one)", fad,
                "sparse vectors are densified, then transformed; output is a dense vector, equal to the dense"
                        + " input's; rows out = rows in",
                this::sparseVectors));
        c.add(new Case("ML vector of the wrong size (5)", fad + ", handleInvalid skip",
                outcome("skip", "expected 6 elements (shape [2, 3]) but got 5"),
                this::wrongSizeVectorSkipped));

        // ---- shapes
        c.add(new Case("shape [0, 3]", fad + " setShape",
                "IllegalArgumentException at setShape: \"shape [0, 3] has dimension 0 at index 0; every dimension"
                        + " must be positive (or -1 for one inferred dimension)\"",
                () -> expectParamError(() -> new FeatureAlphaDropout().setShape(new int[] {0, 3}),
                        "shape [0, 3] has dimension 0 at index 0; every dimension must be positive")));
        c.add(new Case("shape [2, -3]", fad + " setShape",
                "IllegalArgumentException at setShape: \"shape [2, -3] has dimension -3 at index 1; ...\"",
                () -> expectParamError(() -> new FeatureAlphaDropout().setShape(new int[] {2, -3}),
                        "shape [2, -3] has dimension -3 at index 1")));
        c.add(new Case("shape [-1, -1, 3]", fad + " setShape",
                "IllegalArgumentException at setShape: \"shape [-1, -1, 3] has more than one -1; only one"
                        + " dimension can be inferred\"",
                () -> expectParamError(() -> new FeatureAlphaDropout().setShape(new int[] {-1, -1, 3}),
                        "has more than one -1; only one dimension can be inferred")));
        c.add(new Case("shape [65536, 65536] (2^32 elements)", fad + " setShape",
                "IllegalArgumentException at setShape: \"shape [65536, 65536] has more than 2147483647 elements,"
                        + " more than one array can hold\"",
                () -> expectParamError(() -> new FeatureAlphaDropout().setShape(new int[] {65536, 65536}),
                        "has more than 2147483647 elements")));
        c.add(new Case("no shape", fad,
                "IllegalArgumentException at transform(): \"shape is required for FeatureAlphaDropout, e.g."
                        + " setShape(...)\"",
                () -> expectAnalysisError(() -> new FeatureAlphaDropout().setInputCol("x").setOutputCol("y")
                        .transform(floatRows(valid(0))), "shape is required for FeatureAlphaDropout")));

        // ---- p
        for (double p : new double[] {-0.1, 1.1, Double.NaN}) {
            c.add(new Case("p = " + p, fad + " / " + ad + " setP",
                    "IllegalArgumentException at setP, PyTorch's wording: \"dropout probability has to be between"
                            + " 0 and 1, but got " + p + "\"",
                    () -> {
                        expectParamError(() -> new FeatureAlphaDropout().setP(p),
                                "dropout probability has to be between 0 and 1, but got " + p);
                        expectParamError(() -> new AlphaDropout().setP(p),
                                "dropout probability has to be between 0 and 1, but got " + p);
                    }));
        }
        c.add(new Case("p = 1.1 in a per-call ParamMap", fad + ".transform(df, paramMap)",
                "IllegalArgumentException before any job, from Spark's param validator: \"parameter p given invalid"
                        + " value 1.1\"",
                () -> {
                    FeatureAlphaDropout f = feature("error");
                    expectParamError(() -> f.transform(floatRows(valid(0)), new ParamMap().put(f.p().w(1.1))),
                            "parameter p given invalid value 1.1");
                }));

        // ---- seed column, output column
        for (String mode : List.of("error", "skip", "keep")) {
            c.add(new Case("seed column value null", fad + ", seedCol, handleInvalid " + mode,
                    outcome(mode, "its seed column `id` is null"),
                    () -> expectInvalid(feature(mode), nullSeedRows(), 1, "its seed column `id` is null")));
        }
        c.add(new Case("seed column missing", fad + ", seedCol 'key'",
                "IllegalArgumentException at transform(): \"seedCol 'key' does not exist; available columns: id, x\"",
                () -> expectAnalysisError(() -> feature("error").setSeedCol("key").transform(floatRows(valid(0))),
                        "seedCol 'key' does not exist; available columns: id, x")));
        c.add(new Case("output column clash (outputCol = an existing other column)", fad + ", outputCol 'id'",
                "IllegalArgumentException at transform(): \"output column 'id' already exists; choose another"
                        + " output column name, or use the input column's name to replace it\"",
                () -> expectAnalysisError(() -> feature("error").setOutputCol("id").transform(floatRows(valid(0))),
                        "output column 'id' already exists")));
        c.add(new Case("two inputs, one output name", fad + ", outputCols ['y', 'y']",
                "IllegalArgumentException at transform(): \"output column 'y' is given twice\"",
                () -> expectAnalysisError(() -> new FeatureAlphaDropout().setInputCols(new String[] {"x", "x2"})
                                .setOutputCols(new String[] {"y", "y"}).setShape(SHAPE)
                                .transform(floatRows(valid(0)).withColumn("x2", org.apache.spark.sql.functions.col("x"))),
                        "output column 'y' is given twice")));

        // ---- files and paths, through the augment job
        c.add(new Case("corrupt Parquet input file (one of 3 files truncated)", "augment job",
                "exit 1, one line naming the file: \"failed: ... is not a Parquet file ...; nothing was written"
                        + " to <output>\"; no output, no staging folder left",
                this::corruptParquet));
        c.add(new Case("corrupt Parquet input file", "augment job, --conf spark.sql.files.ignoreCorruptFiles=true",
                "exit 0; the corrupt file's rows are left out of both \"rows in\" and the output, so rows out ="
                        + " rows in x copies still holds (opt-in: Spark's setting)",
                this::corruptParquetIgnored));
        String flipped = "corrupt Parquet input file (one bit flipped inside a data page, footer intact)";
        c.add(new Case(flipped, "augment job (Parquet page checksums verified: the default)",
                "exit 1, one line: \"failed: ... could not verify page integrity, CRC checksum verification"
                        + " failed ...; nothing was written to <output>\"",
                () -> bitFlip(Checksums.DEFAULT)));
        c.add(new Case(flipped, "augment job, --no-verify-checksums",
                "exit 0 and the flipped value is read as it is (row count exact, one value wrong)",
                () -> bitFlip(Checksums.FLAG_OFF)));
        c.add(new Case(flipped, "augment job, spark.hadoop.parquet.page.verify-checksum.enabled=false",
                "as with --no-verify-checksums: exit 0, the flipped value read as it is",
                () -> bitFlip(Checksums.SETTING_OFF)));
        c.add(new Case("unwritable output path (its parent is a file)", "augment job",
                "exit 1, one line: \"failed: ParentNotDirectoryException: Parent path is not a directory:"
                        + " <the file>; nothing was written to <output>\"; the file untouched",
                this::unwritableOutput));
        for (String mode : List.of("skip", "keep", "error")) {
            c.add(new Case("a --shape that no row fits (every sample has 6 elements, --shape 2,4)",
                    "augment job, --handle-invalid " + mode + (mode.equals("skip") ? " (the default)" : ""),
                    "exit 2 before anything is written, one line: \"--shape 2,4 needs 8 values per sample, but"
                            + " column 'x' has 6 in every row, as its Parquet footers show; give --shape the samples'"
                            + " shape ... (e.g. 2,3)\"; no output",
                    () -> wrongShape(mode)));
        }
        c.add(new Case("rows of two lengths on purpose (the first row and every third: 5 elements, the rest 6)",
                "augment job, --handle-invalid skip",
                "exit 0: the footers show more than one length, so the rows are taken one by one; the 5-element"
                        + " ones are skipped and counted",
                this::severalLengthsSkipped));
        c.add(new Case("wrong length (5 elements for shape [2, 3]), in a later row", "augment job, --handle-invalid"
                        + " error", "exit 1, one line in the CLI's words: \"failed: invalid row in column `x`:"
                        + " expected 6 elements (shape [2, 3]) but got 5; nothing was written to <output>. To fix:"
                        + " check --shape; or run with --handle-invalid skip (drops such rows and counts them) or"
                        + " --handle-invalid keep ...\"",
                this::jobFailsOnAnInvalidRowInItsOwnWords));
        c.add(new Case("seed column value null", "augment job, --seed-column id (default --handle-invalid skip)",
                "exit 0; the row is skipped in every copy and counted: \"invalid rows skipped\" = copies",
                this::jobSkipsNullSeeds));
        return c.stream();
    }

    /** The documented outcome of an invalid row under each handleInvalid. */
    static String outcome(String mode, String problem) {
        return switch (mode) {
            case "error" -> "the job fails: \"...invalid row in column `x`: " + problem + ". To fix: set"
                    + " handleInvalid to 'skip' or 'keep' ...\"";
            case "skip" -> "that row is dropped, every other row transformed; rows out = rows in - 1";
            default -> "that row passes through unchanged, every other row transformed; rows out = rows in";
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInput(Case c) throws Exception {
        c.check().run();
    }

    static final String TABLE_START = "<!-- bad-input table: generated from BadInputMatrixTest's cases; to rewrite"
            + " it, mvn test -Dtest=BadInputMatrixTest -Dalphadropout.writeDocs=true -->";
    static final String TABLE_END = "<!-- end of the generated table -->";

    /** The table, as the docs hold it: a header and one row per case, in order. */
    String table() {
        return "| input | setting | outcome |\n|---|---|---|\n"
                + cases().map(Case::docRow).collect(Collectors.joining("\n")) + "\n";
    }

    @Test
    void docsTableIsTheCases() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int start = doc.indexOf(TABLE_START);
        int end = doc.indexOf(TABLE_END);
        assertTrue(start >= 0 && end > start, "docs/reliability.md marks its bad-input table with " + TABLE_START
                + " and " + TABLE_END);
        String before = doc.substring(0, start + TABLE_START.length()) + "\n\n";
        String after = "\n" + doc.substring(end);
        if (Boolean.getBoolean("alphadropout.writeDocs")) {
            Files.writeString(DOC, before + table() + after, StandardCharsets.UTF_8);
            doc = Files.readString(DOC, StandardCharsets.UTF_8);
            end = doc.indexOf(TABLE_END);
        }
        assertEquals(table(), doc.substring(before.length(), end - 1),
                "docs/reliability.md's bad-input table is not the test's cases; run mvn test"
                        + " -Dtest=BadInputMatrixTest -Dalphadropout.writeDocs=true to rewrite it");
    }

    // ------------------------------------------------------------------------------------------- transformers

    static FeatureAlphaDropout feature(String handleInvalid) {
        return new FeatureAlphaDropout().setInputCol("x").setOutputCol("y").setShape(SHAPE).setP(P).setSeed(SEED)
                .setSeedCol("id").setHandleInvalid(handleInvalid);
    }

    static AlphaDropout element(String handleInvalid) {
        return new AlphaDropout().setInputCol("x").setOutputCol("y").setP(P).setSeed(SEED).setSeedCol("id")
                .setHandleInvalid(handleInvalid);
    }

    /** What the Transformer must give for one valid row: the kernel with the row's key seed. */
    static float[] expected(Transformer t, long id, float[] x) {
        AlphaDropoutOp op = t instanceof FeatureAlphaDropout f
                ? AlphaDropoutOp.feature(P, SampleShape.of(f.getShape())) : AlphaDropoutOp.element(P);
        return op.apply(x, RowSeeds.rowSeedForKey(SEED, "x", id));
    }

    static double[] expected(long id, double[] x) {
        return AlphaDropoutOp.feature(P, SampleShape.of(SHAPE)).apply(x, RowSeeds.rowSeedForKey(SEED, "x", id));
    }

    // ---------------------------------------------------------------------------------------------------- rows

    static Row valid(long id) {
        float[] x = new float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            x[i] = (float) Math.sin(id * 7 + i) * 2;
        }
        return RowFactory.create(id, x);
    }

    static Row ofLength(long id, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.25f * i - 1;
        }
        return RowFactory.create(id, x);
    }

    static Row nullRow(long id) {
        return RowFactory.create(id, null);
    }

    static Row withNullElement(long id, int at) {
        Float[] x = new Float[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            x[i] = i == at ? null : (float) i;
        }
        return RowFactory.create(id, x);
    }

    static Row withSpecials(long id) {
        return RowFactory.create(id, new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                1.5f, -0f, Float.NaN});
    }

    Dataset<Row> floatRows(Row... rows) {
        StructType schema = new StructType().add("id", DataTypes.LongType, true)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true), true);
        return spark.createDataFrame(List.of(rows), schema).repartition(2);
    }

    /** Rows 0..2 of valid samples, the seed column of row 1 null. */
    Dataset<Row> nullSeedRows() {
        Row one = valid(1);
        return floatRows(valid(0), RowFactory.create(null, one.get(1)), valid(2));
    }

    Dataset<Row> typed(DataType elementType) {
        StructType schema = new StructType().add("id", DataTypes.LongType, false)
                .add("x", DataTypes.createArrayType(elementType, true), true);
        return spark.createDataFrame(List.of(), schema);
    }

    // ---------------------------------------------------------------------------------------------- checks

    /** Transforms the rows (ids in {@code expectedIds} come out) and checks every output against the kernel. */
    void expectRows(Transformer t, Dataset<Row> in, List<Long> expectedIds) {
        long rowsIn = in.count();
        List<Row> out = t.transform(in).orderBy("id").collectAsList();
        assertEquals(expectedIds, out.stream().map(r -> r.getLong(0)).toList());
        assertEquals(rowsIn, out.size(), "rows out = rows in");
        for (Row r : out) {
            checkRow(t, r, false);
        }
    }

    /** One invalid row: error fails with the problem and the fix, skip drops just it, keep passes it through. */
    void expectInvalid(Transformer t, Dataset<Row> in, long badId, String problem) {
        // the invalid row is row badId, or the row whose id (the seed column) is null
        String mode = t.getOrDefault(t.getParam("handleInvalid")).toString();
        long rowsIn = in.count();
        switch (mode) {
            case "error" -> {
                Exception e = assertThrows(Exception.class, () -> t.transform(in).collect());
                String message = messages(e);
                assertTrue(message.contains("invalid row in column `x`: " + problem), message);
                assertTrue(message.contains("To fix: set handleInvalid to 'skip'"), message);
            }
            case "skip" -> {
                List<Row> out = t.transform(in).collectAsList();
                assertEquals(rowsIn - 1, out.size(), "exactly the invalid row is dropped");
                assertEquals(List.of(0L, 2L), out.stream().map(r -> r.isNullAt(0) ? null : r.getLong(0)).sorted()
                        .toList(), "the valid rows 0 and 2 are left");
                for (Row r : out) {
                    checkRow(t, r, false);
                }
            }
            default -> {
                List<Row> out = t.transform(in).collectAsList();
                assertEquals(rowsIn, out.size());
                for (Row r : out) {
                    boolean bad = r.isNullAt(0) || r.getLong(0) == badId;
                    checkRow(t, r, bad);
                }
            }
        }
    }

    /** Output of one row: unchanged (when passed through), null for a null sample, else the kernel's. */
    void checkRow(Transformer t, Row r, boolean passedThrough) {
        int xi = r.fieldIndex("x");
        int yi = r.fieldIndex("y");
        if (r.isNullAt(xi)) {
            assertNull(r.get(yi), "a null sample gives null");
            return;
        }
        if (passedThrough) {
            assertEquals(r.getList(xi), r.getList(yi), "passed through unchanged");
            return;
        }
        float[] x = floats(r.getList(xi));
        float[] y = floats(r.getList(yi));
        float[] want = expected(t, r.getLong(0), x);
        assertEquals(want.length, y.length);
        for (int i = 0; i < want.length; i++) {
            if (Float.isNaN(want[i])) {
                assertTrue(Float.isNaN(y[i]), "element " + i + " NaN");
            } else {
                assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(y[i]),
                        "row " + r.getLong(0) + " element " + i + ": " + want[i] + " vs " + y[i]);
            }
        }
    }

    float[] floats(List<Object> list) {
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Float) list.get(i);
        }
        return out;
    }

    void sparseVectors() {
        double[] values = {0, 1.5, 0, 0, -2, 0};
        Vector dense = Vectors.dense(values);
        Vector sparse = dense.toSparse();
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("x", SQLDataTypes.VectorType());
        Dataset<Row> in = spark.createDataFrame(List.of(RowFactory.create(3L, dense), RowFactory.create(3L, sparse),
                RowFactory.create(4L, sparse)), schema);
        List<Row> out = feature("error").transform(in).collectAsList();
        assertEquals(3, out.size(), "rows out = rows in");
        for (Row r : out) {
            Vector y = r.getAs("y");
            assertTrue(y instanceof org.apache.spark.ml.linalg.DenseVector, "dense output: " + y);
            double[] want = expected(r.getLong(0), values);
            for (int i = 0; i < LENGTH; i++) {
                assertEquals(Double.doubleToRawLongBits(want[i]), Double.doubleToRawLongBits(y.apply(i)),
                        "row " + r.getLong(0) + " element " + i);
            }
        }
    }

    void wrongSizeVectorSkipped() {
        StructType schema = new StructType().add("id", DataTypes.LongType, false).add("x", SQLDataTypes.VectorType());
        Dataset<Row> in = spark.createDataFrame(List.of(RowFactory.create(0L, Vectors.dense(1, 2, 3, 4, 5, 6)),
                RowFactory.create(1L, Vectors.sparse(5, new int[] {1}, new double[] {2}))), schema);
        List<Row> out = feature("skip").transform(in).collectAsList();
        assertEquals(1, out.size());
        assertEquals(0L, out.get(0).getLong(0));
        Exception e = assertThrows(Exception.class, () -> feature("error").transform(in).collect());
        assertTrue(messages(e).contains("expected 6 elements (shape [2, 3]) but got 5"), messages(e));
    }

    /** An error thrown by transform() itself, before any Spark job. */
    void expectAnalysisError(ThrowingRunnable call, String... fragments) {
        int jobsBefore = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), e.getMessage());
        }
        assertEquals(jobsBefore, spark.sparkContext().statusTracker().getJobIdsForGroup(null).length,
                "no Spark job ran");
    }

    /** An error thrown when a param is set (or passed in a ParamMap). */
    static void expectParamError(ThrowingRunnable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(messages(e).contains(fragment), messages(e));
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    // ------------------------------------------------------------------------------------------- the job

    static final int JOB_ROWS = 30;

    /** A fresh Parquet input of JOB_ROWS valid rows in 3 files. */
    Path parquetInput(String name) {
        Path dir = tmp.resolve(name);
        List<Row> rows = new ArrayList<>();
        for (long id = 0; id < JOB_ROWS; id++) {
            rows.add(valid(id));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, true)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true), true);
        spark.createDataFrame(rows, schema).repartition(3).write().parquet(dir.toString());
        return dir;
    }

    /** Truncates the largest part file to half (and drops its .crc, as a file copied in from elsewhere would). */
    Path truncateOnePart(Path dir) throws IOException {
        Path part;
        try (Stream<Path> files = Files.list(dir)) {
            part = files.filter(p -> p.getFileName().toString().startsWith("part-")
                    && p.getFileName().toString().endsWith(".parquet")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        Files.deleteIfExists(part.resolveSibling("." + part.getFileName() + ".crc"));
        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        return part;
    }

    List<String> augmentArgs(Path input, Path output, String... more) {
        List<String> args = new ArrayList<>(List.of("augment", "--input", input.toString(), "--column", "x",
                "--shape", "2,3", "--p", "0.5", "--copies", "2", "--output", output.toString()));
        args.addAll(List.of(more));
        return args;
    }

    void assertNothingWritten(Path output) throws IOException {
        assertFalse(Files.exists(output), "no output at " + output);
        Path parent = output.toAbsolutePath().getParent();
        if (Files.isDirectory(parent)) {
            try (Stream<Path> files = Files.list(parent)) {
                List<String> scratch = files.map(p -> p.getFileName().toString())
                        .filter(n -> n.contains(".alpha-dropout-")).toList();
                assertTrue(scratch.isEmpty(), "scratch folders left: " + scratch);
            }
        }
    }

    void corruptParquet() throws IOException {
        Path input = parquetInput("corrupt-in");
        Path part = truncateOnePart(input);
        Path output = tmp.resolve("corrupt-out");
        Cli.Outcome o = Cli.run(augmentArgs(input, output).toArray(new String[0]));
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + o);
        assertTrue(err.contains(part.getFileName().toString()), "names the file: " + err);
        assertTrue(err.contains("not a Parquet file") && err.contains("; nothing was written to " + output), err);
        assertNothingWritten(output);
    }

    void corruptParquetIgnored() throws IOException {
        Path input = parquetInput("corrupt-ignored-in");
        Path part = truncateOnePart(input);
        Path output = tmp.resolve("corrupt-ignored-out");
        Cli.Outcome o = Cli.run(augmentArgs(input, output, "--conf", "spark.sql.files.ignoreCorruptFiles=true")
                .toArray(new String[0]));
        spark.conf().unset("spark.sql.files.ignoreCorruptFiles");
        assertEquals(0, o.code(), o::toString);
        // the rows that the good files hold: every file but the truncated one, read without it
        long rowsOfGoodFiles = 0;
        try (Stream<Path> files = Files.list(input)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".parquet") && !p.equals(part))
                    .toList()) {
                rowsOfGoodFiles += spark.read().parquet(p.toString()).count();
            }
        }
        assertTrue(rowsOfGoodFiles < JOB_ROWS, "the truncated file held rows");
        assertTrue(o.out().contains(String.format("rows in               %,d", rowsOfGoodFiles)), o::toString);
        assertTrue(o.out().contains(String.format("rows out              %,d", 2 * rowsOfGoodFiles)), o::toString);
        assertTrue(o.out().contains("invalid rows skipped  0"), o::toString);
        assertEquals(2 * rowsOfGoodFiles, spark.read().parquet(output.toString()).count());
    }

    /** How a bit-flip case asks for page checksums. */
    enum Checksums {
        /** Neither the flag nor the setting: the job's default. */
        DEFAULT,
        /** {@code --no-verify-checksums}. */
        FLAG_OFF,
        /** {@code parquet.page.verify-checksum.enabled=false} in the session's Hadoop configuration. */
        SETTING_OFF
    }

    /**
     * Flips the lowest bit of one float of row 5 where it sits verbatim in the file (a Snappy literal), keeping
     * the footer and every page header intact; then runs the job, with Parquet's page checksum check as asked.
     */
    void bitFlip(Checksums checksums) throws IOException {
        String name = "flip-" + checksums.name().toLowerCase(java.util.Locale.ROOT);
        Path input = parquetInput(name + "-in");
        List<Row> original = spark.read().parquet(input.toString()).orderBy("id").collectAsList();
        float target = ((float[]) valid(5).get(1))[2];
        byte[] pattern = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putFloat(target).array();
        Path part = null;
        long at = -1;
        try (Stream<Path> files = Files.list(input)) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList()) {
                byte[] bytes = Files.readAllBytes(p);
                for (int i = 0; i + 4 <= bytes.length && at < 0; i++) {
                    if (Arrays.equals(bytes, i, i + 4, pattern, 0, 4)) {
                        part = p;
                        at = i;
                    }
                }
            }
        }
        assertTrue(at >= 0, "the float's bytes are in a file");
        Files.deleteIfExists(part.resolveSibling("." + part.getFileName() + ".crc"));
        try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 1);
        }
        Path output = tmp.resolve(name + "-out");
        org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        // The job reuses this test's session, which is already running: a spark.hadoop.* setting is applied when
        // Spark starts, so set the same key on the running session's Hadoop configuration here.
        if (checksums == Checksums.SETTING_OFF) {
            hadoop.setBoolean(Inputs.VERIFY_CHECKSUMS, false);
        }
        try {
            List<String> args = checksums == Checksums.FLAG_OFF
                    ? augmentArgs(input, output, "--no-verify-checksums") : augmentArgs(input, output);
            Cli.Outcome o = Cli.run(args.toArray(new String[0]));
            if (checksums != Checksums.DEFAULT) {
                assertEquals(0, o.code(), o::toString);
                assertTrue(o.out().contains("rows in               " + JOB_ROWS), o::toString);
                assertTrue(o.out().contains("rows out              " + 2 * JOB_ROWS), o::toString);
                List<Row> read = spark.read().parquet(input.toString()).orderBy("id").collectAsList();
                assertEquals(JOB_ROWS, read.size());
                int differing = 0;
                for (int r = 0; r < JOB_ROWS; r++) {
                    differing += read.get(r).equals(original.get(r)) ? 0 : 1;
                }
                assertEquals(1, differing, "exactly the flipped row reads differently");
                float flippedValue = floats(read.get(5).getList(1))[2];
                assertEquals(Float.floatToRawIntBits(target) ^ 1, Float.floatToRawIntBits(flippedValue));
            } else {
                // Spark wrote a CRC into every page header (Parquet's default), and the job checks it.
                assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
                String err = o.err().strip();
                assertEquals(1, err.lines().count(), o::toString);
                assertTrue(err.contains("could not verify page integrity, CRC checksum verification failed"), err);
                assertTrue(err.contains("; nothing was written to " + output), err);
                assertNothingWritten(output);
            }
        } finally {
            hadoop.unset(Inputs.VERIFY_CHECKSUMS);
        }
    }

    void unwritableOutput() throws IOException {
        Path input = parquetInput("unwritable-in");
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a folder");
        Path output = file.resolve("out");
        Cli.Outcome o = Cli.run(augmentArgs(input, output).toArray(new String[0]));
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), o::toString);
        assertTrue(err.contains("failed: ParentNotDirectoryException: Parent path is not a directory: ")
                && err.contains(file.toString()) && err.contains("; nothing was written to " + output), err);
        assertNothingWritten(output);
        assertTrue(Files.isRegularFile(file), "the file is left alone");
        assertEquals("not a folder", Files.readString(file));
    }

    /** Rows of the given lengths, ids 0, 1, ... in order, in one Parquet file. */
    Path lengthsInput(String name, int... lengths) {
        Path dir = tmp.resolve(name);
        List<Row> rows = new ArrayList<>();
        for (int id = 0; id < lengths.length; id++) {
            rows.add(lengths[id] == LENGTH ? valid(id) : ofLength(id, lengths[id]));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType, true)
                .add("x", DataTypes.createArrayType(DataTypes.FloatType, true), true);
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(dir.toString());
        return dir;
    }

    void wrongShape(String mode) throws IOException {
        Path input = parquetInput("wrong-shape-" + mode + "-in");
        Path output = tmp.resolve("wrong-shape-" + mode + "-out");
        Cli.Outcome o = Cli.run(augmentArgs(input, output, "--shape", "2,4", "--handle-invalid", mode)
                .toArray(new String[0]));
        assertEquals(AlphaDropoutJob.USAGE, o.code(), o::toString);
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), o::toString);
        assertTrue(err.startsWith("alpha-dropout augment: --shape 2,4 needs 8 values per sample, but column 'x' has"
                + " 6 in every row, as its Parquet footers show; give --shape the samples' shape, channel first (its"
                + " dimensions multiply to 6, e.g. 2,3)"), err);
        assertNothingWritten(output);
    }

    void severalLengthsSkipped() throws IOException {
        Path input = lengthsInput("two-lengths-in", 5, 6, 6, 5, 6, 6, 5, 6, 6);
        Path output = tmp.resolve("two-lengths-out");
        Cli.Outcome o = Cli.run(augmentArgs(input, output, "--handle-invalid", "skip").toArray(new String[0]));
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("rows out              12"), o::toString);
        assertTrue(o.out().contains("invalid rows skipped  6"), o::toString);
    }

    void jobFailsOnAnInvalidRowInItsOwnWords() throws IOException {
        Path input = lengthsInput("late-invalid-in", 6, 6, 6, 6, 5, 6);
        Path output = tmp.resolve("late-invalid-out");
        Cli.Outcome o = Cli.run(augmentArgs(input, output, "--handle-invalid", "error").toArray(new String[0]));
        assertEquals(AlphaDropoutJob.FAILURE, o.code(), o::toString);
        String err = o.err().strip();
        assertEquals(1, err.lines().count(), o::toString);
        assertTrue(err.startsWith("alpha-dropout augment: failed: invalid row in column `x`: expected 6 elements"
                + " (shape [2, 3]) but got 5; nothing was written to " + output + ". To fix: check --shape; or run"
                + " with --handle-invalid skip (drops such rows and counts them) or --handle-invalid keep (passes"
                + " them through unchanged), or remove such rows from the input first"), err);
        assertFalse(err.contains("handleInvalid") || err.contains("before calling"), "the library's words: " + err);
        assertNothingWritten(output);
    }

    void jobSkipsNullSeeds() throws IOException {
        Path input = tmp.resolve("null-seed-in");
        nullSeedRows().write().parquet(input.toString());
        Path output = tmp.resolve("null-seed-out");
        Cli.Outcome o = Cli.run(augmentArgs(input, output, "--seed-column", "id").toArray(new String[0]));
        assertEquals(0, o.code(), o::toString);
        assertTrue(o.out().contains("rows in               3"), o::toString);
        assertTrue(o.out().contains("rows out              4"), o::toString);
        assertTrue(o.out().contains("invalid rows skipped  2"), o::toString);
        List<Row> out = spark.read().parquet(output.toString()).collectAsList();
        assertEquals(4, out.size());
        Map<String, Long> perCopy = new LinkedHashMap<>();
        for (Row r : out) {
            assertFalse(r.isNullAt(r.fieldIndex("id")));
            perCopy.merge(r.getLong(r.fieldIndex("id")) + "/" + r.getInt(r.fieldIndex("copy")), 1L, Long::sum);
        }
        assertEquals(Map.of("0/0", 1L, "0/1", 1L, "2/0", 1L, "2/1", 1L), perCopy);
        assertTrue(Arrays.asList(spark.read().parquet(output.toString()).columns()).containsAll(List.of("id", "x",
                "copy")));
    }
}
