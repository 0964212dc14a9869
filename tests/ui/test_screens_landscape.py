"""A screenshot of every screen in a landscape kiosk, walked through the real window like a
shopper (English; also in zh-CN with KIOSK_ALL_SCREENS=1): the tour is
tests/ui/screen_tour.py. One orientation a file, so the two tours can run on two workers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers import AppFactory
from tests.hub_server import RunningHub
from tests.ui.screen_tour import TOUR_MARKS, tour

pytestmark = TOUR_MARKS

# Each language costs about three minutes of a 2-core CI machine at this window size.
LANGUAGES = ["en"] + (["zh-CN"] if os.environ.get("KIOSK_ALL_SCREENS") == "1" else [])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_landscape(
    qtbot: QtBot, kiosk_app: AppFactory, own_hub: RunningHub, testdata: Path, language: str
) -> None:
    tour(qtbot, kiosk_app, own_hub, testdata, "landscape", language)
