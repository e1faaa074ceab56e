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

"""One classic local SparkSession for the whole run, made as a user makes it (alpha_dropout.configure)."""
import os
import shutil
import tempfile

import pytest


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession

    import alpha_dropout

    builder = (SparkSession.builder.master("local[2]").appName("alpha-dropout-python-tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2")
               .config("spark.driver.memory", "1g"))
    session = alpha_dropout.configure(builder).getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture
def temp_path():
    path = tempfile.mkdtemp(prefix="alpha-dropout-test-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def jvm(spark):
    return spark.sparkContext._jvm


def int_array(spark, values):
    """A Java int[] (for the JVM classes' shape)."""
    gateway = spark.sparkContext._gateway
    array = gateway.new_array(gateway.jvm.int, len(values))
    for i, v in enumerate(values):
        array[i] = v
    return array


def string_array(spark, values):
    gateway = spark.sparkContext._gateway
    array = gateway.new_array(gateway.jvm.java.lang.String, len(values))
    for i, v in enumerate(values):
        array[i] = v
    return array


def pyspark_line():
    import pyspark

    return tuple(int(p) for p in pyspark.__version__.split(".")[:2])


REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
