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

"""Params of the Python Transformers: the JVM classes' names, defaults, docs and validation messages."""
import pytest
from py4j.protocol import Py4JJavaError

from alpha_dropout import AlphaDropout, FeatureAlphaDropout
from conftest import int_array

pytestmark = pytest.mark.spark

CLASSES = [FeatureAlphaDropout, AlphaDropout]


def java_stage(jvm, cls):
    return getattr(jvm.io.github.alphadropout.ml, cls.__name__)()


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_same_params_as_the_jvm_class(spark, jvm, cls):
    java_names = sorted(p.name() for p in java_stage(jvm, cls).params())
    assert sorted(p.name for p in cls().params) == java_names


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_same_defaults_as_the_jvm_class(spark, jvm, cls):
    python = cls()
    java = java_stage(jvm, cls)
    for name in ["p", "seed", "handleInvalid", "training"]:
        assert python.getOrDefault(name) == java.getOrDefault(java.getParam(name)), name
    assert python.getOutputCol() == python.uid + "__output"
    assert not python.isSet("seedCol") and not python.isDefined("seedCol")


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_every_param_has_a_getter_and_a_setter_that_round_trip(spark, cls):
    stage = cls()
    values = {"inputCol": "x", "outputCol": "y", "inputCols": ["a", "b"], "outputCols": ["c", "d"], "p": 0.2,
              "seed": -5, "handleInvalid": "skip", "training": False, "seedCol": "id", "shape": [4, -1]}
    for param in stage.params:
        name = param.name[0].upper() + param.name[1:]
        assert getattr(stage, "set" + name)(values[param.name]) is stage
        assert getattr(stage, "get" + name)() == values[param.name]


def jvm_message(call):
    with pytest.raises(Exception) as failure:  # PySpark turns the JVM's IllegalArgumentException into its own
        call()
    error = failure.value
    if isinstance(error, Py4JJavaError):
        return error.java_exception.getMessage()
    return error.getMessage() if hasattr(error, "getMessage") else error.desc  # PySpark 4 / 3.5


@pytest.mark.parametrize("p", [1.5, -0.1, float("nan"), float("inf")])
def test_p_outside_0_1_fails_with_the_jvm_message(spark, jvm, p):
    expected = jvm_message(lambda: jvm.io.github.alphadropout.ml.AlphaDropout().setP(p))
    with pytest.raises(ValueError) as failure:
        AlphaDropout(p=p)
    assert str(failure.value).endswith(expected)
    with pytest.raises(ValueError) as failure:
        FeatureAlphaDropout().setP(p)
    assert str(failure.value).endswith(expected)


@pytest.mark.parametrize("shape", [[], [4, 0], [-1, 2, -1], [-3], [65536, 65536]])
def test_an_invalid_shape_fails_with_the_jvm_message(spark, jvm, shape):
    expected = jvm_message(lambda: jvm.io.github.alphadropout.ml.FeatureAlphaDropout()
                           .setShape(int_array(spark, shape)))
    with pytest.raises(ValueError) as failure:
        FeatureAlphaDropout(shape=shape)
    assert str(failure.value).endswith(expected)


def test_an_unknown_handle_invalid_fails_with_the_jvm_message(spark, jvm):
    expected = jvm_message(lambda: jvm.io.github.alphadropout.ml.AlphaDropout().setHandleInvalid("drop"))
    with pytest.raises(ValueError) as failure:
        AlphaDropout().setHandleInvalid("drop")
    assert str(failure.value).endswith(expected)
    assert AlphaDropout(handleInvalid=" SKIP ").getHandleInvalid() == " SKIP "


def test_a_missing_shape_or_input_fails_with_the_jvm_message(spark):
    df = spark.createDataFrame([([1.0],)], "x array<float>")
    with pytest.raises(Exception, match="shape is required for FeatureAlphaDropout"):
        FeatureAlphaDropout(inputCol="x").transform(df)
    with pytest.raises(Exception, match="set exactly one of inputCol and inputCols"):
        AlphaDropout().transform(df)
    with pytest.raises(Exception, match="input column 'nope' does not exist; available columns: x"):
        AlphaDropout(inputCol="nope").transform(df)


def test_copy_and_explain_params(spark):
    stage = FeatureAlphaDropout(inputCol="x", shape=[2, 2], p=0.1)
    copy = stage.copy({stage.p: 0.3})
    assert (copy.getP(), stage.getP(), copy.getShape()) == (0.3, 0.1, [2, 2])
    assert "drop probability in [0, 1] (default: 0.5, current: 0.1)" in stage.explainParams()
