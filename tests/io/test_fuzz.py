"""Random damage to valid files: every reader returns a Flight or raises the documented error,
and so does the analysis of what was read; nothing hangs.

``make fuzz`` (bench/fuzz.py) runs the damage test for half an hour with new seeds and reports
crashes, the slowest case and the peak memory; ``make test`` runs a bounded number of cases.
"""

from __future__ import annotations

import gzip
import io
import os
import tempfile
import time
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replay.analysis.flight_analysis import analyze
from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight
from replay.io import _numblock, read_flight
from replay.io._numblock import (
    BlockFormat,
    ColumnSpec,
    fast_parse,
    read_numeric_block,
    small_parse,
    strict_parse,
)
from replay.io.ccsds import write as ccsds_write
from replay.io.jsonl import write as write_jsonl
from replay.io.native_csv import to_text
from tests.factories import make_flight

FLIGHT = make_flight(n=40)
NATIVE = to_text(FLIGHT).encode()
_tmp = Path(tempfile.mkdtemp())
write_jsonl(FLIGHT, _tmp / "f.jsonl")
JSONL = (_tmp / "f.jsonl").read_bytes()
ccsds_write(FLIGHT, _tmp / "f.ccsds")
PACKETS = (_tmp / "f.ccsds").read_bytes()
FOREIGN = b"time [ms];alt (m);note\n" + b"".join(
    f"{40 * i};{i * 1.5};n{i}\n".encode() for i in range(40)
)
SOURCES = {"native.csv": NATIVE, "f.jsonl": JSONL, "foreign.csv": FOREIGN, "f.ccsds": PACKETS}
if os.environ.get("FUZZ_BIG"):  # make fuzz: a whole bundled flight too, as text and as packets
    from replay.resources import sample

    _ms04 = read_flight(sample("progress-ms-04"))
    ccsds_write(_ms04, _tmp / "ms04.ccsds")
    SOURCES |= {
        "ms04.csv": gzip.decompress(sample("progress-ms-04").read_bytes()),
        "ms04.ccsds": (_tmp / "ms04.ccsds").read_bytes(),
    }
#: Cases per run: bounded in ``make test``, raised by ``make fuzz``.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
#: A case slower than this is a hang.
HANG_S = 20.0
NASTY = [
    b",",
    b"\n",
    b"\r\n",
    b"#",
    b'"',
    b"\x00",
    "é".encode(),
    b"nan",
    b"inf",
    b"-",
    b".",
    b"e",
    b"9",
    b" ",
    b"{",
    b"}",
    b"[",
    b"\xff",
    b"\xef\xbb\xbf",
    b";",
    b"\t",
]


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SOURCES)))
    data = bytearray(SOURCES[name])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        op = draw(st.sampled_from(["insert", "delete", "replace", "truncate", "dup_line"]))
        if op == "insert":
            data[at:at] = draw(st.sampled_from(NASTY))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif op == "replace":
            data[at : at + 1] = draw(st.sampled_from(NASTY))
        elif op == "truncate":
            del data[at:]
        else:
            start = data.rfind(b"\n", 0, at) + 1
            end = data.find(b"\n", at) + 1 or len(data)
            data[end:end] = data[start:end]
    if draw(st.booleans()):
        packed = bytearray(gzip.compress(bytes(data), mtime=0))
        if draw(st.booleans()):  # and damage the compressed bytes: cut, flip, junk after
            at = draw(st.integers(0, len(packed) - 1))
            op = draw(st.sampled_from(["cut", "flip", "junk"]))
            if op == "cut":
                del packed[at:]
            elif op == "flip":
                packed[at] ^= draw(st.integers(1, 255))
            else:
                packed += draw(st.sampled_from(NASTY)) * draw(st.integers(1, 50))
        return name + ".gz", bytes(packed)
    return name, bytes(data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged(), st.sampled_from([None, "native-csv", "jsonl", "generic-csv", "ccsds"]))
