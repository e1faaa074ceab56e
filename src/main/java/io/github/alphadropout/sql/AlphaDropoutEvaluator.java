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

import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.RowSeeds;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;

import java.io.Serializable;

/**
 * The per-row work of {@link AlphaDropoutExpression}: a row's seed, validation, and the kernel, for the interpreted
 * path and the generated code alike (which reaches it through {@code ctx.addReferenceObj}, so it is public).
 * Internal API: use {@link AlphaDropoutFunctions}.
 *
 * <p>A valid row costs one allocation: the output array, which holds Spark's array header and then the values
 * ({@link UnsafeArrays}). The input's values are copied into it once, and the kernel then runs over them in place.
 *
 * <p>Immutable apart from a lazily built {@link AlphaDropoutOp}, so one instance may serve concurrent tasks.
 */
public final class AlphaDropoutEvaluator implements Serializable {

    private static final long serialVersionUID = 1L;

    private final DropoutSpec spec;
    private final TensorType type;
    private final boolean nullableElements;
    private final String function;
    private final String column;
    private final DataType seedType;
    private final long streamKey;
    private final boolean identity;
    private final InvalidRows invalid;
    private transient AlphaDropoutOp op;

    /**
     * @param spec             the dropout to apply
     * @param column           the input column's name, part of every row seed (see {@link RowSeeds})
     * @param type             the input's type
     * @param nullableElements whether the input array type admits null elements ({@code containsNull})
     * @param function         the SQL name, for messages
     * @param seedColumn       the seed column's SQL text, or null for position seeds
     * @param seedType         the seed column's type, or null for position seeds
     * @param microBatchId     the streaming micro-batch whose position seeds to use, or {@link MicroBatches#NONE}
     */
    AlphaDropoutEvaluator(DropoutSpec spec, String column, TensorType type, boolean nullableElements,
                          String function, String seedColumn, DataType seedType, long microBatchId) {
        this.spec = spec;
        this.type = type;
        this.nullableElements = nullableElements && type != TensorType.VECTOR;
        this.function = function;
        this.column = ColumnNames.quote(column);
        this.seedType = seedType;
        long seed = seedType == null && microBatchId != MicroBatches.NONE
                ? RowSeeds.microBatchSeed(spec.seed(), microBatchId) : spec.seed();
        this.streamKey = RowSeeds.streamKey(seed, column);
        this.identity = !spec.training() || spec.p() == 0;
        this.invalid = new InvalidRows(spec.handleInvalid(), function, this.column, spec.shape(), type,
                this.nullableElements, seedColumn);
    }

    private AlphaDropoutOp op() {
        AlphaDropoutOp o = op;
        if (o == null) {
            o = spec.mode() == DropoutMode.FEATURE
                    ? AlphaDropoutOp.feature(spec.p(), spec.shape())
                    : AlphaDropoutOp.element(spec.p());
            op = o = o.withTraining(spec.training());
        }
        return o;
    }

    TensorType type() {
        return type;
    }

    // ----------------------------------------------------------------------------------------------- row seeds

    /** The seed of the row at {@code positionId} ({@code (partition << 33) + row}). */
    public long positionSeed(long positionId) {
        return RowSeeds.forPosition(streamKey, positionId);
    }

    /** The seed of a row whose seed column holds the integer {@code key}. */
    public long keySeed(long key) {
        return RowSeeds.forKey(streamKey, key);
    }

    /** The seed of a row whose seed column holds a non-null value of a non-integral type. */
    public long hashedKeySeed(Object value) {
        return RowSeeds.forKey(streamKey, SeedKeys.hash(value, seedType));
    }

    /**
     * Refuses position seeds in a continuous-processing task: continuous queries have no micro-batch ids, and their
     * long-running tasks restart row counts after every restart, so masks could be neither fresh nor reproducible.
     */
    public void checkPositionSeedsAllowed() {
        if (!identity && MicroBatches.continuousTask()) {
            throw new UnsupportedOperationException(function + " of column " + column + ": seeds from row"
                    + " positions are not supported in continuous processing (Trigger.Continuous): it has no"
                    + " micro-batch ids, so masks would repeat after every restart and a replay would not reproduce"
                    + " them. To fix: seed each row from a column that identifies it (the seedCol param, or"
                    + " seed_col => ... in SQL), e.g. a Kafka record's topic, partition and offset, or use a"
                    + " micro-batch trigger.");
        }
    }

    // ---------------------------------------------------------------------------------------------------- rows

    /** Dropout of a non-null {@code array<float>}; null for an invalid sample under SKIP. */
    public ArrayData applyFloat(ArrayData in, long rowSeed) {
        int n = in.numElements();
        if (!valid(in, n)) {
            return invalidArray(in, n);
        }
        if (identity) {
            return in;
        }
        float[] out = UnsafeArrays.newFloats(n);
        UnsafeArrays.copyFloats(in, out, n);
        int at = UnsafeArrays.floatsBeforeValues(n);
        op().apply(out, at, out, at, n, rowSeed);
        return UnsafeArrays.pointAt(out);
    }

    /** Dropout of a non-null {@code array<double>}; null for an invalid sample under SKIP. */
    public ArrayData applyDouble(ArrayData in, long rowSeed) {
        int n = in.numElements();
        if (!valid(in, n)) {
            return invalidArray(in, n);
        }
        if (identity) {
            return in;
        }
        double[] out = UnsafeArrays.newDoubles(n);
        UnsafeArrays.copyDoubles(in, out, n);
        int at = UnsafeArrays.doublesBeforeValues(n);
        op().apply(out, at, out, at, n, rowSeed);
        return UnsafeArrays.pointAt(out);
    }

    /**
     * Dropout of a non-null Spark ML vector; sparse vectors are expanded to dense first and every valid row comes
     * out dense. Null for an invalid sample under SKIP; KEEP returns the input unchanged (sparse stays sparse).
     */
    public InternalRow applyVector(InternalRow in, long rowSeed) {
        String describedAs = function + ": column " + column;
        int n = VectorStruct.size(in, describedAs);
        if (n == 0 || !op().accepts(n)) {
            return invalid.wrongLength(in, n);
        }
        if (identity && VectorStruct.isDense(in)) {
            return in;
        }
        double[] out = UnsafeArrays.newDoubles(n);
        VectorStruct.copyValues(in, out, n, describedAs);
        if (!identity) {
            int at = UnsafeArrays.doublesBeforeValues(n);
            op().apply(out, at, out, at, n, rowSeed);
        }
        return VectorStruct.dense(UnsafeArrays.pointAt(out));
    }

    /** A non-null sample whose seed column value is null: invalid. */
    public Object nullSeed(Object sample) {
        return invalid.nullSeed(sample);
    }

    /** Whether an array sample has a length that fits and no null element. */
    private boolean valid(ArrayData in, int n) {
        return n != 0 && op().accepts(n) && (!nullableElements || UnsafeArrays.firstNull(in, n) < 0);
    }

    private ArrayData invalidArray(ArrayData in, int n) {
        if (n == 0 || !op().accepts(n)) {
            return invalid.wrongLength(in, n);
        }
        return invalid.nullElement(in, n, UnsafeArrays.firstNull(in, n));
    }
}
