"""Plots at slide resolution: the plot stack rendered at 1920x1080 as PNG, and as SVG.

A copy of the stack is laid out at the slide's size, offscreen, with the same channels, flight
and replay time, so the picture is crisp rather than an enlarged screenshot.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from replay.qt.plots import PlotStack

SLIDE = QSize(1920, 1080)


def export_plots(source: PlotStack, t_s: float, folder: Path, stem: str = "plots") -> list[Path]:
    """Write what ``source`` shows at ``t_s`` as ``stem.png`` (1920x1080) and ``stem.svg``."""
    session = source.session
    if session is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    copy = PlotStack()
    copy.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    copy.resize(SLIDE)
    copy.show()
    try:
        copy.set_session(session)
        for name in copy.channels():
            if name not in source.channels():
                copy.remove_channel(name)
        for name in source.channels():
            copy.add_channel(name)
        copy.set_nominal(source.nominal)
        copy.seek(t_s)
        QApplication.processEvents()
        png = folder / f"{stem}.png"
        image = QImage(SLIDE, QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        copy.render(painter, QPoint(0, 0))
        painter.end()
        if not image.save(str(png)):  # the format from the suffix
            raise OSError(f"could not write {png}")
        svg = folder / f"{stem}.svg"
        generator = QSvgGenerator()
        generator.setFileName(str(svg))
        generator.setSize(SLIDE)
        generator.setViewBox(QRectF(0, 0, SLIDE.width(), SLIDE.height()))
        generator.setTitle("Ascent Replay plots")
        painter = QPainter(generator)
        copy.render(painter, QPoint(0, 0))
        painter.end()
    finally:
        copy.close()
        copy.deleteLater()
    return [png, svg]
