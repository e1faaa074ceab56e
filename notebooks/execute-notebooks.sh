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

# Executes the notebooks with Jupyter itself (jupyter nbconvert --to notebook --execute), each in the kernel its
# metadata names: the Java notebooks in "alpha-dropout-java" (JJava with the library on its class path), which
# notebooks/install-kernel.sh installs. Fails, naming the notebook and the cell, on the first cell that ends in an
# error; a kernel that is not installed gets one line naming the command that installs it.
#
#   notebooks/execute-notebooks.sh                                 every notebook; each saved with its new outputs
#   notebooks/execute-notebooks.sh --check                         every notebook; the files are left as they are
#                                                                  (what CI runs)
#   notebooks/execute-notebooks.sh notebooks/01-quickstart.ipynb   one notebook
#
# The saved files are Jupyter's own output (nbformat), without per-cell timings, and with consecutive prints of a
# cell joined and images described by their size (notebooks/normalize-outputs.py), so that executing an unchanged
# notebook again changes nothing. --check executes copies in target/notebooks/executed/ and also says whether the
# outputs differ from the committed ones (they do after a change to the library that changes results: then run
# this script without --check and commit the notebooks).
#
# Needs Jupyter's nbconvert and nbclient: pip install nbconvert nbclient (or, on Debian or Ubuntu,
# sudo apt-get install jupyter-nbconvert python3-nbclient).
set -euo pipefail
cd "$(dirname "$0")/.."

die() {
  echo "execute-notebooks: $*" >&2
  exit 1
}

check=false
notebooks=()
for arg in "$@"; do
  case "$arg" in
    --check) check=true ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $arg (try --help)" ;;
    *) [ -f "$arg" ] || die "no notebook $arg"; notebooks+=("$arg") ;;
  esac
done
[ "${#notebooks[@]}" -gt 0 ] || notebooks=(notebooks/*.ipynb)

command -v jupyter >/dev/null 2>&1 && jupyter nbconvert --version >/dev/null 2>&1 \
  || die "jupyter nbconvert not found; install it with: pip install nbconvert nbclient (or on Debian or Ubuntu: sudo apt-get install jupyter-nbconvert python3-nbclient)"

# Every notebook's kernel must be installed before any runs: one line naming the command that installs it.
installed_kernels="$(jupyter kernelspec list --json | python3 -c 'import json, sys; print(" ".join(json.load(sys.stdin)["kernelspecs"]))')"
for notebook in "${notebooks[@]}"; do
  kernel="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["metadata"]["kernelspec"]["name"])' "$notebook")"
  case " $installed_kernels " in
    *" $kernel "*) ;;
    *)
      case "$kernel" in
        alpha-dropout-java) install="notebooks/install-kernel.sh" ;;
        python3) install="pip install ipykernel (in the Python environment Jupyter runs)" ;;
        *) install="the kernel's own installer" ;;
      esac
      die "$notebook runs in the Jupyter kernel $kernel, which is not installed; install it with: $install" ;;
  esac
done

executed=target/notebooks/executed
mkdir -p "$executed"
for notebook in "${notebooks[@]}"; do
  if $check; then
    where=(--output-dir "$executed")
    result="$executed/$(basename "$notebook")"
  else
    where=(--inplace)
    result="$notebook"
  fi
  echo "execute-notebooks: executing $notebook"
  start=$(date +%s%N)
  # timeout: seconds a cell may run. record_timing: no timestamps in the saved cells.
  jupyter nbconvert --to notebook --execute "${where[@]}" \
    --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.record_timing=False "$notebook" \
    || die "$notebook failed (the error above names the cell)"
  python3 notebooks/normalize-outputs.py "$result"
  seconds=$(( ($(date +%s%N) - start) / 1000000 ))
  # nbconvert stops at a cell that raised; also refuse any error output saved in the notebook.
  if grep -q '"output_type": "error"' "$result"; then
    die "$result holds an error output"
  fi
  if $check; then
    if cmp -s "$notebook" "$result"; then
      summary="outputs identical to the committed notebook"
    else
      summary="outputs differ from the committed notebook (after a library change: run $0 and commit)"
    fi
  else
    summary="saved"
  fi
  printf 'execute-notebooks: %s ok in %d.%03d s; %s\n' "$notebook" $((seconds / 1000)) $((seconds % 1000)) "$summary"
done
