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

package io.github.alphadropout.sql;

import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.analysis.UnresolvedSeed$;
import org.apache.spark.sql.catalyst.expressions.CreateArray$;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionWithRandomSeed;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.PrettyAttribute;
import org.apache.spark.sql.catalyst.expressions.XxHash64;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.trees.TreePattern$;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.NumericType$;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Enumeration;
import scala.collection.immutable.Seq;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Alpha dropout (or feature alpha dropout) of one {@code array<float>}, {@code array<double>} or Spark ML vector
 * per row, as a Catalyst expression: what the Column functions, the SQL functions and the Transformers all build.
 * The output has the input's type (vectors always come out dense).
 *
 * <h2>Children</h2>
 * The input; the source of each row's seed; and the arguments, which must be constants: {@code p}, {@code shape}
 * (feature mode; a null placeholder in element mode), {@code seed}, {@code handle_invalid}, {@code training} and
 * {@code column_name}. They are checked at analysis ({@link #checkInputDataTypes}, with Spark's error classes) and
 * read once, when the first row is evaluated.
 *
 * <h2>Seeds</h2>
 * <ul>
 *   <li><b>Position seeds</b>: the seed source is {@link RowPositionId}, whose value is exactly that of Spark's
 *       {@code monotonically_increasing_id()}; the row seed is
 *       {@code RowSeeds.rowSeed(seed, columnName, partition, row)}. Like {@code rand(seed)}, this depends on the
 *       partitioning and on the order of rows within a partition: a retried or speculative task over the same input
 *       reproduces it exactly; a different partitioning does not (use a seed column for that). The expression is
 *       then non-deterministic (its seed source is), which keeps Catalyst from moving, duplicating or eliminating
 *       it. In a streaming micro-batch the seed is {@code RowSeeds.microBatchSeed(seed, batchId)} instead (see
 *       {@link #withNewSeed}); continuous processing is refused.</li>
 *   <li><b>A seed column</b>: the seed source is any expression; its value is the row's key ({@link SeedKeys}) and
 *       the row seed is {@code RowSeeds.rowSeedForKey(seed, columnName, key)}. A null key makes a non-null sample
 *       invalid.</li>
 * </ul>
 *
 * <h2>Invalid rows</h2>
 * A null input gives null. An empty sample, one with a null element, one that does not fit the shape, or one with
 * a null key is invalid: see {@link InvalidRows}. Rows are validated whether {@code training} is on or off.
 *
 * <h2>Code generation</h2>
 * {@link #doGenCode} calls {@link AlphaDropoutEvaluator} through a reference object, so whole-stage code
 * generation keeps the surrounding operator; {@link #eval} calls the same methods, so both paths give bit-identical
 * output.
 */
public final class AlphaDropoutExpression extends CatalystExpression implements ExpressionWithRandomSeed, Serializable {

    private static final long serialVersionUID = 2L;

    /** Stands for the shape argument in element mode. */
    static final Literal NO_SHAPE = Literal.create(null, DataTypes.createArrayType(DataTypes.IntegerType));

    private static final Seq<Enumeration.Value> NODE_PATTERNS =
            Scala.seq(List.of(TreePattern$.MODULE$.EXPRESSION_WITH_RANDOM_SEED()));

    private final DropoutMode mode;
    private final Expression input;
    private final Expression seedSource;
    private final Expression p;
    private final Expression shape;
    private final Expression seed;
    private final Expression handleInvalid;
    private final Expression training;
    private final Expression columnName;
    private final boolean hideSeed;
    private final long microBatchId;
    private final String seedColumnDisplay;
    private final Seq<Expression> children;

    private transient AlphaDropoutEvaluator evaluator;

    /**
     * @param seedSource   {@link RowPositionId} (or {@link RowPositionOf}) for position seeds, else the seed column
     * @param hideSeed     the seed was drawn at random (not given), so it is left out of the SQL text
     * @param microBatchId the streaming micro-batch whose position seeds to use, or -1
     * @param seedColumnDisplay how messages show the seed column (its name as written, e.g. {@code `id`}, which
     *                     Catalyst's later rewrites of the child would lose), or null for position seeds
     */
    public AlphaDropoutExpression(DropoutMode mode, Expression input, Expression seedSource, Expression p,
                                  Expression shape, Expression seed, Expression handleInvalid, Expression training,
                                  Expression columnName, boolean hideSeed, long microBatchId,
                                  String seedColumnDisplay) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.input = Objects.requireNonNull(input, "input");
        this.seedSource = Objects.requireNonNull(seedSource, "seedSource");
        this.p = Objects.requireNonNull(p, "p");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.seed = Objects.requireNonNull(seed, "seed");
        this.handleInvalid = Objects.requireNonNull(handleInvalid, "handleInvalid");
        this.training = Objects.requireNonNull(training, "training");
        this.columnName = Objects.requireNonNull(columnName, "columnName");
        this.hideSeed = hideSeed;
        this.microBatchId = microBatchId;
        this.seedColumnDisplay = seedColumnDisplay;
        this.children = Scala.seq(List.of(input, seedSource, p, shape, seed, handleInvalid, training, columnName));
    }

    /**
     * The expression for a spec, as the Column functions and the Transformers build it.
     *
     * @param seedColumn the seed column, or null for position seeds
     * @param columnName the input column's name, part of every row seed
     */
    public static AlphaDropoutExpression of(Expression input, Expression seedColumn, DropoutSpec spec,
                                            String columnName) {
        Expression shape = spec.shape() == null ? NO_SHAPE : shapeArgument(spec.shape());
        boolean positional = seedColumn == null;
        return new AlphaDropoutExpression(spec.mode(), input, positional ? new RowPositionId() : seedColumn,
                Literal.create(spec.p(), DataTypes.DoubleType), shape,
                Literal.create(spec.seed(), DataTypes.LongType),
                Literal.create(spec.handleInvalid().paramValue(), DataTypes.StringType),
                Literal.create(spec.training(), DataTypes.BooleanType),
                Literal.create(Objects.requireNonNull(columnName, "columnName"), DataTypes.StringType),
                false, positional ? MicroBatches.current() : MicroBatches.NONE,
                positional ? null : ColumnNames.display(seedColumn));
    }

    /**
     * Position seeds from a row position taken earlier in the plan ({@link RowPositionOf}): the masks that
     * {@link #of} with position seeds gives the row the position was taken from.
     *
     * @param positionId a {@code bigint} column holding {@code (partitionIndex << 33) + rowIndexInPartition}
     */
    public static AlphaDropoutExpression atPosition(Expression input, Expression positionId, DropoutSpec spec,
                                                    String columnName) {
        AlphaDropoutExpression e = of(input, null, spec, columnName);
        return new AlphaDropoutExpression(e.mode, e.input, new RowPositionOf(positionId), e.p, e.shape, e.seed,
                e.handleInvalid, e.training, e.columnName, false, e.microBatchId, null);
    }

    /** {@code array(C, D, H, W)}, as the SQL call writes it (so that column names read the same). */
    private static Expression shapeArgument(SampleShape shape) {
        List<Expression> dims = new ArrayList<>();
        for (int d : shape.dims()) {
            dims.add(Literal.create(d, DataTypes.IntegerType));
        }
        return CreateArray$.MODULE$.apply(Scala.seq(dims));
    }

    public DropoutMode mode() {
        return mode;
    }

    public Expression input() {
        return input;
    }

    public Expression seedSource() {
        return seedSource;
    }

    /** Whether rows are seeded from their position (else from a seed column). */
    public boolean positionSeeds() {
        return isPosition(seedSource);
    }

    private static boolean isPosition(Expression seedSource) {
        return seedSource instanceof RowPositionId || seedSource instanceof RowPositionOf;
    }

    /** The streaming micro-batch whose position seeds this expression uses, or -1. */
    public long microBatchId() {
        return microBatchId;
    }

    /** The arguments' values; only once {@link #checkInputDataTypes} succeeds. */
    public DropoutSpec spec() {
        return new DropoutSpec(mode, doubleValue(p), mode == DropoutMode.FEATURE ? shapeValue() : null,
                ((Number) seed.eval(null)).longValue(), (Boolean) training.eval(null),
                HandleInvalid.fromParam(stringValue(handleInvalid)));
    }

    /** The input column's name, part of every row seed; only once {@link #checkInputDataTypes} succeeds. */
    public String columnName() {
        return stringValue(columnName);
    }

    // ----------------------------------------------------------------------------------------- tree plumbing

    @Override
    public Seq<Expression> children() {
        return children;
    }

    @Override
    protected Expression withChildren(List<Expression> c) {
        // A copy made while a streaming query's own thread plans a micro-batch (in foreachBatch, say) is for
        // that micro-batch.
        long batch = microBatchId == MicroBatches.NONE && isPosition(c.get(1))
                ? MicroBatches.current() : microBatchId;
        return new AlphaDropoutExpression(mode, c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5),
                c.get(6), c.get(7), hideSeed, batch, seedColumnDisplay);
    }

    @Override
    public int productArity() {
        return 12;
    }

    @Override
    public Object productElement(int n) {
        return switch (n) {
            case 0 -> mode;
            case 1 -> input;
            case 2 -> seedSource;
            case 3 -> p;
            case 4 -> shape;
            case 5 -> seed;
            case 6 -> handleInvalid;
            case 7 -> training;
            case 8 -> columnName;
            case 9 -> hideSeed;
            case 10 -> microBatchId;
            case 11 -> seedColumnDisplay;
            default -> throw new IndexOutOfBoundsException(Integer.toString(n));
        };
    }

    @Override
    public boolean canEqual(Object that) {
        return that instanceof AlphaDropoutExpression;
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof AlphaDropoutExpression e && mode == e.mode && hideSeed == e.hideSeed
                && microBatchId == e.microBatchId && children.equals(e.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, hideSeed, microBatchId, children);
    }

    // --------------------------------------------------------------------------------- the seed, as Spark sees it

    @Override
    public Seq<Enumeration.Value> nodePatterns() {
        return NODE_PATTERNS;
    }

    @Override
    public Expression seedExpression() {
        return seed;
    }

    /**
     * Spark calls this in two places. The analyzer resolves an omitted seed ({@code UnresolvedSeed}, as for
     * {@code rand()}) with a random one, which is then kept out of the SQL text. And Structured Streaming calls it
     * on the optimized plan of every micro-batch, on the query's own thread, to give random expressions new numbers
     * in each: here the seed stays, and position seeds take the micro-batch's id, which that thread holds for the
     * micro-batch being planned (and the checkpoint's offset log keeps for a re-run), so masks differ from
     * micro-batch to micro-batch and a re-run micro-batch gets the same ones.
     */
    @Override
    public Expression withNewSeed(long newSeed) {
        if (seed == UnresolvedSeed$.MODULE$) {
            return withSeed(Literal.create(newSeed, DataTypes.LongType), true, microBatchId);
        }
        if (positionSeeds() && microBatchId == MicroBatches.NONE) {
            long batch = MicroBatches.current();
            if (batch != MicroBatches.NONE) {
                return withSeed(seed, hideSeed, batch);
            }
        }
        return this;
    }

    /** Spark's recursive CTEs shift seeds level by level, so that each level draws new masks. */
    public Expression withShiftedSeed(long shift) {
        if (!seed.foldable()) {
            return this;
        }
        long shifted = ((Number) seed.eval(null)).longValue() + shift;
        return withSeed(Literal.create(shifted, DataTypes.LongType), hideSeed, microBatchId);
    }

    private AlphaDropoutExpression withSeed(Expression newSeed, boolean hide, long batch) {
        return new AlphaDropoutExpression(mode, input, seedSource, p, shape, newSeed, handleInvalid, training,
                columnName, hide, batch, seedColumnDisplay);
    }

    // ------------------------------------------------------------------------------------------------ typing

    @Override
    public DataType dataType() {
        return input.dataType();
    }

    @Override
    public boolean nullable() {
        return input.nullable() || !handleInvalid.foldable()
                || HandleInvalid.SKIP.paramValue().equalsIgnoreCase(String.valueOf(handleInvalid.eval(null)).trim());
    }

    @Override
    public boolean foldable() {
        return false;
    }

    @Override
    public String prettyName() {
        return mode == DropoutMode.FEATURE ? AlphaDropoutFunctionBuilder.FEATURE_ALPHA_DROPOUT
                : AlphaDropoutFunctionBuilder.ALPHA_DROPOUT;
    }

    @Override
    public TypeCheckResult checkInputDataTypes() {
        if (TensorType.of(input.dataType()).isEmpty()) {
            return Mismatch.unexpectedType(0, "\"ARRAY<FLOAT>\" or \"ARRAY<DOUBLE>\" or \"VECTOR\"", input);
        }
        // Argument positions as the SQL functions take them.
        int seedIndex = mode == DropoutMode.FEATURE ? 3 : 2;
        List<TypeCheckResult> checks = new ArrayList<>();
        checks.add(Mismatch.constant(1, "p", p, NumericType$.MODULE$, NumericType.class));
        if (mode == DropoutMode.FEATURE) {
            checks.add(Mismatch.constant(2, "shape", shape, DataTypes.createArrayType(DataTypes.IntegerType),
                    ArrayType.class));
        }
        checks.add(Mismatch.constant(seedIndex, "seed", seed, DataTypes.LongType, null));
        checks.add(Mismatch.constant(seedIndex + 2, "handle_invalid", handleInvalid, DataTypes.StringType,
                StringType.class));
        checks.add(Mismatch.constant(seedIndex + 3, "training", training, DataTypes.BooleanType,
                BooleanType.class));
        checks.add(Mismatch.constant(seedIndex + 4, "column_name", columnName, DataTypes.StringType,
                StringType.class));
        for (TypeCheckResult check : checks) {
            if (check.isFailure()) {
                return check;
            }
        }
        double probability = doubleValue(p);
        try {
            AlphaDropoutCoefficients.checkProbability(probability);
        } catch (IllegalArgumentException e) {
            return new TypeCheckResult.TypeCheckFailure(prettyName() + ": " + e.getMessage());
        }
        if (mode == DropoutMode.FEATURE) {
            String problem = shapeProblem();
            if (problem != null) {
                return new TypeCheckResult.TypeCheckFailure(prettyName() + ": " + problem);
            }
        }
        String handling = stringValue(handleInvalid);
        try {
            HandleInvalid.fromParam(handling);
        } catch (IllegalArgumentException e) {
            return Mismatch.invalidValue("handle_invalid", "STRING", "'error', 'skip' or 'keep'", handling);
        }
        if (!positionSeeds() && !SeedKeys.isIntegral(seedSource.dataType())) {
            return new XxHash64(Scala.seq(List.of(seedSource)), SeedKeys.XXHASH_SEED).checkInputDataTypes();
        }
        return TypeCheckResult.TypeCheckSuccess$.MODULE$;
    }

    private static double doubleValue(Expression e) {
        Object value = e.eval(null);
        return value instanceof Decimal d ? d.toDouble() : ((Number) value).doubleValue();
    }

    private static String stringValue(Expression e) {
        return e.eval(null).toString();
    }

    /** The shape argument's dimensions, or why they are not a shape; null when they are. */
    private String shapeProblem() {
        ArrayType type = (ArrayType) shape.dataType();
        if (!SeedKeys.isIntegral(type.elementType())) {
            return "the shape must be an array of integers (C, *spatial) such as array(16, 4, 32, 32), but got "
                    + shape.sql() + " of type " + type.simpleString();
        }
        ArrayData dims = (ArrayData) shape.eval(null);
        for (int i = 0; i < dims.numElements(); i++) {
            if (dims.isNullAt(i)) {
                return "the shape " + shape.sql() + " has a null at index " + i;
            }
            long d = ((Number) dims.get(i, type.elementType())).longValue();
            if (d != (int) d) {
                return "the shape " + shape.sql() + " has " + d + " at index " + i + ", which is not an int";
            }
        }
        try {
            shapeValue();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private SampleShape shapeValue() {
        ArrayType type = (ArrayType) shape.dataType();
        ArrayData dims = (ArrayData) shape.eval(null);
        int[] out = new int[dims.numElements()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) dims.get(i, type.elementType())).intValue();
        }
        return SampleShape.of(out);
    }

    // ------------------------------------------------------------------------------------------- evaluation

    /** How a row's key is read from the seed source. */
    private enum KeyRule { POSITION, INTEGRAL, HASHED }

    private KeyRule keyRule() {
        if (positionSeeds()) {
            return KeyRule.POSITION;
        }
        return SeedKeys.isIntegral(seedSource.dataType()) ? KeyRule.INTEGRAL : KeyRule.HASHED;
    }

    private AlphaDropoutEvaluator evaluator() {
        AlphaDropoutEvaluator e = evaluator;
        if (e == null) {
            DataType type = input.dataType();
            TensorType tensorType = TensorType.of(type).orElseThrow(
                    () -> new IllegalStateException(checkInputDataTypes().toString()));
            boolean nullableElements = type instanceof ArrayType a && a.containsNull();
            String seedColumnSql = positionSeeds() ? null
                    : seedColumnDisplay != null ? seedColumnDisplay : ColumnNames.display(seedSource);
            DataType seedType = positionSeeds() ? null : seedSource.dataType();
            evaluator = e = new AlphaDropoutEvaluator(spec(), columnName(), tensorType, nullableElements,
                    prettyName(), seedColumnSql, seedType, microBatchId);
        }
        return e;
    }

    @Override
    public Object eval(InternalRow row) {
        // The seed source first and for every row: the row position counts the rows it sees.
        Object key = seedSource.eval(row);
        Object value = input.eval(row);
        if (value == null) {
            return null;
        }
        AlphaDropoutEvaluator e = evaluator();
        if (key == null) {
            return e.nullSeed(value);
        }
        long rowSeed = switch (keyRule()) {
            case POSITION -> {
                e.checkPositionSeedsAllowed();
                yield e.positionSeed((Long) key);
            }
            case INTEGRAL -> e.keySeed(((Number) key).longValue());
            case HASHED -> e.hashedKeySeed(key);
        };
        return switch (e.type()) {
            case FLOAT_ARRAY -> e.applyFloat((ArrayData) value, rowSeed);
            case DOUBLE_ARRAY -> e.applyDouble((ArrayData) value, rowSeed);
            case VECTOR -> e.applyVector((InternalRow) value, rowSeed);
        };
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
        AlphaDropoutEvaluator e = evaluator();
        String type = AlphaDropoutEvaluator.class.getName();
        String reference = ctx.addReferenceObj("alphaDropout", e, type);
        String evaluatorField = ctx.addMutableState(type, "alphaDropout", v -> v + " = " + reference + ";",
                true, true);
        // The seed source's code is generated once (Catalyst inlines a lazily read input column wherever its
        // variable is generated, so generating it twice would declare it twice).
        ExprCode key = seedSource.genCode(ctx);
        ExprCode in = input.genCode(ctx);
        String rowSeed = switch (keyRule()) {
            case POSITION -> {
                ctx.addPartitionInitializationStatement(evaluatorField + ".checkPositionSeedsAllowed();");
                yield evaluatorField + ".positionSeed(" + key.value() + ")";
            }
            case INTEGRAL -> evaluatorField + ".keySeed((long) " + key.value() + ")";
            case HASHED -> evaluatorField + ".hashedKeySeed((Object) " + boxed(seedSource.dataType(), key) + ")";
        };
        String apply = switch (e.type()) {
            case FLOAT_ARRAY -> "applyFloat";
            case DOUBLE_ARRAY -> "applyDouble";
            case VECTOR -> "applyVector";
        };
        String javaType = CodeGenerator.javaType(dataType());
        return ev.copy(GeneratedCode.code(String.join("\n",
                "{}",
                "{}",
                "boolean {} = true;",
                "{} {} = null;",
                "if (!{}) {",
                "  {} = ({}) ({} ? {}.nullSeed({}) : {}.{}({}, {}));",
                "  {} = {} == null;",
                "}"),
                key.code(), in.code(), ev.isNull(), javaType, ev.value(), in.isNull(),
                ev.value(), javaType, key.isNull(), evaluatorField, in.value(), evaluatorField, apply, in.value(),
                rowSeed, ev.isNull(), ev.value()), ev.isNull(), ev.value());
    }

    /** A seed value as an Object: primitives are boxed for the call that hashes them. */
    private static String boxed(DataType type, ExprCode key) {
        String boxed = CodeGenerator.boxedType(type);
        return boxed.equals(CodeGenerator.javaType(type)) ? key.value().toString()
                : boxed + ".valueOf(" + key.value() + ")";
    }

    // ---------------------------------------------------------------------------------------------- strings

    /**
     * The call as the SQL functions take it, so that {@code SELECT <sql()> FROM t} gives the same output: the
     * positional arguments, then the named ones that differ from their defaults. A drawn seed is left out (as
     * {@code rand()} leaves it out), so it never ends up in a column name.
     */
    @Override
    public String sql() {
        List<String> args = new ArrayList<>();
        args.add(ColumnNames.sqlOf(input));
        args.add(p.sql());
        if (mode == DropoutMode.FEATURE) {
            args.add(shape.sql());
        }
        if (!hideSeed) {
            args.add(seed.sql());
        }
        if (!positionSeeds()) {
            args.add(AlphaDropoutFunctionBuilder.SEED_COL + " => " + ColumnNames.sqlOf(seedSource));
        }
        if (!hasValue(handleInvalid, HandleInvalid.ERROR.paramValue())) {
            args.add(AlphaDropoutFunctionBuilder.HANDLE_INVALID + " => " + handleInvalid.sql());
        }
        if (!hasValue(training, Boolean.TRUE)) {
            args.add(AlphaDropoutFunctionBuilder.TRAINING + " => " + training.sql());
        }
        if (!hasValue(columnName, ColumnNames.of(input))) {
            args.add(AlphaDropoutFunctionBuilder.COLUMN_NAME + " => " + columnName.sql());
        }
        return prettyName() + "(" + String.join(", ", args) + ")";
    }

    /** Whether an argument is the constant {@code value} (also as a column name's {@link PrettyAttribute}). */
    private static boolean hasValue(Expression arg, Object value) {
        if (arg instanceof PrettyAttribute pretty) {
            return pretty.name().equals(value.toString());
        }
        if (!arg.foldable()) {
            return false;
        }
        Object actual = arg.eval(null);
        return actual instanceof UTF8String s ? s.toString().equals(value) : Objects.equals(actual, value);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(prettyName()).append('(').append(input).append(", p=").append(p);
        if (mode == DropoutMode.FEATURE) {
            s.append(", shape=").append(shape);
        }
        s.append(", seed=").append(hideSeed ? "(drawn)" : seed)
                .append(", handleInvalid=").append(handleInvalid)
                .append(", training=").append(training)
                .append(", columnName=").append(columnName)
                .append(positionSeeds() ? ", position seeds" : ", seedCol=" + seedSource);
        if (microBatchId != MicroBatches.NONE) {
            s.append(", microBatch=").append(microBatchId);
        }
        return s.append(')').toString();
    }

    /**
     * Spark's own type-check failures, with its error classes and message parameters formatted as Spark formats
     * them (its formatting helpers differ between Spark versions, so they are written out here).
     */
    static final class Mismatch {

        private Mismatch() {
        }

        private static String id(String name) {
            return ColumnNames.quote(name);
        }

        private static String type(String sqlType) {
            return "\"" + sqlType + "\"";
        }

        private static String type(org.apache.spark.sql.types.AbstractDataType t) {
            return type(t instanceof DataType d ? d.sql() : t.simpleString().toUpperCase(java.util.Locale.ROOT));
        }

        private static String expr(Expression e) {
            return "\"" + ColumnNames.prettySql(e) + "\"";
        }

        static TypeCheckResult unexpectedType(int index, String requiredType, Expression e) {
            return new TypeCheckResult.DataTypeMismatch("UNEXPECTED_INPUT_TYPE", Scala.map(Map.of(
                    "paramIndex", SparkErrors.paramIndex(index),
                    "requiredType", requiredType,
                    "inputSql", expr(e),
                    "inputType", type(e.dataType()))));
        }

        static TypeCheckResult invalidValue(String name, String type, String validValues, String value) {
            return new TypeCheckResult.DataTypeMismatch("INVALID_ARG_VALUE", Scala.map(Map.of(
                    "inputName", id(name),
                    "requireType", type(type),
                    "validValues", validValues,
                    "inputValue", "'" + value.replace("'", "\\'") + "'")));
        }

        /**
         * A constant argument: foldable, of the expected type class (null: any integral type), not null.
         *
         * @param expected the type named in the messages
         */
        static TypeCheckResult constant(int index, String name, Expression arg,
                                        org.apache.spark.sql.types.AbstractDataType expected,
                                        Class<? extends DataType> typeClass) {
            if (!arg.foldable()) {
                return new TypeCheckResult.DataTypeMismatch("NON_FOLDABLE_INPUT", Scala.map(Map.of(
                        "inputName", id(name),
                        "inputType", type(expected),
                        "inputExpr", expr(arg))));
            }
            boolean typeOk = typeClass == null ? SeedKeys.isIntegral(arg.dataType())
                    : typeClass.isInstance(arg.dataType());
            if (!typeOk) {
                return unexpectedType(index, type(expected), arg);
            }
            if (arg.eval(null) == null) {
                return new TypeCheckResult.DataTypeMismatch("UNEXPECTED_NULL", Scala.map(Map.of(
                        "exprName", id(name))));
            }
            return TypeCheckResult.TypeCheckSuccess$.MODULE$;
        }
    }
}
