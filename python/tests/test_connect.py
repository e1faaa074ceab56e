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

"""Spark Connect: a real server started from PySpark's own distribution (bin/spark-submit, the server class in
its spark-connect jar) with this package's jars, and PySpark's Python Connect client. The Transformers (Connect
ML, enabled by the jar's META-INF/services registration) and the Column functions give the same bits as classic
PySpark on the same data; what Connect cannot do fails with a clear message.

Runs in its own pytest process (`pytest -m connect`): a Connect session switches PySpark into Connect mode for the
whole process."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import pytest

pytestmark = pytest.mark.connect

import pyspark  # noqa: E402

if int(pyspark.__version__.split(".")[0]) < 4:
    pytest.skip("Spark Connect ML and named arguments need PySpark 4", allow_module_level=True)
pytest.importorskip("grpc", reason="the Connect client needs pyspark[connect]")

import alpha_dropout  # noqa: E402

# The same deterministic DataFrame in both modes: 40 samples of shape (4, 2, 3) over 3 partitions.
FRAME = ("spark.range(0, 40, 1, 3).selectExpr('id', 'id % 7 AS key', "
         "'transform(sequence(0, 23), i -> CAST(sin(id * 24 + i) AS FLOAT)) AS x')")
CASES = {
    "feature_transformer": "FeatureAlphaDropout(inputCol='x', outputCol='y', shape=[4, 2, 3], p=0.3, seed=5)"
                           ".transform(df)",
    "element_transformer": "AlphaDropout(inputCol='x', outputCol='y', p=0.2, seedCol='key').transform(df)",
    "feature_function": "df.select('id', feature_alpha_dropout('x', 0.3, [4, 2, 3], 5).alias('y'))",
    "element_function": "df.select('id', alpha_dropout(df['x'], 0.2, 8, seed_col='key', handle_invalid='keep',"
                        " column_name='z').alias('y'))",
    "sql": "spark.sql('SELECT id, feature_alpha_dropout(x, 0.3, array(4, 2, 3), 5) AS y FROM samples')",
}
RUN = """
import json, sys
import numpy as np
from alpha_dropout import AlphaDropout, FeatureAlphaDropout
from alpha_dropout.functions import alpha_dropout, feature_alpha_dropout
def run(spark):
    df = %s
    df.createOrReplaceTempView('samples')
    out = {}
    for name, code in %r.items():
        rows = eval(code).orderBy('id').select('y').collect()
        out[name] = [np.asarray(r.y, dtype=np.float64).view(np.uint64).tolist() for r in rows]
    return out
""" % (FRAME, CASES)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    spark_home = os.path.dirname(pyspark.__file__)
    port = free_port()
    log = tempfile.NamedTemporaryFile(prefix="connect-server-", suffix=".log", delete=False)
    command = [os.path.join(spark_home, "bin", "spark-submit"), "--master", "local[2]",
               "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
               "--jars", ",".join(alpha_dropout.jars()), "--conf", "spark.connect.grpc.binding.port=%d" % port,
               "--conf", "spark.ui.enabled=false", "--driver-memory", "1g", "spark-internal"]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                               env=dict(os.environ, SPARK_HOME=spark_home))
    deadline = time.time() + 180
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the Connect server exited; see " + log.name)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(1)
    else:
        process.kill()
        raise RuntimeError("the Connect server did not listen within 180 s; see " + log.name)
    yield "sc://127.0.0.1:%d" % port
    process.terminate()
    process.wait(timeout=60)


@pytest.fixture(scope="module")
def remote(server):
    from pyspark.sql import SparkSession

    session = SparkSession.builder.remote(server).getOrCreate()
    yield session
    session.stop()


@pytest.fixture(scope="module")
def classic_results():
    """The same cases in classic PySpark, in a process of its own."""
    script = RUN + """
from pyspark.sql import SparkSession
import alpha_dropout as package
spark = package.configure(SparkSession.builder.master('local[2]').config('spark.ui.enabled', 'false'))\\
    .getOrCreate()
print(json.dumps(run(spark)))
"""
    env = {k: v for k, v in os.environ.items() if k not in ("SPARK_CONNECT_MODE_ENABLED", "SPARK_REMOTE")}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_transformers_and_functions_give_the_classic_bits_through_connect(classic_results, remote):
    from pyspark.sql.utils import is_remote

    assert is_remote()
    scope = {}
    exec(RUN, scope)
    got = scope["run"](remote)
    assert set(got) == set(CASES)
    for name in CASES:
        assert got[name] == classic_results[name], name
        assert len(got[name]) == 40
    assert got["sql"] == got["feature_function"]


def test_save_and_load_fail_with_a_clear_message_through_connect(remote, tmp_path):
    from alpha_dropout import FeatureAlphaDropout

    stage = FeatureAlphaDropout(inputCol="x", shape=[4, 2, 3])
    with pytest.raises(NotImplementedError, match="^alpha_dropout: saving FeatureAlphaDropout is not available "
                                                  "through Spark Connect; save it from a classic session$"):
        stage.save(str(tmp_path / "stage"))
    with pytest.raises(NotImplementedError, match="^alpha_dropout: FeatureAlphaDropout.load is not available "
                                                  "through Spark Connect"):
        FeatureAlphaDropout.load(str(tmp_path / "stage"))
