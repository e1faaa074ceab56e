package io.github.alphadropout.job;

import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.HandleInvalid;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Everything {@code augment} was asked to do, validated.
 *
 * @param input         input path
 * @param format        input format
 * @param columns       the tensor columns to augment (each replaced in place)
 * @param shape         the sample shape {@code (C, ...)}
 * @param p             drop probability
 * @param mode          feature (whole channels) or element
 * @param seed          the job seed; copy k uses {@link Copies#seed(long, int)}
 * @param seedColumn    the column whose value seeds each row (null: the row's position)
 * @param copies        copies of every row, 1 or more
 * @param handleInvalid what the Transformer does with invalid samples
 * @param output        output path (Parquet)
 */
record AugmentSettings(String input, InputFormat format, List<String> columns, SampleShape shape, double p,
                       DropoutMode mode, long seed, String seedColumn, int copies, HandleInvalid handleInvalid,
                       String output) {

    AugmentSettings {
        columns = List.copyOf(columns);
    }

    /** The seeds of the copies, copy 0 first. */
    long[] copySeeds() {
        return IntStream.range(0, copies).mapToLong(k -> Copies.seed(seed, k)).toArray();
    }

    /** Refuses an empty or repeated column name in a comma-separated list option. */
    static void checkColumnNames(List<String> names, String option) {
        Set<String> seen = new HashSet<>();
        for (String c : names) {
            if (c.isBlank()) {
                throw new UsageException(option + " has an empty column name");
            }
            if (!seen.add(c)) {
                throw new UsageException(option + " names column '" + c + "' twice");
            }
        }
    }
}
