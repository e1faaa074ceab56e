#!/usr/bin/env python3
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

"""Golden data for alpha dropout, produced by real PyTorch.

Run it with Debian's PyTorch package and Debian's own Python (not a pyenv/venv one), e.g. from the project root:

    apt-get install -y python3-torch && /usr/bin/python3 scripts/pytorch_golden.py

It (re)writes src/test/resources/golden/pytorch-alpha-dropout.txt in place. Everything is seeded, so a re-run
with the same PyTorch gives the same data lines (only the "generated" header line changes). The file is
committed: the Java tests (PyTorchGolden*Test) read it, and neither CI nor a developer needs PyTorch.

What it records. One fixed sample of C=4 channels x L=19 elements per dtype (float32, float64): N(0,1) draws,
hand-picked values, and the special values (+-0.0, NaNs with and without a payload, a signalling NaN, +-Inf,
subnormals, MIN_NORMAL, MAX_VALUE, values that overflow once scaled, values that cancel the kept shift). For
each dtype, mode (feature: torch.nn.functional.feature_alpha_dropout, element: alpha_dropout) and p in
{0.1, 0.2, 0.5, 0.8, 1.0}, and for each element of the sample: PyTorch's output when that element is kept and
its output when it is dropped, as raw IEEE bits (so NaN payloads and signed zeros are exact).

How. PyTorch draws its own masks, which are not ours, so its mask is recovered per call: with the same seed it
is run once on the input and once on zeros of the same shape. On zeros a kept element gives ALPHA*a*p (> 0) and
a dropped one -ALPHA*a*(1-p) (< 0), so the sign of the zero run is the mask of the input run. The input is a
batch of N copies of the sample, shape (N, C, L): batched, because PyTorch's feature dropout treats an
unbatched input differently (pytorch/pytorch#69960), and one sample (C, L) per row is our row's meaning of the
(N, C, L) batch. Calls repeat with new seeds until every element has been seen both kept and dropped; every
observation of an element must give the same bits, else the script fails.

p = 1: PyTorch does not draw a mask; it returns input * zeros({}) (signed zeros, NaN for a NaN or infinite
input). That one value is recorded as both the kept and the dropped value; the script checks the zero run is
all +0.0 and the output equals x * 0.

What PyTorch 1.13 (Debian, x86-64 AVX2 kernels) gave, for the record: kept = (x * (float) a) + (float) (ALPHA*a*p)
and dropped = (x * 0) + (-(float) (ALPHA*a) + (float) (ALPHA*a*p)), each operation rounded on its own; a NaN input
keeps its payload, kept or dropped (a signalling NaN comes out quieted); +-Inf dropped, and +-Inf at p = 1, give
the x86 default NaN 0xffc00000 (float64 0xfff8000000000000). A subnormal x vanishes in the kept shift (x * a is far
below half an ulp of ALPHA*a*p), so these outputs cannot tell whether a CPU flushes subnormals to zero.

File format: '#' lines are comments; "# key: value" header lines give the versions and the sample shape. Each
data line is

    dtype mode p index input_bits kept_bits dropped_bits

with dtype float32|float64, mode feature|element, p as written above, index 0..C*L-1 into the channel-first
sample (channel = index // L), and the three values as lower-case hex IEEE bits (8 digits for float32, 16 for
float64).
"""

import datetime
import os
import platform
import random
import subprocess
import sys

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
except ImportError as missing:
    sys.exit(f"{missing}: install Debian's PyTorch and run this with Debian's Python:\n"
             "  apt-get install -y python3-torch && /usr/bin/python3 scripts/pytorch_golden.py")

CHANNELS = 4
LENGTH = 19  # elements per channel: not a multiple of any vector width, so vector kernels run their tails too
BATCH = 64  # copies of the sample per PyTorch call
PROBABILITIES = ["0.1", "0.2", "0.5", "0.8", "1.0"]
MAX_CALLS = 1000
ALPHA = 1.7580993408473766
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "src", "test", "resources", "golden", "pytorch-alpha-dropout.txt")

DTYPES = {
    # name: (torch dtype, numpy float type, numpy bits type, hex digits)
    "float32": (torch.float32, np.float32, np.uint32, 8),
    "float64": (torch.float64, np.float64, np.uint64, 16),
}


