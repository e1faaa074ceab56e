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

"""Param converters that validate as the JVM setters do, with the same messages."""
import math
from typing import Any, List

from pyspark.ml.param import TypeConverters

HANDLE_INVALID_VALUES = ("error", "skip", "keep")


def java_string(value: float) -> str:
    """A double as Java's ``Double.toString`` writes the usual values (the JVM messages embed it)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    text = repr(float(value))
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." not in mantissa:
            mantissa += ".0"
        return mantissa + "E" + str(int(exponent))
    return text


def probability(value: Any) -> float:
    """``p``: a float in [0, 1], rejected with PyTorch's wording (as ``AlphaDropoutCoefficients`` does)."""
    p = TypeConverters.toFloat(value)
    if not (0 <= p <= 1):
        raise ValueError("dropout probability has to be between 0 and 1, but got " + java_string(p))
    return p


def shape(value: Any) -> List[int]:
    """``shape``: (C, ...), each dimension positive or one -1 (as ``SampleShape.of`` checks)."""
    dims = TypeConverters.toListInt(value)
    text = "[" + ", ".join(str(d) for d in dims) + "]"
    if not dims:
        raise ValueError("shape must have at least one dimension (C, ...), e.g. [16, 4, 32, 32]")
    inferred = False
    product = 1
    for i, d in enumerate(dims):
        if d == -1:
            if inferred:
                raise ValueError("shape " + text + " has more than one -1; only one dimension can be inferred")
            inferred = True
        elif d <= 0:
            raise ValueError("shape " + text + " has dimension " + str(d) + " at index " + str(i)
                             + "; every dimension must be positive (or -1 for one inferred dimension)")
        else:
            product *= d
            if product > 2**31 - 1:
                raise ValueError("shape " + text + " has more than 2147483647 elements, more than one array can "
                                 "hold")
    return dims


def handle_invalid(value: Any) -> str:
    """``handleInvalid``: error, skip or keep, in any case (as ``HandleInvalid.fromParam`` reads it)."""
    text = TypeConverters.toString(value)
    if text.strip().lower() not in HANDLE_INVALID_VALUES:
        raise ValueError("handleInvalid must be one of error, skip, keep, but got '" + text + "'")
    return text


def java_class_hash(name: str) -> int:
    """Java's ``String.hashCode`` of a class name: the JVM Transformers' default seed."""
    h = 0
    for unit in name.encode("utf-16-be").hex(" ", 2).split():
        h = (31 * h + int(unit, 16)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= 1 << 31 else h
