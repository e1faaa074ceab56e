#!/usr/bin/env bash
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

# Builds the Python package's wheel carrying the jars of every Spark line PySpark ships: spark-4_2.13 (PySpark
# 4.x) and spark-3.5_2.12 (PySpark 3.5), with the kernel jar. Output: target/python-dist/*.whl
# (pip install target/python-dist/spark_alpha_dropout-*.whl).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
rm -rf target/python-jars && mkdir -p target/python-jars target/python-dist
mvn -B -ntp -q -DskipTests package
cp "spark/target/spark-alpha-dropout-4_2.13-$VERSION.jar" "kernel/target/alpha-dropout-kernel-$VERSION.jar" \
  target/python-jars/
mvn -B -ntp -q -DskipTests -P spark-3.5_2.12 -pl spark -am package
cp "spark/target/spark-alpha-dropout-3.5_2.12-$VERSION.jar" target/python-jars/
ALPHA_DROPOUT_JAR_DIRS="$PWD/target/python-jars" python3 -m pip wheel --no-deps -w target/python-dist ./python
rm -rf python/build python/*.egg-info
ls target/python-dist
