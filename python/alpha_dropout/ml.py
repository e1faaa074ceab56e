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

"""``pyspark.ml`` Transformers over the JVM classes ``io.github.alphadropout.ml.FeatureAlphaDropout`` and
``io.github.alphadropout.ml.AlphaDropout``, built as MLlib's own wrappers are (``pyspark.ml.feature``)."""
import sys
from typing import Any, Dict, List, Optional, TypeVar

from pyspark import keyword_only
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.param.shared import (
    HasHandleInvalid,
    HasInputCol,
    HasInputCols,
    HasOutputCol,
    HasOutputCols,
    HasSeed,
)
from pyspark.ml.util import JavaMLReadable, JavaMLReader, JavaMLWritable
from pyspark.ml.wrapper import JavaTransformer

from alpha_dropout import _params
from alpha_dropout._jars import require_jvm_jar

__all__ = ["FeatureAlphaDropout", "AlphaDropout"]

JAVA_PACKAGE = "io.github.alphadropout.ml"
_T = TypeVar("_T", bound="_AlphaDropoutTransformer")


def _is_remote() -> bool:
    try:
        from pyspark.sql.utils import is_remote
    except ImportError:  # pragma: no cover - PySpark before 3.4
        return False
    return is_remote()


class _AlphaDropoutReader(JavaMLReader):
    """Loads with the JVM class of this package (PySpark's own reader derives it from ``pyspark`` module names)."""

    @classmethod
    def _java_loader_class(cls, clazz: Any) -> str:
        return JAVA_PACKAGE + "." + clazz.__name__


class _AlphaDropoutParams(HasInputCol, HasInputCols, HasOutputCol, HasOutputCols, HasSeed, HasHandleInvalid):
    """The params both Transformers share; defaults and validation as in the JVM classes."""

    p: "Param[float]" = Param(Params._dummy(), "p", "drop probability in [0, 1]",
                              typeConverter=_params.probability)
    handleInvalid: "Param[str]" = Param(
        Params._dummy(), "handleInvalid", "how to handle samples that are empty, hold null elements or do not fit "
        "the shape: error (fail), skip (drop the row) or keep (pass it through)",
        typeConverter=_params.handle_invalid)
    training: "Param[bool]" = Param(Params._dummy(), "training",
                                    "false makes the transformer the identity (PyTorch eval())",
                                    typeConverter=TypeConverters.toBoolean)
    seedCol: "Param[str]" = Param(Params._dummy(), "seedCol", "column whose value seeds each row's mask instead "
                                  "of its position, so masks survive repartitioning and re-runs",
                                  typeConverter=TypeConverters.toString)

    def __init__(self, *args: Any):
        super().__init__(*args)
        # The JVM default seed is the JVM class name's String.hashCode (Spark's HasSeed convention in Java).
        self._setDefault(p=0.5, handleInvalid="error", training=True,
                         seed=_params.java_class_hash(JAVA_PACKAGE + "." + type(self).__name__))

    def getP(self) -> float:
        """Gets the value of :py:attr:`p` or its default value."""
        return self.getOrDefault(self.p)

    def getTraining(self) -> bool:
        """Gets the value of :py:attr:`training` or its default value."""
        return self.getOrDefault(self.training)

    def getSeedCol(self) -> str:
        """Gets the value of :py:attr:`seedCol`."""
        return self.getOrDefault(self.seedCol)


