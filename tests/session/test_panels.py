"""The reservation and hand-off panels: what they say while waiting, when done, on refusal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from kiosk.client.views import HandoffView, ReservationView
from kiosk.session.panels import HandoffPanel, ReservationPanel, handoff_panel, reservation_panel
from kiosk.session.wording import Wording

NOW = datetime(2026, 3, 3, 6, 2, tzinfo=UTC)
WORDS = Wording("en", timezone(timedelta(hours=8)))
HELD = ReservationView(
    "r1", "LIP-007", 1, "SH-JINGAN", "Jing'an Kerry Centre", "7KQ2MX", "held",
    NOW, NOW + timedelta(hours=2),
)  # fmt: skip


def test_reservation_panel() -> None:
    assert reservation_panel(None, "", WORDS, NOW) == ReservationPanel()  # closed
    held = reservation_panel(HELD, "", WORDS, NOW)
    assert held == ReservationPanel(
        open=True,
        title="Reserved for you",
        text="Waiting for you at Jing'an Kerry Centre · held until 16:02",
        pickup_code="7KQ2MX",
        hint="Show this code at the counter to collect it",
        done="Done",
    )
    refused = reservation_panel(None, "Sold out here.", WORDS, NOW)
    assert (refused.open, refused.title, refused.text) == (True, "Not reserved", "Sold out here.")
    assert refused.pickup_code == "" and refused.hint == "" and refused.done == "Done"


def test_handoff_panel() -> None:
    assert handoff_panel(False, None, "", WORDS, NOW) == HandoffPanel()  # closed
    busy = handoff_panel(True, None, "", WORDS, NOW)
    assert (busy.open, busy.busy, busy.title, busy.url) == (True, True, "Making your code…", "")
    made = HandoffView("c0de", "https://hub.example/h/c0de", NOW + timedelta(minutes=30))
    shown = handoff_panel(False, made, "", WORDS, NOW)
    assert shown == HandoffPanel(
        open=True,
        busy=False,
        title="Buy online",
        text="Scan with your phone to buy online · valid until 14:32",
        url="https://hub.example/h/c0de",
        close="Close",
    )
    refused = handoff_panel(False, None, "Buying online isn't possible right now.", WORDS, NOW)
    assert (refused.title, refused.text, refused.url) == (
        "Buy online",
        "Buying online isn't possible right now.",
        "",
    )
