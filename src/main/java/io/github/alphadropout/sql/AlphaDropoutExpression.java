package io.github.alphadropout.sql;

import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.RowSeeds;
import io.github.alphadropout.sql.AlphaDropoutEvaluator.InputKind;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.MonotonicallyIncreasingID;
import org.apache.spark.sql.catalyst.expressions.PrettyAttribute;
import org.apache.spark.sql.catalyst.expressions.XxHash64;
import org.apache.spark.sql.catalyst.expressions.codegen.Block;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.expressions.codegen.JavaCode;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.classic.ColumnNodeExpression;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.UserDefinedType;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Alpha dropout (or feature alpha dropout) of one {@code array<float>}, {@code array<double>} or Spark ML vector
 * per row, as a Catalyst expression. Build it with {@link AlphaDropoutFunctions}; the output has the input's type
 * (vectors always come out dense).
 *
 * <h2>Children and seeds</h2>
 * Two children: the input, and the source of each row's seed.
 * <ul>
 *   <li><b>Position seeds</b> ({@code keyedSeeds == false}): the second child is {@link RowPositionId}, whose value
 *       is exactly that of Spark's {@link MonotonicallyIncreasingID}: {@code (partitionIndex << 33) +
 *       rowIndexInPartition} ({@link io.github.alphadropout.kernel.RowSeeds#positionId}). In a batch query the row
 *       seed is {@code RowSeeds.forPosition(RowSeeds.streamKey(seed, columnIndex), id)}
 *       = {@code RowSeeds.rowSeed(seed, columnIndex, partition, row)}. Like {@code rand(seed)}, this depends on the
 *       partitioning and on the order of rows within a partition: a retried or speculative task over the same
 *       input reproduces it exactly; a different partitioning, or an input whose order within a partition is not
 *       deterministic (e.g. right after a shuffle), does not. Use a seed column for that.
 *       <br>In a micro-batch of a streaming query, where partitions and positions restart in every micro-batch,
 *       the micro-batch id that Spark gives each of its tasks (a local property, recorded in the checkpoint's
 *       offset log and the same when the batch is re-run) is mixed in: the row seed is
 *       {@code RowSeeds.rowSeedInMicroBatch(seed, columnIndex, batchId, partition, row)}, so masks differ from
 *       micro-batch to micro-batch and a re-run micro-batch gets the same masks (see
 *       {@link AlphaDropoutEvaluator#positionStreamKey()}). Continuous processing, which has no micro-batch ids,
 *       is refused at run time.</li>
 *   <li><b>Seed column</b> ({@code keyedSeeds == true}): the second child is any expression. A value of an integral
 *       type ({@code tinyint, smallint, int, bigint}) is the key itself (widened to long); a value of any other
 *       type is hashed to a long key with Spark's {@code xxhash64(value)} (seed 42, exactly the SQL function
 *       {@code xxhash64}). The row seed is {@code RowSeeds.forKey(RowSeeds.streamKey(seed, columnIndex), key)}
 *       = {@code RowSeeds.rowSeedForKey(seed, columnIndex, key)}: masks follow the key through repartitioning,
 *       shuffles and reruns. A null seed value makes a non-null sample invalid.</li>
 * </ul>
 *
 * <h2>Determinism</h2>
 * The expression is deterministic in its children: {@link #deterministic()} is inherited from them, so it is
 * non-deterministic exactly when position seeds are used (because {@link RowPositionId} is). That
 * is what keeps Catalyst from pushing filters below it, from collapsing it into a projection that evaluates it
 * twice, or from eliminating it as a common subexpression, any of which would change row positions. With a
 * deterministic seed column it is deterministic and optimised like any other pure function. It is never foldable.
 *
 * <h2>Invalid rows</h2>
 * A null input gives null. A non-null sample is invalid when it is empty, has a null element, or (feature mode)
 * does not fit the shape, or when its seed column value is null; {@link HandleInvalid#ERROR} fails the task with a
 * message naming the column, the problem and the fix, {@link HandleInvalid#SKIP} gives null (the Transformer drops
 * such rows), {@link HandleInvalid#KEEP} passes the input through unchanged. Rows are validated the same way
 * whether {@code training} is on or off (so a pipeline keeps the same rows in both), and an empty sample is
 * invalid here although the kernel alone would pass it through.
 *
 * <h2>Code generation</h2>
 * {@link #doGenCode} calls {@link AlphaDropoutEvaluator} through a reference object, so whole-stage code
 * generation keeps the surrounding operator; the interpreted {@link #eval} path calls the same methods, so both
 * give bit-identical output.
 */
public final class AlphaDropoutExpression extends Expression implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final String VECTOR_UDT = "org.apache.spark.ml.linalg.VectorUDT";
    private static final String OLD_VECTOR_UDT = "org.apache.spark.mllib.linalg.VectorUDT";

    private final Expression input;
    private final Expression seedSource;
    private final DropoutSpec spec;
    private final boolean keyedSeeds;
    private final String inputName;
    private final String seedName;
    private final Seq<Expression> children;

    private transient AlphaDropoutEvaluator evaluator;

    /**
     * @param input      the samples
     * @param seedSource the row position ({@link RowPositionId}) when {@code keyedSeeds} is false, else the seed column
     * @param spec       what to apply
     * @param keyedSeeds whether {@code seedSource} is a seed column (true) or the row position (false)
     */
    public AlphaDropoutExpression(Expression input, Expression seedSource, DropoutSpec spec, boolean keyedSeeds) {
        this(input, seedSource, spec, keyedSeeds, null, null);
    }

    /**
     * Also carries the names of the input and seed columns for error messages, which outlive the binding of the
     * children to {@code BoundReference}s (Catalyst passes them back through {@link #otherCopyArgs}); null
     * derives a name from the child. Names take no part in equality.
     */
    public AlphaDropoutExpression(Expression input, Expression seedSource, DropoutSpec spec, boolean keyedSeeds,
                                  String inputName, String seedName) {
        this.input = Objects.requireNonNull(input, "input");
        this.seedSource = Objects.requireNonNull(seedSource, "seedSource");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.keyedSeeds = keyedSeeds;
        this.inputName = inputName;
        this.seedName = seedName;
        this.children = seq(List.of(input, seedSource));
    }

    /** Seeds from each row's position (partition, row within the partition). */
    public static AlphaDropoutExpression positional(Expression input, DropoutSpec spec) {
        return new AlphaDropoutExpression(input, new RowPositionId(), spec, false);
    }

    /** Seeds from the value of {@code seedColumn}. */
    public static AlphaDropoutExpression keyed(Expression input, Expression seedColumn, DropoutSpec spec) {
        return new AlphaDropoutExpression(input, seedColumn, spec, true);
    }

    public Expression input() {
        return input;
    }

    public Expression seedSource() {
        return seedSource;
    }

    public DropoutSpec spec() {
        return spec;
    }

    public boolean keyedSeeds() {
        return keyedSeeds;
    }

    // ------------------------------------------------------------------------------------------ tree plumbing

    @Override
    public Seq<Expression> children() {
        return children;
    }

    @Override
    public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
        Expression newInput = newChildren.apply(0);
        Expression newSeed = newChildren.apply(1);
        return new AlphaDropoutExpression(newInput, newSeed, spec, keyedSeeds, pin(inputName, input),
                pin(seedName, seedSource));
    }

    /**
     * The name to keep for a child being replaced: the pinned one, else the old child's name once it is resolved
     * and not yet bound. So messages name what the user wrote ({@code `x`}), not what the optimiser or the binding
     * to {@code BoundReference}s made of it (e.g. an inlined alias).
     */
    private static String pin(String pinned, Expression old) {
        if (pinned != null) {
            return pinned;
        }
        return old.resolved() && !containsPlaceholder(old) ? nameOf(old) : null;
    }

    /** Whether the tree holds a node that stands in for a column: a Column's node, or a bound ordinal. */
    private static boolean containsPlaceholder(Expression e) {
        if (e instanceof BoundReference || e instanceof ColumnNodeExpression || e instanceof PrettyAttribute) {
            return true;
        }
        for (Expression child : CollectionConverters.asJava(e.children())) {
            if (containsPlaceholder(child)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Seq<Object> otherCopyArgs() {
        return seq(Arrays.asList(inputName, seedName));
    }

    /** The input column's name for messages, e.g. {@code `x`}. */
    public String inputName() {
        return inputName != null ? inputName : nameOf(input);
    }

    /** The seed column's name for messages (seed column mode). */
    public String seedName() {
        return seedName != null ? seedName : nameOf(seedSource);
    }

    @Override
    public int productArity() {
        return 4;
    }

    @Override
    public Object productElement(int n) {
        switch (n) {
            case 0: return input;
            case 1: return seedSource;
            case 2: return spec;
            case 3: return keyedSeeds;
            default: throw new IndexOutOfBoundsException(Integer.toString(n));
        }
    }

    @Override
    public boolean canEqual(Object that) {
        return that instanceof AlphaDropoutExpression;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof AlphaDropoutExpression e && keyedSeeds == e.keyedSeeds && spec.equals(e.spec)
                && input.equals(e.input) && seedSource.equals(e.seedSource);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    // ------------------------------------------------------------------------------------------------ typing

    @Override
    public DataType dataType() {
        return input.dataType();
    }

    @Override
    public boolean nullable() {
        return input.nullable() || spec.handleInvalid() == HandleInvalid.SKIP;
    }

    @Override
    public String prettyName() {
        return spec.mode() == DropoutMode.FEATURE ? "feature_alpha_dropout" : "alpha_dropout";
    }

    @Override
    public TypeCheckResult checkInputDataTypes() {
        DataType type = input.dataType();
        if (inputKind(type) == null) {
            String hint = type instanceof UserDefinedType<?> && type.getClass().getName().equals(OLD_VECTOR_UDT)
                    ? "; convert old org.apache.spark.mllib vectors with MLUtils.convertVectorColumnsToML"
                    : type instanceof ArrayType
                            ? "; cast it, e.g. CAST(" + inputName() + " AS ARRAY<FLOAT>)"
                            : "";
            return new TypeCheckResult.TypeCheckFailure(prettyName() + " supports array<float>, array<double> and"
                    + " Spark ML vector (org.apache.spark.ml.linalg.Vector) columns, but " + inputName() + " is "
                    + type.simpleString() + hint);
        }
        if (!keyedSeeds && !seedSource.dataType().equals(DataTypes.LongType)) {
            return new TypeCheckResult.TypeCheckFailure(prettyName() + ": the position seed source must be bigint");
        }
        if (keyedSeeds && !isIntegral(seedSource.dataType())) {
            return hashOf(seedSource).checkInputDataTypes();
        }
        return TypeCheckResult.TypeCheckSuccess$.MODULE$;
    }

    /** The input kind of a supported type, else null. */
    static InputKind inputKind(DataType type) {
        if (type instanceof ArrayType a) {
            if (a.elementType() instanceof FloatType) {
                return InputKind.FLOAT_ARRAY;
            }
            if (a.elementType() instanceof DoubleType) {
                return InputKind.DOUBLE_ARRAY;
            }
            return null;
        }
        if (type instanceof UserDefinedType<?> && type.getClass().getName().equals(VECTOR_UDT)) {
            return InputKind.VECTOR;
        }
        return null;
    }

    private static boolean isIntegral(DataType type) {
        return type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType;
    }

    private static XxHash64 hashOf(Expression e) {
        return new XxHash64(seq(List.of(e)), 42L);
    }

    /** How a row's seed key is read from the seed source. */
    private KeyRule keyRule() {
        if (!keyedSeeds) {
            return KeyRule.POSITION;
        }
        return isIntegral(seedSource.dataType()) ? KeyRule.INTEGRAL : KeyRule.HASHED;
    }

    private enum KeyRule { POSITION, INTEGRAL, HASHED }

    private AlphaDropoutEvaluator evaluator() {
        AlphaDropoutEvaluator e = evaluator;
        if (e == null) {
            DataType type = input.dataType();
            InputKind kind = inputKind(type);
            if (kind == null) {
                throw new IllegalStateException(checkInputDataTypes().toString());
            }
            boolean containsNull = type instanceof ArrayType a && a.containsNull();
            e = new AlphaDropoutEvaluator(spec, kind, containsNull, prettyName(), inputName(),
                    keyedSeeds ? seedName() : null, keyedSeeds ? seedSource.dataType() : null);
            evaluator = e;
        }
        return e;
    }

    // ------------------------------------------------------------------------------------------- evaluation

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
            case POSITION -> RowSeeds.forPosition(e.positionStreamKey(), (Long) key);
            case INTEGRAL -> e.rowSeedForKey(((Number) key).longValue());
            case HASHED -> e.rowSeedForKey(e.hashKey(key));
        };
        switch (e.kind()) {
            case FLOAT_ARRAY:
                return e.applyFloat((ArrayData) value, rowSeed);
            case DOUBLE_ARRAY:
                return e.applyDouble((ArrayData) value, rowSeed);
            default:
                return e.applyVector((InternalRow) value, rowSeed);
        }
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
        AlphaDropoutEvaluator e = evaluator();
        String evaluatorClass = AlphaDropoutEvaluator.class.getName();
        String reference = ctx.addReferenceObj("alphaDropout", e, evaluatorClass);
        String field = ctx.addMutableState(evaluatorClass, "alphaDropout", v -> v + " = " + reference + ";",
                true, true);
        // The seed source's code appears once (Catalyst inlines a lazily read input column wherever its
        // variable is generated, so generating it twice would declare it twice).
        ExprCode keyEv = seedSource.genCode(ctx);
        ExprCode inputEv = input.genCode(ctx);
        String javaType = CodeGenerator.javaType(dataType());
        JavaCode key = keyEv.value();
        Object[] rowSeed = switch (keyRule()) {
            case POSITION -> {
                // The stream key depends on the micro-batch the task runs in: read once per partition.
                String streamKey = ctx.addMutableState(CodeGenerator.JAVA_LONG(), "alphaDropoutStreamKey",
                        v -> v + " = " + field + ".streamKey();", true, true);
                ctx.addPartitionInitializationStatement(streamKey + " = " + field + ".positionStreamKey();");
                yield new Object[] {RowSeeds.class.getName(), ".forPosition(", streamKey, ", ", key, ")"};
            }
            case INTEGRAL -> new Object[] {field, ".rowSeedForKey((long) ", key, ")"};
            case HASHED -> isPrimitive(seedSource.dataType())
                    ? new Object[] {field, ".rowSeedForKey(", field, ".hashKey(",
                            CodeGenerator.boxedType(seedSource.dataType()), ".valueOf(", key, ")))"}
                    : new Object[] {field, ".rowSeedForKey(", field, ".hashKey((Object) ", key, "))"};
        };
        String apply = switch (e.kind()) {
            case FLOAT_ARRAY -> "applyFloat";
            case DOUBLE_ARRAY -> "applyDouble";
            case VECTOR -> "applyVector";
        };
        List<Object> pieces = new ArrayList<>(List.of(
                "// the seed source first and for every row: the row position counts rows\n",
                keyEv.code(), "\n",
                inputEv.code(), "\n",
                "boolean ", ev.isNull(), " = true;\n",
                javaType, " ", ev.value(), " = null;\n",
                "if (!", inputEv.isNull(), ") {\n",
                "  if (", keyEv.isNull(), ") {\n",
                "    ", ev.value(), " = (", javaType, ") ", field, ".nullSeed(", inputEv.value(), ");\n",
                "  } else {\n",
                "    ", ev.value(), " = ", field, ".", apply, "(", inputEv.value(), ", "));
        pieces.addAll(Arrays.asList(rowSeed));
        pieces.addAll(List.of(");\n",
                "  }\n",
                "  ", ev.isNull(), " = ", ev.value(), " == null;\n",
                "}\n"));
        Block code = block(pieces.toArray());
        return ev.copy(code, ev.isNull(), ev.value());
    }

    /** Whether values of the type are Java primitives in generated code (boxed for a call that takes Object). */
    private static boolean isPrimitive(DataType type) {
        return !CodeGenerator.javaType(type).equals(CodeGenerator.boxedType(type));
    }

    /** A code block like Spark's {@code code"..."} interpolator makes: strings between tracked code values. */
    static Block block(Object... pieces) {
        List<String> parts = new ArrayList<>();
        List<JavaCode> inputs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (Object piece : pieces) {
            if (piece instanceof JavaCode code) {
                parts.add(current.toString());
                current.setLength(0);
                inputs.add(code);
            } else {
                current.append(piece);
            }
        }
        parts.add(current.toString());
        return new CodeBlock(seq(parts), seq(inputs));
    }

    // ---------------------------------------------------------------------------------------------- strings

    @Override
    public String sql() {
        StringBuilder s = new StringBuilder(prettyName()).append('(').append(sqlOf(input)).append(", ")
                .append(spec.p());
        if (spec.mode() == DropoutMode.FEATURE) {
            s.append(", array(").append(Arrays.stream(spec.shape().dims()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(", "))).append(')');
        }
        s.append(", ").append(spec.seed());
        if (keyedSeeds) {
            s.append(", seedCol => ").append(sqlOf(seedSource));
        }
        return s.append(')').toString();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(prettyName()).append('(').append(input).append(", p=").append(spec.p());
        if (spec.mode() == DropoutMode.FEATURE) {
            s.append(", shape=").append(spec.shape());
        }
        s.append(", seed=").append(spec.seed());
        if (spec.columnIndex() != 0) {
            s.append(", columnIndex=").append(spec.columnIndex());
        }
        if (!spec.training()) {
            s.append(", training=false");
        }
        s.append(", handleInvalid=").append(spec.handleInvalid().paramValue());
        s.append(keyedSeeds ? ", seedCol=" : ", ").append(seedSource);
        return s.append(')').toString();
    }

    /** A column's name for messages: {@code `name`} for an attribute, else its SQL text. */
    private static String nameOf(Expression e) {
        if (e instanceof AttributeReference a) {
            return "`" + a.name().replace("`", "``") + "`";
        }
        return sqlOf(e);
    }

    /** SQL text of a child, also before analysis (a Column's node inside a ColumnNodeExpression). */
    private static String sqlOf(Expression e) {
        if (e instanceof ColumnNodeExpression c) {
            return c.node().sql();
        }
        return e.sql();
    }

    static <T> Seq<T> seq(List<T> list) {
        return CollectionConverters.asScala(list).toList();
    }
}
