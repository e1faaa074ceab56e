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

# Installs the Jupyter kernel the notebooks run in, "alpha-dropout-java": JJava (the maintained Java kernel for
# Jupyter, from PyPI, pinned) with this project's library, Spark and their dependencies on its class path. After it,
# `notebooks/execute-notebooks.sh` executes the notebooks and `jupyter lab notebooks/` opens them. See
# docs/notebooks.md.
#
#   notebooks/install-kernel.sh                 build, then install the kernelspec "alpha-dropout-java"
#   notebooks/install-kernel.sh -Xmx8g          the same; arguments are extra JVM options for the kernel
#
# What it does:
#   1. builds the library (mvn test-compile: the Spark module's test-jar dependency on the kernel module resolves
#      from the build itself only once the kernel's tests are compiled, so a machine whose local Maven repository
#      holds none of the project's artifacts builds it too) and lists its class path: spark/target/classes plus
#      every compile and provided dependency (Spark is provided: a notebook needs it as an application does);
#   2. installs JJava $JJAVA_VERSION with pip into a virtual environment of its own, target/notebooks/jjava (the
#      kernel is a Java program: pip only brings its jar);
#   3. writes kernel.json into Jupyter's per-user data folder, in kernels/alpha-dropout-java: the java of this JDK,
#      the JVM flags Spark and the Java Vector API need (read from pom.xml, properties vector.module.flag and
#      spark.jvm.opens), quiet logging, JJava's jar, and the class path in JJAVA_CLASSPATH (JJava's documented way
#      to give cells a class path), all as absolute paths.
#
# Run it again when the library's dependencies change, the JDK changes or the repository moves. After a change to
# the library's sources, `mvn compile` and restarting the kernel are enough.
#
# Environment: JAVA_HOME (the JDK to use; default: java on the PATH), PYTHON (the Python that makes JJava's virtual
# environment; default: python3), JUPYTER_DATA_DIR (where Jupyter keeps kernelspecs; default: what
# `jupyter --data-dir` says, else ~/.local/share/jupyter).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
KERNEL_NAME=alpha-dropout-java
JJAVA_VERSION=1.0a8
BUILD="$REPO/target/notebooks"
JJAVA_ENV="$BUILD/jjava"

die() {
  echo "install-kernel: $*" >&2
  exit 1
}

# The JDK the kernel runs on: the one that builds here, by its real path, so the kernel keeps it.
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA="$(command -v java)" || die "java not found: install a JDK 17 or later, or set JAVA_HOME"
fi
JAVA="$(readlink -f "$JAVA")"
java_version="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')"
[ "${java_version%%.*}" -ge 17 ] 2>/dev/null || die "$JAVA is Java $java_version; Spark 4 and the kernel need 17 or later"
command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build the library"
PYTHON="${PYTHON:-python3}"
command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found: install Python 3 (pip brings JJava), or set PYTHON"

mkdir -p "$BUILD"
echo "install-kernel: building the library with Maven..." >&2
# (The dependency plugin's user property is includeScope; it ignores mdep.includeScope. Compile scope includes
# provided, and leaves out test.)
build_log="$BUILD/install-kernel-build.log"
if ! mvn -q -B -ntp -Dstyle.color=never -pl spark -am test-compile dependency:build-classpath \
       -DincludeScope=compile -Dmdep.outputFile="$BUILD/library-classpath.txt" > "$build_log" 2>&1; then
  tail -n 40 "$build_log" >&2
  die "the Maven build failed; the whole log is in $build_log"
fi
CLASSPATH_ALL="$REPO/spark/target/classes:$(cat "$BUILD/library-classpath.txt")"

jjava_jar="$JJAVA_ENV/share/jupyter/kernels/java/jjava.jar"
if [ ! -f "$jjava_jar" ] || ! "$JJAVA_ENV/bin/pip" show jjava 2>/dev/null | grep -qx "Version: $JJAVA_VERSION"; then
  echo "install-kernel: installing JJava $JJAVA_VERSION with pip into $JJAVA_ENV..." >&2
  pip_log="$BUILD/install-kernel-pip.log"
  if ! { "$PYTHON" -m venv --clear "$JJAVA_ENV" &&
         "$JJAVA_ENV/bin/pip" install -q --disable-pip-version-check "jjava==$JJAVA_VERSION"; } > "$pip_log" 2>&1; then
    tail -n 20 "$pip_log" >&2
    die "could not install JJava with pip (on Debian or Ubuntu, python3 -m venv needs: sudo apt-get install python3-venv)"
  fi
fi
[ -f "$jjava_jar" ] || die "JJava $JJAVA_VERSION installed no $jjava_jar"

# The JVM flags, from the one place the project keeps them (pom.xml), as bin/alpha-dropout reads them.
pom_property() {
  awk -v p="$1" '$0 ~ "<" p ">" {f=1} f {print} $0 ~ "</" p ">" {f=0}' pom.xml | sed -e 's/<[^>]*>//g' | tr -s ' \n\t' ' '
}
read -r -a JVM_FLAGS <<< "$(pom_property vector.module.flag) $(pom_property spark.jvm.opens)"
[ "${#JVM_FLAGS[@]}" -gt 2 ] || die "cannot read vector.module.flag and spark.jvm.opens from pom.xml"
JVM_FLAGS+=(
  # JJava evaluates cells with JShell in its own JVM (what its launcher passes too).
  --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED
  -Djava.awt.headless=true
  -Dspark.ui.enabled=false
  -Dspark.ui.showConsoleProgress=false
  "-Dlog4j2.configurationFile=$REPO/notebooks/log4j2.properties"
  "-Djava.util.logging.config.file=$REPO/notebooks/logging.properties"
  "$@"
)

# Where Jupyter looks for the user's kernelspecs.
if [ -n "${JUPYTER_DATA_DIR:-}" ]; then
  data_dir="$JUPYTER_DATA_DIR"
elif command -v jupyter >/dev/null 2>&1 && jupyter --data-dir >/dev/null 2>&1; then
  data_dir="$(jupyter --data-dir)"
else
  data_dir="${XDG_DATA_HOME:-$HOME/.local/share}/jupyter"
fi
spec_dir="$data_dir/kernels/$KERNEL_NAME"

json_string() {
  local s="${1//\\/\\\\}"
  s="${s//\"/\\\"}"
  printf '"%s"' "$s"
}
mkdir -p "$spec_dir"
{
  echo '{'
  echo ' "argv": ['
  for arg in "$JAVA" "${JVM_FLAGS[@]}" -jar "$jjava_jar"; do
    echo "  $(json_string "$arg"),"
  done
  echo '  "{connection_file}"'
  echo ' ],'
  echo " \"env\": {\"JJAVA_CLASSPATH\": $(json_string "$CLASSPATH_ALL")},"
  echo ' "display_name": "Java (spark-alpha-dropout)",'
  echo ' "language": "java",'
  echo ' "interrupt_mode": "message",'
  echo ' "metadata": {}'
  echo '}'
} > "$spec_dir/kernel.json.tmp"
mv "$spec_dir/kernel.json.tmp" "$spec_dir/kernel.json"

echo "install-kernel: installed the Jupyter kernel $KERNEL_NAME (JJava $JJAVA_VERSION, Java $java_version) in $spec_dir"
echo "install-kernel: execute the notebooks with: notebooks/execute-notebooks.sh   (or open them: jupyter lab notebooks/)"
