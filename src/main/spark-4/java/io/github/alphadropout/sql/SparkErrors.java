package io.github.alphadropout.sql;

/** How this Spark line's error messages refer to things. */
final class SparkErrors {

    private static final String[] ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
        "eighth", "ninth", "tenth"};

    private SparkErrors() {
    }

    /**
     * The {@code paramIndex} of a {@code DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE}: Spark 4 names it by its ordinal
     * ("The second parameter requires...").
     */
    static String paramIndex(int index) {
        return index < ORDINALS.length ? ORDINALS[index] : (index + 1) + "th";
    }
}
