"""Every docstring example of the Qt-free package runs, and says what it shows.

``replay.qt`` is left out: its modules import Qt (tests/qt covers them with pytest-qt); so is
``replay.__main__``, which runs the command line when imported.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import replay

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(replay.__path__, "replay.")
    if not (m.name == "replay.qt" or m.name.startswith("replay.qt."))
    and m.name != "replay.__main__"
)


def test_the_qt_free_package_is_all_here() -> None:
    assert "replay.core.flight" in MODULES
    assert not [m for m in MODULES if m.startswith("replay.qt")]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
