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

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;

/**
 * Spark ML's {@code VectorUDT} storage: a struct {@code (type tinyint, size int, indices array<int>, values
 * array<double>)}, where type 1 is a dense vector (only {@code values} set) and type 0 a sparse one.
 */
final class VectorStruct {

    static final byte SPARSE = 0;
    static final byte DENSE = 1;

    private VectorStruct() {
    }

    /** The vector's length (a sparse vector's {@code size}, a dense one's number of values). */
    static int size(InternalRow vector, String describedAs) {
        byte type = vector.getByte(0);
        if (type == DENSE) {
            return vector.getArray(3).numElements();
        }
        if (type == SPARSE) {
            return vector.getInt(1);
        }
        throw new IllegalArgumentException(describedAs + " holds a malformed vector (type " + type
                + ", expected 0 for sparse or 1 for dense)");
    }

    static boolean isDense(InternalRow vector) {
        return vector.getByte(0) == DENSE;
    }

    /** Writes the vector's {@code n} values, zeros included, into {@code out} after the array header. */
    static void copyValues(InternalRow vector, double[] out, int n, String describedAs) {
        ArrayData values = vector.getArray(3);
        if (isDense(vector)) {
            UnsafeArrays.copyDoubles(values, out, n);
            return;
        }
        ArrayData indices = vector.getArray(2);
        int nnz = values.numElements();
        if (indices.numElements() != nnz) {
            throw new IllegalArgumentException(describedAs + " holds a malformed sparse vector with "
                    + indices.numElements() + " indices but " + nnz + " values");
        }
        int at = UnsafeArrays.doublesBeforeValues(n);
        for (int k = 0; k < nnz; k++) {
            int index = indices.getInt(k);
            if (index < 0 || index >= n) {
                throw new IllegalArgumentException(describedAs + " holds a malformed sparse vector of size " + n
                        + " with index " + index);
            }
            out[at + index] = values.getDouble(k);
        }
    }

    /** A dense vector of the given values. */
    static InternalRow dense(ArrayData values) {
        return new GenericInternalRow(new Object[] {DENSE, null, null, values});
    }
}
