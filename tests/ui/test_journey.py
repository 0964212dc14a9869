"""Whole journeys through the real window: a shopper uses everything and walks away, and
the next one meets a fresh mirror; late answers for a gone shopper change nothing; a
video that ends (no frames at all) ends the session of a signed-in member."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from tests.helpers import AppFactory
from tests.hub_server import RunningHub
from tests.ui.conftest import on_hub
from tests.ui.screen import GPU, WAIT_MS, find_item, tap
from tests.ui.stage_camera import StageCamera

pytestmark = pytest.mark.slow
SHOPPER_1 = "lips/celebamask_0.jpg"
SHOPPER_2 = "lips/celebamask_3.jpg"
MEMBER_NUMBER = "31415926"  # the code Li Na's member app shows (demo data)
QUICK = {
    "session.greet_after_s": "0.3",
    "session.leaving_after_s": "1.5",
    "session.end_after_s": "4",
    "session.scanning_grace_s": "1",
    "records.send_interval_s": "0.1",
}


def hub_events(hub: RunningHub) -> list[tuple[str, str | None, dict]]:
    db = hub.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT type, member_id, data FROM events").fetchall()
    return [(t, m, json.loads(d)) for t, m, d in rows]


def sign_in_and_consent(qtbot: QtBot, app: object) -> None:
    shopper = app.shopper  # type: ignore[attr-defined]
    tap(qtbot, app, find_item(app, "saveButton"))
    qtbot.waitUntil(lambda: shopper.signInOpen, timeout=WAIT_MS)
    # The number as the keypad's OK sends it (the keypad itself: test_shopper_flow.py); the
    # panel sits where the gliding layout puts it, and a tap mid-glide may miss a key.
    shopper.submitNumber(MEMBER_NUMBER)
    qtbot.waitUntil(lambda: shopper.consentOpen, timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "consentYes"))
    qtbot.waitUntil(lambda: shopper.recording, timeout=WAIT_MS)


def test_the_next_shopper_meets_a_fresh_mirror(
    qtbot: QtBot, kiosk_app: AppFactory, own_hub: RunningHub, testdata: Path
) -> None:
    camera = StageCamera()
    camera.show(testdata / SHOPPER_1)
    app = kiosk_app(camera, **QUICK, **on_hub(own_hub), **GPU)  # compares shades
    ctl, card, store, shopper = app.controller, app.card, app.store_panel, app.shopper
    shelves, garments = app.shelves, app.garments
    default_intensity = ctl.intensity
    qtbot.waitUntil(lambda: ctl.stage == "engaged", timeout=WAIT_MS)
    # Arrival: the shopper as they are, nothing painted, no product card yet.
    assert ctl.selectedIndex == -1 and not card.visible

    # Shopper 1 chooses a shade, a strength, compares, signs in with consent ...
    tap(qtbot, app, find_item(app, "shade_2"))
    qtbot.waitUntil(lambda: card.visible and store.known, timeout=WAIT_MS)
    assert ctl.stage == "trying" and ctl.selectedIndex == 2
    ctl.setIntensity(0.35)
    sign_in_and_consent(qtbot, app)
    first_session = shopper.visit.session_id
    # ... buys online (a QR tied to their member ID), reserves, and tries a garment.
    tap(qtbot, app, find_item(app, "buyOnlineButton"))
    qtbot.waitUntil(lambda: shopper.handoffUrl != "", timeout=WAIT_MS)
    # The Buy-online panel is modal (its dim layer takes every touch), so a tap on Reserve
    # behind it does nothing; the shopper's second way on is raised on the card's intent,
    # as the button does, so both panels are open when they walk away.
    tap(qtbot, app, find_item(app, "reserveButton"))
    qtbot.wait(300)
    assert not store.reservationOpen
    card.reserve()
    qtbot.waitUntil(lambda: store.pickupCode != "", timeout=WAIT_MS)
    assert store.reservationOpen
    if garments.available:
        shelves.showCategory("clothes")
        garments.select(0)
        assert garments.selectedIndex == 0
        shelves.showCategory("lips")
    # ... takes a photo (asked first, sent to their phone by QR, a copy kept meanwhile) ...
    photo = app.photo
    photo.take()
    photo.confirm()
    qtbot.waitUntil(lambda: photo.stage == "ready", timeout=WAIT_MS)
    assert len(photo.photos.kept) == 1 and photo.photos.kept[0].exists()
    photo_url = photo.view.url
    ctl.toggleCompare()
    ctl.selectShade(4)
    assert ctl.compareMode and len(ctl.compareSkus) == 2
    qtbot.waitUntil(
        lambda: (
            {"tryon.reservation.made", "tryon.handoff.created"}
            <= {t for t, _, d in hub_events(own_hub) if d.get("session_id") == first_session}
        ),
        timeout=WAIT_MS,
    )

    # Shopper 1 walks away: the room is empty until the session ends.
    camera.show(None)
    qtbot.waitUntil(lambda: ctl.stage == "leaving", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: ctl.stage == "attract", timeout=WAIT_MS)

    # Shopper 2 arrives and meets a fresh mirror.
    camera.show(testdata / SHOPPER_2)
    qtbot.waitUntil(lambda: ctl.stage == "engaged", timeout=WAIT_MS)
    second_session = shopper.visit.session_id
    assert second_session not in (None, first_session)
    assert ctl.selectedIndex == -1 and ctl.intensity == pytest.approx(default_intensity)
    assert not ctl.compareMode and list(ctl.compareSkus) == []
    assert garments.selectedIndex == -1 and shelves.category == "lips"
    assert not card.visible and card.sku == ""
    assert not store.reservationOpen and store.pickupCode == "" and store.sku == ""
    assert not shopper.handoffOpen and shopper.handoffUrl == ""
    assert not shopper.signedIn and shopper.memberName == "" and not shopper.recording
    assert not shopper.signInOpen and not shopper.consentOpen and shopper.memberMessage == ""
    assert not find_item(app, "memberBadge").isVisible()
    assert not find_item(app, "handoffPanel").isVisible()
    assert not find_item(app, "reservationPanel").isVisible()
    # Their photo left the kiosk with them (it waits on the hub for their phone).
    assert not photo.open and photo.view is None and not find_item(app, "photoDialog").isVisible()
    assert photo.photos.kept == () and list(photo.photos.folder.glob("*")) == []
    assert httpx.get(f"{photo_url}/photo.jpg", timeout=10).status_code == 200

    # The records: shopper 1's visit closed with their try-on; shopper 2's has nothing of theirs.
    def of(session: str | None) -> list[tuple[str, str | None, dict]]:
        return [e for e in hub_events(own_hub) if e[2].get("session_id") == session]

    qtbot.waitUntil(
        lambda: any(t == "tryon.session.ended" for t, _, _ in of(first_session)), timeout=WAIT_MS
    )
    qtbot.waitUntil(lambda: len(of(second_session)) >= 1, timeout=WAIT_MS)
    qtbot.wait(1500)  # the second shopper stands there, choosing nothing
    later = of(second_session)
    assert [t for t, _, _ in later] == ["tryon.session.started"]
    assert all(m is None for _, m, _ in later)


def test_late_answers_for_a_gone_shopper_change_nothing(
    qtbot: QtBot, kiosk_app: AppFactory, own_hub: RunningHub, testdata: Path
) -> None:
    """The hand-off, the hold and the member lookup are asked for, and the session ends
    before their answers are handled: none reaches the screen or the new session."""
    camera = StageCamera()
    camera.show(testdata / SHOPPER_1)
    app = kiosk_app(camera, **QUICK, **on_hub(own_hub))
    ctl, store, shopper = app.controller, app.store_panel, app.shopper
    qtbot.waitUntil(lambda: ctl.stage == "engaged", timeout=WAIT_MS)
    ctl.selectShade(1)
    qtbot.waitUntil(lambda: store.known, timeout=WAIT_MS)
    gone, sku = shopper.visit.session_id, store.sku
    on_shelf = app.store.stock(sku).result(10).available_here
    # All three asked, and the session ended, in one turn of the UI thread: every answer
    # can only be handled after the wipe.
    shopper.buyOnline()
    store.reserve()
    shopper.submitNumber(MEMBER_NUMBER)
    app.lifecycle.end(time.monotonic(), "left")
    assert ctl.stage == "attract"
    qtbot.wait(2000)  # the hub answers in milliseconds on loopback
    assert shopper.handoffUrl == "" and not shopper.handoffOpen
    assert store.pickupCode == "" and not store.reservationOpen and not store.reserving
    assert not shopper.signedIn and not shopper.consentOpen and not shopper.memberBusy
    # The hold nobody saw was cancelled at the hub, not left to keep the stock from others.
    qtbot.waitUntil(
        lambda: app.store.stock(sku).result(10).available_here == on_shelf, timeout=WAIT_MS
    )
    qtbot.waitUntil(
        lambda: any(
            t == "tryon.session.ended" and d.get("session_id") == gone
            for t, _, d in hub_events(own_hub)
        ),
        timeout=WAIT_MS,
    )
    of_gone = [t for t, _, d in hub_events(own_hub) if d.get("session_id") == gone]
    assert "tryon.handoff.created" not in of_gone and "tryon.reservation.made" not in of_gone


def test_a_video_that_ends_ends_a_signed_in_members_session(
    qtbot: QtBot, kiosk_app: AppFactory, own_hub: RunningHub, testdata: Path
) -> None:
    app = kiosk_app(
        str(testdata / "videos/talk_d10.mp4"),
        **QUICK,
        **on_hub(own_hub),
        **{"capture.loop": "false"},
    )
    ctl, shopper = app.controller, app.shopper
    qtbot.waitUntil(lambda: ctl.stage == "engaged", timeout=WAIT_MS)
    shopper.submitNumber(MEMBER_NUMBER)
    qtbot.waitUntil(lambda: shopper.signedIn, timeout=WAIT_MS)
    session = shopper.visit.session_id
    # The video ends: no frames at all from then on, and the session ends by the clock.
    qtbot.waitUntil(lambda: app.capture.state == "ended", timeout=30_000)
    qtbot.waitUntil(lambda: ctl.stage == "attract", timeout=WAIT_MS)
    assert not shopper.signedIn and shopper.visit.session_id is None
    qtbot.waitUntil(
        lambda: any(
            t == "tryon.session.ended" and d.get("session_id") == session
            for t, _, d in hub_events(own_hub)
        ),
        timeout=WAIT_MS,
    )
