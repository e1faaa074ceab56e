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

"""The jars this package carries, and the one that fits the running PySpark."""
import glob
import os
import re
from typing import TYPE_CHECKING, List, Optional

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

JAR_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jars")

# The library jar's Spark line for each PySpark minor version: the Scala version PySpark's own jars use.
_LINE_PATTERN = re.compile(r"^spark-alpha-dropout-([0-9.]+_2\.1[23])-.*\.jar$")


def _line_for(spark_version: str) -> str:
    parts = spark_version.split(".")
    major_minor = ".".join(parts[:2])
    if parts[0] == "3" and major_minor == "3.5":
        return "3.5_2.12"
    if parts[0] == "4":
        return "4_2.13"
    raise RuntimeError(
        "alpha_dropout: PySpark " + spark_version + " has no spark-alpha-dropout jar (the jars are built for "
        "Spark 3.5 and 4.x); use PySpark 3.5 or 4.x")


def _lines_here() -> List[str]:
    lines = []
    for path in sorted(glob.glob(os.path.join(JAR_DIR, "*.jar"))):
        match = _LINE_PATTERN.match(os.path.basename(path))
        if match:
            lines.append(match.group(1))
    return lines


def jars(spark_version: Optional[str] = None) -> List[str]:
    """The paths of the jars for a Spark version (default: the installed PySpark's): the library and the kernel.

    Pass them to ``spark-submit --jars`` (comma-separated), to ``spark.jars``, or to a Spark Connect server.

    >>> import alpha_dropout
    >>> [os.path.basename(j).split("-0.")[0] for j in alpha_dropout.jars("4.1.0")]
    ['spark-alpha-dropout-4_2.13', 'alpha-dropout-kernel']
    """
    if spark_version is None:
        import pyspark

        spark_version = pyspark.__version__
    line = _line_for(spark_version)
    library = sorted(glob.glob(os.path.join(JAR_DIR, "spark-alpha-dropout-" + line + "-*.jar")))
    kernel = sorted(glob.glob(os.path.join(JAR_DIR, "alpha-dropout-kernel-*.jar")))
    if not library or not kernel:
        held = ", ".join(_lines_here()) or "none"
        raise RuntimeError(
            "alpha_dropout: this installation holds no spark-alpha-dropout-" + line + " jar for PySpark "
            + spark_version + " (it holds: " + held + "); reinstall it from a checkout built for that line "
            "(mvn -DskipTests package, with -P spark-3.5_2.12 for Spark 3.5), or from the wheel that carries "
            "every line")
    return [library[-1], kernel[-1]]


EXTENSIONS = "io.github.alphadropout.sql.AlphaDropoutExtensions"


def configure(builder: "SparkSession.Builder") -> "SparkSession.Builder":
    """Adds this package's jars for the installed PySpark to a session builder's ``spark.jars`` and returns it.

    Like Delta's ``configure_spark_with_delta_pip``: call it before ``getOrCreate()``, on the builder of the
    session that starts the JVM (a JVM already running keeps its classpath). Jars already in ``spark.jars`` stay.
    It also names the SQL functions' extensions in ``spark.sql.extensions`` (kept with any already there):
    PySpark 3.5 creates its sessions without the ``SparkSessionExtensionsProvider`` lookup that registers them
    by itself on Spark 4.

    >>> from pyspark.sql import SparkSession
    >>> builder = alpha_dropout.configure(SparkSession.builder.master("local[1]"))
    >>> all(j in builder._options["spark.jars"] for j in alpha_dropout.jars())
    True
    """
    options = getattr(builder, "_options", {})
    existing = options.get("spark.jars")
    paths = ([existing] if existing else []) + [j for j in jars() if not existing or j not in existing]
    extensions = options.get("spark.sql.extensions")
    if extensions and EXTENSIONS not in extensions.split(","):
        extensions += "," + EXTENSIONS
    return builder.config("spark.jars", ",".join(paths)).config("spark.sql.extensions", extensions or EXTENSIONS)


def require_jvm_jar(jvm: object) -> None:
    """Fails with one line naming the fix when a classic session's JVM lacks the library jar."""
    from py4j.java_gateway import JavaClass

    if not isinstance(getattr(jvm, "io").github.alphadropout.ml.FeatureAlphaDropout, JavaClass):
        raise RuntimeError(
            "alpha_dropout: this Spark session has no spark-alpha-dropout jar; create it with "
            "alpha_dropout.configure(SparkSession.builder).getOrCreate(), or start Spark with --jars "
            + ",".join(_safe_jars()))


def _safe_jars() -> List[str]:
    try:
        return jars()
    except RuntimeError:
        return ["<the spark-alpha-dropout and alpha-dropout-kernel jars>"]
