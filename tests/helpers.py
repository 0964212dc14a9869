"""Helpers the tests import. Fixtures live in conftest.py files; plain functions and types
live here (and the hub launchers in tests/hub_server.py), so no test imports a conftest.

    from tests.helpers import eventually, names_in_testdata
    eventually(lambda: outbox.pending() == 0, "the outbox drained", timeout=40)

    @pytest.mark.parametrize("name", names_in_testdata("bodies", "*.jpg"))
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

    from kiosk.app import KioskApp

T = TypeVar("T")

# How long `eventually` waits by default: far beyond what a loopback hub, a restart or a
# drained outbox takes even on a busy 2-core machine. It bounds a failure, never a pass.
EVENTUALLY_S = 40.0

REPO = Path(__file__).resolve().parent.parent
# The shared folder (test data, model mirror) sits beside the project unless KIOSK_SHARED_DIR
# says otherwise; read in place, never copied into the project.
SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", REPO.parent / "shared")).resolve()
TESTDATA = SHARED / "testdata"
MISSING_FIX = "set KIOSK_SHARED_DIR to the shared folder (the one holding testdata/ and models/)"

# What `kiosk_app` (tests/ui/conftest.py) gives a test: make(source, **overrides) -> KioskApp.
AppFactory = Callable[..., "KioskApp"]


class MissingTestData(RuntimeError):
    """The shared test data a module parametrizes over is not there."""


def video_frames(name: str, step: int = 1) -> Iterator[tuple[int, np.ndarray]]:
    """A shared video's frames (`name` in testdata/videos/), every `step`-th, with their
    numbers; the capture is closed when the loop ends or is left."""
    import cv2  # (only the tests that read videos pay for it)

    cap = cv2.VideoCapture(str(TESTDATA / "videos" / name))
    try:
        i = 0
        while True:
            ok, frame = cap.read()
            if not ok:
                return
            if i % step == 0:
                yield i, frame
            i += 1
    finally:
        cap.release()


def names_in_testdata(folder: str, pattern: str) -> list[str]:
    """Sorted names of the files under testdata/`folder` matching `pattern`, for parametrize.

    Read at collection time, so missing data is a collection error naming the folder, never
    an empty parameter list (which pytest would turn into a quiet skip)."""
    path = TESTDATA / folder
    names = sorted(p.name for p in path.glob(pattern) if p.is_file())
    if not names:
        raise MissingTestData(f"no {pattern} in {path}; {MISSING_FIX}")
    return names


def eventually(
    check: Callable[[], T | None],
    what: str,
    *,
    timeout: float = EVENTUALLY_S,
    interval: float = 0.02,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Poll `check` until it returns something truthy, and return that.

    For waiting on another process or thread with a deadline (never a fixed sleep). On
    timeout the AssertionError names `what`, the time allowed and what `check` last gave.
    An exception raised by `check` is not retried: it propagates at once."""
    deadline = clock() + timeout
    polls = 0
    while True:
        result = check()
        polls += 1
        if result:
            return result
        if clock() >= deadline:
            raise AssertionError(
                f"not {what} within {timeout:g} s ({polls} checks; the last gave {result!r})"
            )
        sleep(interval)


def leaked_threads(
    before: Iterable[threading.Thread], *, grace: float = 5.0, interval: float = 0.02
) -> list[threading.Thread]:
    """Threads started since `before` that are still alive after `grace` seconds.

    Threads Python did not start (Qt's, MediaPipe's: `threading._DummyThread`) are not
    counted: Python never learns when they end."""
    known = set(before)
    deadline = time.monotonic() + grace
    while True:
        alive = [
            t
            for t in threading.enumerate()
            if t not in known and t.is_alive() and not isinstance(t, threading._DummyThread)
        ]
        if not alive or time.monotonic() >= deadline:
            return alive
        time.sleep(interval)


def translate_in(language: str) -> Callable[[str, str], str]:
    """Qt's own translation of the kiosk's Python words into `language` ("zh-CN"): the real
    .qm files (built from kiosk/ui/i18n/*.ts when stale) through a QTranslator."""
    from PySide6.QtCore import QTranslator

    from kiosk.ui.i18n_files import ensure_built, qm_name

    folder = ensure_built()
    translator = QTranslator()
    qm = folder / f"kiosk_py_{qm_name(language)}.qm"
    assert translator.load(str(qm)), f"{qm} did not load"

    def translate(context: str, source: str) -> str:
        return translator.translate(context, source) or source

    translate.translator = translator  # type: ignore[attr-defined]  # keep it alive
    return translate
