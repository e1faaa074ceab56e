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

# The Python front end's tests on every PySpark line, each in its own virtual environment under
# target/python-venvs (pip's cache keeps each PySpark wheel to one download):
#   3.5.x with the spark-3.5_2.12 jar; 4.0.x, 4.1.x, 4.2.x and the newest PySpark on PyPI with the spark-4_2.13 jar.
# The default line (4.1.x) runs the whole suite (doctests and package tests included); the others run the
# Spark-facing tests (-m spark); every 4.x line also runs the Spark Connect tests, in a pytest process of their own.
# Usage: python/run-tests.sh [LINE...]   (default: every line; e.g. python/run-tests.sh 4.1)
# Needs the jars: it builds those missing from spark/target and kernel/target (mvn -DskipTests package, and with
# -P spark-3.5_2.12 for 3.5), then collects them in target/python-jars.
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_LINE=4.1
LINES=("$@")
[ ${#LINES[@]} -gt 0 ] || LINES=(3.5 4.0 4.1 4.2 newest)
PYTHON=${PYTHON:-python3}
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)

jar_of() { echo "spark/target/spark-alpha-dropout-$1-$VERSION.jar"; }
needs_35=false
for line in "${LINES[@]}"; do [ "$line" = 3.5 ] && needs_35=true; done
if [ ! -f "$(jar_of 4_2.13)" ] || [ ! -f "kernel/target/alpha-dropout-kernel-$VERSION.jar" ]; then
  mvn -B -ntp -q -DskipTests package
fi
mkdir -p target/python-jars
rm -f target/python-jars/*.jar
cp "$(jar_of 4_2.13)" "kernel/target/alpha-dropout-kernel-$VERSION.jar" target/python-jars/
if $needs_35; then
  if [ ! -f "$(jar_of 3.5_2.12)" ]; then
    mvn -B -ntp -q -DskipTests -P spark-3.5_2.12 -pl spark -am package
  fi
  cp "$(jar_of 3.5_2.12)" target/python-jars/
fi

if ! "$PYTHON" -m venv --help >/dev/null 2>&1 || ! "$PYTHON" -c 'import ensurepip' 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv
fi

run_pytest() {  # pytest exits 5 when it collected nothing: a line that ran no test has not passed
  local status=0
  "$@" || status=$?
  if [ "$status" -eq 5 ]; then
    echo "python tests: pytest collected no tests ($*)" >&2
    return 1
  fi
  return "$status"
}

failed=()
for line in "${LINES[@]}"; do
  start=$(date +%s)
  venv=target/python-venvs/$line
  [ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv"
  if [ "$line" = newest ]; then spec='pyspark[connect]'; upgrade=--upgrade
  elif [ "$line" = 3.5 ]; then spec='pyspark==3.5.*'; upgrade=
  else spec="pyspark[connect]==$line.*"; upgrade=
  fi
  # PySpark 3.5 predates numpy 2 and pandas 3.
  extras=(pytest numpy pandas pyarrow)
  [ "$line" = 3.5 ] && extras=(pytest 'numpy<2' 'pandas<2.3' 'pyarrow<18')
  "$venv/bin/pip" install -q $upgrade "$spec" "${extras[@]}"
  ALPHA_DROPOUT_JAR_DIRS="$PWD/target/python-jars" "$venv/bin/pip" install -q --force-reinstall --no-deps ./python
  rm -rf python/build python/*.egg-info
  pyspark_version=$("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')
  echo "python tests: PySpark $pyspark_version ($line)"
  selection=(-m spark)
  [ "$line" = "$DEFAULT_LINE" ] && selection=(-m 'not connect')
  ok=true
  run_pytest "$venv/bin/pytest" -q -p no:cacheprovider "${selection[@]}" python/tests || ok=false
  if [ "$line" != 3.5 ]; then
    run_pytest "$venv/bin/pytest" -q -p no:cacheprovider -m connect python/tests || ok=false
  fi
  $ok || failed+=("$line (PySpark $pyspark_version)")
  echo "python tests: PySpark $pyspark_version: $($ok && echo passed || echo FAILED) in $(( $(date +%s) - start )) s"
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "python tests failed on: ${failed[*]}" >&2
  exit 1
fi
