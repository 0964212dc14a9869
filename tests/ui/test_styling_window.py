"""A stylist's whole session at the real window, against a real hub: sign in, find a
product by its barcode and others by name on the on-screen keys, keep and compare four
looks, note a size, save the lookbook to a consenting member's account, send a look to
checkout as a cart QR read off the screen, and end."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import cv2
import httpx
import pytest
import zxingcpp
from pytestqt.qtbot import QtBot

from tests.helpers import AppFactory
from tests.hub_server import RunningHub, start_hub
from tests.ui.conftest import on_hub
from tests.ui.screen import GPU, WAIT_MS, find_item, grab_bgr, start_on_face, tap, type_on
from tests.ui.test_staff_window import sign_in

MEMBER_NUMBER = "31415926"  # the code Li Na's member app shows (demo data)
SHOTS = Path("/tmp/kiosk-test-shots")


@pytest.fixture(scope="module")
def styling_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """A hub of this module's own (a member's consent is remembered), its kiosk in the
    store of the demo's staff member S-JA-01 (PIN 246810)."""
    with start_hub(tmp_path_factory.mktemp("styling-hub"), store_id="SH-JINGAN") as hub:
        yield hub


def search(qtbot: QtBot, app: object, text: str) -> None:
    keys = find_item(app, "stylingKeys")
    if not keys.isVisible():
        tap(qtbot, app, find_item(app, "stylingSearch"))
        qtbot.waitUntil(keys.isVisible, timeout=WAIT_MS)
    type_on(qtbot, app, "stylingKeys", text)


def clear_search(qtbot: QtBot, app: object) -> None:
    if app.styling.query:  # type: ignore[attr-defined]
        search(qtbot, app, "")
    type_on(qtbot, app, "stylingKeys", "⌫" * len(app.styling.query))  # type: ignore[attr-defined]
    assert not app.styling.query  # type: ignore[attr-defined]
    tap(qtbot, app, find_item(app, "stylingSearch"))  # the keys go down: the looks show


def keep(qtbot: QtBot, app: object, count: int) -> None:
    tap(qtbot, app, find_item(app, "keepLook"))
    qtbot.waitUntil(lambda: app.styling.lookCount == count, timeout=WAIT_MS)  # type: ignore[attr-defined]