def special_bits(dtype):
    """The special values of one dtype, as raw bits (ints)."""
    if dtype == "float32":
        f = np.finfo(np.float32)
        return [
            0x00000000,  # +0.0
            0x80000000,  # -0.0
            0x7FC00000,  # NaN (Java's canonical NaN)
            0xFFC00000,  # -NaN (x86's default NaN, what Inf * 0 gives)
            0x7FC12345,  # quiet NaN with a payload
            0xFFE54321,  # negative quiet NaN with a payload
            0x7F800001,  # signalling NaN
            0x7F800000,  # +Inf
            0xFF800000,  # -Inf
            0x00000001,  # smallest subnormal
            0x80000001,  # -smallest subnormal
            0x007FFFFF,  # largest subnormal
            0x807FFFFF,  # -largest subnormal
            bits_of(f.tiny, "float32"),  # MIN_NORMAL
            bits_of(-f.tiny, "float32"),
            bits_of(f.max, "float32"),  # MAX_VALUE
            bits_of(-f.max, "float32"),
            bits_of(3e38, "float32"),  # overflows to Inf once scaled by a > 1.134 (p = 0.8)
            bits_of(-3e38, "float32"),
            bits_of(2.9e38, "float32"),
        ]
    f = np.finfo(np.float64)
    return [
        0x0000000000000000,  # +0.0
        0x8000000000000000,  # -0.0
        0x7FF8000000000000,  # NaN (Java's canonical NaN)
        0xFFF8000000000000,  # -NaN (x86's default NaN, what Inf * 0 gives)
        0x7FF8000000012345,  # quiet NaN with a payload
        0xFFFC000000054321,  # negative quiet NaN with a payload
        0x7FF0000000000001,  # signalling NaN
        0x7FF0000000000000,  # +Inf
        0xFFF0000000000000,  # -Inf
        0x0000000000000001,  # smallest subnormal
        0x8000000000000001,
        0x000FFFFFFFFFFFFF,  # largest subnormal
        0x800FFFFFFFFFFFFF,
        bits_of(f.tiny, "float64"),  # MIN_NORMAL
        bits_of(-f.tiny, "float64"),
        bits_of(f.max, "float64"),  # MAX_VALUE
        bits_of(-f.max, "float64"),
        bits_of(1.7e308, "float64"),  # overflows to Inf once scaled by a > 1.0575 (p = 0.8)
        bits_of(-1.7e308, "float64"),
        bits_of(1.6e308, "float64"),
    ]


def ordinary_values():
    """Hand-picked finite values, including -ALPHA*p for each p (x*a + ALPHA*a*p cancels to about 0 there)."""
    values = [0.7, -3.25, 1.0, -1.0, 0.5, 2.0, 100.0, -1e-3, 1e10, -1e-30, 65504.0, 1.0 / 3.0]
    values += [-ALPHA * float(p) for p in PROBABILITIES[:-1]]
    return values


def bits_of(value, dtype):
    _, np_type, bits_type, _ = DTYPES[dtype]
    return int(np.array([value], dtype=np_type).view(bits_type)[0])


