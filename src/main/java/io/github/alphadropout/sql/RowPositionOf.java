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
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.Seq;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A row position ({@code (partitionIndex << 33) + rowIndexInPartition}, see {@link RowPositionId}) taken at an
 * earlier point of the plan and read here from its child, a {@code bigint} column. As the seed source of an
 * {@link AlphaDropoutExpression} it gives position seeds, exactly as if {@link RowPositionId} were evaluated where
 * the child was computed: {@code RowSeeds.rowSeed(seed, column, partition, row)} of the row the position was taken
 * from. Internal API.
 *
 * <p>What it is for: the rows that a {@code Generate} (an {@code explode}) makes from one input row share that
 * row's position, so several dropouts of the same input row (copies with different seeds) get the masks they
 * would get from separate scans of the input, each with its own {@link RowPositionId}, while the input is read
 * once.
 *
 * <p>Reported as non-deterministic, as {@link RowPositionId} is: that keeps Catalyst from duplicating the
 * dropout it feeds (e.g. by pushing a filter on its result below the projection that computes it) or moving it.
 */
public final class RowPositionOf extends CatalystExpression implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Expression child;
    private final Seq<Expression> children;

    /** @param child a {@code bigint} column holding the row position */
    public RowPositionOf(Expression child) {
        this.child = Objects.requireNonNull(child, "child");
        this.children = Scala.seq(List.of(child));
    }

    public Expression child() {
        return child;
    }

    @Override
    public boolean deterministic() {
        return false;
    }

    @Override
    public boolean foldable() {
        return false;
    }

    @Override
    public boolean nullable() {
        return child.nullable();
    }

    @Override
    public DataType dataType() {
        return DataTypes.LongType;
    }

    @Override
    public org.apache.spark.sql.catalyst.analysis.TypeCheckResult checkInputDataTypes() {
        if (!DataTypes.LongType.equals(child.dataType())) {
            return new org.apache.spark.sql.catalyst.analysis.TypeCheckResult.TypeCheckFailure(
                    "row_position_of needs a bigint row position, but got " + child.dataType().simpleString());
        }
        return org.apache.spark.sql.catalyst.analysis.TypeCheckResult.TypeCheckSuccess$.MODULE$;
    }

    @Override
    public Object eval(InternalRow input) {
        return child.eval(input);
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
        return child.genCode(ctx);
    }

    // ----------------------------------------------------------------------------------------- tree plumbing

    @Override
    public Seq<Expression> children() {
        return children;
    }

    @Override
    protected Expression withChildren(List<Expression> newChildren) {
        return new RowPositionOf(newChildren.get(0));
    }

    @Override
    public int productArity() {
        return 1;
    }

    @Override
    public Object productElement(int n) {
        if (n == 0) {
            return child;
        }
        throw new IndexOutOfBoundsException(Integer.toString(n));
    }

    @Override
    public boolean canEqual(Object that) {
        return that instanceof RowPositionOf;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RowPositionOf r && child.equals(r.child);
    }

    @Override
    public int hashCode() {
        return Objects.hash(RowPositionOf.class, child);
    }

    @Override
    public String prettyName() {
        return "row_position_of";
    }

    @Override
    public String sql() {
        return "row_position_of(" + child.sql() + ")";
    }

    @Override
    public String toString() {
        return "row_position_of(" + child + ")";
    }
}
