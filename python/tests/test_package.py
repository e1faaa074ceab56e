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

"""The package itself: its jars, the jar picked for each PySpark line, configure()."""
import os

import pytest

import alpha_dropout
from alpha_dropout import _jars


def test_jars_are_the_library_and_the_kernel_of_the_running_pyspark_line():
    import pyspark

    library, kernel = alpha_dropout.jars()
    line = "3.5_2.12" if pyspark.__version__.startswith("3.5") else "4_2.13"
    assert os.path.basename(library).startswith("spark-alpha-dropout-" + line + "-")
    assert os.path.basename(kernel).startswith("alpha-dropout-kernel-")
    assert os.path.isfile(library) and os.path.isfile(kernel)


@pytest.mark.parametrize("version,line", [("3.5.1", "3.5_2.12"), ("4.0.1", "4_2.13"), ("4.1.0", "4_2.13"),
                                          ("4.2.0", "4_2.13"), ("4.3.0", "4_2.13")])
def test_each_pyspark_line_maps_to_its_jar(version, line):
    assert _jars._line_for(version) == line


def test_a_pyspark_line_without_a_jar_is_named_in_one_line():
    with pytest.raises(RuntimeError, match=r"^alpha_dropout: PySpark 3.4.1 has no spark-alpha-dropout jar .*"
                                           r"use PySpark 3.5 or 4.x$"):
        alpha_dropout.jars("3.4.1")


def test_configure_adds_the_jars_and_keeps_jars_already_there():
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.config("spark.jars", "/opt/other.jar")
    try:
        builder.config("spark.sql.extensions", "com.example.Other")
        options = alpha_dropout.configure(builder)._options
        assert options["spark.jars"].split(",") == ["/opt/other.jar"] + alpha_dropout.jars()
        assert options["spark.sql.extensions"] == "com.example.Other,io.github.alphadropout.sql.AlphaDropoutExtensions"
    finally:
        builder._options.pop("spark.jars", None)
        builder._options.pop("spark.sql.extensions", None)


def test_the_package_is_typed():
    assert os.path.isfile(os.path.join(os.path.dirname(alpha_dropout.__file__), "py.typed"))


def test_the_transformers_are_also_in_alpha_dropout_ml():
    from alpha_dropout import ml

    assert ml.FeatureAlphaDropout is alpha_dropout.FeatureAlphaDropout
    assert ml.AlphaDropout is alpha_dropout.AlphaDropout
