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

package io.github.alphadropout.job.run;

import io.github.alphadropout.kernel.SampleShape;

import java.util.List;

/**
 * Everything {@code generate} was asked to do, checked when it is made ({@link UsageException} naming the option).
 *
 * @param rows       rows (samples), 1 or more
 * @param shape      the sample shape, every dimension given (no -1)
 * @param seed       the seed the values depend on, with the column and the row's id
 * @param partitions Spark partitions, i.e. output files; 0 to size them by bytes ({@link #partitions(long, int)})
 * @param columns    the sample columns' names
 * @param type       float or double elements
 * @param output     output path (Parquet)
 */
public record GenerateSettings(long rows, SampleShape shape, long seed, int partitions, List<String> columns,
                        ElementType type, String output) {

    /** The element type of generated samples: {@code array<float>} or {@code array<double>}. */
    public enum ElementType {
        FLOAT,
        DOUBLE
    }

    /** The generated data's id column, which the values depend on with the seed and the column. */
    public static final String ID_COLUMN = "id";

    public GenerateSettings {
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
        if (columns.contains(ID_COLUMN)) {
            throw new UsageException("--column cannot be '" + ID_COLUMN + "', the id column's name");
        }
        int elementBytes = type == ElementType.DOUBLE ? Double.BYTES : Float.BYTES;
        SampleLimits.check(shape, java.util.Collections.nCopies(columns.size(), elementBytes),
                java.util.Collections.nCopies(columns.size(), false), 1, "--shape", OptionText.of(type));
    }

    /** Bytes of sample values in one row (all columns; the id aside). */
    public long bytesPerRow() {
        return (long) shape.fixedLength() * columns.size() * (doubles() ? Double.BYTES : Float.BYTES);
    }

    /**
     * The partitions to write: {@code --partitions} when given; else enough that none holds more than
     * {@code targetBytes} of samples, at least {@code parallelism} (one per core), at most one per row.
     */
    public int partitions(long targetBytes, int parallelism) {
        if (partitions > 0) {
            return partitions;
        }
        long total;
        try {
            total = Math.multiplyExact(rows, bytesPerRow());
        } catch (ArithmeticException e) {
            total = Long.MAX_VALUE;
        }
        long target = Math.max(1, targetBytes);
        long bySize = total / target + (total % target == 0 ? 0 : 1);
        long n = Math.min(Math.max(bySize, parallelism), rows);
        return (int) Math.max(1, Math.min(n, Integer.MAX_VALUE));
    }

    /**
     * What to do when generating {@code partitions} partitions runs out of memory: more memory, and more
     * partitions unless a partition holds a single sample already.
     */
    public String memoryAdvice(int partitions) {
        long sampleMiB = Math.max(1, bytesPerRow() >> 20);
        long rowsPerPartition = (rows + partitions - 1) / partitions;
        if (rowsPerPartition <= 1) {
            return JobFailure.MORE_MEMORY + "; a sample of shape " + OptionText.shape(shape) + " takes " + sampleMiB
                    + " MiB while it is made, and each partition holds one already";
        }
        return JobFailure.MORE_MEMORY + "; or write smaller partitions: --partitions " + (long) partitions * 4
                + " (this run: " + partitions + " of " + rowsPerPartition + " rows, " + sampleMiB + " MiB each while"
                + " made)";
    }

    public boolean doubles() {
        return type == ElementType.DOUBLE;
    }

    /** Tensor values written: rows x sample length x columns. */
    public long values() {
        return rows * shape.fixedLength() * columns.size();
    }
}
