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

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Nondeterministic;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.expressions.codegen.FalseLiteral$;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.Seq;

import java.io.Serializable;
import java.util.List;

/**
 * The position of a row: {@code (partitionIndex << 33) + rowIndexInPartition}, exactly the value of Spark's
 * {@code monotonically_increasing_id()} ({@link io.github.alphadropout.kernel.RowSeeds#positionId}), computed the
 * same way on both paths (a per-partition counter reset by {@link #initialize}, and the same generated code).
 * Internal API: the seed source of {@link AlphaDropoutExpression} in position-seed mode.
 *
 * <p>Why not Spark's own expression: Spark rejects {@code monotonically_increasing_id()} anywhere in a streaming
 * query ("is not supported with streaming DataFrames/Datasets"), because its values restart in every micro-batch.
 * Alpha dropout mixes the micro-batch id into the row seed (see {@link AlphaDropoutExpression#withNewSeed}),
 * which is what makes a restarting position safe to use there; this twin lets the expression into streaming
 * plans without changing a single value in batch queries.
 *
 * <p>Written in Java against Scala's encoding of the {@link Nondeterministic} trait: the trait's private
 * {@code initialized} flag is the pair of accessors below, and {@code eval} and {@code initialize} are the
 * trait's own (which check the flag and call {@link #evalInternal} and {@link #initializeInternal}).
 */
public final class RowPositionId extends CatalystExpression implements Nondeterministic, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Seq<Expression> NO_CHILDREN = Scala.seq(List.of());

    /** Rows seen in this partition; transient, so every deserialised copy starts uninitialised. */
    private transient long count;
    private transient long partitionMask;
    private transient boolean initialized;

    public RowPositionId() {
    }

    // ------------------------------------------------------------------------------- the Nondeterministic trait

    @Override
    public boolean org$apache$spark$sql$catalyst$expressions$Nondeterministic$$initialized() {
        return initialized;
    }

    @Override
    public void org$apache$spark$sql$catalyst$expressions$Nondeterministic$$initialized_$eq(boolean value) {
        initialized = value;
    }

    @Override
    public boolean deterministic() {
        return false;
    }

    @Override
    public boolean foldable() {
        return false;
    }

    /** Per-partition state: Spark gives each partition a fresh copy ({@code freshCopyIfContainsStatefulExpression}). */
    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public void initialize(int partitionIndex) {
        Nondeterministic.super.initialize(partitionIndex);
    }

    @Override
    public void initializeInternal(int partitionIndex) {
        count = 0L;
        partitionMask = ((long) partitionIndex) << 33;
    }

    @Override
    public Object eval(InternalRow input) {
        return Nondeterministic.super.eval(input);
    }

    @Override
    public Object evalInternal(InternalRow input) {
        long current = count;
        count = current + 1;
        return partitionMask + current;
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
        // As Spark's MonotonicallyIncreasingID generates it, with our own state names.
        String countTerm = ctx.addMutableState(CodeGenerator.JAVA_LONG(), "alphaDropoutRowCount", v -> "", false,
                true);
        String maskTerm = "alphaDropoutPartitionMask";
        ctx.addImmutableStateIfNotExists(CodeGenerator.JAVA_LONG(), maskTerm, v -> "");
        ctx.addPartitionInitializationStatement(countTerm + " = 0L;");
        ctx.addPartitionInitializationStatement(maskTerm + " = ((long) partitionIndex) << 33;");
        return ev.copy(GeneratedCode.code("final long {} = {} + {};\n{}++;", ev.value(), maskTerm, countTerm,
                countTerm), FalseLiteral$.MODULE$, ev.value());
    }

    // ----------------------------------------------------------------------------------------- tree plumbing

    @Override
    public Seq<Expression> children() {
        return NO_CHILDREN;
    }

    @Override
    protected Expression withChildren(List<Expression> newChildren) {
        return new RowPositionId();
    }

    @Override
    public boolean nullable() {
        return false;
    }

    @Override
    public DataType dataType() {
        return DataTypes.LongType;
    }

    @Override
    public int productArity() {
        return 0;
    }

    @Override
    public Object productElement(int n) {
        throw new IndexOutOfBoundsException(Integer.toString(n));
    }

    @Override
    public boolean canEqual(Object that) {
        return that instanceof RowPositionId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowPositionId;
    }

    @Override
    public int hashCode() {
        return RowPositionId.class.getName().hashCode();
    }

    @Override
    public String nodeName() {
        return "row_position_id";
    }

    @Override
    public String prettyName() {
        return "row_position_id";
    }

    @Override
    public String sql() {
        return "row_position_id()";
    }

    @Override
    public String toString() {
        return "row_position_id()";
    }
}
