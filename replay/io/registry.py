"""Which reader and writer handle a file: by suffix, and by content where suffixes are ambiguous."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight
from replay.io import ccsds, generic_csv, jsonl, native_csv
from replay.io.source import (
    Cancelled,
    Progress,
    TextSource,
    check_text,
    logical_suffix,
    open_source,
)

Reader = Callable[[TextSource, str | None], Flight]
Writer = Callable[[Flight, str | Path], None]


@dataclass(frozen=True, slots=True)
class Format:
    """A telemetry file format: its name, suffixes, content test, reader and (maybe) writer."""

    name: str
    suffixes: tuple[str, ...]
    sniff: Callable[[bytes], bool]
    read: Reader
    write: Writer | None = None
    #: A fallback format reads anything its suffix admits, so it is tried last.
    fallback: bool = False
    #: Text formats refuse binary data before parsing; binary ones (packets) read it.
    text: bool = True


def _native(source: TextSource, _time_column: str | None) -> Flight:
    return native_csv.read(source)


FORMATS: list[Format] = [
    Format(ccsds.NAME, ccsds.SUFFIXES, ccsds.sniff, ccsds.read, ccsds.write, text=False),
    Format(native_csv.NAME, native_csv.SUFFIXES, native_csv.sniff, _native, native_csv.write),
    Format(jsonl.NAME, jsonl.SUFFIXES, jsonl.sniff, jsonl.read, jsonl.write),
    Format(
        generic_csv.NAME, generic_csv.SUFFIXES, generic_csv.sniff, generic_csv.read, fallback=True
    ),
]


def register(fmt: Format) -> None:
    """Add a format (a plug-in, or one of ours that needs an optional dependency)."""
    FORMATS.insert(0, fmt)


def known_suffixes() -> list[str]:
    return sorted({s for f in FORMATS for s in f.suffixes})


def choose_format(source: TextSource, name: str | None = None) -> Format:
    """The format named ``name``, else by suffix and content, else by content alone."""
    if name is not None:
        for fmt in FORMATS:
            if fmt.name == name:
                return fmt
        raise TelemetryFormatError(
            source.path,
            f"unknown format {name!r}; expected one of {', '.join(f.name for f in FORMATS)}",
        )
    suffix = logical_suffix(source.path)
    by_suffix = [f for f in FORMATS if suffix in f.suffixes]
    by_content = [f for f in FORMATS if not f.fallback and f.sniff(source.head)]
    for fmt in by_suffix:
        if not fmt.fallback and fmt in by_content:
            return fmt
    if by_content:
        return by_content[0]
    if by_suffix:
        return by_suffix[-1]
    raise TelemetryFormatError(
        source.path,
        f"unknown kind of file {suffix or '(no suffix)'!r}; expected one of "
        f"{', '.join(known_suffixes())} (optionally .gz)",
    )


def read_flight(
    path: str | Path,
    *,
    fmt: str | None = None,
    time_column: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Flight:
    """Read any supported telemetry file. Bad input raises ``TelemetryFormatError`` (one line).

    ``progress(fraction)`` hears how much of the file has been read; when ``cancelled()``
    becomes true, reading stops at the next block with :class:`LoadCancelled`.
    """
    source = open_source(path, progress, cancelled)
    try:
        chosen = choose_format(source, fmt)
        if chosen.text:
            check_text(source.path, source.head)
        return chosen.read(source, time_column)
    except RecursionError:
        raise TelemetryFormatError(path, "structure nested too deeply") from None
    except MemoryError:
        raise TelemetryFormatError(path, "too large to read into memory") from None
    finally:
        source.close()


def write_flight(flight: Flight, path: str | Path) -> None:
    """Write ``flight`` in the format its suffix names (``.csv``, ``.csv.gz``, ``.jsonl``)."""
    suffix = logical_suffix(Path(path))
    for fmt in FORMATS:
        if suffix in fmt.suffixes and fmt.write is not None:
            fmt.write(flight, path)
            return
    raise ValueError(f"cannot write {Path(path).name!r}: no writer for {suffix!r}")
