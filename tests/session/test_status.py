"""The status line's words for camera state, errors and presence."""

from __future__ import annotations

from kiosk.session.presence import Presence
from kiosk.session.status import NO_CAMERA_HINT, StatusBoard


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
