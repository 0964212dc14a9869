"""The card's two follow-up panels as plain view models: Reserve here and Buy online.

Each takes the state of the request (under way, made, or refused with a sentence) and
gives every text the panel shows, so the QML panels bind words and decide nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.client.views import HandoffView, ReservationView
from kiosk.session.wording import Wording


@dataclass(frozen=True)
class ReservationPanel:
    """The hold and its pickup code, or why nothing was held; closed when `open` is False."""

    open: bool = False
    title: str = ""
    text: str = ""
    pickup_code: str = ""
    hint: str = ""  # how to collect; "" without a code
    done: str = ""


def reservation_panel(
    held: ReservationView | None, refusal: str, words: Wording, now: datetime
) -> ReservationPanel:
    """`held` once the hub holds a unit; else `refusal` ("" when nothing was asked)."""
    if held is None and not refusal:
        return ReservationPanel()
    done = words.text("panel.done")
    if held is None:
        return ReservationPanel(True, words.text("reserve.not_done"), refusal, done=done)
    return ReservationPanel(
        True,
        words.text("reserve.done"),
        words.reservation(held, now),
        held.pickup_code,
        words.text("reserve.pickup_hint"),
        done,
    )


@dataclass(frozen=True)
class HandoffPanel:
    """The "Buy online" QR panel: title, the line under the code, and its close button."""

    open: bool = False
    busy: bool = False
    title: str = ""
    text: str = ""
    url: str = ""  # what the QR encodes; "" while there is no code
    close: str = ""


def handoff_panel(
    busy: bool, made: HandoffView | None, refusal: str, words: Wording, now: datetime
) -> HandoffPanel:
    if not busy and made is None and not refusal:
        return HandoffPanel()
    title = words.text("handoff.busy" if busy else "handoff.title")
    text = words.handoff(made, now) if made is not None else refusal
    url = made.short_url if made is not None else ""
    return HandoffPanel(True, busy, title, text, url, words.text("panel.close"))
