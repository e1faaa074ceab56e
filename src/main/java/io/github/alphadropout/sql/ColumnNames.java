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
import org.apache.spark.sql.catalyst.analysis.UnresolvedAttribute;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.PrettyAttribute;
import scala.runtime.AbstractPartialFunction;

/**
 * Column names: quoting them as SQL text, and the name of the column a dropout is applied to, which is part of
 * every row seed (so that two columns get independent masks, and one column the same masks in every front end).
 *
 * <p>The name of an input is the column's name as written, without its qualifier ({@code t.x} and {@code x} are
 * both {@code x}); an input that is not a column is named by its SQL text.
 */
public final class ColumnNames {

    private ColumnNames() {
    }

    /**
     * A column name as a backquoted identifier, {@code `a.b`}, so that dots, spaces and backquotes in it are taken
     * literally (by {@code Dataset.col}, {@code selectExpr} and SQL text alike).
     */
    public static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** The name of a Column's input, as the Column functions use it. */
    public static String of(Column column) {
        return of(Columns.expression(column));
    }

    /** The name of an input expression, as the SQL functions use it (after analysis) and the Column functions. */
    public static String of(Expression e) {
        String name = nameOf(e);
        return name != null ? name : prettySql(e);
    }

    /** How messages show an input: {@code `name`} for a column, else its SQL text. */
    static String display(Expression e) {
        String name = nameOf(e);
        if (name != null) {
            return quote(name);
        }
        return prettySql(e);
    }

    /** The name of a column (also an unresolved one, or a Column's), without its qualifier; null for others. */
    private static String nameOf(Expression e) {
        if (Columns.pendingSql(e) != null) {
            return Columns.pendingName(e);
        }
        if (e instanceof UnresolvedAttribute u) {
            return u.nameParts().last();
        }
        if (e instanceof NamedExpression n && e.resolved()) {
            return n.name();
        }
        return null;
    }

    /**
     * SQL text with columns by their bare names (as Spark names result columns), so that it does not depend on
     * the table a column was read from; also before analysis (a Column's node).
     */
    static String prettySql(Expression e) {
        String pending = Columns.pendingSql(e);
        if (pending != null) {
            return pending;
        }
        return e.transformUp(new AbstractPartialFunction<Expression, Expression>() {
            @Override
            public boolean isDefinedAt(Expression x) {
                return x instanceof Attribute;
            }

            @Override
            public Expression apply(Expression x) {
                return new PrettyAttribute((Attribute) x);
            }
        }).sql();
    }

    /** SQL text, also before analysis (a Column's node). */
    static String sqlOf(Expression e) {
        String pending = Columns.pendingSql(e);
        return pending != null ? pending : e.sql();
    }
}
