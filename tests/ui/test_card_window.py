"""The seam through the real window: bound image sources, the card's final texts for a
shade and a garment in a size, shelf intents from QML, and a scanned product's shelf.

Controls are found by objectName and tapped like a user; what the screen shows is read
from the QML items themselves, so a binding that broke would fail here.
"""

from __future__ import annotations

import re
from pathlib import Path

import cv2
import httpx
from pytestqt.qtbot import QtBot

from kiosk.catalog.money import format_money
from kiosk.session.visit import OnScreen
from kiosk.ui.frame_item import FrameItem, LayerItem, QrItem
from tests.helpers import AppFactory
from tests.hub_server import RunningHub
from tests.ui.screen import WAIT_MS, find_item, grab_bgr, tab_item, tap, tap_tab, wait_frames
from tests.vision.code_frames import Holding, draw_code, hold_up, read_frame

BODY = "bodies/vitonhd_00121_00.jpg"  # a person in a black tee, face in view
SHOTS = Path("/tmp/kiosk-test-shots")


def _text(app: object, name: str) -> str:
    return str(find_item(app, name).property("text"))


def _store_price(hub: RunningHub, sku: str) -> str:
    """This store's price for `sku` as the hub states it, written by the one formatter."""
    stock = httpx.get(f"{hub.url}/v1/stock/{sku}", headers=hub.headers, timeout=10).json()
    price = stock["channels"][0]["price"]
    return format_money(price["amount"], price["currency"])


def _here(hub: RunningHub, sku: str) -> int:
    stock = httpx.get(f"{hub.url}/v1/stock/{sku}", headers=hub.headers, timeout=10).json()
    return int(stock["channels"][0]["available"])


def _here_words(here: int) -> str:
    """What the card's stock line starts with for `here` units on this store's shelf."""
    if here <= 0:
        return "Not on the shelf here right now"
    if here == 1:
        return "On the shelf here · the last one"
    return f"On the shelf here · {here} left" if here <= 3 else "On the shelf here"


