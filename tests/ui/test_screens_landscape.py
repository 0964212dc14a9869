"""A screenshot of every screen in a landscape kiosk, walked through the real window like a
shopper (English; also in zh-CN with KIOSK_ALL_SCREENS=1): the tour is
tests/ui/screen_tour.py. One orientation a file, so the two tours can run on two workers."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.helpers import AppFactory
from tests.hub_server import RunningHub
from tests.ui.screen_tour import TOUR_MARKS, languages, tour

pytestmark = TOUR_MARKS


@pytest.mark.parametrize("language", languages("en"))
def test_every_screen_landscape(
    qtbot: QtBot, kiosk_app: AppFactory, own_hub: RunningHub, testdata: Path, language: str
) -> None:
    tour(qtbot, kiosk_app, own_hub, testdata, "landscape", language)
