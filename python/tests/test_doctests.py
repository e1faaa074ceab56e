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
