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

package io.github.alphadropout.ml;

import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.AlphaDropoutFunctions;
import io.github.alphadropout.sql.ColumnNames;
import io.github.alphadropout.sql.DropoutSpec;
import io.github.alphadropout.sql.HandleInvalid;
import io.github.alphadropout.sql.TensorType;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The params and the transform shared by {@link FeatureAlphaDropout} and {@link AlphaDropout}, declared in Java
 * as Spark's {@code JavaTestParams} does (Spark's shared-param Scala traits are not implemented from Java). The
 * self type {@code T} lets each setter be written once and still return the concrete Transformer.
 *
 * <p>Every input column is transformed by one Catalyst expression ({@link AlphaDropoutFunctions#dropout}) that
 * runs the vectorized kernel once per row; each column's masks are keyed by its name, so two columns of one row
 * get independent masks, and a column gets the same masks here as from the Column and SQL functions.
 *
 * <p>Streaming DataFrames work too: without {@code seedCol}, each micro-batch uses its own seed, so masks differ
 * from micro-batch to micro-batch and a micro-batch re-run from the checkpoint gets the same masks; with
 * {@code seedCol} the seed column alone decides, as in batch queries (see {@link AlphaDropoutFunctions}).
 *
 * @param <T> the concrete Transformer
 */
public abstract class AlphaDropoutBase<T extends AlphaDropoutBase<T>> extends Transformer
        implements DefaultParamsWritable {

    private final String uid;
    private final Param<String> inputCol;
    private final StringArrayParam inputCols;
    private final Param<String> outputCol;
    private final StringArrayParam outputCols;
    private final DoubleParam p;
    private final LongParam seed;
    private final Param<String> handleInvalid;
    private final BooleanParam training;
    private final Param<String> seedCol;

    protected AlphaDropoutBase(String uid) {
        this.uid = uid;
        inputCol = new Param<>(this, "inputCol", "input column: " + TensorType.SUPPORTED);
        inputCols = new StringArrayParam(this, "inputCols", "input columns: " + TensorType.SUPPORTED);
        outputCol = new Param<>(this, "outputCol", "output column, of the input's type; may equal inputCol");
        outputCols = new StringArrayParam(this, "outputCols",
                "output columns, one per input column; each may equal its input column");
        p = new DoubleParam(this, "p", "drop probability in [0, 1]", ParamValidators.inRange(0, 1));
        seed = new LongParam(this, "seed", "random seed");
        handleInvalid = new Param<>(this, "handleInvalid", "how to handle samples that are empty, hold null "
                + "elements or do not fit the shape: error (fail), skip (drop the row) or keep (pass it through)",
                validator(AlphaDropoutBase::isHandleInvalid));
        training = new BooleanParam(this, "training", "false makes the transformer the identity (PyTorch eval())");
        seedCol = new Param<>(this, "seedCol", "column whose value seeds each row's mask instead of its position,"
                + " so masks survive repartitioning and re-runs");
        setDefault(outputCol, uid + "__output");
        setDefault(p, 0.5);
        setDefault(seed, (long) getClass().getName().hashCode());
        setDefault(handleInvalid, HandleInvalid.ERROR.paramValue());
        setDefault(training, true);
    }

    /** A param validator, which answers yes or no (the setters throw the clear messages). */
    static <V> Function1<V, Object> validator(Predicate<V> valid) {
        return (Function1<V, Object> & Serializable) valid::test;
    }

    private static boolean isHandleInvalid(String value) {
        try {
            HandleInvalid.fromParam(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** Sets a param; for the subclasses' own params. */
    protected final <V> T setParam(Param<V> param, V value) {
        set(param, value);
        return self();
    }

    public T setInputCol(String value) { return setParam(inputCol, value); }

    public T setInputCols(String[] value) { return setParam(inputCols, value); }

    public T setOutputCol(String value) { return setParam(outputCol, value); }

    public T setOutputCols(String[] value) { return setParam(outputCols, value); }

    /** @throws IllegalArgumentException with PyTorch's wording, for {@code p} outside [0, 1] */
    public T setP(double value) {
        return setParam(p, AlphaDropoutCoefficients.checkProbability(value));
    }

    public T setSeed(long value) { return setParam(seed, value); }

    /** @throws IllegalArgumentException for a value other than error, skip or keep */
    public T setHandleInvalid(String value) {
        HandleInvalid.fromParam(value);
        return setParam(handleInvalid, value);
    }

    public T setTraining(boolean value) { return setParam(training, value); }

    public T setSeedCol(String value) { return setParam(seedCol, value); }

    /** The mode of this transformer. */
    abstract DropoutMode mode();

    /** The sample shape (feature mode); null in element mode. */
    abstract SampleShape sampleShape();

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> inputCol() { return inputCol; }

    public StringArrayParam inputCols() { return inputCols; }

    public Param<String> outputCol() { return outputCol; }

    public StringArrayParam outputCols() { return outputCols; }

    public DoubleParam p() { return p; }

    public LongParam seed() { return seed; }

    public Param<String> handleInvalid() { return handleInvalid; }

    public BooleanParam training() { return training; }

    public Param<String> seedCol() { return seedCol; }

    public String getInputCol() { return $(inputCol); }

    public String[] getInputCols() { return $(inputCols); }

    public String getOutputCol() { return $(outputCol); }

    public String[] getOutputCols() { return $(outputCols); }

    public double getP() { return (Double) $(p); }

    public long getSeed() { return (Long) $(seed); }

    public String getHandleInvalid() { return $(handleInvalid); }

    public boolean getTraining() { return (Boolean) $(training); }

    public String getSeedCol() { return $(seedCol); }

    /** The input columns in use: {@code inputCols}, or {@code inputCol} alone. */
    String[] inputColumns() {
        boolean single = isSet(inputCol);
        boolean multi = isSet(inputCols);
        if (single == multi) {
            throw new IllegalArgumentException(uid + ": set exactly one of inputCol and inputCols"
                    + (single ? ", not both" : ""));
        }
        if (single) {
            if (isSet(outputCols)) {
                throw new IllegalArgumentException(uid + ": inputCol is set, so set outputCol, not outputCols");
            }
            return new String[] {getInputCol()};
        }
        String[] in = getInputCols();
        if (in.length == 0) {
            throw new IllegalArgumentException(uid + ": inputCols is empty");
        }
        if (isSet(outputCol)) {
            throw new IllegalArgumentException(uid + ": inputCols is set, so set outputCols, not outputCol");
        }
        return in;
    }

    /** The output columns in use; for several inputs without outputCols, {@code <input>_<uid>__output}. */
    String[] outputColumns(String[] in) {
        if (isSet(inputCol)) {
            return new String[] {getOutputCol()};
        }
        if (!isSet(outputCols)) {
            return Arrays.stream(in).map(c -> c + "_" + uid + "__output").toArray(String[]::new);
        }
        String[] out = getOutputCols();
        if (out.length != in.length) {
            throw new IllegalArgumentException(uid + ": inputCols has " + in.length + " columns but outputCols has "
                    + out.length + "; give one output column per input column");
        }
        return out;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String[] in = inputColumns();
        String[] out = outputColumns(in);
        if (mode() == DropoutMode.FEATURE && sampleShape() == null) {
            throw new IllegalArgumentException(uid + ": shape is required for FeatureAlphaDropout, e.g. "
                    + "setShape(new int[] {16, 4, 32, 32}) for samples of shape (C, D, H, W)");
        }
        Set<String> names = new HashSet<>(Arrays.asList(schema.fieldNames()));
        Set<String> outputs = new HashSet<>();
        Map<String, StructField> result = new LinkedHashMap<>();
        for (StructField f : schema.fields()) {
            result.put(f.name(), f);
        }
        for (int i = 0; i < in.length; i++) {
            if (!names.contains(in[i])) {
                throw new IllegalArgumentException(uid + ": input column '" + in[i] + "' does not exist; "
                        + "available columns: " + String.join(", ", schema.fieldNames()));
            }
            StructField input = schema.apply(in[i]);
            if (!TensorType.isSupported(input.dataType())) {
                throw new IllegalArgumentException(uid + ": input "
                        + TensorType.unsupported(ColumnNames.quote(in[i]), input.dataType()));
            }
            if (!outputs.add(out[i])) {
                throw new IllegalArgumentException(uid + ": output column '" + out[i] + "' is given twice");
            }
            if (names.contains(out[i]) && !out[i].equals(in[i])) {
                throw new IllegalArgumentException(uid + ": output column '" + out[i] + "' already exists; "
                        + "choose another output column name, or use the input column's name to replace it");
            }
            result.put(out[i], new StructField(out[i], input.dataType(), input.nullable(), input.metadata()));
        }
        if (isSet(seedCol) && !names.contains(getSeedCol())) {
            throw new IllegalArgumentException(uid + ": seedCol '" + getSeedCol() + "' does not exist; "
                    + "available columns: " + String.join(", ", schema.fieldNames()));
        }
        return new StructType(result.values().toArray(new StructField[0]));
    }

    /**
     * One projection: every input column in place, an output column that has an input column's name (compared as
     * Spark's analyzer compares names) in that column's place, new output columns appended in order. Under
     * {@code skip} the results first go to temporary columns, so that a row can be dropped when an input is non-null
     * but its result is null (the input is needed still when an output replaces it); then one filter and one final
     * projection.
     *
     * <p>Built with as few Dataset operations as possible: each one analyses the whole plan on the driver, and
     * chained {@code withColumns}/{@code drop} calls cost about 11 ms more per query than one {@code select} (found
     * by the Spark benchmark, where that was 5-10% of a 1500-row query).
     */
    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema(), true);
        String[] in = inputColumns();
        String[] out = outputColumns(in);
        HandleInvalid invalid = HandleInvalid.fromParam(getHandleInvalid());
        Column seedColumn = isSet(seedCol) ? dataset.col(getSeedCol()) : null;

        Column[] results = new Column[in.length];
        for (int i = 0; i < in.length; i++) {
            DropoutSpec spec = new DropoutSpec(mode(), getP(), sampleShape(), getSeed(), getTraining(), invalid);
            results[i] = AlphaDropoutFunctions.dropout(dataset.col(ColumnNames.quote(in[i])), in[i], spec,
                    seedColumn);
        }
        String[] fields = dataset.schema().fieldNames();
        if (invalid != HandleInvalid.SKIP) {
            return dataset.select(projection(dataset, fields, out, results));
        }
        Column[] withTemporary = new Column[fields.length + in.length];
        Column[] temporary = new Column[in.length];
        for (int f = 0; f < fields.length; f++) {
            withTemporary[f] = dataset.col(ColumnNames.quote(fields[f]));
        }
        for (int i = 0; i < in.length; i++) {
            String name = "__" + uid + "_dropout_" + i;
            withTemporary[fields.length + i] = results[i].as(name);
            temporary[i] = functions.col(ColumnNames.quote(name));
        }
        Dataset<Row> withResults = dataset.select(withTemporary);
        Column valid = null;
        for (int i = 0; i < in.length; i++) {
            Column ok = temporary[i].isNotNull().or(withResults.col(ColumnNames.quote(in[i])).isNull());
            valid = valid == null ? ok : valid.and(ok);
        }
        Dataset<Row> kept = withResults.filter(valid);
        return kept.select(projection(kept, fields, out, temporary));
    }

    /** The fields in order, each output in the place of the field it names (else appended), as one projection. */
    private static Column[] projection(Dataset<?> dataset, String[] fields, String[] out, Column[] results) {
        boolean caseSensitive = SQLConf.get().caseSensitiveAnalysis();
        List<Column> columns = new ArrayList<>();
        boolean[] placed = new boolean[out.length];
        for (String field : fields) {
            Column column = dataset.col(ColumnNames.quote(field));
            for (int i = 0; i < out.length; i++) {
                if (caseSensitive ? out[i].equals(field) : out[i].equalsIgnoreCase(field)) {
                    column = results[i].as(out[i]);
                    placed[i] = true;
                }
            }
            columns.add(column);
        }
        for (int i = 0; i < out.length; i++) {
            if (!placed[i]) {
                columns.add(results[i].as(out[i]));
            }
        }
        return columns.toArray(new Column[0]);
    }
}
