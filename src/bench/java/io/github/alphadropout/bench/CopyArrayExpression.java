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

package io.github.alphadropout.bench;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.expressions.codegen.JavaCode;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

import java.io.Serializable;
import java.util.List;

/**
 * The Spark floor for the benchmark: array in, an identical new array out, with whole-stage code generation. For
 * an {@link UnsafeArrayData} input (what a cached or scanned column gives) that is one allocation and one
 * {@code copyMemory} of the whole array: the least any expression that returns a new array can do.
 */
public final class CopyArrayExpression extends Expression implements Serializable {

    private final Expression child;

    public CopyArrayExpression(Expression child) {
        this.child = child;
    }

    /** A new array equal to {@code in}. */
    public static ArrayData copy(ArrayData in) {
        return in instanceof UnsafeArrayData u ? u.copy() : in.copy();
    }

    @Override
    public Seq<Expression> children() {
        return CollectionConverters.asScala(List.of(child)).toList();
    }

    @Override
    public Expression withNewChildrenInternal(IndexedSeq<Expression> newChildren) {
        return new CopyArrayExpression(newChildren.apply(0));
    }

    @Override
    public DataType dataType() {
        return child.dataType();
    }

    @Override
    public boolean nullable() {
        return child.nullable();
    }

    @Override
    public String prettyName() {
        return "copy_array";
    }

    @Override
    public Object eval(InternalRow row) {
        Object value = child.eval(row);
        return value == null ? null : copy((ArrayData) value);
    }

    @Override
    public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
        ExprCode c = child.genCode(ctx);
        String type = CodeGenerator.javaType(dataType());
        String code = "boolean " + ev.isNull() + " = " + c.isNull() + ";\n"
                + type + " " + ev.value() + " = null;\n"
                + "if (!" + ev.isNull() + ") {\n"
                + "  " + ev.value() + " = " + CopyArrayExpression.class.getName() + ".copy(" + c.value() + ");\n"
                + "}\n";
        CodeBlock block = new CodeBlock(CollectionConverters.asScala(List.of("", "\n" + code)).toList(),
                CollectionConverters.asScala(List.<JavaCode>of(c.code())).toList());
        return ev.copy(block, ev.isNull(), ev.value());
    }

    @Override
    public int productArity() {
        return 1;
    }

    @Override
    public Object productElement(int n) {
        if (n != 0) {
            throw new IndexOutOfBoundsException(Integer.toString(n));
        }
        return child;
    }

    @Override
    public boolean canEqual(Object that) {
        return that instanceof CopyArrayExpression;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CopyArrayExpression c && child.equals(c.child);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
