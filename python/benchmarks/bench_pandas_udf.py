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

"""The Python Transformer against what a PySpark user writes instead: a pandas_udf (Arrow) applying feature alpha
dropout per row with numpy, and with torch.nn.functional.feature_alpha_dropout where torch is importable.

Same data in one run: ROWS rows of (16, 4, 16, 16) float32 (cached), local[2], a noop sink; a warm-up, then
interleaved rounds; medians and ratios. Usage (in a virtual environment with pyspark, pandas, pyarrow and this
package): python python/benchmarks/bench_pandas_udf.py [--rows 2000] [--rounds 5]
"""
import argparse
import math
import os
import statistics
import sys
import time

import numpy as np
import pandas as pd
from pyspark.sql import SparkSession
from pyspark.sql.functions import pandas_udf

import alpha_dropout
from alpha_dropout import FeatureAlphaDropout

SHAPE = (16, 4, 16, 16)
P = 0.2
ALPHA = 1.7580993408473766


def numpy_udf():
    a = 1.0 / math.sqrt((ALPHA * ALPHA * P + 1) * (1 - P))
    fa, fb, dropped = np.float32(a), np.float32(ALPHA * a * P), np.float32(-ALPHA * a + ALPHA * a * P)
    channels = SHAPE[0]

    @pandas_udf("array<float>")
    def feature_alpha_dropout_numpy(samples: pd.Series) -> pd.Series:
        rng = np.random.default_rng()
        out = []
        for sample in samples:
            x = np.asarray(sample, dtype=np.float32).reshape(channels, -1)
            keep = rng.random(channels) < 1 - P
            out.append(np.where(keep[:, None], x * fa + fb, dropped).reshape(-1))
        return pd.Series(out)

    return feature_alpha_dropout_numpy


def torch_udf():
    try:
        import torch
    except ImportError:
        return None

    @pandas_udf("array<float>")
    def feature_alpha_dropout_torch(samples: pd.Series) -> pd.Series:
        out = []
        for sample in samples:
            x = torch.from_numpy(np.asarray(sample, dtype=np.float32).reshape((1,) + SHAPE))
            out.append(torch.nn.functional.feature_alpha_dropout(x, P, True).numpy().reshape(-1))
        return pd.Series(out)

    return feature_alpha_dropout_torch


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # the UDF workers need this environment's pandas
    spark = alpha_dropout.configure(
        SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false").config("spark.driver.memory", "4g")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "100")).getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    size = int(np.prod(SHAPE))
    df = spark.range(0, args.rows, 1, 2).selectExpr(
        "id", "transform(sequence(0, %d), i -> CAST(sin(id * %d + i) AS FLOAT)) AS x" % (size - 1, size)).cache()
    df.count()

    variants = {"Transformer": lambda: FeatureAlphaDropout(inputCol="x", outputCol="y", shape=list(SHAPE), p=P)
                .transform(df),
                "pandas_udf numpy": lambda: df.withColumn("y", numpy_udf()("x"))}
    torch = torch_udf()
    if torch is not None:
        variants["pandas_udf torch"] = lambda: df.withColumn("y", torch("x"))
    else:
        print("torch is not importable here: the torch variant is left out")

    def run(name):
        start = time.perf_counter()
        variants[name]().write.format("noop").mode("overwrite").save()
        return time.perf_counter() - start

    for name in variants:  # warm-up
        run(name)
    times = {name: [] for name in variants}
    for _ in range(args.rounds):
        for name in variants:
            times[name].append(run(name))
    base = statistics.median(times["Transformer"])
    print("%d rows of %s float32, local[2], %d interleaved rounds (medians):" % (args.rows, SHAPE, args.rounds))
    for name, values in times.items():
        median = statistics.median(values)
        print("  %-18s %7.2f s  %5.2fx the Transformer" % (name, median, median / base))
    spark.stop()


if __name__ == "__main__":
    main()
