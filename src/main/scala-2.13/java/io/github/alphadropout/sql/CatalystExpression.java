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

import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.Enumeration;

import java.util.List;

/**
 * A Catalyst expression written in Java, for Scala 2.13: the one method whose parameter is a Scala collection
 * type that differs between Scala versions ({@code scala.collection.immutable.IndexedSeq}) takes a Java list here.
 */
public abstract class CatalystExpression extends Expression {

    private static final long serialVersionUID = 1L;

    /** A copy of this expression with these children, in order. */
    protected abstract Expression withChildren(List<Expression> children);

    @Override
    public final Expression withNewChildrenInternal(scala.collection.immutable.IndexedSeq<Expression> newChildren) {
        return withChildren(Scala.list(newChildren));
    }

    /**
     * The initialiser of {@code ExpressionWithRandomSeed}'s {@code nodePatterns} val, which an implementing class
     * answers from {@code nodePatterns()} instead.
     */
    public void org$apache$spark$sql$catalyst$expressions$ExpressionWithRandomSeed$_setter_$nodePatterns_$eq(
            scala.collection.immutable.Seq<Enumeration.Value> value) {
    }
}
