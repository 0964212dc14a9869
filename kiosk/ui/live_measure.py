"""`kiosk run --measure SECONDS`: the real window timed where the shopper sees it.

The mirror runs as it always does (its camera or a file played at its own frame rate);
after a warm-up the products named are put on, and for SECONDS the frame timeline
(`frame_timeline.py`) follows every frame from the capture thread to the swap that puts it
on screen. Then the figures are printed and the app quits. What the screen is drawn with
is printed too: a software OpenGL (Xvfb, a PC with no GPU driver) draws the scene on the
CPU, beside the pipeline, and its cost is part of what is measured.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from kiosk.ui.frame_timeline import FrameTimeline, watch_window

log = logging.getLogger(__name__)

WARM_UP_S = 3.0  # models warmed, the window drawn: then the products go on, then 1 s more


def wear_after(
    kiosk: Any, wear: Sequence[str], delay_s: float, then: Callable[[list[str]], object]
) -> None:
    """After `delay_s` (models warmed, the window drawn) put the products in `wear` on, as a
    shopper's touch would; `then` gets the SKUs the shelves did not have."""
    from PySide6.QtCore import QTimer

    def put_on() -> None:
        missing = [sku for sku in wear if not kiosk.shelves.selectProduct(sku)]
        if missing:
            log.warning("not in the catalog, not put on: %s", ", ".join(missing))
        then(missing)

    QTimer.singleShot(round(delay_s * 1000), put_on)


def measure_live(
    kiosk: Any,
    quit_app: Callable[[], object],
    seconds: float,
    wear: Sequence[str] = (),
    out: TextIO = sys.stdout,
) -> FrameTimeline:
    """Arm the measurement on a built `KioskApp` (before its event loop runs); the
    report goes to `out`, then `quit_app` is called."""
    from PySide6.QtCore import QTimer

    from kiosk.ui.gl_probe import opengl_renderer

    timeline = FrameTimeline()
    kiosk.controller.timeline = timeline
    watch_window(kiosk.window, timeline)
    counts: dict[str, int] = {}
    missing: list[str] = []

    def put_on(not_found: list[str]) -> None:
        missing.extend(not_found)
        QTimer.singleShot(1000, begin)

    def begin() -> None:
        timeline.start()
        counts.update(
            captured=kiosk.capture.frames_captured,
            dropped=kiosk.capture.frames_dropped,
            replaced=kiosk.worker.replaced,
        )
        QTimer.singleShot(round(seconds * 1000), finish)

    def finish() -> None:
        report = timeline.report()
        report.captured = kiosk.capture.frames_captured - counts["captured"]
        report.dropped_by_worker = kiosk.capture.frames_dropped - counts["dropped"]
        report.replaced_by_worker = kiosk.worker.replaced - counts["replaced"]
        renderer = opengl_renderer() or "none"
        compositor = "GPU shader" if kiosk.worker.gpu else "NumPy on the CPU"
        size = kiosk.window.size()
        lines = [
            f"live window {size.width()}x{size.height()}, OpenGL: {renderer}; "
            f"lipstick composited by {compositor}",
            f"source: {kiosk.settings.capture.source}; wearing: {', '.join(wear) or 'nothing'}"
            + (f" (not found: {', '.join(missing)})" if missing else ""),
            *report.lines(),
        ]
        print("\n".join(lines), file=out, flush=True)
        quit_app()

    wear_after(kiosk, wear, WARM_UP_S, put_on)
    return timeline
