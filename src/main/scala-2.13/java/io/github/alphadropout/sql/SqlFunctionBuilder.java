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

import org.apache.spark.sql.catalyst.analysis.ExpressionBuilder;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.Function1;

import java.util.List;

/**
 * A SQL function with Spark's named-argument support, for Scala 2.13: the function registry's builder and
 * {@link ExpressionBuilder#build}, whose argument is a {@code scala.collection.immutable.Seq}, in Java lists.
 */
abstract class SqlFunctionBuilder implements ExpressionBuilder {

    /** The function's name. */
    abstract String name();

    /** The expression of the arguments, arranged in the signature's order with the defaults filled in. */
    abstract Expression build(List<Expression> arranged);

    @Override
    public final Expression build(String funcName, scala.collection.immutable.Seq<Expression> arranged) {
        return build(Scala.list(arranged));
    }

    /** The builder the function registry calls: Spark's argument arrangement, then {@link #build(List)}. */
    final Function1<scala.collection.immutable.Seq<Expression>, Expression> registryBuilder() {
        return args -> build(name(), FunctionRegistry.rearrangeExpressions(name(), this, args));
    }
}
