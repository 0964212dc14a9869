"""The guard against PySide6's emit() losing references to True keeps a long-running kiosk
(and a long test run) from aborting with "bool_dealloc"."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from kiosk.ui.signal_refs import (
    RESERVE,
    emit_steals_true,
    guard_bool_refcount,
    void_call_steals_none,
)

EMITS = 300_000  # a few minutes of a kiosk's frames, far more references than True has


def run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )


SPAM = f"""
    from PySide6.QtCore import QObject, Signal
    class O(QObject):
        s = Signal()
    o = O()
    for _ in range({EMITS}):
        o.s.emit()
    print("survived")
"""


def assert_survives_guarded(spam: str) -> None:
    done = run(
        "from kiosk.ui.signal_refs import guard_bool_refcount\nguard_bool_refcount()\n"
        + textwrap.dedent(spam)
    )
    assert done.returncode == 0, done.stderr[-800:]
    assert "survived" in done.stdout


def test_many_emits_with_the_guard_survive() -> None:
    assert_survives_guarded(SPAM)


def test_the_guard_is_needed_where_emit_steals_and_idle_where_it_does_not() -> None:
    """Without the guard, this PySide6 aborts (if it has the bug) or survives (if not);
    the guard's own check must agree with what happens."""
    bare = run(SPAM)
    steals = emit_steals_true()
    assert (bare.returncode != 0) == steals, (steals, bare.returncode, bare.stderr[-300:])
    if steals:
        assert "bool_dealloc" in bare.stderr
        assert guard_bool_refcount()
        assert sys.getrefcount(True) > RESERVE // 2


VOID_SPAM = f"""
    from PySide6.QtCore import QTimer
    timer = QTimer()
    for _ in range({EMITS}):
        timer.stop()
    print("survived")
"""


def test_many_void_calls_with_the_guard_survive_and_abort_without_it_where_none_is_lost() -> None:
    """A soak of the real mirror died after ten minutes ("none_dealloc"): every void call
    of this PySide6 (QTimer.stop here) loses a reference to None."""
    assert_survives_guarded(VOID_SPAM)
    bare = run(VOID_SPAM)
    steals = void_call_steals_none()
    assert (bare.returncode != 0) == steals, (steals, bare.returncode, bare.stderr[-300:])
    if steals:
        assert "none_dealloc" in bare.stderr
        assert guard_bool_refcount()
        assert sys.getrefcount(None) > RESERVE // 2
