package io.github.alphadropout.sql;

/** Column names as Spark SQL text. */
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
}
