"""Qt process set-up that must happen before the first Q*Application."""

from __future__ import annotations

import os


def prepare_qt_environment() -> None:
    """OpenCV's wheel bundles Qt5 and, on import, points QT_QPA_PLATFORM_PLUGIN_PATH
    at its own Qt5 plugins; PySide6 must load its own, so the variable goes."""
    import cv2  # noqa: F401  (import first so its side effect happens before we undo it)

    os.environ.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
    # The mirror's FrameItem.updatePaintNode is Python. Qt's threaded render loop
    # calls it on the render thread while the GUI thread waits in C++, and a GUI
    # thread that holds the GIL there (grabWindow, a blocking call) deadlocks. The
    # basic loop renders on the GUI thread: one thread touches Python, no deadlock.
    os.environ.setdefault("QSG_RENDER_LOOP", "basic")
    # PySide6 6.12's emit() steals a reference to True (see kiosk.ui.signal_refs).
    from kiosk.ui.signal_refs import guard_bool_refcount

    guard_bool_refcount()
