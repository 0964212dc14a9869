"""The PhotoPanel bridge without a window, against the real hub: its stages, the countdown,
no picture to take, the QR it draws, and what close() and wipe() leave behind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import httpx
import numpy as np
import pytest
import zxingcpp
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from kiosk.client.cache import StoreCache
from kiosk.client.service import StoreService
from kiosk.client.store_client import StoreClient
from kiosk.config import RecordsSettings
from kiosk.render.garment import GarmentPlacement
from kiosk.render.lipstick import LipLayer
from kiosk.session.photos import ShopperPhotos
from kiosk.ui.photo_panel import PhotoPanel
from tests.hub_server import RunningHub

WAIT_MS = 15_000


@dataclass
class Frame:
    """The pipeline's output on the CPU path: the composited camera frame, nothing deferred."""

    image: np.ndarray
    deferred: tuple[LipLayer, ...] = ()
    garment: GarmentPlacement | None = None


@pytest.fixture
def service(ui_hub: RunningHub, tmp_path: Path) -> Iterator[StoreService]:
    client = StoreClient(ui_hub.url, ui_hub.token, sleep=lambda s: None)
    with StoreService(client, StoreCache(tmp_path / "cache.sqlite")) as made:
        yield made


def _panel(
    service: StoreService, folder: Path, frame: Frame | None, countdown_s: int = 0
) -> PhotoPanel:
    return PhotoPanel(
        service, ShopperPhotos(folder), lambda: frame, RecordsSettings(), countdown_s=countdown_s
    )


def _frame(testdata: Path) -> Frame:
    image = cv2.imread(str(testdata / "lips" / "celebamask_1.jpg"))
    assert image is not None
    return Frame(image)


def _qr_text(image: QImage) -> str:
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    w, h = rgba.width(), rgba.height()
    pixels = np.frombuffer(rgba.constBits(), np.uint8, count=rgba.sizeInBytes())
    grey = pixels.reshape(h, rgba.bytesPerLine())[:, : w * 4].reshape(h, w, 4)[..., 0].copy()
    reads = zxingcpp.read_barcodes(grey)
    assert len(reads) == 1, f"{len(reads)} codes read"
    return str(reads[0].text)


def test_yes_makes_a_qr_that_opens_the_photo_and_wipe_deletes_the_copy(
    qtbot: QtBot, service: StoreService, testdata: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "photos"
    panel = _panel(service, folder, _frame(testdata))
    assert not panel.open and panel.stage == "closed"
    panel.confirm()  # a yes without the question: nothing happens
    assert panel.stage == "closed"
    panel.take()
    assert panel.open and panel.stage == "confirm" and not folder.exists()
    panel.confirm()
    assert panel.stage == "working"
    panel.take()  # a second tap while it is being sent changes nothing
    assert panel.stage == "working"
    qtbot.waitUntil(lambda: panel.stage == "ready", timeout=WAIT_MS)
    assert panel.view is not None and panel.problem == ""
    assert _qr_text(panel.qr.image()) == panel.view.url
    assert panel.qrSize == panel.qr.image().width() > 0
    assert panel.expiresText  # "1 Dec 14:02": tomorrow, in local time
    assert httpx.get(panel.view.url, timeout=10).status_code == 200
    kept = panel.photos.kept
    assert len(kept) == 1 and kept[0].exists()

    panel.close()
    assert not panel.open and panel.qr.image().isNull() and kept[0].exists()  # until wipe
    panel.wipe()
    assert not kept[0].exists() and list(folder.iterdir()) == []


def test_no_picture_and_the_countdown(
    qtbot: QtBot, service: StoreService, testdata: Path, tmp_path: Path
) -> None:
    blind = _panel(service, tmp_path / "blind", None)
    blind.take()
    blind.confirm()
    assert blind.stage == "failed" and blind.problem == "no_picture"
    blind.take()  # "Try again" asks again
    assert blind.stage == "confirm" and blind.problem == ""

    posing = _panel(service, tmp_path / "posing", _frame(testdata), countdown_s=2)
    posing.take()
    posing.confirm()
    assert posing.stage == "countdown" and posing.countdown == 2
    qtbot.waitUntil(lambda: posing.countdown == 1, timeout=WAIT_MS)
    posing.cancel()  # changed their mind while posing: no photo
    assert posing.stage == "closed"
    qtbot.wait(2500)
    assert posing.stage == "closed" and not (tmp_path / "posing").exists()
    posing.take()
    posing.confirm()
    qtbot.waitUntil(lambda: posing.stage == "ready", timeout=WAIT_MS)
    posing.wipe()
