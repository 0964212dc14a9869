"""MediaPipe is imported without matplotlib, and matplotlib still works when asked for.

Each case runs in a fresh interpreter: whether matplotlib is loaded is process state."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def _run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_the_face_tracker_starts_without_loading_matplotlib(face_model: Path) -> None:
    out = _run(
        f"""
        import sys
        from kiosk.vision.face import FaceTracker
        FaceTracker({str(face_model)!r}, mode="image").close()
        print(sorted(m for m in sys.modules if m.startswith("matplotlib.")))
        """
    )
    assert out == "['matplotlib.pyplot']"  # the stand-in only: no colors, artist, figure...


def test_deferred_matplotlib_loads_on_first_use_for_mediapipe_and_for_others() -> None:
    out = _run(
        """
        import importlib.util, sys
        from kiosk.vision import mp_lazy
        mp_lazy.prepare()
        from mediapipe.tasks.python.vision import drawing_utils
        assert mp_lazy.is_deferred() and "matplotlib.figure" not in sys.modules
        assert importlib.util.find_spec("matplotlib") is not None  # still answers
        figure = drawing_utils.plt.figure  # MediaPipe's own plotting helper's first read
        assert not mp_lazy.is_deferred() and "matplotlib.figure" in sys.modules
        import matplotlib.colors
        print(figure.__module__, matplotlib.colors.to_hex("red"))
        """
    )
    assert out == "matplotlib.pyplot #ff0000"


def test_nothing_is_deferred_when_matplotlib_is_already_loaded() -> None:
    out = _run(
        """
        import matplotlib
        from kiosk.vision import mp_lazy
        mp_lazy.prepare()
        print(mp_lazy.is_deferred())
        """
    )
    assert out == "False"
