"""One shopper across channels, at the real window against a real hub: a shade the member
wished for in the app (posted by the shop's own credential) waits on the mirror after
sign-in, one tap puts it on; the member's tier, points and member price show; an app look
goes on whole, is saved at the mirror and read back through the shop's credential; "suits
you" appears from the shopper's skin before any sign-in, with its one-line reason; a
sign-out takes the member's shelves away and the session's end takes everything."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from kiosk.session.consent import CONSENT_TEXT_VERSION
from tests.helpers import AppFactory
from tests.hub_credentials import headers
from tests.hub_server import RunningHub, start_hub
from tests.ui.conftest import on_hub
from tests.ui.screen import WAIT_MS, find_item, start_on_face, tap, tap_tab

LI_NA = "M-7QX4KZ2RB9"  # the demo member whose app shows the code 31415926
CODE = "31415926"
WISHED = "LIP-007"  # wished for in the app during this test (the demo seed has others)


@pytest.fixture
def shop_hub(tmp_path: Path) -> Iterator[RunningHub]:
    with start_hub(tmp_path) as hub:
        yield hub


def shop_wishes(hub: RunningHub, sku: str) -> None:
    """The online shop, for its signed-in member: their consent (given in the app), then a
    wishlist event through the same events API the mirror uses."""
    shop = headers(hub.db_url, "shop")
    consent = {"granted": True, "text_version": CONSENT_TEXT_VERSION, "locale": "zh-CN"}
    r = httpx.put(f"{hub.url}/v1/members/{LI_NA}/consent", json=consent, headers=shop)
    assert r.status_code == 200, r.text
    now = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    event = {
        "specversion": "1.0",
        "id": f"wish-{sku}",
        "source": "shop.example/app",
        "type": "shop.wishlist.added",
        "time": now,
        "data": {"member_id": LI_NA, "sku": sku},
    }
    r = httpx.post(f"{hub.url}/v1/events", json={"events": [event]}, headers=shop)
    assert r.status_code == 200 and r.json()["accepted"] == 1 and r.json()["redacted"] == 0


def test_the_app_wishlist_and_looks_wait_on_the_mirror_and_leave_with_the_member(
    qtbot: QtBot, kiosk_app: AppFactory, shop_hub: RunningHub, testdata: Path
) -> None:
    shop_wishes(shop_hub, WISHED)
    app = start_on_face(
        qtbot, kiosk_app, testdata / "faces/mouth_open_d19.jpg", choose=None, **on_hub(shop_hub)
    )
    ctl, shelves, shopper, for_you = app.controller, app.shelves, app.shopper, app.for_you  # type: ignore[attr-defined]

    def tabs() -> list[str]:
        model = shelves.categories
        return [model.item(i)[0] for i in range(model.rowCount())]

    # Before anyone signs in: the shades that suit this face, each with its reason.
    qtbot.waitUntil(lambda: "suits" in tabs(), timeout=WAIT_MS)
    assert "wishlist" not in tabs() and "app_looks" not in tabs()
    tap_tab(qtbot, app, "suits")
    qtbot.waitUntil(lambda: find_item(app, "pick_0").isVisible(), timeout=WAIT_MS)
    assert find_item(app, "forYouCaption").property("text")
    reason = find_item(app, "pickReason_0").property("text")
    assert "undertone" in reason  # "Suits light skin, warm undertone"

    # The member signs in with their app's code; consent was given in the app.
    tap_tab(qtbot, app, "lips")
    shopper.openSignIn()
    qtbot.waitUntil(lambda: find_item(app, "signInPanel").isVisible(), timeout=WAIT_MS)
    for key in CODE:
        tap(qtbot, app, find_item(app, f"key_{key}"))
    tap(qtbot, app, find_item(app, "key_OK"))
    qtbot.waitUntil(lambda: shopper.signedIn and shopper.recording, timeout=WAIT_MS)
    assert not find_item(app, "consentDialog").isVisible()  # the app's answer holds here
    qtbot.waitUntil(lambda: {"wishlist", "app_looks"} <= set(tabs()), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: bool(for_you.membership), timeout=WAIT_MS)
    assert "points" in for_you.membership and "2,680" in for_you.membership  # seed + none earned

    # From your wishlist: the shade wished for in the app, one tap puts it on.
    tap_tab(qtbot, app, "wishlist")
    qtbot.waitUntil(lambda: find_item(app, "pick_0").isVisible(), timeout=WAIT_MS)
    names = [for_you.picks.item(i).key for i in range(for_you.picks.rowCount())]
    assert WISHED in names
    tap(qtbot, app, find_item(app, f"pick_{names.index(WISHED)}"))
    qtbot.waitUntil(lambda: app.card.sku == WISHED, timeout=WAIT_MS)  # type: ignore[attr-defined]
    shade = ctl.selected_shade()
    assert shade is not None and shade.sku == WISHED
    assert shelves.category == "wishlist"  # the shelf stays open for the next one
    # The member price (gold: the hub's discount) on the card, below the price.
    qtbot.waitUntil(lambda: app.card.memberPrice != "", timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert app.card.memberPrice.startswith("Member price ¥")  # type: ignore[attr-defined]

    # Your looks from the app: its shade at its strength, and its top.
    tap_tab(qtbot, app, "app_looks")
    qtbot.waitUntil(lambda: find_item(app, "pick_0").isVisible(), timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "pick_0"))
    qtbot.waitUntil(lambda: (ctl.selected_shade() or shade).sku == "LIP-003", timeout=WAIT_MS)
    assert abs(ctl.intensity - 0.7) < 1e-6

    # Saved at the mirror (the look on now), then read by the online shop's credential:
    # the shade with its strength and finish.
    tap(qtbot, app, find_item(app, "saveButton"))
    shop = headers(shop_hub.db_url, "shop")

    def mirror_looks() -> list[dict[str, object]]:
        r = httpx.get(f"{shop_hub.url}/v1/members/{LI_NA}/looks?channel=mirror", headers=shop)
        assert r.status_code == 200, r.text
        return list(r.json()["looks"])

    qtbot.waitUntil(lambda: bool(mirror_looks()), timeout=WAIT_MS)
    (saved,) = mirror_looks()
    items = {i["sku"]: i for i in saved["items"]}  # type: ignore[attr-defined]
    assert items["LIP-003"]["finish"] == "cream"  # Peony Pink, as worn
    assert abs(items["LIP-003"]["intensity"] - 0.7) < 0.01
    assert set(items) <= {"LIP-003", "TOP-006-S", "TOP-006"}  # and the look's top, if worn
    assert saved["photo_url"] is None  # no photo was kept with it

    # Signed out: the member's shelves go; what suits the shopper's skin stays.
    shopper.signOut()
    qtbot.waitUntil(lambda: "wishlist" not in tabs(), timeout=WAIT_MS)
    assert "suits" in tabs() and for_you.membership == "" and app.card.memberPrice == ""  # type: ignore[attr-defined]
    assert shelves.category == "lips"  # the open made-for-you shelf went with the member

    # The session's end: nothing of the shopper stays for the next one.
    app.lifecycle.end(time.monotonic(), "left")  # type: ignore[attr-defined]
    assert app.tone.reading is None  # type: ignore[attr-defined]
    assert not set(tabs()) & {"suits", "wishlist", "app_looks"} and not shopper.signedIn

    # What the hub holds after the shopper: the wishlist row the shop's event made, and no
    # reading of anyone's skin anywhere (it never leaves the mirror).
    assert_hub_holds_the_wish_and_no_skin(shop_hub)


def assert_hub_holds_the_wish_and_no_skin(shop_hub: RunningHub) -> None:
    path = shop_hub.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT sku, channel FROM wishlist WHERE member_id = ?", (LI_NA,)
        ).fetchall()
        assert (WISHED, "online") in rows
        blobs = [r[0] for r in db.execute("SELECT data FROM events")]
    assert not any(k in json.loads(b) for b in blobs for k in ("ita", "undertone", "depth"))
