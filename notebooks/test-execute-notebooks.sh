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

# Tests what a user of notebooks/execute-notebooks.sh relies on beyond the notebooks themselves (CI runs it after
# them, with the kernel installed):
#   1. a notebook whose kernel is not installed fails at once with one line naming the command that installs it
#      (not Jupyter's NoSuchKernel traceback);
#   2. a cell that throws fails the run, naming the notebook, with the exception in the output;
#   3. a notebook that runs is saved with its outputs normalised: one stream output per cell for consecutive
#      prints, and an image described by its size.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
passed=0

expect() {
  if eval "$2"; then
    passed=$((passed + 1))
  else
    echo "FAILED: $1" >&2
    failures=$((failures + 1))
  fi
}

# A two-cell Java notebook; $1 is the second cell's code.
notebook() {
  python3 - "$1" <<'PY'
import json, sys
cells = [
    "System.out.print(\"a\");\nSystem.out.print(\"b\");\nSystem.out.println(1 + 1);",
    sys.argv[1],
]
print(json.dumps({
    "cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
               "source": source} for i, source in enumerate(cells)],
    "metadata": {"kernelspec": {"display_name": "Java (spark-alpha-dropout)", "language": "java",
                                "name": "alpha-dropout-java"}},
    "nbformat": 4, "nbformat_minor": 5}, indent=1))
PY
}

# 1. No kernel installed (an empty Jupyter data folder and path): one line, the install command, exit 1.
mkdir -p "$work/empty" "$work/nb"
notebook 'int x = 1;' > "$work/nb/missing.ipynb"
set +e
JUPYTER_DATA_DIR="$work/empty" JUPYTER_PATH="$work/empty" \
  notebooks/execute-notebooks.sh --check "$work/nb/missing.ipynb" > "$work/out1" 2> "$work/err1"
status=$?
set -e
expect "a missing kernel exits 1 (got $status)" '[ "$status" -eq 1 ]'
expect "a missing kernel gives one line on stderr: $(cat "$work/err1")" '[ "$(wc -l < "$work/err1")" -eq 1 ]'
expect "the line names the kernel and notebooks/install-kernel.sh" \
  'grep -q "kernel alpha-dropout-java, which is not installed; install it with: notebooks/install-kernel.sh" "$work/err1"'
expect "no traceback" '! grep -q Traceback "$work/err1" "$work/out1"'

# 2. A cell that throws fails the run and names the notebook.
notebook 'throw new IllegalStateException("broken on purpose");' > "$work/nb/throws.ipynb"
set +e
notebooks/execute-notebooks.sh --check "$work/nb/throws.ipynb" > "$work/out2" 2>&1
status=$?
set -e
expect "a failing cell exits non-zero" '[ "$status" -ne 0 ]'
expect "the failure names the notebook" 'grep -q "execute-notebooks: $work/nb/throws.ipynb failed" "$work/out2"'
expect "the exception shows" 'grep -q "broken on purpose" "$work/out2"'

# 3. Prints joined into one output; a BufferedImage as image/png with its size as text.
notebook 'new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB)' \
  > "$work/nb/image.ipynb"
notebooks/execute-notebooks.sh --check "$work/nb/image.ipynb" > "$work/out3" 2>&1 || { cat "$work/out3"; exit 1; }
executed="target/notebooks/executed/image.ipynb"
expect "consecutive prints are one stream output" \
  'python3 -c "import json,sys; c=json.load(open(sys.argv[1]))[\"cells\"][0][\"outputs\"]; sys.exit(not (len(c) == 1 and c[0][\"text\"] == [\"ab2\\n\"]))" "$executed"'
expect "an image is image/png described by its size" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1]))[\"cells\"][1][\"outputs\"][0][\"data\"]; sys.exit(not (\"image/png\" in d and d[\"text/plain\"] == [\"<PNG image, 3 x 2>\"]))" "$executed"'
rm -f "$executed"

echo "execute-notebooks tests: $passed passed, $failures failed"
[ "$failures" -eq 0 ]
