"""Qt process set-up that must happen before the first Q*Application."""

from __future__ import annotations

import os


def prepare_qt_environment() -> None:
    """OpenCV's wheel bundles Qt5 and, on import, points QT_QPA_PLATFORM_PLUGIN_PATH
    at its own Qt5 plugins; PySide6 must load its own, so the variable goes."""
    import cv2  # noqa: F401  (import first so its side effect happens before we undo it)

    os.environ.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)
