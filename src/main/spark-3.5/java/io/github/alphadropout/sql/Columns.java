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

/** Columns and Catalyst expressions, Spark 3.5: a Column holds its expression. */
public final class Columns {

    private Columns() {
    }

    /** The Column of an expression. */
    public static Column column(Expression expression) {
        return new Column(expression);
    }

    /** The expression of a Column. */
    public static Expression expression(Column column) {
        return column.expr();
    }

    /** Spark 3.5 Columns hold expressions, never a node awaiting analysis. */
    static String pendingName(Expression e) {
        return null;
    }

    /** Spark 3.5 Columns hold expressions, never a node awaiting analysis. */
    static String pendingSql(Expression e) {
        return null;
    }

    /** Spark's {@code xxhash64(value)} with the given seed. */
    static long xxhash64(Object value, org.apache.spark.sql.types.DataType type, long seed) {
        return org.apache.spark.sql.catalyst.expressions.XxHash64Function.hash(value, type, seed);
    }
}
