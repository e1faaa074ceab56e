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

"""Makes an executed notebook's outputs the same on every run, as the notebooks are committed.

JJava sends each print of a cell as its own stream message and shows an image with a text/plain of the image
object's identity, which changes from run to run. This joins consecutive stdout (or stderr) outputs of a cell into
one, as IPython's kernel sends them, and gives each PNG image a text/plain of its size. The file is rewritten the way
Jupyter writes notebooks (nbformat: indent 1, sorted keys, text split into lines).

    python3 notebooks/normalize-outputs.py NOTEBOOK...
"""
import base64
import json
import struct
import sys


def lines(text):
    text = "".join(text) if isinstance(text, list) else text
    return text.splitlines(keepends=True)


def png_size(data):
    header = base64.b64decode("".join(data) if isinstance(data, list) else data)[:24]
    width, height = struct.unpack(">II", header[16:24])
    return f"<PNG image, {width} x {height}>"


def normalize(cell):
    outputs = []
    for output in cell.get("outputs", []):
        previous = outputs[-1] if outputs else None
        if (output["output_type"] == "stream" and previous is not None
                and previous["output_type"] == "stream" and previous["name"] == output["name"]):
            previous["text"] = lines("".join(previous["text"]) + "".join(output["text"]))
            continue
        if output["output_type"] == "stream":
            output["text"] = lines(output["text"])
        data = output.get("data", {})
        if "image/png" in data:
            data["text/plain"] = [png_size(data["image/png"])]
        outputs.append(output)
    if "outputs" in cell:
        cell["outputs"] = outputs


for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    for cell in notebook["cells"]:
        normalize(cell)
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(notebook, sort_keys=True, indent=1, ensure_ascii=False) + "\n")
