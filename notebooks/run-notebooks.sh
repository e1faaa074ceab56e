#!/usr/bin/env bash
# Runs every code cell of every notebook in notebooks/ headlessly through JShell and writes the outputs (text and
# images) back into the .ipynb files. Exits non-zero, naming the notebook and cell, on any compile error,
# exception or unresolved reference. See notebooks/runner/NotebookRunner.java and docs/notebooks.md.
#
#   notebooks/run-notebooks.sh                         all notebooks, outputs written back
#   notebooks/run-notebooks.sh --no-write              all notebooks, files left as they are
#   notebooks/run-notebooks.sh notebooks/01-quickstart.ipynb
#   eval "$(notebooks/run-notebooks.sh --kernel-env)"   sets JJAVA_CLASSPATH and JJAVA_JVM_OPTS for a JJava kernel
set -euo pipefail
cd "$(dirname "$0")/.."

# Compile the library and list its class path: target/classes plus every compile and provided dependency
# (Spark is provided: a notebook needs it as a user's application would).
# Maven's messages go to stderr, so that --kernel-env prints nothing else on stdout.
mkdir -p target/notebooks
mvn -q -B -ntp -Dstyle.color=never compile dependency:build-classpath \
  -Dmdep.includeScope=compile -Dmdep.outputFile=target/notebooks/classpath.txt >&2
# The runner and the notebooks' JVM (which JShell launches and which inherits the environment) both take the
# class path from CLASSPATH.
CLASSPATH="$PWD/target/classes:$(cat target/notebooks/classpath.txt)"
export CLASSPATH
exec java notebooks/runner/NotebookRunner.java "$@"
