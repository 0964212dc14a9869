"""The product card's store side in the real window, against the real hub on loopback."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import cv2
import httpx
from pytestqt.qtbot import QtBot

from tests.helpers import AppFactory
from tests.hub_credentials import mover
from tests.hub_server import RunningHub
from tests.ui.screen import WAIT_MS, find_item, grab_bgr, start_on_face, tap

LIVE_MS = 2000 + 1500  # the 2 s, plus slack for a loaded test machine


def _rows(app: object) -> list[tuple[str, str]]:
    rows = app.card.rows  # type: ignore[attr-defined]
    return [(rows.item(i).channel, rows.item(i).detail) for i in range(rows.rowCount())]


def _here(hub: RunningHub, sku: str) -> dict:
    report = httpx.get(f"{hub.url}/v1/stock/{sku}", headers=hub.headers, timeout=10).json()
    return report["channels"][0]


def test_card_shows_stock_by_channel_and_the_price_flag(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = start_on_face(qtbot, kiosk_app, testdata / "videos/talk_d10.mp4")
    ctl, store, card = app.controller, app.store_panel, app.card  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: store.known and store.sku == "LIP-001", timeout=WAIT_MS)
    channels = [c for c, _ in _rows(app)]
    assert channels[0] == "this_store" and channels[-1] == "online"
    assert "nearby" in channels
    assert store.live and card.stockNote == ""
    assert not find_item(app, "priceNote").isVisible()
    ctl.selectShade(3)  # LIP-004 Classic Red: the demo SKU priced lower online
    qtbot.waitUntil(lambda: store.sku == "LIP-004" and store.known, timeout=WAIT_MS)
    assert card.priceNote == "Online price: ¥209.00"  # a neutral note (store default)
    assert card.priceNoteKind == "note"
    note = find_item(app, "priceNote")
    qtbot.waitUntil(note.isVisible, timeout=WAIT_MS)
    assert note.property("text") == "Online price: ¥209.00"
    cv2.imwrite(str(Path("/tmp/kiosk-test-shots") / "store_card.png"), grab_bgr(app))


def test_reserve_here_and_a_sale_elsewhere_reach_the_card(
    qtbot: QtBot, kiosk_app: AppFactory, ui_hub: RunningHub, testdata: Path
) -> None:
    app = start_on_face(qtbot, kiosk_app, testdata / "videos/talk_d10.mp4")
    ctl, store = app.controller, app.store_panel  # type: ignore[attr-defined]
    ctl.selectShade(6)  # LIP-007, used by no other window test
    qtbot.waitUntil(lambda: store.sku == "LIP-007" and store.known, timeout=WAIT_MS)
    before = _here(ui_hub, "LIP-007")
    assert before["available"] >= 2, "the demo data should stock LIP-007 here"
    button = find_item(app, "reserveButton")
    tap(qtbot, app, button)
    qtbot.waitUntil(lambda: store.pickupCode != "", timeout=WAIT_MS)
    assert len(store.pickupCode) == 6 and "until" in store.reservationText
    assert find_item(app, "pickupCode").isVisible()
    assert find_item(app, "pickupCode").property("text") == store.pickupCode
    after = _here(ui_hub, "LIP-007")
    assert after["reserved"] == before["reserved"] + 1
    tap(qtbot, app, find_item(app, "reservationDone"))
    qtbot.waitUntil(lambda: store.reservationText == "", timeout=WAIT_MS)
    # Another channel (the POS) sells every unit left: the card says so within seconds.
    sale = {
        "movements": [
            {
                "movement_id": f"pos-{uuid.uuid4().hex}",
                "kind": "pos_sale",
                "sku": "LIP-007",
                "location_id": after["location_id"],
                "quantity": after["available"],
            }
        ]
    }
    till = mover(ui_hub.db_url, "pos_sale", after["location_id"])  # a kiosk may not sell
    answer = httpx.post(f"{ui_hub.url}/v1/movements", json=sale, headers=till)
    assert answer.status_code == 200, answer.text
    qtbot.waitUntil(lambda: _rows(app)[0][1] == "None left", timeout=LIVE_MS)
    assert store.availableHere == 0
    qtbot.waitUntil(lambda: not button.property("enabled"), timeout=WAIT_MS)


def test_the_hubs_price_replaces_the_shipped_one(
    qtbot: QtBot, kiosk_app: AppFactory, ui_hub: RunningHub, testdata: Path
) -> None:
    """One price in every channel: the shelf quotes the hub's, not the one shipped in assets."""
    db = ui_hub.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(db) as conn:  # head office reprices LIP-012 (shipped at 169.00)
        conn.execute(
            "UPDATE prices SET amount_cents = 17900 WHERE sku = 'LIP-012' AND channel = 'store'"
        )
    app = start_on_face(qtbot, kiosk_app, testdata / "videos/talk_d10.mp4")
    ctl = app.controller  # type: ignore[attr-defined]
    shades = ctl.shades
    row = next(i for i in range(shades.rowCount()) if shades.item(i).sku == "LIP-012")
    qtbot.waitUntil(lambda: shades.item(row).price.text() == "¥179.00", timeout=WAIT_MS)
    ctl.selectShade(row)
    card = app.card  # type: ignore[attr-defined]
    assert card.sku == "LIP-012" and card.price == "¥179.00"  # before its stock is known
    qtbot.waitUntil(lambda: app.store_panel.known, timeout=WAIT_MS)  # type: ignore[attr-defined]
    assert card.price == "¥179.00"  # and after: the hub's price everywhere
    assert find_item(app, "productPrice").property("text") == "¥179.00"
