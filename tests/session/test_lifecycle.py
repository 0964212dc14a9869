"""The session's life-cycle with the clock in the test's hands: every transition and timeout."""

from __future__ import annotations

import pytest

from kiosk.session.lifecycle import Lifecycle, Stage, Timings
from kiosk.session.presence import Presence

TIMINGS = Timings(greet_after_s=1.0, leaving_after_s=2.0, end_after_s=8.0, dim_after_s=30.0)


class Log:
    """What the life-cycle told its listeners, in order."""

    def __init__(self, life: Lifecycle) -> None:
        self.said: list[str] = []
        life.on_start(lambda reason: self.said.append(f"start:{reason}"))
        life.on_wipe(lambda reason: self.said.append(f"wipe:{reason}"))


def frames(life: Lifecycle, someone: bool, start_s: float, end_s: float, fps: float = 10) -> None:
    """Feed frames at `fps` from start_s up to (not including) end_s."""
    n = round((end_s - start_s) * fps)
    for i in range(n):
        life.seen(someone, start_s + i / fps)


@pytest.fixture
def life() -> Lifecycle:
    return Lifecycle(TIMINGS, 0.0)


def test_someone_must_hold_before_a_session_starts(life: Lifecycle) -> None:
    log = Log(life)
    life.seen(True, 10.0)
    assert life.stage is Stage.ATTRACT and life.presence is Presence.ARRIVING
    life.seen(True, 10.5)
    assert life.stage is Stage.ATTRACT
    life.seen(True, 11.0)
    assert life.stage is Stage.ENGAGED and life.presence is Presence.ACTIVE
    assert log.said == ["start:arrived"]


def test_a_passer_by_starts_nothing_and_the_hold_restarts_after_a_gap(life: Lifecycle) -> None:
    log = Log(life)
    frames(life, True, 0.0, 0.6)
    frames(life, False, 0.6, 1.2)  # gone for 0.6 s: longer than a tracker blink
    frames(life, True, 1.2, 2.0)  # 0.8 s held since coming back
    assert life.stage is Stage.ATTRACT and log.said == []
    life.seen(True, 2.2)
    assert life.stage is Stage.ENGAGED


def test_a_tracker_blink_while_arriving_does_not_restart_the_hold(life: Lifecycle) -> None:
    life.seen(True, 0.0)
    life.seen(False, 0.1)  # one frame missed
    life.seen(True, 0.2)
    life.seen(True, 1.0)
    assert life.stage is Stage.ENGAGED


def test_a_touch_or_a_choice_means_trying(life: Lifecycle) -> None:
    frames(life, True, 0.0, 1.5)
    assert life.stage is Stage.ENGAGED
    life.touched(1.5)
    assert life.stage is Stage.TRYING


def test_a_touch_on_the_attract_screen_starts_a_session(life: Lifecycle) -> None:
    log = Log(life)
    life.touched(3.0)
    assert life.stage is Stage.TRYING and log.said == ["start:touched"]


def test_leaving_then_back_keeps_the_session(life: Lifecycle) -> None:
    log = Log(life)
    frames(life, True, 0.0, 1.5)
    life.touched(1.5)
    session = life.session
    frames(life, False, 1.6, 4.0)
    assert life.stage is Stage.LEAVING
    life.seen(True, 4.0)
    assert life.stage is Stage.TRYING and life.session == session
    assert log.said == ["start:arrived"]


def test_engaged_shopper_back_from_leaving_is_engaged_again(life: Lifecycle) -> None:
    frames(life, True, 0.0, 1.5)
    frames(life, False, 1.5, 4.0)
    assert life.stage is Stage.LEAVING
    life.seen(True, 4.0)
    assert life.stage is Stage.ENGAGED


