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
