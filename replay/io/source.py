"""Open a telemetry file as bytes, transparently gunzipped, and reject what is not text early.

Every reader reads through one :class:`Guarded` stream, which

* names the file in every error: a damaged ``.gz`` (cut short, CRC mismatch, corrupt deflate
  data, junk after the end) is one line saying so, never an ``EOFError`` or ``zlib.error``;
* refuses a decompression bomb: a ``.gz`` that expands more than :data:`MAX_EXPANSION` times
  its size stops there, before memory runs out;
* refuses a line longer than :data:`MAX_LINE_BYTES` (a 1 GiB single line);
* reports progress (the fraction of the file's bytes read) and lets a caller cancel a load
  between blocks (:class:`LoadCancelled`).

:func:`open_source` refuses what is not a regular file (a FIFO would block for ever, a device
read without end) and reads the first block, which :func:`check_text` judges, so a 2 GB binary
file named ``.csv`` fails in milliseconds.
"""

from __future__ import annotations

import gzip
import stat
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from replay.core.errors import TelemetryFormatError

GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"
HEAD_BYTES = 64 * 1024
#: gzip'd telemetry expands 3-10 times; past this, it is a bomb (or a file to gunzip by hand):
#: a 20 MB .gz then gives at most 640 MB of text, whose arrays fit well under 1.5 GB.
MAX_EXPANSION = 32
#: Allowance before the expansion cap applies (a tiny .gz of a normal small file).
EXPANSION_SLACK_BYTES = 16 * 1024 * 1024
#: No telemetry row is this long; a longer line is not one (and would be read whole into memory).
MAX_LINE_BYTES = 4 * 1024 * 1024

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]


class LoadCancelled(Exception):
    """The caller asked to stop reading (raised between blocks)."""