class _AlphaDropoutTransformer(JavaTransformer, _AlphaDropoutParams, JavaMLReadable, JavaMLWritable):
    """The Transformer shared by both classes: the JVM object, the setters, persistence."""

    _input_kwargs: Dict[str, Any]

    def __init__(self) -> None:
        super().__init__()
        java_class = JAVA_PACKAGE + "." + type(self).__name__
        if not _is_remote():
            from pyspark.ml.util import _jvm

            require_jvm_jar(_jvm())
        self._java_obj = self._new_java_obj(java_class, self.uid)

    @classmethod
    def read(cls) -> Any:
        """Returns an MLReader instance for this class."""
        if _is_remote():
            raise NotImplementedError(
                "alpha_dropout: " + cls.__name__ + ".load is not available through Spark Connect (its ML reader "
                "knows only pyspark's classes); load the stage in a classic session, or build it with its params")
        return _AlphaDropoutReader(cls)

    def write(self) -> Any:
        """Returns an MLWriter instance for this ML instance."""
        if _is_remote():
            raise NotImplementedError(
                "alpha_dropout: saving " + type(self).__name__ + " is not available through Spark Connect; save "
                "it from a classic session")
        return super().write()

    def setInputCol(self: _T, value: str) -> _T:
        """Sets the value of :py:attr:`inputCol`."""
        return self._set(inputCol=value)

    def setInputCols(self: _T, value: List[str]) -> _T:
        """Sets the value of :py:attr:`inputCols`."""
        return self._set(inputCols=value)

    def setOutputCol(self: _T, value: str) -> _T:
        """Sets the value of :py:attr:`outputCol`."""
        return self._set(outputCol=value)

    def setOutputCols(self: _T, value: List[str]) -> _T:
        """Sets the value of :py:attr:`outputCols`."""
        return self._set(outputCols=value)

    def setP(self: _T, value: float) -> _T:
        """Sets the value of :py:attr:`p` (in [0, 1])."""
        return self._set(p=value)

    def setSeed(self: _T, value: int) -> _T:
        """Sets the value of :py:attr:`seed`."""
        return self._set(seed=value)

    def setHandleInvalid(self: _T, value: str) -> _T:
        """Sets the value of :py:attr:`handleInvalid` (error, skip or keep)."""
        return self._set(handleInvalid=value)

    def setTraining(self: _T, value: bool) -> _T:
        """Sets the value of :py:attr:`training`."""
        return self._set(training=value)

    def setSeedCol(self: _T, value: str) -> _T:
        """Sets the value of :py:attr:`seedCol`."""
        return self._set(seedCol=value)


class FeatureAlphaDropout(_AlphaDropoutTransformer):
    """
    PyTorch's ``FeatureAlphaDropout`` as a Spark ML Transformer: each row holds one sample of shape
    ``(C, D, H, W)`` (any ``(C, *spatial)``), flattened channel-first, and whole channels are dropped. Kept
    elements become ``a*x + ALPHA*a*p``, dropped channels ``-ALPHA*a*(1-p)``, bit for bit as PyTorch computes
    them in float32. Input columns are ``array<float>``, ``array<double>`` or ML ``Vector``; the output has the
    input's type. N rows behave like PyTorch on the stacked ``(N, C, D, H, W)`` batch.

    Examples
    --------
    >>> from alpha_dropout import FeatureAlphaDropout
    >>> df = spark.createDataFrame([([1.0, 2.0, 3.0, 4.0],)], "sample array<float>")
    >>> dropout = FeatureAlphaDropout(inputCol="sample", outputCol="augmented", shape=[2, 2], p=0.5, seed=42)
    >>> dropout.getShape()
    [2, 2]
    >>> dropout.transform(df).head().augmented
    [-0.7791939377784729, -0.7791939377784729, 3.438408374786377, 4.324813365936279]
    >>> dropout.setTraining(False).transform(df).head().augmented
    [1.0, 2.0, 3.0, 4.0]
    >>> dropout.setP(1.5)
    Traceback (most recent call last):
        ...
    ValueError: dropout probability has to be between 0 and 1, but got 1.5
    >>> path = temp_path + "/feature-alpha-dropout"
    >>> dropout.save(path)
    >>> FeatureAlphaDropout.load(path).getShape()
    [2, 2]
    """

    shape: "Param[List[int]]" = Param(
        Params._dummy(), "shape", "sample shape (C, D, H, W) or any (C, ...), channel-first; one dimension may be "
        "-1 to infer it from each row's length", typeConverter=_params.shape)

    @keyword_only
    def __init__(self, *, inputCol: Optional[str] = None, outputCol: Optional[str] = None,
                 inputCols: Optional[List[str]] = None, outputCols: Optional[List[str]] = None,
                 shape: Optional[List[int]] = None, p: float = 0.5, seed: Optional[int] = None,
                 handleInvalid: str = "error", training: bool = True, seedCol: Optional[str] = None):
        """
        __init__(self, \\*, inputCol=None, outputCol=None, inputCols=None, outputCols=None, shape=None, p=0.5, \
                 seed=None, handleInvalid="error", training=True, seedCol=None)
        """
        super().__init__()
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(self, *, inputCol: Optional[str] = None, outputCol: Optional[str] = None,
                  inputCols: Optional[List[str]] = None, outputCols: Optional[List[str]] = None,
                  shape: Optional[List[int]] = None, p: float = 0.5, seed: Optional[int] = None,
                  handleInvalid: str = "error", training: bool = True,
                  seedCol: Optional[str] = None) -> "FeatureAlphaDropout":
        """
        setParams(self, \\*, inputCol=None, outputCol=None, inputCols=None, outputCols=None, shape=None, p=0.5, \
                  seed=None, handleInvalid="error", training=True, seedCol=None)
        Sets params for this FeatureAlphaDropout.
        """
        kwargs = self._input_kwargs
        return self._set(**kwargs)

    def setShape(self, value: List[int]) -> "FeatureAlphaDropout":
        """Sets the value of :py:attr:`shape`: ``(C, ...)``, one dimension may be -1."""
        return self._set(shape=value)

    def getShape(self) -> List[int]:
        """Gets the value of :py:attr:`shape`."""
        return self.getOrDefault(self.shape)


