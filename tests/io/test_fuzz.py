"""Random damage to valid files: every reader returns a Flight or raises the documented error."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replay.core.errors import TelemetryFormatError
from replay.core.flight import Flight
from replay.io import read_flight
from replay.io._numblock import BlockFormat, ColumnSpec, fast_parse, strict_parse
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
        return name + ".gz", gzip.compress(bytes(data), mtime=0)
    return name, bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged(), st.sampled_from([None, "native-csv", "jsonl", "generic-csv", "ccsds"]))
def test_damage_gives_a_flight_or_the_documented_error(
    case: tuple[str, bytes], fmt: str | None
) -> None:
    name, data = case
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        try:
            flight = read_flight(path, fmt=fmt)
        except TelemetryFormatError as exc:
            assert "\n" not in str(exc)
            assert str(exc).startswith(str(path))
        else:
            assert isinstance(flight, Flight)
            assert np.all(np.diff(flight.t_s) > 0)


finite = st.floats(allow_nan=False, allow_infinity=False)
anything = st.floats(allow_nan=True, allow_infinity=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(finite, st.integers(-(2**62), 2**62), anything), min_size=1, max_size=30))
def test_fast_and_strict_parsers_agree(rows: list[tuple[float, int, float]]) -> None:
    """The polars fast path and the pure-Python strict parser read valid blocks identically."""
    body = "".join(f"{a!r},{b},{c!r}\n" for a, b, c in rows).encode()
    specs = [ColumnSpec("a", "float", True), ColumnSpec("b", "int", True), ColumnSpec("c")]
    fmt = BlockFormat(Path("x.csv"), specs)
    fast = fast_parse(fmt, body)
    strict = strict_parse(fmt, body, 1, True)
    assert fast is not None
    for f, s in zip(fast, strict, strict=True):
        assert f.dtype == s.dtype
        np.testing.assert_array_equal(f, s)
