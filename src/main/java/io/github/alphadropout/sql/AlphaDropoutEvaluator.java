package io.github.alphadropout.sql;

import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.RowSeeds;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.XxHash64Function;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.unsafe.Platform;

import java.io.Serializable;
import java.util.Objects;

/**
 * The per-row work of {@link AlphaDropoutExpression}: validation, {@code handleInvalid}, and the kernel call, for
 * the interpreted path and the generated code alike (which reaches it through {@code ctx.addReferenceObj}, so it
 * must stay public). Internal API: use {@link AlphaDropoutFunctions}.
 *
 * <p>Each valid row costs one read of the input and one write of the output: the output is a {@code float[]}
 * (or {@code double[]}) that holds the {@link UnsafeArrayData} header in its first words and the values after it;
 * the input payload is copied there with one {@link Platform#copyMemory}, the kernel runs in place over it, and an
 * {@link UnsafeArrayData} is pointed at it. No boxing, no intermediate array, one allocation per row.
 *
 * <p>Stateless apart from a lazily rebuilt {@link AlphaDropoutOp}, so one instance may serve concurrent tasks.
 */
public final class AlphaDropoutEvaluator implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The supported input types. */
    public enum InputKind {
        FLOAT_ARRAY("array<float>"),
        DOUBLE_ARRAY("array<double>"),
        VECTOR("vector");

        private final String sqlName;

        InputKind(String sqlName) {
            this.sqlName = sqlName;
        }

        public String sqlName() {
            return sqlName;
        }
    }

    /** VectorUDT's {@code type} field for a dense vector. */
    static final byte DENSE = 1;
    /** VectorUDT's {@code type} field for a sparse vector. */
    static final byte SPARSE = 0;

    private final DropoutSpec spec;
    private final InputKind kind;
    private final boolean checkNullElements;
    private final String functionName;
    private final String columnSql;
    private final String seedColumnSql;
    private final DataType seedType;
    private final long streamKey;
    private final boolean identity;
    private transient AlphaDropoutOp op;

    /**
     * @param spec              the dropout to apply
     * @param kind              the input's type
     * @param checkNullElements whether the input array type admits null elements ({@code containsNull})
     * @param functionName      the SQL name, for messages
     * @param columnSql         the input column's SQL text, for messages
     * @param seedColumnSql     the seed column's SQL text, or null when seeds come from row positions
     * @param seedType          the seed column's type, or null when seeds come from row positions
     */
    public AlphaDropoutEvaluator(DropoutSpec spec, InputKind kind, boolean checkNullElements, String functionName,
                                 String columnSql, String seedColumnSql, DataType seedType) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.checkNullElements = checkNullElements && kind != InputKind.VECTOR;
        this.functionName = functionName;
        this.columnSql = columnSql;
        this.seedColumnSql = seedColumnSql;
        this.seedType = seedType;
        this.streamKey = RowSeeds.streamKey(spec.seed(), spec.columnIndex());
        this.identity = !spec.training() || spec.p() == 0;
    }

    private AlphaDropoutOp op() {
        AlphaDropoutOp o = op;
        if (o == null) {
            o = spec.mode() == DropoutMode.FEATURE
                    ? AlphaDropoutOp.feature(spec.p(), spec.shape())
                    : AlphaDropoutOp.element(spec.p());
            o = o.withTraining(spec.training());
            op = o;
        }
        return o;
    }

    public DropoutSpec spec() {
        return spec;
    }

    public InputKind kind() {
        return kind;
    }

    /** The stream key of a batch query: {@code RowSeeds.streamKey(seed, columnIndex)}. */
    public long streamKey() {
        return streamKey;
    }

    /**
     * The stream key for position seeds in the running task, read once per partition by the generated code (and
     * per row by the interpreted path, which keeps no per-task state here, as one evaluator may serve concurrent
     * tasks): in a streaming micro-batch {@code RowSeeds.streamKey(seed, columnIndex, microBatchId)}, so that the
     * positions that restart in every micro-batch get new masks in each, and the same masks when a micro-batch is
     * re-run from the checkpoint; elsewhere {@link #streamKey()}, exactly as before streaming support.
     *
     * @throws UnsupportedOperationException in continuous processing, which has no micro-batch ids
     */
    public long positionStreamKey() {
        if (identity) {
            return streamKey;
        }
        long batch = StreamingBatch.microBatchId();
        if (batch >= 0) {
            return RowSeeds.streamKey(spec.seed(), spec.columnIndex(), batch);
        }
        if (StreamingBatch.continuousProcessing()) {
            throw new UnsupportedOperationException(functionName + " of column " + columnSql + ": seeds from row"
                    + " positions are not supported in continuous processing (Trigger.Continuous): it has no"
                    + " micro-batch ids, so masks would repeat after every restart and a replay would not reproduce"
                    + " them. To fix: seed each row from a column that identifies it (seedCol on the AlphaDropout /"
                    + " FeatureAlphaDropout transformers, or AlphaDropoutFunctions.dropout(col, spec, seedCol)),"
                    + " e.g. a Kafka record's topic, partition and offset, or use a micro-batch trigger.");
        }
        return streamKey;
    }

    /**
     * The row seed of the row whose {@code monotonically_increasing_id()} is {@code positionId}, in a batch query.
     */
    public long rowSeedForPosition(long positionId) {
        return RowSeeds.forPosition(streamKey, positionId);
    }

    /**
     * The key of a non-null seed column value of a non-integral type: Spark's {@code xxhash64(value)} (seed 42),
     * the same long the SQL function gives.
     */
    public long hashKey(Object value) {
        return XxHash64Function.hash(value, seedType, 42L, false, false);
    }

    /** The row seed of a row whose seed column gives {@code key}. */
    public long rowSeedForKey(long key) {
        return RowSeeds.forKey(streamKey, key);
    }

    // ---------------------------------------------------------------------------------------------------- arrays

    /** Dropout of a non-null {@code array<float>}; null in SKIP mode for an invalid sample. */
    public ArrayData applyFloat(ArrayData in, long rowSeed) {
        final int n = in.numElements();
        if (n == 0 || !op().accepts(n)) {
            return invalidLength(in, n);
        }
        if (checkNullElements) {
            int at = firstNull(in, n);
            if (at >= 0) {
                return invalidNullElement(in, n, at);
            }
        }
        if (identity) {
            return in;
        }
        final int headerBytes = UnsafeArrayData.calculateHeaderPortionInBytes(n);
        final int headerFloats = headerBytes >>> 2;
        final long valueBytes = 4L * n;
        final long totalBytes = wordAligned(headerBytes + valueBytes);
        final float[] out = new float[(int) (totalBytes >>> 2)];
        Platform.putLong(out, Platform.FLOAT_ARRAY_OFFSET, n);
        if (in instanceof UnsafeArrayData u) {
            Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + headerBytes,
                    out, Platform.FLOAT_ARRAY_OFFSET + headerBytes, valueBytes);
        } else {
            for (int i = 0; i < n; i++) {
                out[headerFloats + i] = in.getFloat(i);
            }
        }
        op().apply(out, headerFloats, out, headerFloats, n, rowSeed);
        UnsafeArrayData result = new UnsafeArrayData();
        result.pointTo(out, Platform.FLOAT_ARRAY_OFFSET, (int) totalBytes);
        return result;
    }

    /** Dropout of a non-null {@code array<double>}; null in SKIP mode for an invalid sample. */
    public ArrayData applyDouble(ArrayData in, long rowSeed) {
        final int n = in.numElements();
        if (n == 0 || !op().accepts(n)) {
            return invalidLength(in, n);
        }
        if (checkNullElements) {
            int at = firstNull(in, n);
            if (at >= 0) {
                return invalidNullElement(in, n, at);
            }
        }
        if (identity) {
            return in;
        }
        final int headerBytes = UnsafeArrayData.calculateHeaderPortionInBytes(n);
        final int headerDoubles = headerBytes >>> 3;
        final double[] out = newDoubleArray(n);
        if (in instanceof UnsafeArrayData u) {
            Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + headerBytes,
                    out, Platform.DOUBLE_ARRAY_OFFSET + headerBytes, 8L * n);
        } else {
            for (int i = 0; i < n; i++) {
                out[headerDoubles + i] = in.getDouble(i);
            }
        }
        op().apply(out, headerDoubles, out, headerDoubles, n, rowSeed);
        return pointAt(out);
    }

    // --------------------------------------------------------------------------------------------------- vectors

    /**
     * Dropout of a non-null Spark ML vector (VectorUDT's struct {@code type, size, indices, values}); sparse
     * vectors are expanded to dense first and every valid row comes out dense. Null in SKIP mode for an invalid
     * sample; KEEP returns the input unchanged (sparse stays sparse).
     */
    public InternalRow applyVector(InternalRow in, long rowSeed) {
        final byte type = in.getByte(0);
        final ArrayData values = in.getArray(3);
        final int n;
        final ArrayData indices;
        if (type == DENSE) {
            n = values.numElements();
            indices = null;
        } else if (type == SPARSE) {
            n = in.getInt(1);
            indices = in.getArray(2);
        } else {
            throw new IllegalArgumentException(functionName + ": column " + columnSql
                    + " holds a malformed vector (type " + type + ", expected 0 for sparse or 1 for dense)");
        }
        if (n == 0 || !op().accepts(n)) {
            return invalidLength(in, n);
        }
        if (identity && type == DENSE) {
            return in;
        }
        final int headerDoubles = UnsafeArrayData.calculateHeaderPortionInBytes(n) >>> 3;
        final double[] out = newDoubleArray(n);
        if (type == DENSE) {
            if (values instanceof UnsafeArrayData u) {
                Platform.copyMemory(u.getBaseObject(), u.getBaseOffset() + (headerDoubles << 3),
                        out, Platform.DOUBLE_ARRAY_OFFSET + (headerDoubles << 3), 8L * n);
            } else {
                for (int i = 0; i < n; i++) {
                    out[headerDoubles + i] = values.getDouble(i);
                }
            }
        } else {
            int nnz = values.numElements();
            if (indices.numElements() != nnz) {
                throw new IllegalArgumentException(functionName + ": column " + columnSql + " holds a malformed"
                        + " sparse vector with " + indices.numElements() + " indices but " + nnz + " values");
            }
            for (int k = 0; k < nnz; k++) {
                int index = indices.getInt(k);
                if (index < 0 || index >= n) {
                    throw new IllegalArgumentException(functionName + ": column " + columnSql + " holds a malformed"
                            + " sparse vector of size " + n + " with index " + index);
                }
                out[headerDoubles + index] = values.getDouble(k);
            }
        }
        if (!identity) {
            op().apply(out, headerDoubles, out, headerDoubles, n, rowSeed);
        }
        return new GenericInternalRow(new Object[] {DENSE, null, null, pointAt(out)});
    }

    // ------------------------------------------------------------------------------------------------- invalid

    /** A non-null sample whose seed column value is null: invalid (ERROR fails, SKIP gives null, KEEP passes). */
    public Object nullSeed(Object in) {
        return handle(in, "its seed column " + seedColumnSql + " is null",
                "filter out rows where " + seedColumnSql + " IS NULL, or fill it (e.g. coalesce)");
    }

    private <T> T invalidLength(T in, int n) {
        if (n == 0) {
            return handle(in, "the sample is empty (0 elements)", filterHint());
        }
        return handle(in, spec.shape().mismatch(n), filterHint());
    }

    private <T> T invalidNullElement(T in, int n, int index) {
        return handle(in, "the sample has a null element at index " + index + " (of " + n + " elements)",
                filterHint());
    }

    private <T> T handle(T in, String problem, String filterHint) {
        switch (spec.handleInvalid()) {
            case SKIP:
                return null;
            case KEEP:
                return in;
            default:
                throw new IllegalArgumentException(functionName + ": invalid row in column " + columnSql + ": "
                        + problem + ". To fix: set handleInvalid to 'skip' or 'keep' (AlphaDropout /"
                        + " FeatureAlphaDropout transformers), or, with the Column or SQL function, " + filterHint
                        + " before calling " + functionName + ".");
        }
    }

    private String filterHint() {
        StringBuilder hint = new StringBuilder("filter such rows out, e.g. WHERE ");
        String fixed = spec.shape() == null || spec.shape().hasInferredDimension()
                ? null : Integer.toString(spec.shape().fixedLength());
        if (kind == InputKind.VECTOR) {
            hint.append("the vector size is ").append(fixed == null ? "> 0" : fixed)
                    .append(" (e.g. size(vector_to_array(").append(columnSql).append(")) = ")
                    .append(fixed == null ? "..." : fixed).append(')');
            return hint.toString();
        }
        hint.append("size(").append(columnSql).append(") ").append(fixed == null ? "> 0" : "= " + fixed);
        if (spec.shape() != null && spec.shape().hasInferredDimension()) {
            hint.append(" (a multiple of the known dimensions of shape ").append(spec.shape()).append(')');
        }
        if (checkNullElements) {
            hint.append(" AND NOT exists(").append(columnSql).append(", v -> v IS NULL)");
        }
        return hint.toString();
    }

    // ------------------------------------------------------------------------------------------------- helpers

    /** The index of the first null element, or -1; tests the null bitmap a word at a time when it can. */
    static int firstNull(ArrayData in, int n) {
        if (in instanceof UnsafeArrayData u) {
            final Object base = u.getBaseObject();
            final long bitmap = u.getBaseOffset() + 8;
            final int words = (n + 63) >>> 6;
            for (int w = 0; w < words; w++) {
                long bits = Platform.getLong(base, bitmap + 8L * w);
                if (bits != 0) {
                    return (w << 6) + Long.numberOfTrailingZeros(bits);
                }
            }
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (in.isNullAt(i)) {
                return i;
            }
        }
        return -1;
    }

    private static long wordAligned(long bytes) {
        long aligned = (bytes + 7) & ~7L;
        if (aligned > Integer.MAX_VALUE - 15) {
            throw new IllegalArgumentException("a sample of " + bytes + " bytes is larger than one Spark array can hold");
        }
        return aligned;
    }

    /** A zeroed double[] that holds an UnsafeArrayData header for {@code n} elements, then n values. */
    private static double[] newDoubleArray(int n) {
        final int headerBytes = UnsafeArrayData.calculateHeaderPortionInBytes(n);
        final long totalBytes = wordAligned(headerBytes + 8L * n);
        final double[] out = new double[(int) (totalBytes >>> 3)];
        Platform.putLong(out, Platform.DOUBLE_ARRAY_OFFSET, n);
        return out;
    }

    private static UnsafeArrayData pointAt(double[] out) {
        UnsafeArrayData result = new UnsafeArrayData();
        result.pointTo(out, Platform.DOUBLE_ARRAY_OFFSET, out.length << 3);
        return result;
    }
}
