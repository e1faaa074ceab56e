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

"""PyTorch-exact alpha dropout on Spark DataFrames, from PySpark.

- :func:`configure` adds the package's jars to a ``SparkSession.builder``; :func:`jars` gives their paths.
- :class:`FeatureAlphaDropout` and :class:`AlphaDropout` are ``pyspark.ml`` Transformers over the JVM classes
  ``io.github.alphadropout.ml.FeatureAlphaDropout`` and ``io.github.alphadropout.ml.AlphaDropout``.
- :mod:`alpha_dropout.functions` holds the Column functions ``feature_alpha_dropout`` and ``alpha_dropout``.
"""
from alpha_dropout._jars import configure, jars
from alpha_dropout.ml import AlphaDropout, FeatureAlphaDropout

__version__ = "0.1.0.dev0"
__all__ = ["configure", "jars", "FeatureAlphaDropout", "AlphaDropout", "__version__"]
