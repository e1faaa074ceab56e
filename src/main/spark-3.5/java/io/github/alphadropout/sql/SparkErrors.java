package io.github.alphadropout.sql;

/** How this Spark line's error messages refer to things. */
final class SparkErrors {

    private SparkErrors() {
    }

    /**
     * The {@code paramIndex} of a {@code DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE}: Spark 3.5 names it by its number
     * ("Parameter 2 requires...").
     */
    static String paramIndex(int index) {
        return Integer.toString(index + 1);
    }
}
