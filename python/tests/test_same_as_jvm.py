# Copyright 2026 the spark-alpha-dropout authors
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     https://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

"""Bit for bit: the Python Transformers and Column functions against the JVM Transformers, Column functions and
SQL functions, on the same DataFrame (same rows, same partitions)."""
import numpy as np
import pytest
from pyspark.ml.linalg import Vectors
from pyspark.sql import Column, DataFrame

from alpha_dropout import AlphaDropout, FeatureAlphaDropout
from alpha_dropout.functions import alpha_dropout, feature_alpha_dropout
from conftest import int_array, string_array

pytestmark = pytest.mark.spark

SHAPE = [4, 2, 3]
ROWS = 60


_SAMPLES = {}


def samples(spark, kind):
    """(id, key, x): N(0,1) samples over 3 partitions, with a null sample and one of the wrong length; made and
    cached once per kind (the same rows in the same partitions for every test)."""
    if kind not in _SAMPLES:
        _SAMPLES[kind] = _make_samples(spark, kind)
    return _SAMPLES[kind]


def _make_samples(spark, kind):
    rng = np.random.default_rng(11)
    rows = []
    for i in range(ROWS):
        values = rng.standard_normal(24 if i != 7 else 23).tolist()
        if i == 3:
            values = None
        elif kind == "vector":
            values = Vectors.dense(values)
        rows.append((i, "key-%d" % (i % 17), values))
    types = {"float": "array<float>", "double": "array<double>", "vector": "vector"}
    if kind == "vector":
        from pyspark.ml.linalg import VectorUDT
        from pyspark.sql.types import LongType, StringType, StructField, StructType

        schema = StructType([StructField("id", LongType()), StructField("key", StringType()),
                             StructField("x", VectorUDT())])
    else:
        schema = "id long, key string, x " + types[kind]
    return spark.createDataFrame(rows, schema).repartition(3, "id").cache()


def bits(df, column="y"):
    """Each row's output as float64 bit patterns (float32 values widen exactly), in id order."""
    out = []
    for row in df.orderBy("id").select("id", column).collect():
        value = row[1]
        if value is None:
            out.append((row[0], None))
        else:
            array = value.toArray() if hasattr(value, "toArray") else value
            out.append((row[0], np.asarray(array, dtype=np.float64).view(np.uint64).tolist()))
    return out


def jvm_transform(spark, stage, df):
    return DataFrame(stage.transform(df._jdf), spark)


@pytest.mark.parametrize("kind", ["float", "double", "vector"])
@pytest.mark.parametrize("mode", ["feature", "element"])
@pytest.mark.parametrize("options", [{}, {"seedCol": "key"}, {"training": False}, {"handleInvalid": "skip"}],
                         ids=str)
def test_transformer_matches_the_jvm_transformer(spark, jvm, kind, mode, options):
    df = samples(spark, kind)
    params = {**dict(inputCol="x", outputCol="y", p=0.3, seed=42, handleInvalid="keep"), **options}
    python = FeatureAlphaDropout(shape=SHAPE, **params) if mode == "feature" else AlphaDropout(**params)
    java = jvm.io.github.alphadropout.ml.FeatureAlphaDropout() if mode == "feature" \
        else jvm.io.github.alphadropout.ml.AlphaDropout()
    if mode == "feature":
        java.setShape(int_array(spark, SHAPE))
    java.setInputCol("x").setOutputCol("y").setP(0.3).setSeed(42).setHandleInvalid(params["handleInvalid"])
    if "seedCol" in options:
        java.setSeedCol("key")
    if "training" in options:
        java.setTraining(False)
    expected = bits(jvm_transform(spark, java, df))
    assert bits(python.transform(df)) == expected
    skipped = options.get("handleInvalid") == "skip" and mode == "feature"  # the sample of 23 elements
    assert len(expected) == (ROWS - 1 if skipped else ROWS)


def test_transformer_with_several_columns_and_default_seed_matches_the_jvm(spark, jvm):
    df = samples(spark, "float").withColumnRenamed("x", "a").selectExpr("*", "a as b")
    python = AlphaDropout(inputCols=["a", "b"], outputCols=["a", "c"], handleInvalid="keep")
    java = jvm.io.github.alphadropout.ml.AlphaDropout().setInputCols(string_array(spark, ["a", "b"])) \
        .setOutputCols(string_array(spark, ["a", "c"])).setHandleInvalid("keep")
    got, want = python.transform(df), jvm_transform(spark, java, df)
    assert got.columns == want.columns == ["id", "key", "a", "b", "c"]
    assert bits(got, "a") == bits(want, "a") and bits(got, "c") == bits(want, "c")
    assert bits(got, "a") != bits(got, "c")


def test_transform_with_a_param_map_overrides_per_call(spark):
    df = samples(spark, "float")
    stage = FeatureAlphaDropout(inputCol="x", outputCol="y", shape=SHAPE, handleInvalid="keep")
    assert bits(stage.transform(df, {stage.training: False})) == bits(df.withColumn("y", df["x"]))
    assert stage.getTraining()


@pytest.mark.parametrize("kind", ["float", "double", "vector"])
@pytest.mark.parametrize("options", [{}, {"seed_col": "key"}, {"training": False}, {"handle_invalid": "skip"},
                                     {"handle_invalid": "keep", "column_name": "other"}], ids=str)
def test_column_functions_match_the_jvm_column_functions_and_sql(spark, jvm, kind, options):
    df = samples(spark, kind)
    df.createOrReplaceTempView("samples")
    functions = jvm.io.github.alphadropout.sql.AlphaDropoutFunctions
    spec_class = jvm.io.github.alphadropout.sql.DropoutSpec
    invalid = options.get("handle_invalid", "keep")  # the sample of 23 elements does not fit the shape
    options = dict(options, handle_invalid=invalid)
    shape = jvm.io.github.alphadropout.kernel.SampleShape.of(int_array(spark, SHAPE))
    for mode in ["feature", "element"]:
        if mode == "feature":
            python = feature_alpha_dropout("x", 0.2, SHAPE, 9, **options)
            spec = spec_class.feature(0.2, shape, 9)
        else:
            python = alpha_dropout(df["x"], 0.2, 9, **options)
            spec = spec_class.element(0.2, 9)
        spec = spec.withTraining(options.get("training", True)).withHandleInvalid(
            jvm.io.github.alphadropout.sql.HandleInvalid.fromParam(invalid))
        seed_col = df._jdf.col(options["seed_col"]) if "seed_col" in options else None
        java = functions.dropout(df._jdf.col("x"), options.get("column_name", "x"), spec, seed_col)
        named = "".join(", %s => %s" % (k, v if k == "seed_col" else repr(v).lower() if isinstance(v, bool)
                                        else "'%s'" % v) for k, v in options.items())
        shape_sql = ", array(4, 2, 3)" if mode == "feature" else ""
        function = "feature_alpha_dropout" if mode == "feature" else "alpha_dropout"
        sql = spark.sql("SELECT id, %s(x, 0.2%s, 9%s) AS y FROM samples" % (function, shape_sql, named))
        expected = bits(df.select("id", Column(java).alias("y")))
        assert bits(df.select("id", python.alias("y"))) == expected, mode
        assert bits(sql) == expected, mode


def test_invalid_rows_fail_the_query_with_the_jvm_message(spark):
    df = samples(spark, "float")
    message = r"column `x`: expected 24 elements \(shape \[4, 2, 3\]\) but got 23. To fix: set handleInvalid to 'skip'"
    with pytest.raises(Exception, match=message):
        FeatureAlphaDropout(inputCol="x", outputCol="y", shape=SHAPE).transform(df).collect()