class Guarded:
    """A binary stream over a file (gunzipped if it is gzip) that names the file in errors,
    caps expansion and line length, reports progress and honours cancellation."""

    def __init__(
        self,
        path: Path,
        raw: BinaryIO,
        size_bytes: int,
        gzipped: bool,
        *,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> None:
        self.path = path
        self._raw = raw
        self._size = max(size_bytes, 1)
        self._inner: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if gzipped else raw  # type: ignore[assignment]
        self.gzipped = gzipped
        self._progress = progress
        self._cancelled = cancelled
        self._cap = MAX_EXPANSION * size_bytes + EXPANSION_SLACK_BYTES if gzipped else None
        self._out = 0  # bytes handed out since the last seek to 0 (or the start)
        self._lines = 0  # newlines handed out: the line number of an error
        self._reported = -1.0

    # --- the stream -------------------------------------------------------------------------
    def read(self, n: int = -1) -> bytes:
        self._check_cancel()
        data = self._guard(lambda: self._inner.read(n))
        return self._account(data)

    def readline(self, limit: int = -1) -> bytes:
        cap = MAX_LINE_BYTES + 1 if limit < 0 else min(limit, MAX_LINE_BYTES + 1)
        line = self._guard(lambda: self._inner.readline(cap))
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            raise TelemetryFormatError(
                self.path,
                f"a line longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB; expected rows of "
                "telemetry (is this a telemetry file?)",
                line=self._lines + 1,
            )
        return self._account(line)

    def tell(self) -> int:
        return self._inner.tell()

    def seek(self, pos: int, lines_before: int = 0) -> int:
        """Go back to ``pos`` (readers look ahead at the header), which starts line
        ``lines_before + 1``."""
        if pos > self.tell():
            raise ValueError("Guarded streams only seek backwards")
        self._guard(lambda: self._inner.seek(pos))
        self._out, self._lines = pos, lines_before
        return pos

    def close(self) -> None:
        self._inner.close()
        self._raw.close()

    def remaining_bytes(self) -> int:
        """About how many bytes of text are still to come: exact for a plain file, estimated
        from the compression ratio so far for a .gz (readers size their arrays with it)."""
        if not self.gzipped:
            return max(self._size - self.tell(), 0)
        ratio = self._out / max(self._raw.tell(), 1)
        return max(int(self._size * ratio) - self._out, 0)

    @property
    def lines_read(self) -> int:
        """How many whole lines have been handed out (for messages)."""
        return self._lines

    # --- guarding ---------------------------------------------------------------------------
    def _account(self, data: bytes) -> bytes:
        self._out += len(data)
        self._lines += data.count(b"\n")
        if self._cap is not None and self._out > self._cap:
            raise TelemetryFormatError(
                self.path,
                f"the gzip data expands more than {MAX_EXPANSION} times its size (a decompression"
                " bomb?); if it is genuine telemetry, gunzip it and open the result",
            )
        if self._progress is not None:
            done = min(self._raw.tell() / self._size, 1.0)
            if done - self._reported >= 0.01:
                self._reported = done
                self._progress(done)
        return data

    def _check_cancel(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise LoadCancelled(str(self.path))

    def _guard(self, action: Callable[[], object]) -> bytes:
        try:
            return action()  # type: ignore[return-value]
        except EOFError:
            # A big read fails whole: count what the cut file still holds, for the message.
            self._out, self._lines = self._text_before_cut()
            raise self._damaged("the gzip data ends early: the file was cut short") from None
        except gzip.BadGzipFile as exc:
            text = str(exc)
            if "CRC" in text:
                raise self._damaged("gzip CRC check failed: the data is damaged") from None
            if "length" in text.lower():
                raise self._damaged("gzip length check failed: the data is damaged") from None
            raise self._damaged(f"data after the end of the gzip stream ({text})") from None
        except zlib.error as exc:
            raise self._damaged(f"the gzip data is damaged ({exc})") from None
        except OSError as exc:
            raise TelemetryFormatError(
                self.path, f"cannot read: {exc.strerror or exc}", line=self._lines + 1
            ) from None

    def _text_before_cut(self) -> tuple[int, int]:
        """Bytes and newlines of text a cut-short .gz decompresses to (an error path only)."""
        self._raw.seek(0)
        unzip, out, lines = zlib.decompressobj(31), 0, 0
        while (chunk := self._raw.read(1 << 20)) and (self._cap is None or out <= self._cap):
            while chunk:
                try:
                    data = unzip.decompress(chunk)
                except zlib.error:
                    return out, lines
                out, lines = out + len(data), lines + data.count(b"\n")
                chunk = unzip.unused_data if unzip.eof else b""
                if unzip.eof:  # another gzip member follows
                    unzip = zlib.decompressobj(31)
        return out, lines

    def _damaged(self, what: str) -> TelemetryFormatError:
        return TelemetryFormatError(
            self.path,
            f"{what}, after {self._out:,} bytes of text (line {self._lines + 1}); "
            "expected a whole .gz file (an interrupted download or copy?)",
        )


@dataclass(frozen=True, slots=True)
class TextSource:
    """A telemetry file opened for reading: its stream, its first block and how it was stored."""

    path: Path
    stream: Guarded
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


def open_source(
    path: str | Path, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> TextSource:
    """Open ``path`` (gunzipped if gzip) and read its first block, without judging its content."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise TelemetryFormatError(p, "no such file") from None
    except OSError as exc:
        raise TelemetryFormatError(p, f"cannot open: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise TelemetryFormatError(p, "is a directory, expected a telemetry file")
    if not stat.S_ISREG(st.st_mode):
        kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device or socket"
        raise TelemetryFormatError(p, f"is {kind}, not a regular file; expected a telemetry file")
    try:
        raw: BinaryIO = p.open("rb")
    except OSError as exc:
        raise TelemetryFormatError(p, f"cannot open: {exc.strerror or exc}") from None
    magic = raw.read(2)
    raw.seek(0)
    stream = Guarded(
        p, raw, st.st_size, magic == GZIP_MAGIC, progress=progress, cancelled=cancelled
    )
    try:
        head = stream.read(HEAD_BYTES)
        if not head.strip(UTF8_BOM + b" \t\r\n"):
            raise TelemetryFormatError(p, "the file is empty; expected telemetry text")
        bom = head.startswith(UTF8_BOM)
        stream.seek(len(UTF8_BOM) if bom else 0)
    except BaseException:
        stream.close()
        raise
    return TextSource(p, stream, head[len(UTF8_BOM) :] if bom else head, stream.gzipped, st.st_size)


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
    """Every byte after the BOM (for the small binary formats that need the whole file)."""
    return source.stream.read()