def sample_bits(dtype):
    """The C*L sample, channel-first, as raw bits; special values spread over all channels."""
    rng = random.Random(20240611)  # Python's own generator: the normal draws are stable across numpy versions
    specials = special_bits(dtype)
    ordinary = [bits_of(v, dtype) for v in ordinary_values()]
    total = CHANNELS * LENGTH
    normals = [bits_of(rng.gauss(0.0, 1.0), dtype) for _ in range(total - len(specials) - len(ordinary))]
    sample = [None] * total
    # special k goes to channel k % C, position 4 * (k // C) (+1 in odd channels): 0..17, so that specials sit
    # both in vector bodies and in vector tails
    for k, b in enumerate(specials):
        sample[(k % CHANNELS) * LENGTH + 4 * (k // CHANNELS) + (k % CHANNELS) % 2] = b
    rest = ordinary + normals
    rest_iter = iter(rest)
    for i in range(total):
        if sample[i] is None:
            sample[i] = next(rest_iter)
    return sample


def tensor_of(bits, dtype):
    torch_type, np_type, bits_type, _ = DTYPES[dtype]
    raw = np.array(bits, dtype=bits_type)
    t = torch.from_numpy(raw.view(np_type).copy())
    assert t.dtype == torch_type
    return t


def bits_array(t, dtype):
    return t.contiguous().numpy().view(DTYPES[dtype][2])


def golden(dtype, mode, p_text, sample):
    """{index: (kept_bits, dropped_bits)} and the number of PyTorch calls it took."""
    fn = F.feature_alpha_dropout if mode == "feature" else F.alpha_dropout
    p = float(p_text)
    x = tensor_of(sample, dtype).reshape(1, CHANNELS, LENGTH).expand(BATCH, CHANNELS, LENGTH).contiguous()
    zeros = torch.zeros_like(x)
    total = CHANNELS * LENGTH

    if p == 1.0:
        torch.manual_seed(1)
        y = fn(x, p, True)
        z = fn(zeros, p, True)
        if np.any(bits_array(z, dtype) != 0):
            sys.exit(f"{dtype} {mode} p=1: the zero run is not all +0.0")
        if not np.array_equal(bits_array(y, dtype), bits_array(x * torch.zeros((), dtype=x.dtype), dtype)):
            sys.exit(f"{dtype} {mode} p=1: PyTorch no longer returns input * 0")
        out = bits_array(y, dtype).reshape(BATCH, total)
        return {i: (int(out[0, i]), int(out[0, i])) for i in range(total)}, 1

    kept = [set() for _ in range(total)]
    dropped = [set() for _ in range(total)]
    calls = 0
    for seed in range(1, MAX_CALLS + 1):
        calls += 1
        torch.manual_seed(seed)
        y = fn(x, p, True)
        torch.manual_seed(seed)
        z = fn(zeros, p, True)
        zv = z.numpy().reshape(BATCH, total)
        if np.any(~(zv > 0) & ~(zv < 0)):
            sys.exit(f"{dtype} {mode} p={p_text}: the zero run has an element that is neither kept nor dropped")
        keep = zv > 0
        if mode == "feature":
            per_channel = keep.reshape(BATCH, CHANNELS, LENGTH)
            if np.any(per_channel != per_channel[:, :, :1]):
                sys.exit(f"{dtype} {mode} p={p_text}: a channel was partly kept")
        yb = bits_array(y, dtype).reshape(BATCH, total)
        for i in range(total):
            kept[i].update(int(v) for v in np.unique(yb[keep[:, i], i]))
            dropped[i].update(int(v) for v in np.unique(yb[~keep[:, i], i]))
        if all(kept) and all(dropped):
            break
    else:
        sys.exit(f"{dtype} {mode} p={p_text}: not every element seen kept and dropped in {MAX_CALLS} calls")
    result = {}
    for i in range(total):
        if len(kept[i]) != 1 or len(dropped[i]) != 1:
            sys.exit(f"{dtype} {mode} p={p_text} element {i}: PyTorch gave several values: "
                     f"kept {sorted(map(hex, kept[i]))}, dropped {sorted(map(hex, dropped[i]))}")
        result[i] = (kept[i].pop(), dropped[i].pop())
    return result, calls


def main():
    torch.set_num_threads(1)
    lines = []
    calls_note = []
    for dtype in DTYPES:
        digits = DTYPES[dtype][3]
        sample = sample_bits(dtype)
        for mode in ("feature", "element"):
            for p_text in PROBABILITIES:
                values, calls = golden(dtype, mode, p_text, sample)
                calls_note.append(f"{dtype}/{mode}/p={p_text}: {calls}")
                for i in range(CHANNELS * LENGTH):
                    k, d = values[i]
                    lines.append(f"{dtype} {mode} {p_text} {i} {sample[i]:0{digits}x} {k:0{digits}x} {d:0{digits}x}")
    header = [
        "# Alpha dropout golden data from PyTorch (written by scripts/pytorch_golden.py; do not edit by hand).",
        f"# torch: {torch.__version__}",
        f"# torch-package: {debian_package_version()}",
        f"# python: {platform.python_version()}",
        f"# numpy: {np.__version__}",
        f"# cpu-capability: {cpu_capability()}",
        f"# generated: {datetime.date.today().isoformat()}",
        f"# shape: {CHANNELS} {LENGTH}",
        f"# batch: {BATCH}",
        "# PyTorch calls per case (mask recovery on zeros with the same seed): " + ", ".join(calls_note),
        "# Calls: torch.nn.functional.feature_alpha_dropout / alpha_dropout(x, p, training=True) on a batch of",
        f"# {BATCH} copies of the sample, shape (N, C, L); at p=1 both columns hold PyTorch's x * 0.",
        "# dtype mode p index input_bits kept_bits dropped_bits",
    ]
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="ascii", newline="\n") as out:
        out.write("\n".join(header + lines) + "\n")
    print(f"wrote {os.path.relpath(OUTPUT)}: {len(lines)} data lines, torch {torch.__version__}")


def debian_package_version():
    try:
        return subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-torch"], capture_output=True,
                              text=True, check=True).stdout.strip() or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a Debian package)"


def cpu_capability():
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage" in line:
            return line.split(":", 1)[1].strip()
    return "unknown"


if __name__ == "__main__":
    main()
