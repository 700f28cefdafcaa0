"""Which reader and writer handle a file: by suffix, and by content where suffixes are ambiguous."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight
from replay.io import ccsds, generic_csv, jsonl, native_csv
from replay.io.foreign import ReadOptions, read_foreign
from replay.io.profiles import Profile, profiles
from replay.io.source import (
    Cancelled,
    Progress,
    TextSource,
    check_text,
    logical_suffix,
    open_source,
)

Reader = Callable[[TextSource, ReadOptions], Flight]
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
    #: A weak content test ("looks like JSON Lines") does not beat a suffix's fallback.
    weak: bool = False
    about: str = ""


def _native(source: TextSource, _options: ReadOptions) -> Flight:
    return native_csv.read(source)


def _jsonl(source: TextSource, options: ReadOptions) -> Flight:
    if options.columns or options.time_unit:  # the user says what the keys are: a table
        return read_foreign(source, options, None, jsonl.NAME)
    return jsonl.read(source, options.time_column)


def _ccsds(source: TextSource, _options: ReadOptions) -> Flight:
    return ccsds.read(source)


def _foreign(profile: Profile | None, name: str) -> Reader:
    return lambda source, options: read_foreign(source, options, profile, name)


def _json_sniff(head: bytes) -> bool:
    return head.lstrip().startswith((b"{", b"["))


FORMATS: list[Format] = [
    Format(ccsds.NAME, ccsds.SUFFIXES, ccsds.sniff, _ccsds, ccsds.write, text=False),
    Format(native_csv.NAME, native_csv.SUFFIXES, native_csv.sniff, _native, native_csv.write),
    Format(jsonl.NAME, jsonl.SUFFIXES, jsonl.sniff, _jsonl, jsonl.write, weak=True),
    *(Format(p.id, p.suffixes, p.sniff, _foreign(p, p.id), about=p.name) for p in profiles()),
    Format("json", (".json",), _json_sniff, _foreign(None, "json"), fallback=True),
    Format(
        generic_csv.NAME,
        generic_csv.SUFFIXES,
        generic_csv.sniff,
        _foreign(None, generic_csv.NAME),
        fallback=True,
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
    strong = [f for f in by_content if not f.weak]
    if strong:
        return strong[0]
    fallback = [f for f in by_suffix if f.fallback]
    if fallback:
        return fallback[0]
    if by_content:
        return by_content[0]
    if by_suffix:  # the suffix's own reader says what is wrong with the content
        return by_suffix[0]
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
    options: ReadOptions | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Flight:
    """Read any supported telemetry file. Bad input raises ``TelemetryFormatError`` (one line).

    ``options`` says what a foreign file's columns are (``time_column`` alone is a shortcut);
    ``progress(fraction)`` hears how much of the file has been read; when ``cancelled()``
    becomes true, reading stops at the next block with :class:`LoadCancelled`.
    """
    opts = options or ReadOptions(time_column=time_column)
    source = open_source(path, progress, cancelled)
    try:
        chosen = choose_format(source, fmt)
        if chosen.text:
            check_text(source.path, source.head)
        return chosen.read(source, opts)
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