def test_damage_gives_a_flight_or_the_documented_error(
    case: tuple[str, bytes], fmt: str | None
) -> None:
    name, data = case
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        try:
            flight = read_flight(path, fmt=fmt)
            assert isinstance(flight, Flight)
            assert np.all(np.diff(flight.t_s) > 0)
            analyze(flight, places=False)  # what info accepts, analyze handles
        except TelemetryFormatError as exc:
            assert "\n" not in str(exc)
            assert str(exc).startswith(str(path))
    seconds = time.perf_counter() - start
    if os.environ.get("FUZZ_LOG"):
        with Path(os.environ["FUZZ_LOG"]).open("a") as log:
            log.write(f"{seconds:.4f} {len(data)}\n")
    assert seconds < HANG_S


@pytest.mark.parametrize("polars_loaded", [True, False], ids=["polars", "numpy"])
@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(-(2**62), 2**62)), min_size=1, max_size=20
    ),
    st.lists(
        st.tuples(st.integers(0, 400), st.sampled_from([*NASTY, b"99999999999999999999"])),
        max_size=3,
    ),
)
def test_fast_and_strict_parsers_accept_the_same_blocks(
    polars_loaded: bool, rows: list[tuple[int, int]], damage: list[tuple[int, bytes]]
) -> None:
    """On any block, damaged or not, reading it (the fast path, with its retry for padded
    cells: polars, or numpy for a small file while polars is not imported) refuses what the
    strict parser refuses and otherwise gives the strict parser's values: the fast path never
    has another meaning."""
    with mock.patch.object(_numblock, "_polars_loaded", lambda: polars_loaded):
        _same_as_strict(rows, damage)


def _same_as_strict(rows: list[tuple[int, int]], damage: list[tuple[int, bytes]]) -> None:
    body = bytearray("".join(f"{a / 7!r},{b}\n" for a, b in rows).encode())
    for at, junk in damage:
        body[min(at, len(body)) : min(at, len(body))] = junk
    fmt = BlockFormat(Path("x.csv"), [ColumnSpec("a", "float", True), ColumnSpec("b", "int")])
    data = bytes(body)
    try:
        strict = strict_parse(fmt, data.rstrip(b" \t\r\n"), 1, True)
    except TelemetryFormatError:
        strict = None
    try:
        read = read_numeric_block(_Bytes(data), fmt, first_line=1)  # type: ignore[arg-type]
    except TelemetryFormatError:
        assert strict is None
        return
    assert strict is not None
    for f, s in zip(read, strict, strict=True):
        assert f.dtype == s.dtype
        np.testing.assert_array_equal(f, s)


class _Bytes:
    """What read_numeric_block reads from: a stream's read and readline."""

    def __init__(self, data: bytes) -> None:
        self._io = io.BytesIO(data)

    def read(self, n: int = -1) -> bytes:
        return self._io.read(n)

    def readline(self, n: int = -1) -> bytes:
        return self._io.readline(n)


finite = st.floats(allow_nan=False, allow_infinity=False)
anything = st.floats(allow_nan=True, allow_infinity=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(finite, st.integers(-(2**62), 2**62), anything), min_size=1, max_size=30))
def test_fast_and_strict_parsers_agree(rows: list[tuple[float, int, float]]) -> None:
    """Both fast paths (polars, numpy) and the pure-Python strict parser read valid blocks
    identically."""
    body = "".join(f"{a!r},{b},{c!r}\n" for a, b, c in rows).encode()
    specs = [ColumnSpec("a", "float", True), ColumnSpec("b", "int", True), ColumnSpec("c")]
    fmt = BlockFormat(Path("x.csv"), specs)
    strict = strict_parse(fmt, body, 1, True)
    for fast in (fast_parse(fmt, body), small_parse(fmt, body)):
        assert fast is not None
        for f, s in zip(fast, strict, strict=True):
            assert f.dtype == s.dtype
            np.testing.assert_array_equal(f, s)