def test_a_stylist_runs_a_whole_session(
    qtbot: QtBot, kiosk_app: AppFactory, styling_hub: RunningHub, testdata: Path
) -> None:
    app = start_on_face(
        qtbot, kiosk_app, testdata / "videos/talk_d10.mp4", choose=None,
        **on_hub(styling_hub), **GPU,
    )  # fmt: skip
    staff, styling, ctl, shopper = app.staff, app.styling, app.controller, app.shopper  # type: ignore[attr-defined]
    sign_in(qtbot, app)
    qtbot.waitUntil(lambda: staff.stage == "menu", timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "staffStyle"))
    qtbot.waitUntil(lambda: styling.active and not staff.open, timeout=WAIT_MS)
    assert shopper.visit.staff_id == "S-JA-01"

    def worn() -> str:
        shade = ctl.selected_shade()
        return shade.sku if shade is not None else ""

    # A barcode typed on the keys: looked up at the hub, put on at once.
    search(qtbot, app, "6920250000022")
    qtbot.waitUntil(lambda: worn() == "LIP-002", timeout=WAIT_MS)
    keep(qtbot, app, 1)
    clear_search(qtbot, app)
    # By name: the first result of "CORAL", then of "BERRY".
    for count, word in ((2, "CORAL"), (3, "BERRY")):
        search(qtbot, app, word)
        qtbot.waitUntil(lambda: styling.results.rowCount() > 0, timeout=WAIT_MS)
        tap(qtbot, app, find_item(app, "result_0"))
        qtbot.waitUntil(lambda w=word: w.casefold() in ctl.selected_shade().name.casefold(),
                        timeout=WAIT_MS)  # fmt: skip
        keep(qtbot, app, count)
        clear_search(qtbot, app)
    # A garment in the size noted for the shopper, with the last shade.
    tap(qtbot, app, find_item(app, "size_M"))
    search(qtbot, app, "TOP-001")
    qtbot.waitUntil(lambda: styling.results.rowCount() > 0, timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "result_0"))
    qtbot.waitUntil(lambda: app.garments.product() is not None, timeout=WAIT_MS)  # type: ignore[attr-defined]
    keep(qtbot, app, 4)
    assert styling.full and not find_item(app, "keepLook").isEnabled()
    garment_look = styling.styling.looks[3]
    assert garment_look.garment is not None and garment_look.garment.sku.endswith("-M")

    # Compare: the looks' shades side by side in the shader grid.
    tap(qtbot, app, find_item(app, "compareLooks"))
    qtbot.waitUntil(lambda: ctl.compareMode, timeout=WAIT_MS)
    assert len(ctl.compareSkus) == 3 and ctl.compareSkus[0] == "LIP-002"  # 4 looks, 3 shades
    SHOTS.mkdir(exist_ok=True)
    cv2.imwrite(str(SHOTS / "styling_compare.png"), grab_bgr(app))
    assert find_item(app, "compareLooks").property("text") == "Stop comparing"
    tap(qtbot, app, find_item(app, "compareLooks"))
    qtbot.waitUntil(lambda: not ctl.compareMode, timeout=WAIT_MS)
    # Wearing a kept look again puts its shade back on.
    tap(qtbot, app, find_item(app, "look_0"))
    qtbot.waitUntil(lambda: worn() == "LIP-002", timeout=WAIT_MS)

    # The member signs in and agrees: the lookbook goes to their account, credited to staff.
    shopper.openSignIn()
    shopper.submitNumber(MEMBER_NUMBER)
    qtbot.waitUntil(lambda: shopper.consentOpen or shopper.recording, timeout=WAIT_MS)
    if shopper.consentOpen:
        shopper.decideConsent(True)
    qtbot.waitUntil(lambda: shopper.recording and styling.memberSignedIn, timeout=WAIT_MS)
    tap(qtbot, app, find_item(app, "saveLookbookMember"))
    qtbot.waitUntil(lambda: styling.handover in ("saved", "failed"), timeout=WAIT_MS)
    assert styling.handover == "saved", styling.problem
    row = _lookbooks(styling_hub)[-1]
    assert row["staff_id"] == "S-JA-01" and row["member_id"] and row["code_hash"] is None
    assert row["session_id"] == shopper.visit.session_id
    looks = json.loads(row["looks"])
    assert [i["sku"] for i in looks[0]["items"]] == ["LIP-002"]
    assert len(looks) == 4

    # The last look to checkout: a cart QR read off the screen, credited to the stylist.
    tap(qtbot, app, find_item(app, "lookToCheckout"))
    qtbot.waitUntil(lambda: styling.handover in ("cart", "failed"), timeout=WAIT_MS)
    assert styling.handover == "cart", styling.problem
    qtbot.wait(300)  # a frame of the scene graph with the QR texture
    shot = grab_bgr(app)
    cv2.imwrite(str(SHOTS / "styling_cart.png"), shot)
    reads = [r.text for r in zxingcpp.read_barcodes(cv2.cvtColor(shot, cv2.COLOR_BGR2GRAY))]
    links = [u for u in reads if "/h/" in u]
    assert links, f"no cart QR read off the screen: {reads}"
    hop = httpx.get(links[0], follow_redirects=False, timeout=10)
    assert hop.status_code == 302, hop.text
    query = parse_qs(urlparse(hop.headers["location"]).query)
    assert query["attributes[staff]"] == ["S-JA-01"]
    assert query["attributes[session]"] == [shopper.visit.session_id]
    cart = urlparse(hop.headers["location"]).path.rsplit("/", 1)[-1]
    assert len(cart.split(",")) == 2  # the look's shade and its garment, one each

    # Done: back to the menu, then signed out; the looks and notes are gone.
    tap(qtbot, app, find_item(app, "stylingDone"))
    qtbot.waitUntil(lambda: staff.stage == "menu" and not styling.active, timeout=WAIT_MS)
    assert styling.lookCount == 0 and styling.size == ""
    tap(qtbot, app, find_item(app, "staffClose"))
    qtbot.waitUntil(lambda: not staff.signedIn, timeout=WAIT_MS)
    assert shopper.visit.staff_id is None


def _lookbooks(hub: RunningHub) -> list[dict[str, object]]:
    path = hub.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT * FROM lookbooks ORDER BY created_at").fetchall()
    return [dict(r) for r in rows]
