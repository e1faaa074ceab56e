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

import io.github.alphadropout.kernel.AlphaDropoutCoefficients;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.ColumnNames;
import io.github.alphadropout.sql.HandleInvalid;
import io.github.alphadropout.sql.TensorType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Everything {@code augment} was asked to do, checked when it is made: everything that can be checked without
 * Spark or the file system is refused here with a {@link UsageException} naming the option.
 *
 * @param input           input path
 * @param format          input format
 * @param columns         the tensor columns to augment (each replaced in place)
 * @param shape           the sample shape {@code (C, ...)}
 * @param p               drop probability
 * @param mode            feature (whole channels) or element
 * @param seed            the job seed; copy k uses {@link CopySeeds#seed(long, int)}
 * @param seedColumn      the column whose value seeds each row (null: the row's position)
 * @param copies          copies of every row, 1 or more
 * @param handleInvalid   what the Transformer does with invalid samples
 * @param output          output: a path (Parquet, Delta) or a catalog identifier (Iceberg)
 * @param verifyChecksums whether Parquet page checksums are verified on read: as {@code --[no-]verify-checksums}
 *                        says, or null when it is not given (then {@code parquet.page.verify-checksum.enabled}
 *                        decides, true when unset)
 * @param outputFormat    what the output is: Parquet files or a table
 * @param copyColumn      the name of the int column the job adds, which says which copy a row is
 *                        ({@value CopySeeds#COPY_COLUMN} when null)
 */
public record AugmentSettings(String input, InputFormat format, List<String> columns, SampleShape shape, double p,
                       DropoutMode mode, long seed, String seedColumn, int copies, HandleInvalid handleInvalid,
                       String output, Boolean verifyChecksums, OutputFormat outputFormat, String copyColumn) {

    /** Settings whose copy column is {@value CopySeeds#COPY_COLUMN}. */
    public AugmentSettings(String input, InputFormat format, List<String> columns, SampleShape shape, double p,
                    DropoutMode mode, long seed, String seedColumn, int copies, HandleInvalid handleInvalid,
                    String output, Boolean verifyChecksums, OutputFormat outputFormat) {
        this(input, format, columns, shape, p, mode, seed, seedColumn, copies, handleInvalid, output, verifyChecksums,
                outputFormat, null);
    }

    /** Settings of a run that writes Parquet. */
    public AugmentSettings(String input, InputFormat format, List<String> columns, SampleShape shape, double p,
                    DropoutMode mode, long seed, String seedColumn, int copies, HandleInvalid handleInvalid,
                    String output, Boolean verifyChecksums) {
        this(input, format, columns, shape, p, mode, seed, seedColumn, copies, handleInvalid, output, verifyChecksums,
                OutputFormat.PARQUET);
    }

    public AugmentSettings {
        outputFormat = outputFormat == null ? OutputFormat.PARQUET : outputFormat;
        copyColumn = copyColumn == null ? CopySeeds.COPY_COLUMN : copyColumn;
        columns = List.copyOf(columns);
        try {
            AlphaDropoutCoefficients.checkProbability(p);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--p: " + e.getMessage());
        }
        if (copies < 1) {
            throw new UsageException("--copies must be at least 1, but got " + copies);
        }
        checkColumnNames(columns, "--column");
        if (copyColumn.isBlank()) {
            throw new UsageException("--copy-column needs a name");
        }
        for (String c : columns) {
            if (c.equalsIgnoreCase(copyColumn)) {
                throw new UsageException("--column cannot be '" + c + "': the job adds that column (the copy index);"
                        + " name the copy column otherwise with --copy-column NAME");
            }
        }
        if (seedColumn != null && seedColumn.equalsIgnoreCase(copyColumn)) {
            throw new UsageException("--seed-column cannot be '" + seedColumn + "': the job adds that column (the copy"
                    + " index); name the copy column otherwise with --copy-column NAME");
        }
        if (seedColumn != null && columns.contains(seedColumn)) {
            throw new UsageException("--seed-column " + seedColumn + " is also an augmented --column");
        }
        // Before the input's types are known: floats, the smallest values a tensor column holds, and the copy column.
        SampleLimits.check(shape, Collections.nCopies(columns.size(), Float.BYTES),
                Collections.nCopies(columns.size(), false), 1, "--shape", "float");
    }

    /** Bytes per value of each augmented column of {@code schema}: 4 for floats, 8 for doubles and vectors. */
    List<Integer> elementBytes(StructType schema) {
        return columns.stream().map(c -> TensorType.of(schema.apply(c).dataType())
                .map(t -> t == TensorType.FLOAT_ARRAY ? Float.BYTES : Double.BYTES).orElse(Double.BYTES)).toList();
    }

    /** Bytes of samples per row of {@code schema} (all augmented columns), or -1 when the shape has a -1. */
    public long sampleBytes(StructType schema) {
        return SampleLimits.sampleBytes(shape, elementBytes(schema));
    }

    /** The seeds of the copies, copy 0 first. */
    public long[] copySeeds() {
        return IntStream.range(0, copies).mapToLong(k -> CopySeeds.seed(seed, k)).toArray();
    }

    /** Refuses input columns that do not fit: missing or of the wrong type, a missing seed column, a copy column. */
    public void checkInputSchema(StructType schema) {
        Set<String> names = new HashSet<>(Arrays.asList(schema.fieldNames()));
        for (String c : columns) {
            if (!names.contains(c)) {
                throw new UsageException("input has no column '" + c + "'; its columns are "
                        + String.join(", ", schema.fieldNames()));
            }
            DataType type = schema.apply(c).dataType();
            if (!TensorType.isSupported(type)) {
                throw new UsageException("--column: " + TensorType.unsupported(ColumnNames.quote(c), type));
            }
        }
        if (seedColumn != null && !names.contains(seedColumn)) {
            throw new UsageException("input has no column '" + seedColumn + "' for --seed-column; its columns are "
                    + String.join(", ", schema.fieldNames()));
        }
        // Spark resolves column names ignoring case (spark.sql.caseSensitive is false unless set).
        for (String name : names) {
            if (name.equalsIgnoreCase(copyColumn)) {
                throw new UsageException("input already has a column named '" + name + "', and augment adds the copy"
                        + " index as '" + copyColumn + "'; name it otherwise with --copy-column NAME (e.g."
                        + " --copy-column " + freeName(names, copyColumn) + ")");
            }
        }
        List<Integer> bytes = elementBytes(schema);
        String what = bytes.stream().allMatch(b -> b == Float.BYTES) ? "float" : "double";
        SampleLimits.check(shape, bytes, columns.stream().map(c -> TensorType.of(schema.apply(c).dataType())
                        .filter(t -> t == TensorType.VECTOR).isPresent()).toList(),
                schema.size() - columns.size() + 1, "--shape", what);
    }

    /** {@code base2}, {@code base3}, ...: the first that no column of {@code names} has, in any case. */
    private static String freeName(Set<String> names, String base) {
        Set<String> taken = new HashSet<>();
        names.forEach(n -> taken.add(n.toLowerCase(java.util.Locale.ROOT)));
        int n = 2;
        while (taken.contains((base + n).toLowerCase(java.util.Locale.ROOT))) {
            n++;
        }
        return base + n;
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
