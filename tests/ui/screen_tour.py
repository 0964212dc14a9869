"""A screenshot of every screen, walked through the real window like a shopper (taps on
controls found by name) against a hub of the test module's own: the tour that
tests/ui/test_screens_portrait.py (portrait, Chinese) and test_screens_landscape.py
(landscape, English) run, one orientation a file so that pytest-xdist can give the two
tours to different workers. The kiosk composites as "auto" chooses on this machine (on
Xvfb's CPU-drawn OpenGL: the NumPy compositor); the compare grid, made of shader cells,
is shot from a window that asks for the shader.

The PNGs in build/screens/ (not committed) are an artefact for people to look at; the
assertions are that each screen was reached and its picture is not blank. The language is
the store's setting (kiosk.language), through the kiosk's own translations.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import cv2
import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from kiosk.paths import project_root
from kiosk.ui.staff_panel import CLOSED_FLAG
from tests.helpers import AppFactory
from tests.hub_server import RunningHub, start_hub
from tests.ui.conftest import on_hub
from tests.ui.screen import (
    GPU,
    WAIT_MS,
    find_item,
    grab_bgr,
    tap,
    tap_tab,
    type_on,
    wait_for_mirror,
    wait_frames,
)

SCREENS = project_root() / "build" / "screens"
FACE = "faces/mouth_open_d19.jpg"
BODY = "bodies/vitonhd_00121_00.jpg"
NOBODY = "garments/viton_003434_1.jpg"  # a garment laid flat: a camera on an empty floor
SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
MEMBER = "31415926"  # the code a demo member's app shows (test hub)

# A tour of fifteen screens at kiosk size under software GL: about 50 s alone on a 2-core
# machine (3-4.5 minutes while the lipstick shader drew every shown frame on the CPU);
# the limit is for a machine whose other test worker is busy too.
TOUR_MARKS = [pytest.mark.slow, pytest.mark.timeout(900)]
FADES_MS = 700  # longer than the screen's slowest fade (Theme.slow, 600 ms)


def languages(main: str) -> list[str]:
    """The tour's languages: `main` (each costs about a minute of a 2-core CI machine at
    kiosk size), and the other one too with KIOSK_ALL_SCREENS=1."""
    other = "en" if main == "zh-CN" else "zh-CN"
    return [main] + ([other] if os.environ.get("KIOSK_ALL_SCREENS") == "1" else [])


class Album:
    """Saves numbered screenshots and checks each is a picture, not a blank."""

    def __init__(self, prefix: str) -> None:
        SCREENS.mkdir(parents=True, exist_ok=True)
        self.prefix, self.count = prefix, 0

    def shoot(
        self, qtbot: QtBot, app: object, name: str, frames: int = 3, dark: bool = False
    ) -> Path:
        # Fades settle: FADES_MS after the change that led here, counted from now and
        # overlapping the frames (they were waited one after the other: 0.7 s a shot).
        settled = time.monotonic() + FADES_MS / 1000
        wait_frames(qtbot, app.controller, frames)  # type: ignore[attr-defined]
        left_ms = round((settled - time.monotonic()) * 1000)
        if left_ms > 0:
            qtbot.wait(left_ms)
        image = grab_bgr(app)
        self.count += 1
        path = SCREENS / f"{self.prefix}-{self.count:02d}-{name}.png"
        cv2.imwrite(str(path), image)
        grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        # A resting (dimmed) screen is dark on purpose, but still shows something.
        assert float(np.std(grey)) > (2.0 if dark else 8.0), f"{path.name} is blank"
        assert len(np.unique(grey[::7, ::7])) > (6 if dark else 16), f"{path.name} is empty"
        return path


def _visible(app: object, name: str) -> bool:
    try:
        return find_item(app, name).isVisible()
    except AssertionError:
        return False


def tour(
    qtbot: QtBot,
    kiosk_app: AppFactory,
    own_hub: RunningHub,
    testdata: Path,
    orientation: str,
    language: str,
) -> None:
    w, h = SIZES[orientation]
    common = {
        **on_hub(own_hub),  # the member's consent given here stays on this hub
        "kiosk.window_width": str(w),
        "kiosk.window_height": str(h),
        "kiosk.language": language,
        "session.dim_after_s": "5",
    }
    album = Album(f"{orientation}-{language}")

    # Nobody there: the attract screen, then resting (dimmed).
    app = kiosk_app(str(testdata / NOBODY), **common)
    ctl = app.controller
    qtbot.waitUntil(lambda: ctl.framesShown >= 3, timeout=WAIT_MS)
    assert not ctl.faceFound and find_item(app, "attractScreen").isVisible()
    assert not find_item(app, "productCard").isVisible()  # no price, no buttons
    assert not find_item(app, "reserveButton").isVisible()
    album.shoot(qtbot, app, "attract")
    dim = find_item(app, "dimLayer")
    qtbot.waitUntil(lambda: dim.isVisible() and dim.opacity() > 0.99, timeout=WAIT_MS)
    album.shoot(qtbot, app, "attract-dimmed", dark=True)
    app.close()

    # A shopper: arriving, trying lipstick, the stock, every panel.
    app = kiosk_app(str(testdata / FACE), **common)
    ctl, store, shopper = app.controller, app.store_panel, app.shopper
    wait_for_mirror(qtbot, app)
    assert ctl.selectedIndex == -1 and not find_item(app, "productCard").isVisible()
    album.shoot(qtbot, app, "arriving")  # the shopper as they are, the shelf ready
    tap(qtbot, app, find_item(app, "shade_0"))
    summary = find_item(app, "stockSummary")
    qtbot.waitUntil(lambda: store.known and summary.isVisible(), timeout=WAIT_MS)
    album.shoot(qtbot, app, "lipstick")
    tap(qtbot, app, summary)
    qtbot.waitUntil(lambda: _visible(app, "stockLess"), timeout=WAIT_MS)
    album.shoot(qtbot, app, "stock-open")
    tap(qtbot, app, find_item(app, "stockLess"))
    tap(qtbot, app, find_item(app, "reserveButton"))
    qtbot.waitUntil(lambda: _visible(app, "reservationPanel"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: store.pickupCode != "" or store.reservationText != "", timeout=WAIT_MS)
    album.shoot(qtbot, app, "reserved")
    tap(qtbot, app, find_item(app, "reservationDone"))
    qtbot.waitUntil(lambda: not _visible(app, "reservationPanel"), timeout=WAIT_MS)
    if find_item(app, "buyOnlineButton").isVisible():
        tap(qtbot, app, find_item(app, "buyOnlineButton"))
        qtbot.waitUntil(lambda: _visible(app, "handoffQr"), timeout=WAIT_MS)
        album.shoot(qtbot, app, "buy-online")
        tap(qtbot, app, find_item(app, "handoffClose"))
        qtbot.waitUntil(lambda: not _visible(app, "handoffPanel"), timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "saveButton"))
    qtbot.waitUntil(lambda: _visible(app, "signInPanel"), timeout=WAIT_MS)
    album.shoot(qtbot, app, "sign-in")
    for key in MEMBER:
        tap(qtbot, app, find_item(app, f"key_{key}"))
    tap(qtbot, app, find_item(app, "key_OK"))
    # The hub remembers a member's answer: consent is asked only the first time (each
    # tour's module has a hub of its own, so a tour sees it unless run twice on one hub).
    qtbot.waitUntil(lambda: _visible(app, "consentDialog") or shopper.signedIn, timeout=WAIT_MS)
    if _visible(app, "consentDialog"):
        album.shoot(qtbot, app, "consent")
        tap(qtbot, app, find_item(app, "consentYes"))
    qtbot.waitUntil(lambda: shopper.signedIn and _visible(app, "signOut"), timeout=WAIT_MS)
    qtbot.wait(4500)  # the welcome toast has said its piece
    album.shoot(qtbot, app, "member")
    # Made for the member: their wishlist from the app (the demo's), what suits them.
    qtbot.waitUntil(lambda: _visible(app, "tab_wishlist"), timeout=WAIT_MS)
    tap_tab(qtbot, app, "wishlist")
    qtbot.waitUntil(lambda: _visible(app, "pick_0"), timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "pick_0"))
    qtbot.waitUntil(lambda: _visible(app, "memberPrice"), timeout=WAIT_MS)
    album.shoot(qtbot, app, "wishlist")
    qtbot.waitUntil(lambda: _visible(app, "tab_suits"), timeout=WAIT_MS)
    tap_tab(qtbot, app, "suits")
    qtbot.waitUntil(lambda: _visible(app, "pick_0"), timeout=WAIT_MS)
    album.shoot(qtbot, app, "suits-you")
    tap_tab(qtbot, app, "lips")
    tap(qtbot, app, find_item(app, "signOut"))
    tap(qtbot, app, find_item(app, "photoButton"))
    qtbot.waitUntil(lambda: _visible(app, "photoYes"), timeout=WAIT_MS)
    album.shoot(qtbot, app, "photo-ask")
    tap(qtbot, app, find_item(app, "photoNo"))
    qtbot.waitUntil(lambda: not _visible(app, "photoCard"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not _visible(app, "memberBadge"), timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "textSizeToggle"))
    album.shoot(qtbot, app, "large-text")
    tap(qtbot, app, find_item(app, "textSizeToggle"))
    app.close()

    # Eyes, cheeks, brows and a whole look (the makeup shader needs the GPU path).
    app = kiosk_app(str(testdata / FACE), **{**common, **GPU})
    ctl = app.controller
    qtbot.waitUntil(lambda: ctl.faceFound, timeout=WAIT_MS)
    tap_tab(qtbot, app, "eyes")
    qtbot.waitUntil(lambda: _visible(app, "makeup_EYE-003"), timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "makeup_EYE-003"))
    qtbot.waitUntil(lambda: app.card.sku == "EYE-003", timeout=WAIT_MS)
    album.shoot(qtbot, app, "eyes", frames=4)
    tap_tab(qtbot, app, "looks")
    qtbot.waitUntil(lambda: _visible(app, "makeup_LOOK-004"), timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "makeup_LOOK-004"))
    qtbot.waitUntil(lambda: app.makeup.anyOn and ctl.selectedIndex >= 0, timeout=WAIT_MS)
    album.shoot(qtbot, app, "look", frames=4)
    app.close()

    # Compare: four shades side by side, a grid of shader cells (a PC with a GPU).
    app = kiosk_app(str(testdata / FACE), **{**common, **GPU})
    ctl = app.controller
    qtbot.waitUntil(lambda: ctl.faceFound, timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "shade_0"))
    tap(qtbot, app, find_item(app, "compareButton"))
    qtbot.waitUntil(lambda: ctl.compareMode, timeout=WAIT_MS)
    for shade in ("shade_2", "shade_4", "shade_6"):
        tap(qtbot, app, find_item(app, shade))
    album.shoot(qtbot, app, "compare", frames=4)
    app.close()

    # Clothes: the shelf, a garment on, its card.
    app = kiosk_app(str(testdata / BODY), **common, **{"capture.mirror": "false"})
    ctl = app.controller
    qtbot.waitUntil(lambda: ctl.framesShown >= 3 and ctl.faceFound, timeout=WAIT_MS)
    tap_tab(qtbot, app, "clothes")
    qtbot.waitUntil(lambda: _visible(app, "garment_0"), timeout=WAIT_MS)
    assert not find_item(app, "intensity").isVisible()  # strength means nothing for clothes
    tap(qtbot, app, find_item(app, "garment_0"))
    qtbot.waitUntil(lambda: app.card.sku.startswith("TOP-001-"), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: find_item(app, "stockSummary").isVisible(), timeout=WAIT_MS)
    album.shoot(qtbot, app, "clothes", frames=4)
    app.close()

    staff_screens(qtbot, kiosk_app, testdata, common, album)
    assert album.count >= 12


def staff_screens(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path, common: dict[str, str], album: Album
) -> None:
    """Staff: the sign-in's two steps, a wrong PIN, the menu, and a closed mirror. On a hub
    whose kiosk is in the store of the demo's staff member S-JA-01 (PIN 246810)."""
    with (
        tempfile.TemporaryDirectory() as folder,
        start_hub(Path(folder), store_id="SH-JINGAN") as hub,
    ):
        settings = {**common, **on_hub(hub), "kiosk.mode": "kiosk"}
        app = kiosk_app(str(testdata / FACE), **settings)
        staff = app.staff
        qtbot.waitUntil(lambda: app.controller.faceFound, timeout=WAIT_MS)
        staff.hold()
        type_on(qtbot, app, "staffNumberPad", "S-JA-0")
        album.shoot(qtbot, app, "staff-number")
        staff.enterNumber("S-JA-01")
        staff.submit("111111")
        qtbot.waitUntil(lambda: staff.problem == "wrong", timeout=WAIT_MS)
        type_on(qtbot, app, "staffPinPad", "2468")
        album.shoot(qtbot, app, "staff-pin-wrong")
        staff.submit("246810")
        qtbot.waitUntil(lambda: staff.stage == "menu", timeout=WAIT_MS)
        album.shoot(qtbot, app, "staff-menu")
        staff.style()  # the stylist's panel, a look kept, the size noted
        qtbot.waitUntil(lambda: app.styling.active, timeout=WAIT_MS)
        app.controller.selectShade(1)
        app.styling.keepLook()
        app.styling.noteSize("M")
        album.shoot(qtbot, app, "styling")
        flag = app.settings.records.resolved_device_secret_path().parent / CLOSED_FLAG
        app.close()
        flag.write_text("closed by staff\n", encoding="utf-8")
        try:
            app = kiosk_app(str(testdata / FACE), **settings)
            qtbot.waitUntil(lambda: _visible(app, "closedSign"), timeout=WAIT_MS)
            album.shoot(qtbot, app, "closed", frames=0)
            app.close()
        finally:
            flag.unlink()
