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

package io.github.alphadropout.job.augment;

import io.github.alphadropout.job.run.OptionText;
import io.github.alphadropout.job.files.ParquetFooters;
import io.github.alphadropout.job.run.AugmentSettings;
import io.github.alphadropout.job.run.UsageException;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.SampleShape;
import io.github.alphadropout.sql.ColumnNames;
import io.github.alphadropout.sql.HandleInvalid;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Refuses a {@code --shape} that the input shows to be wrong, before anything is written, whatever
 * {@code --handle-invalid} says: a wrong shape would otherwise make every row invalid, and the run would drop them all
 * (skip), pass them all through unchanged (keep) or fail on the first (error). Feature mode only (element mode reads no
 * shape from the samples). For each augmented column:
 *
 * <ul>
 *   <li>a Parquet input whose footers show samples of one length L (every row group holds rows x L values, no null;
 *       {@link ParquetFooters.Input#lengths}): when L fits the shape, nothing more is read; when it does not, and the
 *       first non-null sample has L values too, the shape is refused;</li>
 *   <li>with {@code --handle-invalid error}, the first non-null sample: if it does not fit, the run would fail on it,
 *       so the shape is refused now;</li>
 *   <li>else (rows of several lengths on purpose, or an input without footers under skip or keep) the rows are
 *       handled one by one, as {@code --handle-invalid} says.</li>
 * </ul>
 */
final class ShapeCheck {

    private ShapeCheck() {
    }

    /**
     * @param footerLengths the sample length of each column, where the input's Parquet footers show one
     * @throws UsageException naming the column, its samples' length, the shape and its length, and the fix
     */
    static void check(AugmentSettings s, Dataset<Row> input, Map<String, Long> footerLengths) {
        if (s.mode() != DropoutMode.FEATURE) {
            return;
        }
        for (String column : s.columns()) {
            Long footer = footerLengths.get(column);
            if (footer != null && footer <= Integer.MAX_VALUE && s.shape().fits(footer.intValue())) {
                continue;
            }
            if (footer == null && s.handleInvalid() != HandleInvalid.ERROR) {
                continue;
            }
            Integer first = firstLength(input, column);
            if (first == null || s.shape().fits(first)) {
                continue;
            }
            if (footer != null && footer.longValue() == first) {
                throw new UsageException(message(s.shape(), column, first, "in every row, as its Parquet footers"
                        + " show"));
            }
            if (s.handleInvalid() == HandleInvalid.ERROR) {
                throw new UsageException(message(s.shape(), column, first, "in its first sample, on which"
                        + " --handle-invalid error would fail the run"));
            }
        }
    }

    /** The number of values of the first non-null sample of {@code column}; null when every sample is null. */
    private static Integer firstLength(Dataset<Row> input, String column) {
        Column sample = input.col(ColumnNames.quote(column));
        Column length = input.schema().apply(column).dataType().equals(SQLDataTypes.VectorType())
                ? functions.udf((UDF1<Vector, Integer>) Vector::size, DataTypes.IntegerType).apply(sample)
                : functions.size(sample);
        List<Row> first = input.where(sample.isNotNull()).select(length).limit(1).collectAsList();
        return first.isEmpty() ? null : first.get(0).getInt(0);
    }

    static String message(SampleShape shape, String column, int length, String where) {
        String values = shape.hasInferredDimension()
                ? "a positive multiple of " + knownProduct(shape.dims()) + " values" : shape.fixedLength() + " values";
        return "--shape " + OptionText.shape(shape) + " needs " + values + " per sample, but column '" + column
                + "' has " + length + " " + where + "; give --shape the samples' shape, channel first (its dimensions"
                + " multiply to " + length + example(shape, length) + ")";
    }

    /** ", e.g. 8,2,8,8": the shape with its last dimension made to fit, when one does; else "". */
    private static String example(SampleShape shape, int length) {
        int[] dims = shape.dims();
        if (shape.hasInferredDimension() || dims.length < 2) {
            return "";
        }
        long others = knownProduct(Arrays.copyOf(dims, dims.length - 1));
        if (length % others != 0) {
            return "";
        }
        dims[dims.length - 1] = (int) (length / others);
        return ", e.g. " + OptionText.shape(SampleShape.of(dims));
    }

    /** The product of the dimensions, a -1 left out. */
    private static long knownProduct(int[] dims) {
        long p = 1;
        for (int d : dims) {
            p *= d > 0 ? d : 1;
        }
        return p;
    }
}
