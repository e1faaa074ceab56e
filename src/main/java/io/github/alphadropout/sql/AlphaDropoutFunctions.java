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

import io.github.alphadropout.kernel.SampleShape;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Expression;

import java.util.Objects;

/**
 * Alpha dropout as DataFrame {@link Column} functions, with PyTorch's semantics ({@code torch.nn.AlphaDropout},
 * {@code torch.nn.FeatureAlphaDropout}), one sample per row.
 *
 * <pre>{@code
 * import static io.github.alphadropout.sql.AlphaDropoutFunctions.*;
 *
 * df.withColumn("x", featureAlphaDropout(col("x"), 0.2, new int[] {16, 4, 32, 32}, 42L));
 * df.withColumn("x", alphaDropout(col("x"), 0.2, 42L));
 * }</pre>
 *
 * <p>Input: {@code array<float>}, {@code array<double>} or a Spark ML {@code Vector} column; the result has the
 * same type (vectors come out dense). A null sample gives null. An invalid sample (empty, with a null element, or
 * in feature mode not of the shape) fails the query with a message that says which column and why: filter such
 * rows out first, or use the Transformers' {@code handleInvalid}, or {@link #dropout} with a
 * {@link DropoutSpec} whose {@link HandleInvalid} is {@code SKIP} (null result) or {@code KEEP} (unchanged).
 *
 * <p>Seeds: each row's mask depends on {@code (seed, column name, partition index, row index within the
 * partition)}, see {@link AlphaDropoutExpression}; {@link io.github.alphadropout.kernel.RowSeeds#rowSeed} and
 * {@link io.github.alphadropout.kernel.AlphaDropoutOp#keepMask(double, int, long)} reproduce any row's mask
 * outside Spark. The column name is the input column's name ({@code col("t.x")} and {@code col("x")} are both
 * {@code x}), so two columns get independent masks and the same column the same masks in every front end. Pass a
 * seed column to {@link #dropout} to tie masks to a key instead.
 *
 * <p>Streaming DataFrames are supported. With position seeds, each micro-batch uses the seed
 * {@link io.github.alphadropout.kernel.RowSeeds#microBatchSeed}: masks differ from micro-batch to micro-batch
 * although positions restart in each, and a micro-batch re-run from the checkpoint gets the same masks. With a
 * seed column, the key alone decides, in streams as in batch queries. Continuous processing accepts only seed
 * columns.
 */
public final class AlphaDropoutFunctions {

    private AlphaDropoutFunctions() {
    }

    /**
     * Feature alpha dropout ({@code torch.nn.FeatureAlphaDropout}): every row holds one sample of {@code shape}
     * {@code (C, *spatial)}, e.g. {@code (C, D, H, W)}, flattened channel-first; whole channels are dropped.
     * One dimension may be {@code -1} (inferred from each row's length).
     *
     * @throws IllegalArgumentException for {@code p} outside [0, 1] (PyTorch's wording) or an invalid shape
     */
    public static Column featureAlphaDropout(Column col, double p, int[] shape, long seed) {
        return dropout(col, DropoutSpec.feature(p, SampleShape.of(shape), seed), null);
    }

    /**
     * Alpha dropout ({@code torch.nn.AlphaDropout}): every element is dropped independently.
     *
     * @throws IllegalArgumentException for {@code p} outside [0, 1] (PyTorch's wording)
     */
    public static Column alphaDropout(Column col, double p, long seed) {
        return dropout(col, DropoutSpec.element(p, seed), null);
    }

    /**
     * The full form: any {@link DropoutSpec} (mode, p, shape, seed, training, handleInvalid), with row seeds from
     * each row's position ({@code seedCol == null}) or from the value of {@code seedCol}: an integral value
     * ({@code tinyint}..{@code bigint}) is the key itself, any other value is hashed with Spark's
     * {@code xxhash64} (seed 42); the row seed is {@code RowSeeds.rowSeedForKey(seed, columnName, key)}. A null
     * seed value makes the row invalid. The masks are keyed by the name of {@code col}
     * ({@link ColumnNames#of(Column)}).
     */
    public static Column dropout(Column col, DropoutSpec spec, Column seedCol) {
        return dropout(col, ColumnNames.of(Objects.requireNonNull(col, "col")), spec, seedCol);
    }

    /**
     * As {@link #dropout(Column, DropoutSpec, Column)}, with the masks keyed by {@code columnName} (the
     * Transformers pass their input column's name).
     */
    public static Column dropout(Column col, String columnName, DropoutSpec spec, Column seedCol) {
        Objects.requireNonNull(col, "col");
        Objects.requireNonNull(spec, "spec");
        Expression seed = seedCol == null ? null : Columns.expression(seedCol);
        return Columns.column(AlphaDropoutExpression.of(Columns.expression(col), seed, spec,
                columnName));
    }
}
