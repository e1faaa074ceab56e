package io.github.alphadropout.job;

import io.github.alphadropout.kernel.SampleShape;

import java.util.List;

/**
 * Everything {@code generate} was asked to do, checked when it is made ({@link UsageException} naming the option).
 *
 * @param rows       rows (samples), 1 or more
 * @param shape      the sample shape, every dimension given (no -1)
 * @param seed       the seed the values depend on, with the column and the row's id
 * @param partitions Spark partitions, i.e. output files; 0 to let the job choose
 * @param columns    the sample columns' names
 * @param type       float or double elements
 * @param output     output path (Parquet)
 */
record GenerateSettings(long rows, SampleShape shape, long seed, int partitions, List<String> columns,
                        SampleGenerator.ElementType type, String output) {

    GenerateSettings {
        columns = List.copyOf(columns);
        if (rows < 1) {
            throw new UsageException("--rows must be at least 1, but got " + rows);
        }
        if (partitions < 0) {
            throw new UsageException("--partitions must be at least 1, but got " + partitions);
        }
        if (shape.hasInferredDimension()) {
            throw new UsageException("--shape " + shape + " has a -1; generate needs every dimension");
        }
        AugmentSettings.checkColumnNames(columns, "--column");
        if (columns.contains(SampleGenerator.ID_COLUMN)) {
            throw new UsageException("--column cannot be '" + SampleGenerator.ID_COLUMN + "', the id column's name");
        }
    }

    boolean doubles() {
        return type == SampleGenerator.ElementType.DOUBLE;
    }

    /** Tensor values written: rows x sample length x columns. */
    long values() {
        return rows * shape.fixedLength() * columns.size();
    }
}
