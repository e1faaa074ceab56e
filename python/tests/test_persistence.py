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

"""Persistence across languages: stages and Pipelines saved from Python load in Python and in the JVM, and stages
saved from the JVM load into these Python classes."""
import os
import subprocess
import sys

import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.feature import SQLTransformer
from pyspark.sql import DataFrame

from alpha_dropout import AlphaDropout, FeatureAlphaDropout
from conftest import int_array

pytestmark = pytest.mark.spark


def sample_frame(spark):
    return spark.createDataFrame([(i, [float(i + j) for j in range(8)]) for i in range(10)],
                                 "id long, x array<float>")


def rows(df, column="y"):
    return [r[column] for r in df.orderBy("id").collect()]


def test_a_stage_saves_and_loads_with_every_param(spark, temp_path):
    stage = FeatureAlphaDropout(inputCol="x", outputCol="y", shape=[2, -1], p=0.2, seed=-3, handleInvalid="skip",
                                training=False, seedCol="id")
    stage.save(temp_path + "/stage")
    loaded = FeatureAlphaDropout.load(temp_path + "/stage")
    assert isinstance(loaded, FeatureAlphaDropout) and loaded.uid == stage.uid
    assert {p.name: loaded.getOrDefault(p) for p in loaded.params if loaded.isDefined(p)} == \
        {p.name: stage.getOrDefault(p) for p in stage.params if stage.isDefined(p)}


def test_a_python_pipeline_loads_in_python_and_in_the_jvm_with_the_same_output(spark, jvm, temp_path):
    df = sample_frame(spark)
    pipeline = Pipeline(stages=[SQLTransformer(statement="SELECT id, x FROM __THIS__"),
                                FeatureAlphaDropout(inputCol="x", outputCol="f", shape=[4, 2], p=0.5, seed=1),
                                AlphaDropout(inputCol="f", outputCol="y", p=0.2, seed=2)])
    model = pipeline.fit(df)
    model.save(temp_path + "/model")
    pipeline.save(temp_path + "/pipeline")
    expected = rows(model.transform(df))

    loaded = PipelineModel.load(temp_path + "/model")
    assert [type(s) for s in loaded.stages] == [SQLTransformer, FeatureAlphaDropout, AlphaDropout]
    assert rows(loaded.transform(df)) == expected
    assert [type(s) for s in Pipeline.load(temp_path + "/pipeline").getStages()] == \
        [SQLTransformer, FeatureAlphaDropout, AlphaDropout]

    java_model = jvm.org.apache.spark.ml.PipelineModel.load(temp_path + "/model")
    assert java_model.stages()[1].getClass().getName() == "io.github.alphadropout.ml.FeatureAlphaDropout"
    assert rows(DataFrame(java_model.transform(df._jdf), spark)) == expected
    java_pipeline = jvm.org.apache.spark.ml.Pipeline.load(temp_path + "/pipeline")
    assert rows(DataFrame(java_pipeline.fit(df._jdf).transform(df._jdf), spark)) == expected


def test_stages_saved_from_the_jvm_load_into_the_python_classes(spark, jvm, temp_path):
    df = sample_frame(spark)
    java_stage = jvm.io.github.alphadropout.ml.FeatureAlphaDropout().setInputCol("x").setOutputCol("y") \
        .setShape(int_array(spark, [4, 2])).setP(0.3).setSeed(5)
    java_stage.write().save(temp_path + "/java-stage")
    stages = jvm.java.util.ArrayList()
    stages.add(java_stage)
    stages.add(jvm.io.github.alphadropout.ml.AlphaDropout().setInputCol("y").setOutputCol("z").setP(0.1))
    gateway = spark.sparkContext._gateway
    array = gateway.new_array(jvm.org.apache.spark.ml.PipelineStage, 2)
    array[0], array[1] = stages.get(0), stages.get(1)
    jvm.org.apache.spark.ml.Pipeline().setStages(array).fit(df._jdf).write().save(temp_path + "/java-model")

    stage = FeatureAlphaDropout.load(temp_path + "/java-stage")
    assert (stage.getShape(), stage.getP(), stage.getSeed(), stage.uid) == ([4, 2], 0.3, 5, java_stage.uid())
    assert rows(stage.transform(df)) == rows(DataFrame(java_stage.transform(df._jdf), spark))
    model = PipelineModel.load(temp_path + "/java-model")
    assert [type(s) for s in model.stages] == [FeatureAlphaDropout, AlphaDropout]
    assert model.stages[1].getP() == 0.1


def test_a_session_without_the_jar_fails_in_one_line_naming_the_fix():
    script = ("from pyspark.sql import SparkSession\n"
              "SparkSession.builder.master('local[1]').config('spark.ui.enabled', 'false').getOrCreate()\n"
              "from alpha_dropout import FeatureAlphaDropout\n"
              "from alpha_dropout.functions import alpha_dropout\n"
              "for attempt in (FeatureAlphaDropout, lambda: alpha_dropout('x', 0.1)):\n"
              "    try:\n"
              "        attempt()\n"
              "    except RuntimeError as e:\n"
              "        print(e)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                          cwd=os.path.dirname(os.path.abspath(__file__)))
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 2, done.stdout + done.stderr
    for line in lines:
        assert line.startswith("alpha_dropout: this Spark session has no spark-alpha-dropout jar; create it with "
                               "alpha_dropout.configure(SparkSession.builder).getOrCreate(), or start Spark with "
                               "--jars ")
        assert "spark-alpha-dropout-" in line and "alpha-dropout-kernel-" in line
