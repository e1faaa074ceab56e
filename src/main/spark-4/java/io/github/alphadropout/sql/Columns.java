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

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.classic.ColumnNodeExpression;
import org.apache.spark.sql.classic.ExpressionUtils;
import org.apache.spark.sql.internal.Alias;
import org.apache.spark.sql.internal.ColumnNode;
import org.apache.spark.sql.internal.UnresolvedAttribute;

/**
 * Columns and Catalyst expressions, Spark 4: a Column holds a {@link ColumnNode}, which becomes an expression
 * during analysis (until then a {@link ColumnNodeExpression} stands for it).
 */
public final class Columns {

    private Columns() {
    }

    /** The Column of an expression. */
    public static Column column(Expression expression) {
        return ExpressionUtils.column(expression);
    }

    /** The expression of a Column (before analysis, possibly a stand-in for its node). */
    public static Expression expression(Column column) {
        return ExpressionUtils.expression(column);
    }

    /** The column a not yet analysed Column names, without its qualifier; null for anything else. */
    static String pendingName(Expression e) {
        if (e instanceof ColumnNodeExpression c) {
            ColumnNode node = c.node();
            if (node instanceof UnresolvedAttribute u) {
                return u.nameParts().last();
            }
            if (node instanceof Alias a && a.name().size() == 1) {
                return a.name().head();
            }
        }
        return null;
    }

    /** The SQL text of a not yet analysed Column; null for any other expression. */
    static String pendingSql(Expression e) {
        return e instanceof ColumnNodeExpression c ? c.node().sql() : null;
    }

    /** Spark's {@code xxhash64(value)} with the given seed. */
    static long xxhash64(Object value, org.apache.spark.sql.types.DataType type, long seed) {
        return org.apache.spark.sql.catalyst.expressions.XxHash64Function.hash(value, type, seed, false, false);
    }
}
