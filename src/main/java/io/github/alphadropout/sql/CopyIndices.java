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
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenFallback;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.immutable.Seq;

import java.io.Serializable;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code array(0, 1, ..., copies - 1)}, the copy indices that an {@code explode} turns into K rows per input row.
 * Internal API ({@link CopyColumns#copyIndices}).
 *
 * <p>Why not {@code array(lit(0), ...)}: Spark generates code for an {@code explode} of that, and its generated
 * loop makes all K rows of an input row before the next operator sees the first, copying each one (with its
 * sample) into a buffer: K output samples held at once. This expression has no generated code of its own
 * ({@link CodegenFallback}), so the {@code Generate} runs as an iterator and hands its rows on one at a time; the
 * projections before and after it keep their whole-stage generated code. Neither foldable (Catalyst would fold it
 * into a literal) nor a leaf (Spark generates code around leaf fallbacks).
 */
public final class CopyIndices extends CatalystExpression implements CodegenFallback, Serializable {

    private static final long serialVersionUID = 1L;
    private static final Seq<Expression> NO_CHILDREN = Scala.seq(List.of());

    private final int copies;

    public CopyIndices(int copies) {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1, but got " + copies);
        }
        this.copies = copies;
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
        return CodegenFallback.super.doGenCode(ctx, ev);
    }

    @Override
    public Object eval(InternalRow input) {
        return UnsafeArrayData.fromPrimitiveArray(IntStream.range(0, copies).toArray());
    }

    @Override
    public boolean foldable() {
        return false;
    }

    @Override
    public boolean nullable() {
        return false;
    }

    @Override
    public DataType dataType() {
        return DataTypes.createArrayType(DataTypes.IntegerType, false);
    }

    @Override
    public Seq<Expression> children() {
        return NO_CHILDREN;
    }

    @Override
    protected Expression withChildren(List<Expression> newChildren) {
        return this;
    }

    @Override
    public int productArity() {
        return 1;
    }

    @Override
    public Object productElement(int n) {
        if (n == 0) {
            return copies;
        }
        throw new IndexOutOfBoundsException(Integer.toString(n));
    }

    @Override
    public boolean canEqual(Object that) {
        return that instanceof CopyIndices;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyIndices c && c.copies == copies;
    }

    @Override
    public int hashCode() {
        return 31 * CopyIndices.class.hashCode() + copies;
    }

    @Override
    public String prettyName() {
        return "copy_indices";
    }

    @Override
    public String sql() {
        return "copy_indices(" + copies + ")";
    }

    @Override
    public String toString() {
        return "copy_indices(" + copies + ")";
    }
}
