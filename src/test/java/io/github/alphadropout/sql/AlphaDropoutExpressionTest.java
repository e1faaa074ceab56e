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

import io.github.alphadropout.kernel.AlphaDropoutOp;
import io.github.alphadropout.kernel.DropoutMode;
import io.github.alphadropout.kernel.RowSeeds;
import io.github.alphadropout.kernel.SampleShape;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.InterpretedUnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.codegen.GenerateUnsafeProjection;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.UserDefinedType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;

import static io.github.alphadropout.sql.SparkTestSupport.FLOAT_ARRAY;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The expression on its own, without a SparkSession: interpreted vs generated projections, copies, serialization. */
class AlphaDropoutExpressionTest {

    private static final SampleShape SHAPE = SampleShape.of(4, 6);
    private static final int PARTITION = 3;

    private static List<InternalRow> floatRows() {
        List<float[]> samples = SparkTestSupport.gaussianFloats(12, 24, 51);
        List<InternalRow> rows = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            float[] x = samples.get(i);
            Object value;
            if (i % 3 == 0) {
                Object[] boxed = new Object[x.length];
                for (int j = 0; j < x.length; j++) {
                    boxed[j] = x[j];
                }
                value = new GenericArrayData(boxed); // not an UnsafeArrayData: the element-wise read path
            } else {
                value = UnsafeArrayData.fromPrimitiveArray(x);
            }
            rows.add(new GenericInternalRow(new Object[] {value}));
        }
        rows.add(new GenericInternalRow(new Object[] {null}));
        Object[] withNull = new Object[24];
        java.util.Arrays.fill(withNull, 1f);
        withNull[70 % 24] = null;
        rows.add(new GenericInternalRow(new Object[] {new GenericArrayData(withNull)}));
        rows.add(new GenericInternalRow(new Object[] {UnsafeArrayData.fromPrimitiveArray(new float[7])}));
        return rows;
    }

    private static List<UnsafeRow> project(UnsafeProjection projection, List<InternalRow> rows) {
        projection.initialize(PARTITION);
        List<UnsafeRow> out = new ArrayList<>();
        for (InternalRow row : rows) {
            out.add(projection.apply(row).copy());
        }
        return out;
    }

    private static List<UnsafeRow> interpreted(Expression e, List<InternalRow> rows) {
        return project(InterpretedUnsafeProjection.createProjection(Scala.seq(List.of(e))), rows);
    }

    private static List<UnsafeRow> generated(Expression e, List<InternalRow> rows) {
        return project(GenerateUnsafeProjection.generate(Scala.seq(List.of(e)), false), rows);
    }

    @Test
    void interpretedAndGeneratedProjectionsAgreeAndMatchTheKernel() {
        DropoutSpec skip = new DropoutSpec(DropoutMode.FEATURE, 0.5, SHAPE, 8, true, HandleInvalid.SKIP);
        AlphaDropoutExpression e = AlphaDropoutExpression.of(new BoundReference(0, FLOAT_ARRAY, true), null, skip, "x");
        List<InternalRow> rows = floatRows();
        List<UnsafeRow> a = interpreted(e, rows);
        List<UnsafeRow> b = generated(e, rows);
        assertEquals(a, b);
        AlphaDropoutOp op = AlphaDropoutOp.feature(0.5, SHAPE);
        for (int r = 0; r < 12; r++) {
            float[] x = rows.get(r).getArray(0).toFloatArray();
            assertArrayEquals(op.apply(x, RowSeeds.rowSeed(8, "x", PARTITION, r)), a.get(r).getArray(0).toFloatArray());
        }
        assertTrue(a.get(12).isNullAt(0), "null in, null out");
        assertTrue(a.get(13).isNullAt(0), "null element: skipped");
        assertTrue(a.get(14).isNullAt(0), "wrong length: skipped");
    }

    @Test
    void vectorsAgreeOnBothPaths() {
        @SuppressWarnings("unchecked")
        UserDefinedType<Vector> udt = (UserDefinedType<Vector>) SQLDataTypes.VectorType();
        List<InternalRow> rows = new ArrayList<>();
        for (double[] v : SparkTestSupport.gaussianDoubles(6, 24, 52)) {
            rows.add(new GenericInternalRow(new Object[] {udt.serialize(Vectors.dense(v))}));
            v[3] = 0;
            v[9] = 0;
            rows.add(new GenericInternalRow(new Object[] {udt.serialize(Vectors.dense(v).toSparse())}));
        }
        AlphaDropoutExpression e = AlphaDropoutExpression.of(new BoundReference(0, udt, true), null,
                DropoutSpec.element(0.4, 2), "x");
        List<UnsafeRow> a = interpreted(e, rows);
        assertEquals(a, generated(e, rows));
        AlphaDropoutOp op = AlphaDropoutOp.element(0.4);
        for (int r = 0; r < rows.size(); r++) {
            Vector in = udt.deserialize(rows.get(r).getStruct(0, 4));
            Vector out = udt.deserialize(a.get(r).getStruct(0, 4));
            assertArrayEquals(op.apply(in.toArray(), RowSeeds.rowSeed(2, "x", PARTITION, r)), out.toArray());
        }
    }

    @Test
    void invalidVectorsAreSkippedOrKeptAsTheyAre() {
        @SuppressWarnings("unchecked")
        UserDefinedType<Vector> udt = (UserDefinedType<Vector>) SQLDataTypes.VectorType();
        Vector shortSparse = Vectors.sparse(10, new int[] {2}, new double[] {1.5});
        List<InternalRow> rows = List.of(new GenericInternalRow(new Object[] {udt.serialize(shortSparse)}),
                new GenericInternalRow(new Object[] {udt.serialize(Vectors.dense(new double[0]))}));
        Expression in = new BoundReference(0, udt, true);
        DropoutSpec skip = new DropoutSpec(DropoutMode.FEATURE, 0.5, SHAPE, 1, true, HandleInvalid.SKIP);
        DropoutSpec keep = new DropoutSpec(DropoutMode.FEATURE, 0.5, SHAPE, 1, true, HandleInvalid.KEEP);
        List<UnsafeRow> skipped = generated(AlphaDropoutExpression.of(in, null, skip, "x"), rows);
        assertTrue(skipped.get(0).isNullAt(0) && skipped.get(1).isNullAt(0));
        List<UnsafeRow> kept = interpreted(AlphaDropoutExpression.of(in, null, keep, "x"), rows);
        assertEquals(shortSparse, udt.deserialize(kept.get(0).getStruct(0, 4)), "kept as it was, still sparse");
        assertEquals(0, udt.deserialize(kept.get(1).getStruct(0, 4)).size());
    }

    @Test
    void hashedAndIntegralSeedColumnsAgreeOnBothPaths() {
        List<InternalRow> rows = new ArrayList<>();
        for (InternalRow row : floatRows().subList(0, 12)) {
            int i = rows.size();
            rows.add(new GenericInternalRow(new Object[] {row.getArray(0),
                    org.apache.spark.unsafe.types.UTF8String.fromString("k" + i), (double) i, i}));
        }
        DropoutSpec spec = DropoutSpec.feature(0.5, SHAPE, 4);
        Expression in = new BoundReference(0, FLOAT_ARRAY, true);
        for (Expression seed : List.of(new BoundReference(1, DataTypes.StringType, true),
                new BoundReference(2, DataTypes.DoubleType, true), new BoundReference(3, DataTypes.IntegerType, true))) {
            AlphaDropoutExpression e = AlphaDropoutExpression.of(in, seed, spec, "x");
            assertTrue(e.deterministic(), "deterministic with a deterministic seed column");
            assertEquals(interpreted(e, rows), generated(e, rows), seed.dataType().simpleString());
        }
        assertFalse(AlphaDropoutExpression.of(in, null, spec, "x").deterministic());
    }

    @Test
    void copiesAreEqualAndSerializationRoundTrips() throws Exception {
        DropoutSpec spec = new DropoutSpec(DropoutMode.FEATURE, 0.3, SHAPE, 8, true, HandleInvalid.KEEP);
        AlphaDropoutExpression e = AlphaDropoutExpression.of(new BoundReference(0, FLOAT_ARRAY, true), null, spec, "x");
        Object[] args = new Object[e.productArity()];
        for (int i = 0; i < args.length; i++) {
            args[i] = e.productElement(i);
        }
        Expression copy = e.makeCopy(args);
        assertEquals(e, copy);
        assertEquals(e.hashCode(), copy.hashCode());
        assertEquals(e, e.withNewChildren(e.children()));
        assertNotEquals(e, AlphaDropoutExpression.of(new BoundReference(0, FLOAT_ARRAY, true), null,
                DropoutSpec.feature(0.3, SHAPE, 8), "x"));

        Expression back = roundTrip(e);
        assertEquals(e, back);
        List<InternalRow> rows = floatRows();
        assertEquals(interpreted(e, rows), interpreted(back, rows));
    }

    private static Expression roundTrip(Expression e) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (Expression) in.readObject();
        }
    }
}
