"""The one error every telemetry reader raises for bad input."""

from __future__ import annotations

from pathlib import Path


class TelemetryFormatError(ValueError):
    """A telemetry file could not be read: says which file, where, and what was expected.

    ``str(error)`` is one line in the compiler style ``file:line:column: message``, ready to show
    to a user as is. ``line`` and ``column`` are 1-based and ``None`` where they do not apply.

    >>> str(TelemetryFormatError("a.csv", "expected a number, found 'x'", line=12, column=3))
    "a.csv:12:3: expected a number, found 'x'"
    """

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = str(path)
        self.message = " ".join(message.split())  # always one line
        self.line = line
        self.column = column
        where = self.path
        if line is not None:
            where += f":{line}"
            if column is not None:
                where += f":{column}"
        super().__init__(f"{where}: {self.message}")
