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

"""The docstrings' examples, run against the real session (PySpark runs its own the same way)."""
import doctest

import pytest

import alpha_dropout
from alpha_dropout import _jars, functions, ml


@pytest.mark.parametrize("module", [_jars, ml, functions], ids=lambda m: m.__name__)
def test_docstring_examples(module, spark, temp_path):
    result = doctest.testmod(module, extraglobs={"spark": spark, "alpha_dropout": alpha_dropout,
                                                 "temp_path": temp_path},
                             optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
