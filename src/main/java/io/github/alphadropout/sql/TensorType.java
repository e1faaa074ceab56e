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

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.UserDefinedType;

import java.util.Optional;

/**
 * The column types that hold one tensor sample per row: the one rule every front end (the Catalyst expression, the
 * Transformers, the command-line job) uses to accept or refuse a column.
 */
public enum TensorType {
    /** {@code array<float>}: float32 arithmetic, as PyTorch on a float tensor. */
    FLOAT_ARRAY,
    /** {@code array<double>}: the same formulas in double. */
    DOUBLE_ARRAY,
    /** Spark ML's {@code org.apache.spark.ml.linalg.Vector} (dense or sparse in, dense out), in double. */
    VECTOR;

    /** The supported types, as error messages and param docs name them. */
    public static final String SUPPORTED = "array<float>, array<double> or a Spark ML vector";

    private static final String VECTOR_UDT = "org.apache.spark.ml.linalg.VectorUDT";
    private static final String OLD_VECTOR_UDT = "org.apache.spark.mllib.linalg.VectorUDT";

    /** The tensor type of a column type; empty when it is not supported. */
    public static Optional<TensorType> of(DataType type) {
        if (type instanceof ArrayType a) {
            if (a.elementType() instanceof FloatType) {
                return Optional.of(FLOAT_ARRAY);
            }
            if (a.elementType() instanceof DoubleType) {
                return Optional.of(DOUBLE_ARRAY);
            }
            return Optional.empty();
        }
        // By class name, so that this rule does not load spark-mllib for SQL-only users.
        if (type instanceof UserDefinedType<?> && type.getClass().getName().equals(VECTOR_UDT)) {
            return Optional.of(VECTOR);
        }
        return Optional.empty();
    }

    public static boolean isSupported(DataType type) {
        return of(type).isPresent();
    }

    /**
     * Why a column cannot be used, with the fix where there is one: "column `x` has type array<int>; supported
     * types are ...; cast it, e.g. CAST(`x` AS ARRAY<FLOAT>)".
     *
     * @param column the column as the user named it, e.g. {@code `x`}
     */
    public static String unsupported(String column, DataType type) {
        String hint = "";
        if (type instanceof UserDefinedType<?> && type.getClass().getName().equals(OLD_VECTOR_UDT)) {
            hint = "; convert old org.apache.spark.mllib vectors with MLUtils.convertVectorColumnsToML";
        } else if (type instanceof ArrayType) {
            hint = "; cast it, e.g. CAST(" + column + " AS ARRAY<FLOAT>)";
        }
        return "column " + column + " has type " + type.simpleString() + "; supported types are " + SUPPORTED
                + hint;
    }
}
