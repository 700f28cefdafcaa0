"""``ascent-replay video FILE -o out.mp4``: the replay as a video for slides, rendered offscreen
frame by frame (``--from``/``--to`` replay times, ``--speed``, ``--fps``, ``--size``,
``--view`` a saved view). MP4 (H.264), animated WebP or GIF by the output's suffix."""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from replay.cli.file_args import add_file_arguments, read_options
from replay.cli.usage import UsageError, writable_output

if TYPE_CHECKING:
    from replay.core.view_state import ViewState

SUFFIXES = {".mp4": "MP4", ".webp": "WebP", ".gif": "GIF"}


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "video",
        help="render the replay to a video (MP4, WebP or GIF) for slides, without a display",
        description="Render the replay window offscreen, frame by frame, from --from to --to "
        "at --speed times real time, into an MP4 (H.264), animated WebP or GIF (by the suffix "
        "of -o). Needs the optional encoder: pip install 'ascent-replay[video]'.",
    )
    add_file_arguments(p)
    p.add_argument("-o", "--output", required=True, help="video to write (.mp4, .webp or .gif)")
    p.add_argument(
        "--from",
        dest="t_from",
        type=float,
        metavar="T",
        help="first replay time, s (default: start)",
    )
    p.add_argument(
        "--to", dest="t_to", type=float, metavar="T", help="last replay time, s (default: end)"
    )
    p.add_argument("--speed", type=float, default=1.0, help="replay seconds per video second (1)")
    p.add_argument("--fps", type=float, default=25.0, help="frames per second (25)")
    p.add_argument("--size", default="1600x950", help="video size WxH (default 1600x950)")
    p.add_argument("--view", metavar="VIEWFILE", help="a saved view (.toml) to render with")
    p.set_defaults(handler=run_video)


def run_video(args: argparse.Namespace) -> int:
    from replay.videos import EncoderMissing, VideoWriter, ffmpeg_exe, frame_times

    size = _size(args.size)
    out = writable_output(Path(args.output), SUFFIXES)
    if out.suffix.lower() == ".mp4" and (size[0] % 2 or size[1] % 2):
        raise UsageError(f"--size: MP4 needs an even width and height, got {args.size}")
    for name in ("t_from", "t_to", "speed", "fps"):
        value = getattr(args, name)
        if value is not None and not math.isfinite(value):
            raise UsageError(
                f"--{name.removeprefix('t_')}: expected a finite number, got {value!r}"
            )
    view = _view(args.view)
    try:
        ffmpeg_exe()  # say that the encoder is missing before reading anything
    except EncoderMissing as exc:
        raise UsageError(str(exc)) from None
    options = read_options(args)
    from replay.session import load_session

    session = load_session(args.file, fmt=args.format, options=options)  # bad input: exit 2
    t_from = session.start_s if args.t_from is None else args.t_from
    t_to = session.end_s if args.t_to is None else args.t_to
    try:
        times = frame_times(t_from, t_to, args.speed, args.fps)
    except ValueError as exc:
        raise UsageError(f"--from/--to/--speed/--fps: {exc}") from None
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from replay.qt import theme
    from replay.qt.app import _application
    from replay.qt.video import FrameRenderer, write_video

    app = _application()
    presenting = view is not None and view.presentation  # the fonts as snapshot sets them
    theme.apply(app, theme.PRESENTATION_SCALE if presenting else 1.0)  # type: ignore[arg-type]
    from replay.qt.main_window import MainWindow

    try:  # the view's comparison is read and aligned here
        renderer = FrameRenderer(session, args.file, size, view, window=MainWindow)
    except ValueError as exc:
        raise UsageError(f"--view: {exc}") from None
    try:
        with VideoWriter(out, size, args.fps) as writer:
            n = write_video(renderer, times, writer, _progress(times.size))
    finally:
        renderer.close()
    print(f"{out}: {n} frames, {size[0]}x{size[1]}, {args.fps:g} fps, {writer.codec}")
    return 0


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{2,5})x(\d{2,5})", text)
    if m is None:
        raise UsageError(f"--size: expected WxH like 1600x950, got {text!r}")
    w, h = int(m.group(1)), int(m.group(2))
    if not (16 <= w <= 7680 and 16 <= h <= 4320):
        raise UsageError(f"--size: expected 16x16 to 7680x4320, got {text}")
    return w, h


def _view(path: str | None) -> ViewState | None:
    if path is None:
        return None
    from replay.core.view_file import read_view

    try:
        return read_view(path)
    except FileNotFoundError:
        raise UsageError(f"--view: no such file {path}") from None
    except ValueError as exc:
        raise UsageError(f"--view: {exc}") from None


def _progress(total: int) -> Callable[[int], None] | None:
    """A progress line on a terminal's stderr (nothing when redirected)."""
    if not sys.stderr.isatty():
        return None

    def say(done: int) -> None:
        if done == total or done % 25 == 0:
            end = "\n" if done == total else ""
            print(f"\rrendering frame {done}/{total}", end=end, file=sys.stderr, flush=True)

    return say
