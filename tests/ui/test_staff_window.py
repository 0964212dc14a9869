"""Staff at the real window, against a real hub: the hidden hold, the staff number and
PIN on the on-screen keys, a wrong PIN, the lockout, Restart and Close; and the lock-down
(a store's window does not close for anyone else)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from kiosk.session.staff_access import StaffExit
from kiosk.ui.staff_panel import CLOSED_FLAG
from tests.helpers import AppFactory
from tests.hub_server import RunningHub, start_hub
from tests.ui.conftest import on_hub
from tests.ui.screen import WAIT_MS, find_item, pad_key, tap
from tests.ui.screen import type_on as type_keys

STORE_MODE = {"kiosk.mode": "kiosk"}  # the store's lock-down (the profile's fullscreen aside)


@pytest.fixture(scope="module")
def staff_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """A hub of this module's own: the lockout it provokes must not reach other tests.
    Its kiosk belongs to the store of the demo's staff member S-JA-01 (PIN 246810)."""
    with start_hub(tmp_path_factory.mktemp("staff-hub"), store_id="SH-JINGAN") as hub:
        yield hub


def hold_corner(qtbot: QtBot, app: object) -> None:
    """Press and hold the top right corner until the staff sign-in opens."""
    window = app.window  # type: ignore[attr-defined]
    corner = QPoint(window.width() - 10, 10)
    qtbot.mousePress(window, Qt.MouseButton.LeftButton, pos=corner)
    qtbot.wait(1000)
    assert not app.staff.open  # type: ignore[attr-defined]  # a long tap is not enough
    qtbot.waitUntil(lambda: app.staff.open, timeout=WAIT_MS)  # type: ignore[attr-defined]
    qtbot.mouseRelease(window, Qt.MouseButton.LeftButton, pos=corner)


def type_on(qtbot: QtBot, app: object, pad: str, text: str) -> None:
    type_keys(qtbot, app, pad, text)
    done = pad_key(app, pad, "OK") if pad == "staffPinPad" else find_item(app, "staffNext")
    tap(qtbot, app, done)


def sign_in(qtbot: QtBot, app: object, pin: str = "246810") -> None:
    staff = app.staff  # type: ignore[attr-defined]
    if not staff.open:
        hold_corner(qtbot, app)
    qtbot.waitUntil(lambda: staff.stage == "number", timeout=WAIT_MS)
    type_on(qtbot, app, "staffNumberPad", "S-JA-01")
    qtbot.waitUntil(lambda: staff.stage == "pin", timeout=WAIT_MS)
    type_on(qtbot, app, "staffPinPad", pin)
    qtbot.waitUntil(
        lambda: staff.stage in ("pin", "menu") and staff.stage != "checking", timeout=WAIT_MS
    )


def test_staff_sign_in_wrong_pin_then_restart(
    qtbot: QtBot, kiosk_app: AppFactory, staff_hub: RunningHub, testdata: Path
) -> None:
    app = kiosk_app(str(testdata / "videos/talk_d10.mp4"), **on_hub(staff_hub), **STORE_MODE)
    staff = app.staff  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: app.controller.framesShown >= 3, timeout=WAIT_MS)  # type: ignore[attr-defined]
    # Lock-down: nobody closes a store's window (Alt+F4, the compositor asking).
    app.window.close()  # type: ignore[attr-defined]
    qtbot.wait(200)
    assert app.window.isVisible()  # type: ignore[attr-defined]

    sign_in(qtbot, app, pin="135790")  # another staff member's PIN
    qtbot.waitUntil(lambda: staff.problem == "wrong", timeout=WAIT_MS)
    assert staff.stage == "pin"
    assert "do not match" in find_item(app, "staffMessage").property("text")
    tap(qtbot, app, find_item(app, "staffBack"))
    qtbot.waitUntil(lambda: staff.stage == "number", timeout=WAIT_MS)
    sign_in(qtbot, app)
    qtbot.waitUntil(lambda: staff.stage == "menu", timeout=WAIT_MS)
    assert staff.staffName == "Zhou Min"
    assert "Zhou Min" in find_item(app, "staffHeading").property("text")
    with qtbot.waitSignal(staff.exitRequested, timeout=WAIT_MS) as asked:
        tap(qtbot, app, find_item(app, "staffRestart"))
    assert asked.args == [int(StaffExit.RESTART)]
    assert not staff.open  # and the staff member is signed out


def test_too_many_wrong_pins_lock_the_staff_id(
    qtbot: QtBot, kiosk_app: AppFactory, staff_hub: RunningHub, testdata: Path
) -> None:
    app = kiosk_app(str(testdata / "videos/talk_d10.mp4"), **on_hub(staff_hub))
    staff = app.staff  # type: ignore[attr-defined]
    staff.hold()
    staff.enterNumber("S-JA-02")
    for _ in range(8):
        staff.submit("999999")
        qtbot.waitUntil(lambda: staff.stage == "pin", timeout=WAIT_MS)
        if staff.problem == "locked":
            break
        assert staff.problem == "wrong"
    assert staff.problem == "locked" and staff.waitMinutes >= 1
    assert "Too many wrong PINs" in find_item(app, "staffMessage").property("text")
    staff.submit("135790")  # S-JA-02's own PIN: still locked out
    qtbot.waitUntil(lambda: staff.stage == "pin", timeout=WAIT_MS)
    assert staff.problem == "locked"
    tap(qtbot, app, find_item(app, "staffClose"))
    qtbot.waitUntil(lambda: not staff.open, timeout=WAIT_MS)


def test_a_closed_mirror_stays_closed_with_its_camera_off_until_staff_open_it(
    qtbot: QtBot, kiosk_app: AppFactory, staff_hub: RunningHub, testdata: Path, tmp_path: Path
) -> None:
    video = str(testdata / "videos/talk_d10.mp4")
    first = kiosk_app(video, **on_hub(staff_hub), **STORE_MODE)
    qtbot.waitUntil(lambda: first.controller.framesShown >= 1, timeout=WAIT_MS)  # type: ignore[attr-defined]
    sign_in(qtbot, first)
    with qtbot.waitSignal(first.staff.exitRequested, timeout=WAIT_MS) as asked:  # type: ignore[attr-defined]
        tap(qtbot, first, find_item(first, "staffOpenClose"))
    assert asked.args == [int(StaffExit.CLOSED)]
    assert (tmp_path / CLOSED_FLAG).is_file()
    first.close()  # type: ignore[attr-defined]

    # The service starts it again: closed, nothing read from the camera.
    again = kiosk_app(video, **on_hub(staff_hub), **STORE_MODE)
    staff = again.staff  # type: ignore[attr-defined]
    assert staff.mirrorClosed
    sign = find_item(again, "closedSign")
    qtbot.waitUntil(sign.isVisible, timeout=WAIT_MS)
    qtbot.wait(1500)
    assert not again.capture.is_alive() and again.controller.framesShown == 0  # type: ignore[attr-defined]
    assert "closed" in find_item(again, "closedHeading").property("text")
    sign_in(qtbot, again)
    qtbot.waitUntil(lambda: staff.stage == "menu", timeout=WAIT_MS)
    with qtbot.waitSignal(staff.exitRequested, timeout=WAIT_MS) as asked:
        tap(qtbot, again, find_item(again, "staffOpenClose"))
    assert asked.args == [int(StaffExit.RESTART)]
    assert not (tmp_path / CLOSED_FLAG).exists()
