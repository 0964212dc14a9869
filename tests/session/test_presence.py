"""Session start/end from face presence, with time driven by the test."""

from __future__ import annotations

from kiosk.session.presence import Presence, PresenceTracker
from kiosk.session.status import NO_CAMERA_HINT, StatusBoard


def test_a_face_must_hold_before_a_session_starts() -> None:
    p = PresenceTracker(greet_after_s=1.0, end_after_s=5.0)
    assert p.update(True, 10.0) is Presence.ARRIVING
    assert p.update(True, 10.5) is Presence.ARRIVING
    assert p.update(True, 11.0) is Presence.ACTIVE


def test_a_passer_by_does_not_start_a_session() -> None:
    p = PresenceTracker(greet_after_s=1.0, end_after_s=5.0)
    p.update(True, 0.0)
    assert p.update(False, 0.4) is Presence.IDLE
    assert p.update(True, 0.8) is Presence.ARRIVING  # the hold starts again
    assert p.update(True, 1.5) is Presence.ARRIVING


def test_a_short_absence_keeps_the_session_and_a_long_one_ends_it() -> None:
    p = PresenceTracker(greet_after_s=0.0, end_after_s=5.0)
    assert p.update(True, 0.0) is Presence.ACTIVE
    assert p.update(False, 4.9) is Presence.ACTIVE
    assert p.update(True, 5.0) is Presence.ACTIVE
    assert p.update(False, 9.9) is Presence.ACTIVE
    assert p.update(False, 10.0) is Presence.IDLE


def test_status_priorities_and_calm_texts() -> None:
    board = StatusBoard(developer_mode=False)
    assert board.text == "Getting ready…"
    board.set_capture("running", "")
    board.set_presence(Presence.IDLE)
    assert (board.text, board.kind) == ("Step closer to try on", "idle")
    board.set_presence(Presence.ACTIVE)
    assert board.text == ""
    assert board.set_capture("reconnecting", "Camera reconnecting… (camera:0: no frames)")
    assert (
        board.text == "The mirror will be back in a moment" and board.hint == ""
    )  # no device detail for shoppers
    board.set_presence(Presence.ACTIVE)  # frames flow again
    assert board.text == ""
    board.set_error("ValueError: boom")
    assert board.text == "One moment…" and "boom" not in board.hint


def test_developer_without_a_camera_is_told_to_pass_a_file() -> None:
    board = StatusBoard(developer_mode=True)
    board.set_capture("reconnecting", "Camera reconnecting… (camera:0: cannot open)")
    assert board.text == "No camera found"
    assert NO_CAMERA_HINT in board.hint and "camera:0" in board.hint
    board.set_capture("running", "")
    board.set_capture("reconnecting", "Camera reconnecting… (camera:0: no frames)")
    assert (
        board.text == "The mirror will be back in a moment"
    )  # it worked before: a drop-out, not a missing camera
