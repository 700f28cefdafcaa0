"""Open a telemetry file as bytes, transparently gunzipped, and reject what is not text early.

Readers never read a whole file to decide it is wrong: :func:`open_source` reads the first block
and :func:`check_text` judges it, so a 2 GB binary file named ``.csv`` fails in milliseconds.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from replay.core.errors import TelemetryFormatError

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"
HEAD_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class TextSource:
    """A telemetry file opened for reading: its stream, its first block and how it was stored."""

    path: Path
    stream: BinaryIO
    head: bytes
    gzipped: bool
    size_bytes: int

    def close(self) -> None:
        self.stream.close()


def logical_suffix(path: Path) -> str:
    """The format suffix, ignoring a trailing ``.gz``: ``a.csv.gz`` -> ``.csv``."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def open_source(path: str | Path) -> TextSource:
    """Open ``path`` (gunzipped if gzip) and read its first block, without judging its content."""
    p = Path(path)
    try:
        raw: BinaryIO = p.open("rb")
    except FileNotFoundError:
        raise TelemetryFormatError(p, "no such file") from None
    except IsADirectoryError:
        raise TelemetryFormatError(p, "is a directory, expected a telemetry file") from None
    except OSError as exc:
        raise TelemetryFormatError(p, f"cannot open: {exc.strerror or exc}") from None
    size = p.stat().st_size
    magic = raw.read(2)
    raw.seek(0)
    gzipped = magic == GZIP_MAGIC
    stream: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw  # type: ignore[assignment]
    try:
        head = _read_head(p, stream)
    except BaseException:
        stream.close()
        raw.close()
        raise
    bom = head.startswith(UTF8_BOM)
    if bom:
        head = head[len(UTF8_BOM) :]
    stream.seek(len(UTF8_BOM) if bom else 0)
    return TextSource(p, stream, head, gzipped, size)


def _read_head(p: Path, stream: BinaryIO) -> bytes:
    try:
        head = stream.read(HEAD_BYTES)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise TelemetryFormatError(p, f"corrupt gzip data: {exc}") from None
    if not head.strip(UTF8_BOM + b" \t\r\n"):
        raise TelemetryFormatError(p, "the file is empty; expected telemetry text")
    return head


def check_text(p: Path, head: bytes) -> None:
    """Raise unless the first block is UTF-8 text without NUL bytes (a text format's file)."""
    nul = head.find(b"\x00")
    if nul >= 0:
        line = head.count(b"\n", 0, nul) + 1
        raise TelemetryFormatError(
            p, f"binary data (a NUL byte at offset {nul}); expected telemetry text", line=line
        )
    try:
        # A multi-byte character may be cut at the end of the block: ignore only that.
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:
            line = head.count(b"\n", 0, exc.start) + 1
            raise TelemetryFormatError(
                p, f"not UTF-8 text (byte 0x{head[exc.start]:02x} at offset {exc.start})", line=line
            ) from None


def read_all(source: TextSource) -> bytes:
    """Every byte after the BOM (for the small formats that need the whole text)."""
    try:
        return source.stream.read()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise TelemetryFormatError(source.path, f"corrupt gzip data: {exc}") from None
