"""Kept fleet settings apply by a restart, never in front of a shopper."""

from __future__ import annotations

import threading

from kiosk.app import apply_when_idle
from kiosk.session.lifecycle import Lifecycle, Timings


def test_the_mirror_restarts_for_new_settings_only_when_nobody_is_there() -> None:
    quits: list[bool] = []
    kept = threading.Event()
    life = Lifecycle(Timings(), 0.0)
    check = apply_when_idle(kept, life, lambda: quits.append(True))
    check()
    assert quits == []  # nothing kept yet
    life.touched(0.0)  # a shopper taps the mirror: a session is on
    assert life.active
    kept.set()
    check()
    assert quits == []  # a shopper is there: wait
    life.tick(4.0)
    check()
    assert quits == [] and life.active  # leaving, not gone yet
    life.tick(9.0)  # nobody for end_after_s: the session ends and is wiped
    assert not life.active
    check()
    assert quits == [True]
