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

"""PyTorch's own output (src/test/resources/golden, written by scripts/pytorch_golden.py from
torch.nn.functional.feature_alpha_dropout / alpha_dropout) against the Python Transformers, bit for bit.

As in the JVM golden tests, our mask is read from the same Transformer's output for zeros with the same seed
keys (seedCol) (a kept zero becomes ALPHA*a*p > 0, a dropped one is negative); every element must then hold PyTorch's
kept or dropped value for that input, NaN payloads included. float32 samples travel through Arrow and
float64 ones as Python floats, which keep every bit.
"""
import os

import numpy as np
import pytest

from alpha_dropout import AlphaDropout, FeatureAlphaDropout
from conftest import REPO

pytestmark = pytest.mark.spark

GOLDEN = os.path.join(REPO, "src", "test", "resources", "golden", "pytorch-alpha-dropout.txt")
ROWS = 48


def load_golden():
    header, cases = {}, {}
    with open(GOLDEN, encoding="ascii") as lines:
        for line in lines:
            if line.startswith("#"):
                key, _, value = line[1:].partition(":")
                header[key.strip()] = value.strip()
            elif line.strip():
                dtype, mode, p, index, *values = line.split()
                cases.setdefault((dtype, mode, p), {})[int(index)] = [int(v, 16) for v in values]
    shape = [int(d) for d in header["shape"].split()]
    return shape, {key: np.array([rows[i] for i in range(len(rows))], dtype=np.uint64).T
                   for key, rows in cases.items()}


SHAPE, CASES = load_golden() if os.path.exists(GOLDEN) else ([], {})


def run(spark, stage, dtype, bits):
    """The stage's outputs for ROWS copies of the sample given by its bits and, with the same seed keys, of zeros
    (seedCol: a row's mask depends on its key alone), in key order, as bits: [(sample, zeros), ...]."""
    import pandas as pd

    numpy_type, unsigned = (np.float32, np.uint32) if dtype == "float32" else (np.float64, np.uint64)
    sample = bits.astype(unsigned).view(numpy_type)
    zeros = np.zeros_like(sample)
    keys = [(key, copy) for key in range(ROWS) for copy in (0, 1)]
    if dtype == "float32":
        frame = pd.DataFrame({"key": [k for k, _ in keys], "copy": [c for _, c in keys],
                              "x": [zeros if c else sample for _, c in keys]})
        df = spark.createDataFrame(frame, "key long, copy int, x array<float>")
    else:  # pandas reads a float64 NaN as a missing value; Python floats keep their bits through pickling
        df = spark.createDataFrame([(k, c, (zeros if c else sample).tolist()) for k, c in keys],
                                   "key long, copy int, x array<double>")
    out = stage.setSeedCol("key").transform(df).orderBy("key", "copy").select("y").toPandas()
    ys = [np.asarray(y, dtype=numpy_type).view(unsigned).astype(np.uint64) for y in out["y"]]
    return list(zip(ys[0::2], ys[1::2]))


@pytest.mark.skipif(not CASES, reason="the golden data lives in the source checkout (src/test/resources/golden)")
@pytest.mark.parametrize("key", sorted(CASES), ids=lambda k: "-".join(k))
def test_transformers_match_pytorch_bit_for_bit(spark, key):
    spark.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")
    spark.conf.set("spark.sql.execution.arrow.pyspark.fallback.enabled", "false")
    dtype, mode, p = key
    inputs, kept, dropped = CASES[key]
    params = dict(inputCol="x", outputCol="y", p=float(p), seed=20240611)
    stage = FeatureAlphaDropout(shape=SHAPE, **params) if mode == "feature" else AlphaDropout(**params)
    channels = SHAPE[0]
    for output, zeros in run(spark, stage, dtype, inputs):
        zeros_as_float = zeros.astype(np.uint32).view(np.float32) if dtype == "float32" else zeros.view(np.float64)
        keep = zeros_as_float > 0
        if float(p) == 1.0:
            np.testing.assert_array_equal(output, kept)  # PyTorch's x * 0 in both columns
            continue
        np.testing.assert_array_equal(output, np.where(keep, kept, dropped))
        if mode == "feature":
            per_channel = keep.reshape(channels, -1)
            assert (per_channel.all(axis=1) | ~per_channel.any(axis=1)).all(), "a channel is kept or dropped whole"
