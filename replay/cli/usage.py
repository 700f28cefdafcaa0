"""The command line's usage error, in a module of its own so the commands need not import the
package that imports them, and the checks every command makes of an output file."""

from __future__ import annotations

import os
from pathlib import Path

#: Picture formats the snapshot command writes, by suffix.
IMAGE_SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".bmp": "BMP"}


class UsageError(ValueError):
    """A command was given arguments it cannot use (exit status 2)."""


def writable_output(out: Path, suffixes: dict[str, str] | None = None) -> Path:
    """``out`` if a file can be written there (with one of ``suffixes``, if given); otherwise a
    one-line :class:`UsageError`, before any work is done."""
    parent = out.parent if str(out.parent) else Path()
    if out.is_dir():
        raise UsageError(f"cannot write {out}: it is a directory")
    if not parent.is_dir():
        raise UsageError(f"cannot write {out}: no such directory {parent}")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise UsageError(f"cannot write {out}: permission denied")
    if suffixes is not None and out.suffix.lower() not in suffixes:
        raise UsageError(
            f"cannot write {out}: expected a name ending {', '.join(sorted(suffixes))}"
        )
    return out
