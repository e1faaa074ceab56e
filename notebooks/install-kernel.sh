#!/usr/bin/env bash
# Installs this project's Java kernel for Jupyter, for the current user. After it, `jupyter lab notebooks/` (or
# `jupyter notebook notebooks/`) opens the notebooks with a working kernel, and `jupyter nbconvert --execute`
# executes them. Works offline once Maven has the dependencies. See docs/notebooks.md.
#
#   notebooks/install-kernel.sh                 build, then install the kernelspec "alpha-dropout-java"
#   notebooks/install-kernel.sh -Xmx8g          the same; arguments are extra JVM options for the kernel
#
# What it does:
#   1. builds the library (mvn compile) and lists its class path: spark/target/classes plus every compile and provided
#      dependency (Spark is provided: a notebook needs it as an application does);
#   2. builds the kernel (notebooks/kernel, a Maven project of its own) and lists its dependencies (JJava's
#      Jupyter messaging layer and ZeroMQ), leaving out those the library already brings;
#   3. writes kernel.json into Jupyter's per-user data folder, in kernels/alpha-dropout-java: the java of this JDK,
#      the JVM flags Spark and the Java Vector API need (read from pom.xml, properties vector.module.flag and
#      spark.jvm.opens), quiet logging, and the class path, all as absolute paths.
#
# Run it again when the library's dependencies change, the JDK changes or the repository moves. After a change to
# the library's sources, `mvn compile` and restarting the kernel are enough.
#
# Environment: JAVA_HOME (the JDK to use; default: java on the PATH), JUPYTER_DATA_DIR (where Jupyter keeps
# kernelspecs; default: what `jupyter --data-dir` says, else ~/.local/share/jupyter).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO="$PWD"
KERNEL_NAME=alpha-dropout-java
MAIN_CLASS=io.github.alphadropout.notebook.KernelMain
BUILD="$REPO/target/notebooks"

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
command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build the library and the kernel"

echo "install-kernel: building the library and the kernel with Maven..." >&2
mkdir -p "$BUILD"
# (The dependency plugin's user property is includeScope; it ignores mdep.includeScope. Compile scope includes
# provided, and leaves out test.)
build_log="$BUILD/install-kernel-build.log"
if ! { mvn -q -B -ntp -Dstyle.color=never -pl spark -am compile dependency:build-classpath \
         -DincludeScope=compile -Dmdep.outputFile="$BUILD/library-classpath.txt" &&
       mvn -q -B -ntp -Dstyle.color=never -f notebooks/kernel/pom.xml package dependency:build-classpath \
         -DincludeScope=runtime -Dmdep.outputFile="$BUILD/kernel-classpath.txt"; } > "$build_log" 2>&1; then
  tail -n 40 "$build_log" >&2
  die "the Maven build failed; the whole log is in $build_log"
fi
kernel_jar="$(ls notebooks/kernel/target/alpha-dropout-notebook-kernel-*.jar)"

# The kernel's dependencies that the library's class path lacks. A jar in the local Maven repository sits in
# .../<group>/<artifact>/<version>/: one artifact in two versions would be two copies of its classes, so the
# library's version is kept (Spark brings the same slf4j and gson as JJava today).
library_cp="$(cat "$BUILD/library-classpath.txt")"
kernel_only_cp="$(tr ':' '\n' < "$BUILD/kernel-classpath.txt" | awk -v library="$library_cp" '
  function artifact(path) { sub(/\/[^\/]+\/[^\/]+$/, "", path); return path }
  BEGIN { n = split(library, jars, ":"); for (i = 1; i <= n; i++) have[artifact(jars[i])] = 1 }
  NF && !(artifact($0) in have)' | paste -sd: -)"
CLASSPATH_ALL="$REPO/$kernel_jar:$REPO/spark/target/classes:$library_cp${kernel_only_cp:+:$kernel_only_cp}"

# The JVM flags, from the one place the project keeps them (pom.xml), as bin/alpha-dropout reads them.
pom_property() {
  awk -v p="$1" '$0 ~ "<" p ">" {f=1} f {print} $0 ~ "</" p ">" {f=0}' pom.xml | sed -e 's/<[^>]*>//g' | tr -s ' \n\t' ' '
}
read -r -a JVM_FLAGS <<< "$(pom_property vector.module.flag) $(pom_property spark.jvm.opens)"
[ "${#JVM_FLAGS[@]}" -gt 2 ] || die "cannot read vector.module.flag and spark.jvm.opens from pom.xml"
JVM_FLAGS+=(
  -Djava.awt.headless=true
  -Dspark.ui.enabled=false
  -Dspark.ui.showConsoleProgress=false
  "-Dlog4j2.configurationFile=$REPO/notebooks/kernel/log4j2.properties"
  "-Djava.util.logging.config.file=$REPO/notebooks/kernel/logging.properties"
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
  for arg in "$JAVA" "${JVM_FLAGS[@]}" -cp "$CLASSPATH_ALL" "$MAIN_CLASS"; do
    echo "  $(json_string "$arg"),"
  done
  echo '  "{connection_file}"'
  echo ' ],'
  echo ' "display_name": "Java (spark-alpha-dropout)",'
  echo ' "language": "java",'
  echo ' "interrupt_mode": "message",'
  echo ' "metadata": {}'
  echo '}'
} > "$spec_dir/kernel.json.tmp"
mv "$spec_dir/kernel.json.tmp" "$spec_dir/kernel.json"

echo "install-kernel: installed the Jupyter kernel $KERNEL_NAME (Java $java_version) in $spec_dir"
echo "install-kernel: open the notebooks with: jupyter lab notebooks/"