def test_nobody_long_enough_wipes_and_returns_to_attract(life: Lifecycle) -> None:
    log = Log(life)
    frames(life, True, 0.0, 1.5)
    last_seen = 1.4
    frames(life, False, 1.5, last_seen + 7.9)
    assert life.stage is Stage.LEAVING and log.said == ["start:arrived"]
    life.seen(False, last_seen + 8.0)
    assert life.stage is Stage.ATTRACT and life.presence is Presence.IDLE
    assert log.said == ["start:arrived", "wipe:left"]


def test_no_frames_at_all_counts_as_nobody(life: Lifecycle) -> None:
    """A dead camera or an ended video: only the timer ticks, and the session still ends."""
    log = Log(life)
    frames(life, True, 0.0, 1.5)
    life.touched(1.5)
    for t in (2.0, 3.0, 3.6):
        life.tick(t)
    assert life.stage is Stage.LEAVING
    life.tick(9.49)
    assert life.stage is Stage.LEAVING
    life.tick(9.5)  # 8 s after the touch, the last sign of anyone
    assert life.stage is Stage.ATTRACT and log.said[-1] == "wipe:left"


def test_a_late_answer_for_an_ended_session_is_recognised(life: Lifecycle) -> None:
    frames(life, True, 0.0, 1.5)
    first = life.ticket()
    assert first.current
    life.tick(20.0)  # shopper 1 has gone: wiped
    assert not first.current
    frames(life, True, 30.0, 31.5)  # shopper 2
    assert not first.current and life.ticket().current
    assert life.ticket() != first


def test_a_ticket_asked_on_the_attract_screen_belongs_to_the_session_it_starts(
    life: Lifecycle,
) -> None:
    """A code held up or a tap before the greeting is the arriving shopper's own."""
    before = life.ticket()
    frames(life, True, 0.0, 1.5)
    assert before.current
    life.tick(20.0)
    assert not before.current


def test_the_screen_dims_after_nobody_for_a_while_and_wakes_for_anyone(life: Lifecycle) -> None:
    changes: list[bool] = []
    life.on_change(lambda: changes.append(life.dimmed))
    life.tick(29.9)
    assert not life.dimmed
    life.tick(30.0)
    assert life.dimmed and changes == [True]
    life.seen(True, 31.0)  # a passer-by is enough to wake it
    assert not life.dimmed and life.stage is Stage.ATTRACT
    life.tick(31.5)
    assert not life.dimmed
    life.tick(61.0)
    assert life.dimmed


def test_the_dim_clock_starts_again_at_the_wipe(life: Lifecycle) -> None:
    frames(life, True, 0.0, 1.5)
    life.tick(100.0)  # wiped at 100 s, long after the last face
    assert life.stage is Stage.ATTRACT and not life.dimmed
    life.tick(129.9)
    assert not life.dimmed
    life.tick(130.0)
    assert life.dimmed


def test_end_wipes_an_open_session_and_does_nothing_on_the_attract_screen(
    life: Lifecycle,
) -> None:
    log = Log(life)
    life.end(0.0, "closed")
    assert log.said == []
    life.touched(1.0)
    life.end(2.0, "closed")
    assert log.said == ["start:touched", "wipe:closed"] and life.stage is Stage.ATTRACT


def test_one_listener_failing_does_not_keep_the_others_from_the_wipe(life: Lifecycle) -> None:
    wiped: list[str] = []

    def broken(reason: str) -> None:
        raise RuntimeError("cannot reset")

    life.on_wipe(broken)
    life.on_wipe(wiped.append)
    life.touched(0.0)
    life.tick(9.0)
    assert wiped == ["left"]


def test_a_code_on_screen_gives_the_shopper_time_to_scan_it(life: Lifecycle) -> None:
    """Their phone hides their face while they scan the Buy-online or photo code."""
    life.touched(0.0)
    life.scanning(True)
    life.tick(8.0 + 29.9)
    assert life.stage is Stage.LEAVING
    life.tick(8.0 + 30.0)
    assert life.stage is Stage.ATTRACT  # not for ever: someone who left with it still ends
    life.touched(40.0)
    life.tick(48.0)  # the wipe forgot the code: a new session ends on time
    assert life.stage is Stage.ATTRACT
