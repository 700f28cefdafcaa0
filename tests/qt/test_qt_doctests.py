"""The docstring examples of ``replay.qt`` run too (with Qt offscreen, set up by the tests)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import replay.qt

MODULES = sorted(m.name for m in pkgutil.walk_packages(replay.qt.__path__, "replay.qt."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in doctest.DocTestFinder(exclude_empty=True).find(module, name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
