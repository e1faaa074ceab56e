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

import java.util.Objects;

/**
 * Columns for making K dropped-out copies of every row from one scan of the input (the augmentation job's
 * {@code --copies K}). Internal API.
 *
 * <pre>{@code
 * rows.select(col("*"), rowPositionId().as("pos"))                     // each input row's position, once
 *     .select(col("*"), explode(copyIndices(K)).as("copy"))             // K rows per input row, one at a time
 *     .select(..., when(col("copy").equalTo(0), dropoutAtPosition(x, "x", spec0, col("pos")))...)
 * }</pre>
 */
public final class CopyColumns {

    private CopyColumns() {
    }

    /**
     * Each row's position, {@code (partitionIndex << 33) + rowIndexInPartition}: the value of Spark's
     * {@code monotonically_increasing_id()}, also in streaming queries (where Spark refuses its own), from which
     * {@link #dropoutAtPosition} derives the masks.
     */
    public static Column rowPositionId() {
        return Columns.column(new RowPositionId());
    }

    /**
     * Position seeds, with the row position read from {@code positionId} (a {@code bigint} column holding what
     * {@link #rowPositionId} gave) instead of counted where the dropout runs: each row gets the mask that
     * {@code AlphaDropoutFunctions.dropout(col, columnName, spec, null)} gives the row whose position that is.
     */
    public static Column dropoutAtPosition(Column col, String columnName, DropoutSpec spec, Column positionId) {
        Objects.requireNonNull(col, "col");
        Objects.requireNonNull(spec, "spec");
        return Columns.column(AlphaDropoutExpression.atPosition(Columns.expression(col),
                Columns.expression(Objects.requireNonNull(positionId, "positionId")), spec, columnName));
    }

    /**
     * {@code array(0, 1, ..., copies - 1)}, to {@code explode}: see {@link CopyIndices} for why not
     * {@code array(lit(0), ...)}.
     */
    public static Column copyIndices(int copies) {
        return Columns.column(new CopyIndices(copies));
    }
}