def test_items_show_the_image_sources_they_are_bound_to(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = kiosk_app(str(testdata / "faces/mouth_open_d19.jpg"))
    ctl, compositor, shopper = app.controller, app.compositor, app.shopper
    qtbot.waitUntil(lambda: ctl.framesShown >= 3, timeout=WAIT_MS)
    mirror = find_item(app, "mirror")
    assert isinstance(mirror, FrameItem)
    assert mirror.property("source") is ctl.mirrorFrame
    assert mirror.image() is not None  # the newest frame, without Python touching the item
    assert mirror.image().size() == ctl.mirrorFrame.image().size()
    # the shader's uv maps onto frame pixels through the mirror's size, bound in QML
    size = compositor.property("viewSize")
    assert (size.width(), size.height()) == (mirror.width(), mirror.height()) != (0.0, 0.0)
    assert find_item(app, "lipMask").property("source") is compositor.lipMask
    garment = find_item(app, "garmentLayer")
    assert isinstance(garment, LayerItem) and garment.property("source") is compositor.garmentLayer
    for cell in range(4):
        assert (
            find_item(app, f"compareMask{cell}").property("source") is compositor.compareMasks[cell]
        )
        assert find_item(app, f"compareGarment{cell}").property("source") is compositor.garmentLayer
    qr = find_item(app, "handoffQr")
    assert isinstance(qr, QrItem) and qr.property("source") is shopper.handoffQr
    assert qr.image() is None  # no code until Buy online is tapped


def test_the_card_says_it_for_a_shade_and_for_a_garment_in_a_size(
    qtbot: QtBot, kiosk_app: AppFactory, ui_hub: RunningHub, testdata: Path
) -> None:
    app = kiosk_app(
        str(testdata / BODY),
        **{"kiosk.window_width": "768", "kiosk.window_height": "1024", "capture.mirror": "false"},
    )
    ctl, card, store, shelves = app.controller, app.card, app.store_panel, app.shelves
    qtbot.waitUntil(lambda: ctl.framesShown >= 3, timeout=WAIT_MS)
    assert not card.visible  # the mirror starts bare: no card until the shopper chooses
    ctl.selectShade(0)
    qtbot.waitUntil(lambda: store.known, timeout=WAIT_MS)
    # A shade: its name, finish and colour, the hub's price, and its stock in one line.
    assert store.sku == card.sku == "LIP-001"
    assert _text(app, "productName") == "Crimson Velvet"
    assert _text(app, "productDetail") == "Matte"
    assert _text(app, "productPrice") == _store_price(ui_hub, "LIP-001")
    here = _here(ui_hub, "LIP-001")
    summary = _text(app, "stockSummary")
    assert summary.startswith(_here_words(here)) and summary.endswith("  ▾"), summary
    assert card.swatch == ctl.selected_shade().shade.color
    SHOTS.mkdir(exist_ok=True)
    cv2.imwrite(str(SHOTS / "card_shade.png"), grab_bgr(app))

    # Clothes, from the tab: the card follows the worn garment, in the size it suggests.
    tap_tab(qtbot, app, "clothes")
    qtbot.waitUntil(lambda: shelves.category == "clothes", timeout=WAIT_MS)
    assert not card.visible  # nothing worn yet
    tap(qtbot, app, find_item(app, "garment_0"))  # the coral crew tee
    qtbot.waitUntil(lambda: card.sku.startswith("TOP-001-"), timeout=WAIT_MS)
    assert _text(app, "productName") == "Classic Crew Tee"
    detail = find_item(app, "productDetail")
    qtbot.waitUntil(lambda: detail.property("text").startswith("We suggest "), timeout=WAIT_MS)
    size = re.match(r"We suggest (\w+)", detail.property("text")).group(1)  # type: ignore[union-attr]
    assert re.fullmatch(r"We suggest \w+(; between \w+ and \w+)?", detail.property("text"))
    assert re.fullmatch(r"Shoulders about \d+ cm", card.sizeDetail)  # one tap away
    assert card.sku == f"TOP-001-{size}"
    # The store side watches that variant; the card quotes its stock and the hub's price.
    qtbot.waitUntil(lambda: store.sku == card.sku and store.known, timeout=WAIT_MS)
    assert _text(app, "productPrice") == _store_price(ui_hub, card.sku)
    here = _here(ui_hub, card.sku)
    expected = _here_words(here)
    qtbot.waitUntil(lambda: _text(app, "stockSummary").startswith(expected), timeout=WAIT_MS)
    assert find_item(app, "reserveButton").property("enabled") == (here > 0)
    worn = OnScreen(card.sku, size=card.sku.removeprefix("TOP-001-"))
    assert app.shopper.on_screen() == worn  # what the visit records: the garment by size
    wait_frames(qtbot, ctl, 2)
    cv2.imwrite(str(SHOTS / "card_garment.png"), grab_bgr(app))


def test_shelf_tabs_raise_the_intent_and_python_owns_the_shelf(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = kiosk_app(str(testdata / "faces/mouth_open_d19.jpg"))
    shelves, card = app.shelves, app.card
    qtbot.waitUntil(lambda: app.controller.framesShown >= 3, timeout=WAIT_MS)  # on screen
    app.controller.selectShade(0)
    assert card.sku == "LIP-001" and shelves.category == "lips"
    labels = [shelves.categories.item(i) for i in range(shelves.categories.rowCount())]
    shelf_names = ["lips", "eyes", "cheeks", "brows", "looks", "clothes"]
    assert labels == list(
        zip(shelf_names, ["Lipstick", "Eyes", "Cheeks", "Brows", "Looks", "Clothes"], strict=True)
    )
    tabs = find_item(app, "shelfTabs").property("contentItem")
    shown = sorted(
        (t for t in tabs.childItems() if t.objectName().startswith("tab_")), key=lambda t: t.x()
    )
    assert [t.objectName() for t in shown] == ["tab_" + n for n in shelf_names]
    tap_tab(qtbot, app, "clothes")
    qtbot.waitUntil(lambda: shelves.category == "clothes", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: find_item(app, "garmentCarousel").isVisible(), timeout=WAIT_MS)
    assert not find_item(app, "carousel").isVisible() and tab_item(app, "clothes").property("open")
    assert not card.visible and not find_item(app, "productCard").isVisible()
    shelves.showCategory("lips")  # Python's state drives the screen, not the other way
    qtbot.waitUntil(lambda: find_item(app, "carousel").isVisible(), timeout=WAIT_MS)
    assert card.sku == "LIP-001" and find_item(app, "productCard").isVisible()
    shelves.showCategory("shoes")  # a shelf this kiosk does not have: nothing changes
    assert shelves.category == "lips"


def test_a_scanned_garment_barcode_opens_the_clothes_shelf(
    qtbot: QtBot, kiosk_app: AppFactory, ui_hub: RunningHub, testdata: Path, tmp_path: Path
) -> None:
    variant = httpx.get(f"{ui_hub.url}/v1/variants/TOP-002-M", headers=ui_hub.headers, timeout=10)
    assert variant.status_code == 200, variant.text
    frame = read_frame(testdata / "videos/talk_d10.mp4", 30)
    box = Holding(width_frac=0.5, center=(0.5, 0.75), yaw=0.1, roll_deg=4, contrast=0.6)
    path = tmp_path / "held_tag.png"
    tag = draw_code(variant.json()["barcode"], "ean13")
    cv2.imwrite(str(path), hold_up(frame, tag, box, seed=2))
    # The tag hides the face: the scan starts the session, which must outlast a slow machine.
    app = kiosk_app(str(path), **{"session.end_after_s": "120"})
    shelves, card, garments = app.shelves, app.card, app.garments
    assert shelves.category == "lips"
    qtbot.waitUntil(lambda: shelves.category == "clothes", timeout=WAIT_MS)
    assert garments.product() is not None and garments.product().product_id == "TOP-002"
    assert card.sku.startswith("TOP-002-") and card.name == garments.product().name
    qtbot.waitUntil(lambda: find_item(app, "garmentCarousel").isVisible(), timeout=WAIT_MS)
    assert tab_item(app, "clothes").property("open")
