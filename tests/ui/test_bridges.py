"""The thin Qt side on its own, without a window: the card model copies its view and
passes intents on; items follow the image source they are bound to."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, QSizeF
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.session.card import CardView, StockLine
from kiosk.ui.card import CardModel
from kiosk.ui.compositor import LipstickCompositor
from kiosk.ui.frame_item import FrameItem, LayerItem, fill_rect
from kiosk.ui.image_source import ImageSource, LayerSource

SHADE = CardView(
    visible=True, sku="LIP-001", name="Crimson Velvet", detail="Matte", price="¥229.00",
    swatch="#B0123A", stock_known=True, stock_summary="On the shelf here  ▾", stock_good=True,
    rows=(StockLine("this_store", "This store", "6 available", True),),
    actions_visible=True, reserve_text="Reserve here", reserve_enabled=True,
    buy_text="Buy online", buy_enabled=False, save_text="Save to my account",
)  # fmt: skip


def test_the_card_model_shows_its_view_and_announces_only_changes(qtbot: QtBot) -> None:
    card = CardModel()
    assert not card.visible and card.rows.rowCount() == 0
    with qtbot.waitSignal(card.changed, timeout=1000):
        card.present(SHADE)
    assert (card.name, card.detail, card.price, card.swatch) == (
        "Crimson Velvet",
        "Matte",
        "¥229.00",
        "#B0123A",
    )
    assert card.stockSummary == "On the shelf here  ▾" and card.stockGood
    assert card.rows.rowCount() == 1 and card.rows.item(0).detail == "6 available"
    with qtbot.assertNotEmitted(card.changed):
        card.present(SHADE)  # the same view again: nothing to repaint


def test_card_intents_reach_the_bridge_that_answers_only_when_offered(qtbot: QtBot) -> None:
    asked: list[str] = []
    card = CardModel(
        reserve=lambda: asked.append("reserve"),
        buy_online=lambda: asked.append("buy"),
        save=lambda: asked.append("save"),
    )
    card.reserve()  # nothing on the card yet
    card.present(SHADE)
    card.reserve()
    card.buyOnline()  # not enabled: stock unknown online
    card.saveToAccount()
    assert asked == ["reserve", "save"]


def test_an_item_follows_the_source_it_is_bound_to(qtbot: QtBot) -> None:
    first, second = ImageSource(), ImageSource()
    item = FrameItem()
    assert item.image() is None
    item.setProperty("source", first)
    frame = QImage(64, 32, QImage.Format.Format_RGB888)
    first.set_image(frame)
    assert item.image() is not None and item.image().cacheKey() == frame.cacheKey()  # shared
    item.setProperty("source", second)
    assert item.image() is None  # the new source has nothing yet
    with qtbot.assertNotEmitted(item.sourceChanged):
        item.setProperty("source", second)
    first.clear()
    second.set_image(frame)
    assert item.image() is not None
    second.clear()
    assert item.image() is None


def test_a_layer_sits_where_its_box_shows_in_the_aspect_filled_frame(qtbot: QtBot) -> None:
    layer = LayerSource()
    item = LayerItem()
    item.setWidth(100)
    item.setHeight(200)  # a portrait view of a 200x100 landscape frame: scale 2, x cropped
    item.setProperty("source", layer)
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    layer.set_layer(image, QRectF(50, 25, 20, 10), QSize(200, 100))
    assert fill_rect(100, 200, 200, 100) == QRectF(-150, 0, 400, 200)
    assert item.target_rect(image) == QRectF(-50, 50, 40, 20)


def test_the_compositor_maps_uv_through_the_bound_view_size() -> None:
    compositor = LipstickCompositor("")
    assert compositor._uv_to_pixel(200, 100) == (200.0, 100.0, 0.0, 0.0)  # no view yet
    compositor.setProperty("viewSize", QSizeF(100, 200))
    # The 100x200 view shows x 75..125 of the 200x100 frame, scaled 2x.
    assert compositor._uv_to_pixel(200, 100) == (50.0, 100.0, 75.0, 0.0)
    masks = compositor.compareMasks
    assert len(masks) == 4 and len({id(m) for m in masks}) == 4