class AlphaDropout(_AlphaDropoutTransformer):
    """
    PyTorch's ``AlphaDropout`` as a Spark ML Transformer: every element of each row's sample is kept or dropped on
    its own. Kept elements become ``a*x + ALPHA*a*p``, dropped ones ``-ALPHA*a*(1-p)``, bit for bit as PyTorch
    computes them in float32.

    Examples
    --------
    >>> from alpha_dropout import AlphaDropout
    >>> from pyspark.ml.linalg import Vectors
    >>> df = spark.createDataFrame([(Vectors.dense([0.5, -0.5, 1.0]),)], ["features"])
    >>> noisy = AlphaDropout(inputCol="features", outputCol="noisy", p=0.1, seed=7).transform(df)
    >>> noisy.schema["noisy"].dataType == df.schema["features"].dataType
    True
    >>> AlphaDropout(handleInvalid="drop")
    Traceback (most recent call last):
        ...
    ValueError: handleInvalid must be one of error, skip, keep, but got 'drop'
    """

    @keyword_only
    def __init__(self, *, inputCol: Optional[str] = None, outputCol: Optional[str] = None,
                 inputCols: Optional[List[str]] = None, outputCols: Optional[List[str]] = None,
                 p: float = 0.5, seed: Optional[int] = None, handleInvalid: str = "error", training: bool = True,
                 seedCol: Optional[str] = None):
        """
        __init__(self, \\*, inputCol=None, outputCol=None, inputCols=None, outputCols=None, p=0.5, seed=None, \
                 handleInvalid="error", training=True, seedCol=None)
        """
        super().__init__()
        kwargs = self._input_kwargs
        self.setParams(**kwargs)

    @keyword_only
    def setParams(self, *, inputCol: Optional[str] = None, outputCol: Optional[str] = None,
                  inputCols: Optional[List[str]] = None, outputCols: Optional[List[str]] = None,
                  p: float = 0.5, seed: Optional[int] = None, handleInvalid: str = "error", training: bool = True,
                  seedCol: Optional[str] = None) -> "AlphaDropout":
        """
        setParams(self, \\*, inputCol=None, outputCol=None, inputCols=None, outputCols=None, p=0.5, seed=None, \
                  handleInvalid="error", training=True, seedCol=None)
        Sets params for this AlphaDropout.
        """
        kwargs = self._input_kwargs
        return self._set(**kwargs)


# PySpark finds the Python class of a stage loaded from the JVM (a Pipeline saved from Java or Scala, a
# PipelineModel's stages) by importing the JVM class's package as a Python module; "org.apache.spark" alone is
# renamed to "pyspark". This alias makes "io.github.alphadropout.ml" resolve to this module.
sys.modules.setdefault(JAVA_PACKAGE, sys.modules[__name__])
