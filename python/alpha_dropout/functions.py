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

"""Alpha dropout as DataFrame Column functions, with PyTorch's semantics, one sample per row.

They call the SQL functions ``feature_alpha_dropout`` and ``alpha_dropout`` that the jar registers in every
session, so they give the same column, bit for bit, as the JVM Column functions and SQL, in classic PySpark and
through Spark Connect (PySpark 4.x). Input: ``array<float>``, ``array<double>`` or an ML ``Vector`` column; the
result has the input's type. A null sample gives null.

>>> from alpha_dropout.functions import alpha_dropout, feature_alpha_dropout
>>> df = spark.createDataFrame([(1, [1.0, 2.0, 3.0, 4.0])], "id long, sample array<float>")
>>> df.select(feature_alpha_dropout("sample", 0.5, [2, 2], 42).alias("y")).head().y
[-0.7791939377784729, -0.7791939377784729, 3.438408374786377, 4.324813365936279]
>>> df.select(alpha_dropout(df["sample"], 0.5, 42, seed_col="id").alias("y")).count()
1
>>> feature_alpha_dropout("sample", 0.5, [2, 0], 42)
Traceback (most recent call last):
    ...
ValueError: shape [2, 0] has dimension 0 at index 1; every dimension must be positive (or -1 for one inferred dimension)
"""
from typing import TYPE_CHECKING, List, Optional, Sequence, Union

from pyspark.sql import functions as F

from alpha_dropout import _params

if TYPE_CHECKING:
    from pyspark.sql import Column

    ColumnOrName = Union[Column, str]

__all__ = ["feature_alpha_dropout", "alpha_dropout"]


def feature_alpha_dropout(col: "ColumnOrName", p: float, shape: Sequence[int], seed: Optional[int] = None, *,
                          seed_col: Optional["ColumnOrName"] = None, handle_invalid: str = "error",
                          training: bool = True, column_name: Optional[str] = None) -> "Column":
    """Feature alpha dropout (``torch.nn.FeatureAlphaDropout``): every row holds one sample of ``shape``
    ``(C, *spatial)``, e.g. ``(C, D, H, W)``, flattened channel-first; whole channels are dropped.

    Parameters
    ----------
    col : :class:`~pyspark.sql.Column` or str
        the samples: ``array<float>``, ``array<double>`` or ML ``Vector``
    p : float
        drop probability in [0, 1]
    shape : list of int
        the sample shape ``(C, ...)``; one dimension may be -1 (inferred from each row's length)
    seed : int, optional
        base seed; without one a random seed is drawn once per query, as for ``rand()``
    seed_col : :class:`~pyspark.sql.Column` or str, optional
        derive each row's mask from this column's value instead of the row's position, so masks survive
        repartitioning and re-runs
    handle_invalid : str
        samples that are empty, hold a null or do not fit the shape: ``error`` (fail the query), ``skip`` (null)
        or ``keep`` (unchanged)
    training : bool
        False gives the input unchanged (PyTorch ``eval()``)
    column_name : str, optional
        the name the masks are keyed by (default: the input column's name)
    """
    return _dropout("feature_alpha_dropout", col, p, _params.shape(list(shape)), seed, seed_col, handle_invalid,
                    training, column_name)


def alpha_dropout(col: "ColumnOrName", p: float, seed: Optional[int] = None, *,
                  seed_col: Optional["ColumnOrName"] = None, handle_invalid: str = "error", training: bool = True,
                  column_name: Optional[str] = None) -> "Column":
    """Alpha dropout (``torch.nn.AlphaDropout``): every element is dropped independently. The parameters are those
    of :func:`feature_alpha_dropout`, without ``shape``."""
    return _dropout("alpha_dropout", col, p, None, seed, seed_col, handle_invalid, training, column_name)


def _dropout(name: str, col: "ColumnOrName", p: float, shape: Optional[List[int]], seed: Optional[int],
             seed_col: Optional["ColumnOrName"], handle_invalid: str, training: bool,
             column_name: Optional[str]) -> "Column":
    probability = _params.probability(p)
    invalid = _params.handle_invalid(handle_invalid)
    remote = _is_remote()
    if not remote:
        _require_jar()
    args = [_column(col), F.lit(probability)]
    if shape is not None:
        args.append(F.array(*[F.lit(d) for d in shape]))
    if seed is not None:
        args.append(F.lit(int(seed)))
    named = []
    if seed_col is not None:
        named.append(("seed_col", _column(seed_col)))
    if invalid.strip().lower() != "error":
        named.append(("handle_invalid", F.lit(invalid)))
    if not training:
        named.append(("training", F.lit(False)))
    if column_name is not None:
        named.append(("column_name", F.lit(column_name)))
    args += [_named_argument(key, value, remote) for key, value in named]
    return F.call_function(name, *args)


def _column(col: "ColumnOrName") -> "Column":
    return F.col(col) if isinstance(col, str) else col


def _is_remote() -> bool:
    from pyspark.sql.utils import is_remote

    return is_remote()


def _require_jar() -> None:
    from pyspark import SparkContext

    from alpha_dropout._jars import require_jvm_jar

    if SparkContext._jvm is not None:
        require_jvm_jar(SparkContext._jvm)


def _named_argument(key: str, value: "Column", remote: bool) -> "Column":
    """``key => value``, Spark's named argument, as the SQL text ``alpha_dropout(x, 0.2, seed_col => id)`` gives."""
    if remote:
        from pyspark.sql.connect.column import Column as ConnectColumn
        from pyspark.sql.connect.expressions import NamedArgumentExpression

        return ConnectColumn(NamedArgumentExpression(key, value._expr))  # type: ignore[attr-defined,arg-type]
    from py4j.protocol import Py4JError
    from pyspark import SparkContext
    from pyspark.sql import Column

    jvm = SparkContext._jvm
    assert jvm is not None
    try:
        named = jvm.PythonSQLUtils.namedArgumentExpression(key, value._jc)  # type: ignore[attr-defined]
    except Py4JError:  # Spark 3.5: no helper, and a Column still wraps its Catalyst expression
        named = jvm.org.apache.spark.sql.Column(jvm.org.apache.spark.sql.catalyst.expressions
                                                .NamedArgumentExpression(key, value._jc.expr()))  # type: ignore
    return Column(named)
