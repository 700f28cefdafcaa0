"""Small HTML helpers for the report: escaping by default, tables, and how numbers are written.

Every text goes through :func:`esc` unless it is already :class:`Html`, so a label from a
telemetry file can never become markup:

>>> str(esc("Max-Q <41 kPa> & more"))
'Max-Q &lt;41 kPa&gt; &amp; more'
>>> str(esc(Html("<b>kept</b>")))
'<b>kept</b>'
>>> str(Html("<br>") + "a<b")
'<br>a&lt;b'
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from replay.core.timefmt import format_utc


class Html(str):
    """A string that is already markup (built from escaped parts); :func:`esc` leaves it as is."""

    __slots__ = ()

    def __add__(self, other: str) -> Html:
        """Markup followed by ``other`` (escaped unless it is markup too)."""
        return Html(str.__add__(self, esc(other)))

    def __radd__(self, other: str) -> Html:
        return Html(str.__add__(esc(other), self))


def esc(text: str | Html) -> Html:
    """Escape ``text`` for HTML text and attribute values (quotes too), unless it is ``Html``."""
    return text if isinstance(text, Html) else Html(html.escape(str(text), quote=True))


def tag(name: str, content: str | Html = "", **attrs: str | None) -> Html:
    """``<name attr="...">content</name>``; attribute values are escaped, ``None`` ones dropped.

    A trailing underscore in an attribute name is removed (``class_`` for ``class``).
    """
    parts = [name]
    for key, value in attrs.items():
        if value is not None:
            parts.append(f'{key.rstrip("_").replace("_", "-")}="{esc(value)}"')
    return Html(f"<{' '.join(parts)}>{esc(content)}</{name}>")


def join(parts: Iterable[str | Html], sep: str = "") -> Html:
    """Join escaped parts (plain strings are escaped first)."""
    return Html(esc(sep).join(esc(p) for p in parts))


@dataclass(frozen=True, slots=True)
class Col:
    """A table column: its heading (with the unit) and whether it holds numbers (right-aligned)."""

    head: str
    num: bool = False


def table(
    cols: Sequence[Col],
    rows: Iterable[Sequence[str | Html]],
    *,
    caption: str | Html | None = None,
    class_: str | None = None,
    empty: str = "none",
) -> Html:
    """A table with a header row; cells are text (escaped) or ``Html``."""
    head = join(tag("th", c.head, scope="col", class_="num" if c.num else None) for c in cols)
    body = [
        tag(
            "tr",
            join(
                tag("td", v, class_="num" if c.num else None) for c, v in zip(cols, r, strict=True)
            ),
        )
        for r in rows
    ]
    if not body:
        body = [tag("tr", tag("td", empty, colspan=str(len(cols)), class_="empty"))]
    cap = tag("caption", caption) if caption is not None else Html("")
    return tag(
        "table", cap + tag("thead", tag("tr", head)) + tag("tbody", join(body)), class_=class_
    )


def section(id_: str, heading: str, *body: str | Html) -> Html:
    """``<section id=...><h2>heading</h2>body</section>``."""
    return tag("section", tag("h2", heading) + join(body), id=id_)


def facts(rows: Iterable[tuple[str, str | Html]], *, class_: str = "facts") -> Html:
    """A two-column key/value table (keys as row headings)."""
    body = join(tag("tr", tag("th", k, scope="row") + tag("td", v)) for k, v in rows)
    return tag("table", tag("tbody", body), class_=class_)


def latlon(lat: float, lon: float, decimals: int = 3) -> str:
    """``49.135°N 74.095°E``."""
    ns = "N" if lat >= 0 else "S"
    ew = "E" if lon >= 0 else "W"
    return f"{abs(lat):.{decimals}f}°{ns} {abs(lon):.{decimals}f}°{ew}"


def lat(value: float, decimals: int = 3) -> str:
    """``51.598°N``."""
    return f"{abs(value):.{decimals}f}°{'N' if value >= 0 else 'S'}"


def lon(value: float, decimals: int = 3) -> str:
    """``94.913°E``."""
    return f"{abs(value):.{decimals}f}°{'E' if value >= 0 else 'W'}"


def utc_text(iso: str | None, decimals: int = 1) -> str:
    """``"2016-12-01T14:58:14.000Z"`` as ``2016-12-01 14:58:14.0 UTC``; an em dash if unknown."""
    if not iso:
        return "—"
    return format_utc(datetime.fromisoformat(iso.replace("Z", "+00:00")), decimals)


def beta_text(beta: float | None) -> str:
    """A ballistic coefficient for a table cell: ``600`` or ``vacuum (no drag)``."""
    return "vacuum (no drag)" if beta is None else f"{beta:,.0f}"


def http_url(url: str) -> str | None:
    """``url`` if it is an absolute http(s) address (safe for a link), else ``None``."""
    return url if url.lower().startswith(("https://", "http://")) else None
