"""Every word a shopper reads on the product card, its stock rows, the reservation and
hand-off panels and the member messages: one place, one table per language.

The store side hands over plain values (`kiosk.client.views`: quantities, `Money`, UTC
times); this module turns them into sentences. Texts live in a message table keyed by
language, so Chinese joins as a second table, not a second code path; a language without
a table (or a key missing from one) falls back to English. Prices are written by
`kiosk.catalog.money` (the one money formatter) and times by `Wording.clock`, in the
kiosk's local time zone unless one is given (tests pass one).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any

from kiosk.catalog.money import Money
from kiosk.client.views import ChannelRow, HandoffView, ReservationView, StockView
from kiosk.vision.measure import Measurement, SizeAdvice

Fit = tuple[Measurement, SizeAdvice]  # a shopper's shoulder width and the size it suggests

_EN: dict[str, str] = {
    # the card
    "card.measuring": "Measuring for your size…",
    "card.size": "Suggested size {size} (shoulders {shoulders} cm)",
    "card.size_or": "Suggested size {size} or {also} (shoulders {shoulders} cm)",
    "card.reserve": "Reserve here",
    "card.reserving": "Reserving…",
    "card.buy_online": "Buy online",
    "card.save": "Save to my account",
    "card.save_look": "Save look",
    "card.price_differs": "Price differs: {others}",
    # stock
    "stock.this_store": "This store",
    "stock.nearby": "Nearby",
    "stock.nearby_at": "Nearby ({place})",
    "stock.nearby_far": "Nearby ({place}, {km} km)",
    "stock.online": "Online",
    "stock.online_today": "Online (ships today)",
    "stock.online_days.one": "Online (ships in {days} day)",
    "stock.online_days.other": "Online (ships in {days} days)",
    "stock.sold_out": "Sold out",
    "stock.last_one": "Last one",
    "stock.available": "{count} available",
    "stock.row": "{available} · {pickup}",
    "stock.here": "{count} in this store",
    "stock.sold_out_here": "Sold out here",
    "stock.near": "{count} at {place}",
    "stock.near_far": "{count} at {place} ({km} km)",
    "stock.online_sold_out": "Online: sold out",
    "stock.online_ships.one": "Online, ships in {days} day",
    "stock.online_ships.other": "Online, ships in {days} days",
    "stock.join": " · ",
    "stock.as_of": "Stock as of {time}",
    "stock.more": "{summary}  ▾",
    "stock.less": "▴ less",
    # reservation
    "reserve.done": "Reserved",
    "reserve.not_done": "Not reserved",
    "reserve.held": "Held for you at {place} · {until}",
    "reserve.until": "Held until {time}",
    "reserve.expired": "Expired at {time}",
    "reserve.cancelled": "Cancelled",
    "reserve.collected": "Collected",
    "reserve.pickup_hint": "Show this code at the counter to collect it",
    "reserve.failed": "Could not reserve: {reason}",
    "panel.done": "Done",
    "panel.close": "Close",
    # buy online
    "handoff.title": "Buy online",
    "handoff.busy": "Making your code…",
    "handoff.scan": "Scan with your phone to buy online · Valid until {time}",
    "handoff.failed": "Buy online is not available right now ({reason})",
    # members
    "member.number_length": "A member number has {low} to {high} digits",
    "member.unknown_code": "That code is not one the mirror knows",
    "member.unavailable": "Sign-in is not available right now ({reason})",
    "member.saved": "Saved to your account",
    "member.not_saved": "Not saved: you chose not to record try-ons",
    "member.badge": "{name}",
    "member.badge_saving": "{name} · saving try-ons",
    "member.stop_saving": "Stop saving",
    "member.sign_out": "Sign out",
    # shelves
    "category.lips": "Lipstick",
    "category.clothes": "Clothes",
    # dates
    "date.other_day": "{day} {month} {time}",
    "date.months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    # finishes
    "finish.matte": "Matte",
    "finish.satin": "Satin",
    "finish.cream": "Cream",
    "finish.gloss": "Gloss",
    "finish.shimmer": "Shimmer",
    "finish.metallic": "Metallic",
    "finish.sheer": "Sheer",
}

MESSAGES: dict[str, dict[str, str]] = {"en": _EN}


class Wording:
    """The shopper's words in one language (and time zone, for clock times)."""

    def __init__(self, language: str = "en", tz: tzinfo | None = None) -> None:
        self.language = language
        self.tz = tz
        base = language.split("-")[0]
        self._table = MESSAGES.get(language) or MESSAGES.get(base) or {}

    def text(self, key: str, **values: Any) -> str:
        """The message `key` in this language (else English), filled with `values`."""
        template = self._table.get(key) or _EN[key]
        return template.format(**values) if values else template

    def _count(self, key: str, n: int, **values: Any) -> str:
        """`key.one` for 1, else `key.other` (languages without plurals repeat one text)."""
        return self.text(f"{key}.{'one' if n == 1 else 'other'}", **values)

    # -- prices, times, names -------------------------------------------------------------

    def price(self, money: Money) -> str:
        return money.text(self.language)

    def clock(self, when: datetime, now: datetime) -> str:
        """'14:02' today, '3 Mar 14:02' on another day (both in local time)."""
        local, today = when.astimezone(self.tz), now.astimezone(self.tz)
        time = local.strftime("%H:%M")
        if local.date() == today.date():
            return time
        month = self.text("date.months").split()[local.month - 1]
        return self.text("date.other_day", day=local.day, month=month, time=time)

    def finish(self, finish: str) -> str:
        key = f"finish.{finish}"
        return self.text(key) if key in _EN else finish.capitalize()

    def category(self, name: str) -> str:
        key = f"category.{name}"
        return self.text(key) if key in _EN else name.capitalize()

    def size_advice(self, fit: Fit | None) -> str:
        """ "Suggested size M or L (shoulders 40.1 ± 2.3 cm)", or that it is measuring."""
        if fit is None:
            return self.text("card.measuring")
        shoulders, advice = fit
        if advice.also:
            return self.text(
                "card.size_or", size=advice.size, also=advice.also, shoulders=shoulders
            )
        return self.text("card.size", size=advice.size, shoulders=shoulders)

    # -- stock ------------------------------------------------------------------------------

    def channel(self, row: ChannelRow) -> str:
        """ "This store", "Nearby (Jing'an, 2.3 km)", "Online (ships in 2 days)"."""
        if row.channel == "this_store":
            return self.text("stock.this_store")
        if row.channel == "nearby":
            if row.distance_km is None:
                return self.text("stock.nearby_at", place=row.location_name)
            km = f"{row.distance_km:.1f}"
            return self.text("stock.nearby_far", place=row.location_name, km=km)
        if row.channel == "online":
            if row.ship_days is None:
                return self.text("stock.online")
            if row.ship_days == 0:
                return self.text("stock.online_today")
            return self._count("stock.online_days", row.ship_days, days=row.ship_days)
        return row.location_name

    def channel_title(self, row: ChannelRow) -> str:
        """The channel alone: "This store", "Nearby", "Online"."""
        if row.channel in ("this_store", "nearby", "online"):
            return self.text(f"stock.{row.channel}")
        return row.location_name

    def available(self, count: int) -> str:
        """ "3 available", "Last one", "Sold out"."""
        if count <= 0:
            return self.text("stock.sold_out")
        return (
            self.text("stock.last_one") if count == 1 else self.text("stock.available", count=count)
        )

    def row_detail(self, row: ChannelRow) -> str:
        """ "6 available · Ready in 2 hours" (pickup time only where it is in stock)."""
        available = self.available(row.available)
        if row.pickup_time and row.in_stock:
            return self.text("stock.row", available=available, pickup=row.pickup_time)
        return available

    def stock_summary(self, rows: Iterable[ChannelRow]) -> str:
        """One line: "6 in this store · 5 at Xintiandi (2.8 km) · Online, ships in 2 days"."""
        rows = tuple(rows)
        here = next((r for r in rows if r.channel == "this_store"), None)
        near = next((r for r in rows if r.channel == "nearby" and r.in_stock), None)
        online = next((r for r in rows if r.channel == "online"), None)
        parts = [
            self._here(here) if here is not None else "",
            self._near(near) if near is not None else "",
            self._online(online) if online is not None else "",
        ]
        return self.text("stock.join").join(p for p in parts if p)

    def _here(self, row: ChannelRow) -> str:
        if not row.in_stock:
            return self.text("stock.sold_out_here")
        return self.text("stock.here", count=row.available)

    def _near(self, row: ChannelRow) -> str:
        place = row.location_name
        if row.distance_km is None:
            return self.text("stock.near", count=row.available, place=place)
        km = f"{row.distance_km:.1f}"
        return self.text("stock.near_far", count=row.available, place=place, km=km)

    def _online(self, row: ChannelRow) -> str:
        if not row.in_stock:
            return self.text("stock.online_sold_out")
        if row.ship_days is None:
            return self.text("stock.online")
        return self._count("stock.online_ships", row.ship_days, days=row.ship_days)

    def stock_note(self, view: StockView, now: datetime) -> str:
        """ "" while live, else "Stock as of 14:02"."""
        return "" if view.live else self.text("stock.as_of", time=self.clock(view.as_of, now))

    def price_note(self, view: StockView) -> str:
        """Which channels charge differently, e.g. "Price differs: Online ¥209.00"; ""
        when one price holds everywhere (the promise the card makes)."""
        if not view.price_differs:
            return ""
        others = [r for r in view.rows if r.price != view.price][:2]
        if not others:
            return ""
        said = "; ".join(f"{self.channel_title(r)} {self.price(r.price)}" for r in others)
        return self.text("card.price_differs", others=said)

    # -- reservation and hand-off -------------------------------------------------------

    def held_until(self, held: ReservationView, now: datetime) -> str:
        """ "Held until 16:02", "Expired at 16:02", "Cancelled"."""
        time = self.clock(held.expires_at, now)
        if held.status == "held":
            return self.text("reserve.until", time=time)
        if held.status == "expired":
            return self.text("reserve.expired", time=time)
        key = f"reserve.{held.status}"
        return self.text(key) if key in _EN else held.status.capitalize()

    def reservation(self, held: ReservationView, now: datetime) -> str:
        """ "Held for you at Jing'an Kerry Centre · Held until 16:02"."""
        return self.text("reserve.held", place=held.location_name, until=self.held_until(held, now))

    def handoff(self, made: HandoffView, now: datetime) -> str:
        return self.text("handoff.scan", time=self.clock(made.expires_at, now))
