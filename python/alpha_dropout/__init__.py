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
