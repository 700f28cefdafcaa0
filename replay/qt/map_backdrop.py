"""The world behind the map: Blue Marble, coastlines and borders, cached in device pixels.

A frame that only moves the vehicle repaints the backdrop from a pixmap, not 70,000 vertices.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from replay.core.types import FloatArray
from replay.geo import basemap
from replay.qt.map_items import cosmetic, ensure_pixmap_cache

if TYPE_CHECKING:
    pass

IntArray = npt.NDArray[np.intp]


BACKDROP_BRIGHTNESS = 0.6
_WORLD = QRectF(-180.0, -90.0, 360.0, 180.0)


_LEVELS: list[Future[tuple[QImage, ...]]] = []
_LOCK = threading.Lock()


def backdrop_levels() -> tuple[QImage, ...]:
    """The dimmed Blue Marble at full, half and quarter size (largest first), so a zoomed-out
    view never resamples the 5400×2700 original. Made once, maybe already on a helper thread
    (:func:`prefetch_backdrop`)."""
    return _levels_future(in_thread=False).result()


def prefetch_backdrop() -> None:
    """Start decoding the Blue Marble on a helper thread (Qt decodes without Python's lock:
    0.15 s the window does not wait for)."""
    _levels_future(in_thread=True)


def _levels_future(in_thread: bool) -> Future[tuple[QImage, ...]]:
    with _LOCK:
        if not _LEVELS:
            future: Future[tuple[QImage, ...]] = Future()
            _LEVELS.append(future)

            def make() -> None:
                try:
                    future.set_result(_make_levels())
                except BaseException as exc:  # the window reports it when it asks
                    future.set_exception(exc)

            if in_thread:
                threading.Thread(target=make, name="backdrop", daemon=True).start()
            else:
                make()
        return _LEVELS[0]


def _make_levels() -> tuple[QImage, ...]:
    img = QImage(str(basemap.blue_marble_path()))
    if img.isNull():
        raise OSError(f"cannot read {basemap.blue_marble_path()}")
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    p = QPainter(img)
    p.fillRect(img.rect(), QColor(0, 0, 0, round(255 * (1.0 - BACKDROP_BRIGHTNESS))))
    p.end()
    half = img.scaled(
        img.width() // 2, img.height() // 2, mode=Qt.TransformationMode.SmoothTransformation
    )
    quarter = half.scaled(
        half.width() // 2, half.height() // 2, mode=Qt.TransformationMode.SmoothTransformation
    )
    return img, half, quarter


class BackdropItem(QGraphicsItem):
    """The Blue Marble with coastlines and country borders, cached per zoom level.

    The lines are kept in 30° tiles and the image is drawn from the matching pixels only, so
    the strip a pan uncovers costs a strip, not the world.
    """

    TILE_DEG = 30.0

    def __init__(self) -> None:
        super().__init__()
        # Taken at the first paint: the window is built while a helper thread decodes them.
        self._levels: tuple[QImage, ...] | None = None
        # Exactly 1 px: Qt strokes thin cosmetic lines ~15x faster than any wider pen.
        self._tiles = [
            *_tiles(*basemap.borders("l"), cosmetic("#c9b28a", 1.0, alpha=140), self.TILE_DEG),
            *_tiles(*basemap.coastlines("l"), cosmetic("#b8c7d6", 1.0, alpha=230), self.TILE_DEG),
        ]
        # Panning only translates the device image, so Qt scrolls this cache instead of
        # repainting; partial updates (a moving marker) blit from it.
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)  # exposedRect
        ensure_pixmap_cache()

    def boundingRect(self) -> QRectF:
        # The world repeats east and west, so a view across the antimeridian has no hole.
        return QRectF(-540.0, -91.0, 1080.0, 182.0)

    def paint(
        self, p: QPainter, option: QStyleOptionGraphicsItem, _widget: QWidget | None = None
    ) -> None:
        if self._levels is None:
            self._levels = backdrop_levels()
        px_per_deg = abs(p.worldTransform().m11())
        image = self._levels[0]
        for level in self._levels:  # the smallest that is still at least as sharp as the screen
            if level.width() / 360.0 >= px_per_deg:
                image = level
        exposed = option.exposedRect
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for shift in (-360.0, 0.0, 360.0):
            part = exposed.translated(-shift, 0.0).intersected(_WORLD)
            if part.isEmpty():
                continue
            p.save()
            p.translate(shift, 0.0)
            _draw_image_part(p, image, part.adjusted(-0.5, -0.5, 0.5, 0.5).intersected(_WORLD))
            for rect, pen, path in self._tiles:
                if rect.intersects(part):
                    p.setPen(pen)
                    p.drawPath(path)
            p.restore()


def _draw_image_part(p: QPainter, image: QImage, part: QRectF) -> None:
    """Draw the pixels of the plate-carrée ``image`` that cover ``part`` (lon/lat)."""
    kx, ky = image.width() / 360.0, image.height() / 180.0
    source = QRectF(
        (part.left() + 180.0) * kx,
        (90.0 - part.bottom()) * ky,
        part.width() * kx,
        part.height() * ky,
    )
    p.save()
    p.scale(1.0, -1.0)  # image rows run north to south, the view's y runs up
    p.drawImage(QRectF(part.left(), -part.bottom(), part.width(), part.height()), image, source)
    p.restore()


def _tiles(
    lon: FloatArray, lat: FloatArray, pen: QPen, size: float, piece: int = 128
) -> list[tuple[QRectF, QPen, QPainterPath]]:
    """NaN-separated lines cut into pieces of at most ``piece`` points, grouped by the tile
    their first point falls in, with each group's bounds: a repaint strokes only the groups
    it touches (Eurasia's coast alone is 10,000 points)."""
    breaks = np.flatnonzero(np.isnan(lon))
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [lon.size]])
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for first, last in zip(starts.tolist(), ends.tolist(), strict=True):
        for a in range(first, last - 1, piece - 1):  # pieces share their end points
            b = min(a + piece, last)
            key = (int((lon[a] + 180.0) // size), int((lat[a] + 90.0) // size))
            groups.setdefault(key, []).append((a, b))
    out = []
    for spans in groups.values():
        x = np.concatenate([np.append(lon[a:b], np.nan) for a, b in spans])
        y = np.concatenate([np.append(lat[a:b], np.nan) for a, b in spans])
        x0, x1, y0, y1 = np.nanmin(x), np.nanmax(x), np.nanmin(y), np.nanmax(y)
        rect = QRectF(float(x0), float(y0), float(x1 - x0), float(y1 - y0))
        out.append((rect.adjusted(-0.1, -0.1, 0.1, 0.1), pen, pg.arrayToQPath(x, y, "finite")))
    return out


#: Item caches live in QPixmapCache (10 MB by default); a full-view cache is 4 MB at 1400x760
#: and 18 MB on a 4K screen, so the default would evict them every frame.
