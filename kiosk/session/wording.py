"""Every word a shopper (or staff) reads from Python: the card, its stock rows, the panels,
the status line and every failure. One catalogue, translated by Qt's system.

Each entry's English source is marked with `QT_TRANSLATE_NOOP("Wording", ...)`, so
`pyside6-lupdate` extracts it into `kiosk/ui/i18n/kiosk_py_<lang>.ts` (where the Chinese
lives); at render time an injected `translate(context, source)` turns it into the shown
language (the app hands in one backed by Qt's QTranslator; plain Python and tests get
English). This module stays free of Qt (import-linter: sessions run without it).

Placeholders are Python's `{name}`; translators keep them as they are. The store side hands
over plain values (`kiosk.client.views`); failures arrive as the client's typed errors and
are mapped here by type and hub code, so no SKU, store code, error code or system name
ever reaches a shopper (staff wording adds the details, for a later staff mode).
"""

# ruff: noqa: E501  (a catalogue of sentences: one per line, as translators read them)
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import datetime, tzinfo
from typing import Any, Literal

from kiosk.catalog.money import Money
from kiosk.client.errors import (
    HubAuthError,
    HubUnavailable,
    MemberCodeExpired,
    MemberNotFound,
    NotFound,
    OutOfStock,
    StoreError,
)
from kiosk.client.views import ChannelRow, HandoffView, ReservationView, StockView
from kiosk.vision.measure import Measurement, SizeAdvice

Fit = tuple[Measurement, SizeAdvice]  # a shopper's shoulder width and the size it suggests
Translate = Callable[[str, str], str]  # (context, English source) -> shown text
Audience = Literal["shopper", "staff"]
PriceDifference = Literal["match", "note", "hidden"]
# What the shopper was doing when a call failed ("member_number": typing their app's code).
Doing = Literal["stock", "reserve", "handoff", "member_code", "member_number", "barcode", "consent"]

CONTEXT = "Wording"
# The translation context of product names (the catalog's own translations, not ours).
PRODUCT_CONTEXT = "catalog"
LANGUAGES = ("zh-CN", "en")  # what the on-screen switch offers, first is the stores' own
PRICE_DIFFERENCE_MODES: tuple[PriceDifference, ...] = ("match", "note", "hidden")
FEW_LEFT = 3  # at most this many on the shelf: the count is worth saying


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:  # the name lupdate looks for
    """Marks `source` for extraction by pyside6-lupdate; returns it unchanged."""
    return source


def english(context: str, source: str) -> str:
    """The translate function without Qt: every text in its English source."""
    return source


# fmt: off
TEXTS: dict[str, str] = {
    # the card
    "card.measuring": QT_TRANSLATE_NOOP("Wording", "Finding your size…"),
    "card.size": QT_TRANSLATE_NOOP("Wording", "We suggest {size}"),
    "card.size_between": QT_TRANSLATE_NOOP("Wording", "We suggest {size}; between {low} and {high}"),
    "card.size_detail": QT_TRANSLATE_NOOP("Wording", "Shoulders about {cm} cm"),
    "card.reserve": QT_TRANSLATE_NOOP("Wording", "Reserve here"),
    "card.reserving": QT_TRANSLATE_NOOP("Wording", "Reserving…"),
    "card.buy_online": QT_TRANSLATE_NOOP("Wording", "Buy online"),
    "card.buy_look": QT_TRANSLATE_NOOP("Wording", "Buy the look online"),
    "card.save": QT_TRANSLATE_NOOP("Wording", "Save to my account"),
    "card.save_look": QT_TRANSLATE_NOOP("Wording", "Save look"),
    "card.look_total": QT_TRANSLATE_NOOP("Wording", "{count} products · {price} in all"),
    "card.look_count": QT_TRANSLATE_NOOP("Wording", "{count} products"),
    "price.note": QT_TRANSLATE_NOOP("Wording", "Online price: {price}"),
    "price.match": QT_TRANSLATE_NOOP("Wording", "{price} online: we match it here"),
    # stock, the card's one line and its rows
    "stock.here": QT_TRANSLATE_NOOP("Wording", "On the shelf here"),
    "stock.here_few": QT_TRANSLATE_NOOP("Wording", "On the shelf here · {count} left"),
    "stock.here_last": QT_TRANSLATE_NOOP("Wording", "On the shelf here · the last one"),
    "stock.not_here": QT_TRANSLATE_NOOP("Wording", "Not on the shelf here right now"),
    "stock.near": QT_TRANSLATE_NOOP("Wording", "{count} at {place}"),
    "stock.km": QT_TRANSLATE_NOOP("Wording", "{km} km"),
    "stock.metres": QT_TRANSLATE_NOOP("Wording", "{m} m"),
    "stock.ready_minutes": QT_TRANSLATE_NOOP("Wording", "ready in {n} min"),
    "stock.ready_hours": QT_TRANSLATE_NOOP("Wording", "ready in {n} h"),
    "stock.ready_days.one": QT_TRANSLATE_NOOP("Wording", "ready in 1 day"),
    "stock.ready_days.other": QT_TRANSLATE_NOOP("Wording", "ready in {n} days"),
    "stock.online": QT_TRANSLATE_NOOP("Wording", "Online"),
    "stock.online_today": QT_TRANSLATE_NOOP("Wording", "Online · ships today"),
    "stock.online_days.one": QT_TRANSLATE_NOOP("Wording", "Online · delivered in 1 day"),
    "stock.online_days.other": QT_TRANSLATE_NOOP("Wording", "Online · delivered in {days} days"),
    "stock.online_none": QT_TRANSLATE_NOOP("Wording", "Not available online right now"),
    "stock.nowhere": QT_TRANSLATE_NOOP("Wording", "All sold for now; staff can tell you when more arrive"),
    "stock.row_here": QT_TRANSLATE_NOOP("Wording", "This store"),
    "stock.row_online": QT_TRANSLATE_NOOP("Wording", "Online"),
    "stock.on_shelf": QT_TRANSLATE_NOOP("Wording", "On the shelf"),
    "stock.few_left": QT_TRANSLATE_NOOP("Wording", "{count} left"),
    "stock.last_one": QT_TRANSLATE_NOOP("Wording", "The last one"),
    "stock.available": QT_TRANSLATE_NOOP("Wording", "{count} available"),
    "stock.none_left": QT_TRANSLATE_NOOP("Wording", "None left"),
    "stock.delivered_today": QT_TRANSLATE_NOOP("Wording", "Ships today"),
    "stock.delivered.one": QT_TRANSLATE_NOOP("Wording", "Delivered in 1 day"),
    "stock.delivered.other": QT_TRANSLATE_NOOP("Wording", "Delivered in {days} days"),
    "stock.join": QT_TRANSLATE_NOOP("Wording", " · "),
    "stock.as_of": QT_TRANSLATE_NOOP("Wording", "Stock as of {time}"),
    "stock.checking": QT_TRANSLATE_NOOP("Wording", "Checking stock…"),
    "stock.more": QT_TRANSLATE_NOOP("Wording", "{summary}  ▾"),
    "stock.less": QT_TRANSLATE_NOOP("Wording", "▴ Show less"),
    # reservation
    "reserve.done": QT_TRANSLATE_NOOP("Wording", "Reserved for you"),
    "reserve.not_done": QT_TRANSLATE_NOOP("Wording", "Not reserved"),
    "reserve.held": QT_TRANSLATE_NOOP("Wording", "Waiting for you at {place} · {until}"),
    "reserve.at_risk": QT_TRANSLATE_NOOP("Wording", "Held at {place} · {until} · it may have sold out meanwhile, please check with staff"),
    "reserve.until": QT_TRANSLATE_NOOP("Wording", "held until {time}"),
    "reserve.expired": QT_TRANSLATE_NOOP("Wording", "the hold ended at {time}"),
    "reserve.cancelled": QT_TRANSLATE_NOOP("Wording", "cancelled"),
    "reserve.collected": QT_TRANSLATE_NOOP("Wording", "collected"),
    "reserve.pickup_hint": QT_TRANSLATE_NOOP("Wording", "Show this code at the counter to collect it"),
    "panel.done": QT_TRANSLATE_NOOP("Wording", "Done"),
    "panel.close": QT_TRANSLATE_NOOP("Wording", "Close"),
    # buy online
    "handoff.title": QT_TRANSLATE_NOOP("Wording", "Buy online"),
    "handoff.busy": QT_TRANSLATE_NOOP("Wording", "Making your code…"),
    "handoff.scan": QT_TRANSLATE_NOOP("Wording", "Scan with your phone to buy online · valid until {time}"),
    # members
    "member.code_length": QT_TRANSLATE_NOOP("Wording", "The code in your member app has {digits} digits"),
    "member.unknown_code": QT_TRANSLATE_NOOP("Wording", "That code is not a member code. Please show the one in the app."),
    "member.saved": QT_TRANSLATE_NOOP("Wording", "Saved to your account"),
    "member.not_saved": QT_TRANSLATE_NOOP("Wording", "Not saved: you chose not to save try-ons"),
    "member.badge_saving": QT_TRANSLATE_NOOP("Wording", "{name} · saving try-ons"),
    "member.stop_saving": QT_TRANSLATE_NOOP("Wording", "Stop saving"),
    "member.sign_out": QT_TRANSLATE_NOOP("Wording", "Sign out"),
    "member.tier_points": QT_TRANSLATE_NOOP("Wording", "{tier} · {points} points"),
    "card.member_price": QT_TRANSLATE_NOOP("Wording", "Member price {price}"),
    # failures, one per thing the shopper was doing (and why, where it matters)
    "fail.stock": QT_TRANSLATE_NOOP("Wording", "Stock can't be checked right now. Staff can check it for you."),
    "fail.reserve": QT_TRANSLATE_NOOP("Wording", "This couldn't be reserved right now. Please ask a member of staff."),
    "fail.reserve_none_left": QT_TRANSLATE_NOOP("Wording", "None left to reserve here. A nearby store or online may have it."),
    "fail.handoff": QT_TRANSLATE_NOOP("Wording", "Buying online isn't possible right now. Please try again in a moment."),
    "fail.handoff_unknown": QT_TRANSLATE_NOOP("Wording", "This item can't be bought online right now."),
    "fail.member": QT_TRANSLATE_NOOP("Wording", "Signing in isn't possible right now. Please try again in a moment."),
    "fail.member_expired": QT_TRANSLATE_NOOP("Wording", "This member code has expired. Open the app to show a fresh one."),
    "fail.member_code_unknown": QT_TRANSLATE_NOOP("Wording", "We don't know this member code. You can type the code shown in your member app instead."),
    "fail.member_number_unknown": QT_TRANSLATE_NOOP("Wording", "We don't know this code. Please check the code in your member app and type it again."),
    "fail.member_too_many": QT_TRANSLATE_NOOP("Wording", "Too many tries. Please wait a minute, then try again."),
    "fail.barcode": QT_TRANSLATE_NOOP("Wording", "This item can't be looked up right now. Please ask a member of staff."),
    "fail.barcode_unknown": QT_TRANSLATE_NOOP("Wording", "We don't know this barcode. Please ask a member of staff."),
    "fail.consent": QT_TRANSLATE_NOOP("Wording", "Your choice couldn't be saved just now. Please try again."),
    # the status line
    "status.starting": QT_TRANSLATE_NOOP("Wording", "Getting ready…"),
    "status.camera_back_soon": QT_TRANSLATE_NOOP("Wording", "The mirror will be back in a moment"),
    "status.one_moment": QT_TRANSLATE_NOOP("Wording", "One moment…"),
    "status.step_closer": QT_TRANSLATE_NOOP("Wording", "Step closer to try on"),
    "status.hello": QT_TRANSLATE_NOOP("Wording", "Hello! Hold still a moment"),
    # shelves
    "category.lips": QT_TRANSLATE_NOOP("Wording", "Lipstick"),
    "category.clothes": QT_TRANSLATE_NOOP("Wording", "Clothes"),
    "category.eyes": QT_TRANSLATE_NOOP("Wording", "Eyes"),
    "category.cheeks": QT_TRANSLATE_NOOP("Wording", "Cheeks"),
    "category.brows": QT_TRANSLATE_NOOP("Wording", "Brows"),
    "category.looks": QT_TRANSLATE_NOOP("Wording", "Looks"),
    # what an eye, cheek or brow product is, on its card
    "cosmetic.eyeshadow": QT_TRANSLATE_NOOP("Wording", "Eyeshadow"),
    "cosmetic.eyeliner": QT_TRANSLATE_NOOP("Wording", "Eyeliner"),
    "cosmetic.lashes": QT_TRANSLATE_NOOP("Wording", "Mascara"),
    "cosmetic.blush": QT_TRANSLATE_NOOP("Wording", "Blush"),
    "cosmetic.brow": QT_TRANSLATE_NOOP("Wording", "Brow colour"),
    "category.suits": QT_TRANSLATE_NOOP("Wording", "Suits you"),
    "category.wishlist": QT_TRANSLATE_NOOP("Wording", "Wishlist"),
    "category.app_looks": QT_TRANSLATE_NOOP("Wording", "App looks"),
    # One line under each made-for-you tile: why it is there.
    "foryou.and_more": QT_TRANSLATE_NOOP("Wording", "{product} + {n}"),
    "foryou.together": QT_TRANSLATE_NOOP("Wording", "Often chosen with {product}"),
    "foryou.popular": QT_TRANSLATE_NOOP("Wording", "A favourite of our members"),
    "foryou.tone_suits": QT_TRANSLATE_NOOP("Wording", "Suits {depth} skin, {undertone}"),
    "foryou.tone_near": QT_TRANSLATE_NOOP("Wording", "Close to your {depth} skin, {undertone}"),
    "foryou.tone_undertone": QT_TRANSLATE_NOOP("Wording", "For your {undertone}"),
    "foryou.wishlist": QT_TRANSLATE_NOOP("Wording", "On your wishlist"),
    "foryou.app_look": QT_TRANSLATE_NOOP("Wording", "Saved in the app"),
    # One line over a made-for-you shelf: where its tiles come from.
    "foryou.caption_suits": QT_TRANSLATE_NOOP("Wording", "Picked from what you and other members tried and bought"),
    "foryou.caption_both": QT_TRANSLATE_NOOP("Wording", "Picked from what members choose together, and for your skin tone (read here, forgotten when you leave)"),
    "foryou.caption_tone": QT_TRANSLATE_NOOP("Wording", "Picked for your skin tone, seen by this mirror only and forgotten when you leave"),
    "foryou.caption_wishlist": QT_TRANSLATE_NOOP("Wording", "From your wishlist in the app: tap one to try it on"),
    "foryou.caption_app_looks": QT_TRANSLATE_NOOP("Wording", "Your looks from the app: tap one to wear it"),
    "tone.fair": QT_TRANSLATE_NOOP("Wording", "fair"),
    "tone.light": QT_TRANSLATE_NOOP("Wording", "light"),
    "tone.medium": QT_TRANSLATE_NOOP("Wording", "medium"),
    "tone.tan": QT_TRANSLATE_NOOP("Wording", "tan"),
    "tone.deep": QT_TRANSLATE_NOOP("Wording", "deep"),
    "tone.cool": QT_TRANSLATE_NOOP("Wording", "cool undertone"),
    "tone.neutral": QT_TRANSLATE_NOOP("Wording", "neutral undertone"),
    "tone.warm": QT_TRANSLATE_NOOP("Wording", "warm undertone"),
    # dates: the month names, and a time on another day
    "date.other_day": QT_TRANSLATE_NOOP("Wording", "{day} {month} {time}"),
    "date.months": QT_TRANSLATE_NOOP("Wording", "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"),
    # finishes
    "finish.matte": QT_TRANSLATE_NOOP("Wording", "Matte"),
    "finish.satin": QT_TRANSLATE_NOOP("Wording", "Satin"),
    "finish.cream": QT_TRANSLATE_NOOP("Wording", "Cream"),
    "finish.gloss": QT_TRANSLATE_NOOP("Wording", "Gloss"),
    "finish.shimmer": QT_TRANSLATE_NOOP("Wording", "Shimmer"),
    "finish.metallic": QT_TRANSLATE_NOOP("Wording", "Metallic"),
    "finish.sheer": QT_TRANSLATE_NOOP("Wording", "Sheer"),
}
# fmt: on

# The hub's pickup words ("Ready in 2 hours", "Usually ready in 24 hours"), read so they can
# be said in the shopper's language; anything else is shown as the store wrote it.
_PICKUP = re.compile(r"^\s*(?:usually\s+)?ready\s+in\s+(\d+)\s*(minute|min|hour|h|day)s?\b", re.I)


class Wording:
    """The words in one language (and time zone, for clock times) for one audience."""

    def __init__(
        self,
        language: str = "en",
        tz: tzinfo | None = None,
        *,
        translate: Translate = english,
        audience: Audience = "shopper",
        price_difference: PriceDifference = "note",
    ) -> None:
        self.language, self.tz = language, tz
        self.audience, self.price_difference = audience, price_difference
        self._translate = translate

    def text(self, key: str, **values: Any) -> str:
        """The catalogue's entry `key` in this language, filled with `values`."""
        template = self._translate(CONTEXT, TEXTS[key]) or TEXTS[key]
        return template.format(**values) if values else template

    def _count(self, key: str, n: int, /, **values: Any) -> str:
        """`key.one` for 1, else `key.other` (Chinese says both the same way)."""
        return self.text(f"{key}.{'one' if n == 1 else 'other'}", **values)

    # -- prices, times, distances, names --------------------------------------------------

    def price(self, money: Money) -> str:
        return money.text(self.language)

    def product_name(self, name: str) -> str:
        """A product's (or look's) name in this language, where the catalog gives one
        (`kiosk.catalog.names`); else the name as it is."""
        return self._translate(PRODUCT_CONTEXT, name) or name

    def clock(self, when: datetime, now: datetime) -> str:
        """'14:02' today, '3 Mar 14:02' (3月3日 14:02) on another day, in local time."""
        local, today = when.astimezone(self.tz), now.astimezone(self.tz)
        time = local.strftime("%H:%M")
        if local.date() == today.date():
            return time
        month = self.text("date.months").split()[local.month - 1]
        return self.text("date.other_day", day=local.day, month=month, time=time)

    def distance(self, km: float) -> str:
        """ "2.8 km" / "2.8 公里"; under 1 km in metres, to the nearest 100."""
        if km < 0.95:
            return self.text("stock.metres", m=max(100, round(km * 10) * 100))
        return self.text("stock.km", km=f"{km:.1f}")

    def finish(self, finish: str) -> str:
        key = f"finish.{finish}"
        return self.text(key) if key in TEXTS else finish.capitalize()

    def cosmetic(self, kind: str) -> str:
        """What an eye, cheek or brow product is ("Eyeshadow"), for its card."""
        key = f"cosmetic.{kind}"
        return self.text(key) if key in TEXTS else kind.capitalize()

    def category(self, name: str) -> str:
        key = f"category.{name}"
        return self.text(key) if key in TEXTS else name.capitalize()

    # -- size advice --------------------------------------------------------------------

    def size_advice(self, fit: Fit | None) -> str:
        """ "We suggest S", "We suggest S; between S and M", or that it is measuring."""
        if fit is None:
            return self.text("card.measuring")
        advice = fit[1]
        if advice.also:
            low, high = sorted((advice.size, advice.also), key=_size_rank)
            return self.text("card.size_between", size=advice.size, low=low, high=high)
        return self.text("card.size", size=advice.size)

    def size_detail(self, fit: Fit | None) -> str:
        """The measurement behind the advice, one tap away: "Shoulders about 41 cm"."""
        if fit is None:
            return ""
        return self.text("card.size_detail", cm=f"{fit[0].value:.0f}")

    # -- stock ------------------------------------------------------------------------------

    def pickup(self, said: str | None) -> str:
        """The hub's "Ready in 2 hours" as "ready in 2 h" in this language ("" for none)."""
        if not said:
            return ""
        found = _PICKUP.match(said)
        if found is None:
            return said.strip()
        n, unit = int(found.group(1)), found.group(2).lower()
        if unit.startswith("d") or (unit.startswith("h") and n >= 24 and n % 24 == 0):
            days = n if unit.startswith("d") else n // 24
            return self._count("stock.ready_days", days, n=days)
        if unit.startswith("h"):
            return self.text("stock.ready_hours", n=n)
        return self.text("stock.ready_minutes", n=n)

    def here(self, row: ChannelRow) -> str:
        """ "On the shelf here" (with the count when few), or that it is not."""
        if not row.in_stock:
            return self.text("stock.not_here")
        if row.available == 1:
            return self.text("stock.here_last")
        if row.available <= FEW_LEFT:
            return self.text("stock.here_few", count=row.available)
        return self.text("stock.here")

    def nearby(self, row: ChannelRow) -> str:
        """ "3 at Xintiandi · 2.8 km · ready in 1 h"."""
        parts = [self.text("stock.near", count=row.available, place=row.location_name)]
        if row.distance_km is not None:
            parts.append(self.distance(row.distance_km))
        if ready := self.pickup(row.pickup_time):
            parts.append(ready)
        return self.text("stock.join").join(parts)

    def online(self, row: ChannelRow) -> str:
        """ "Online · delivered in 2 days", or kindly that it is not available online."""
        if not row.in_stock:
            return self.text("stock.online_none")
        if row.ship_days is None:
            return self.text("stock.online")
        if row.ship_days == 0:
            return self.text("stock.online_today")
        return self._count("stock.online_days", row.ship_days, days=row.ship_days)

    def row_label(self, row: ChannelRow) -> str:
        """A stock row's place: "This store", "Xintiandi · 2.8 km", "Online"."""
        if row.channel == "this_store":
            return self.text("stock.row_here")
        if row.channel == "online":
            return self.text("stock.row_online")
        if row.distance_km is None:
            return row.location_name
        return self.text("stock.join").join((row.location_name, self.distance(row.distance_km)))

    def row_detail(self, row: ChannelRow) -> str:
        """A stock row's news: "On the shelf", "3 available · ready in 1 h", "Delivered in
        2 days", "None left" (pickup and delivery only where it is in stock)."""
        if not row.in_stock:
            return self.text("stock.none_left")
        if row.channel == "this_store":
            if row.available <= FEW_LEFT:
                return self.available(row.available)
            return self.text("stock.on_shelf")
        if row.channel == "online":
            if row.ship_days is None:
                return self.available(row.available)
            if row.ship_days == 0:
                return self.text("stock.delivered_today")
            return self._count("stock.delivered", row.ship_days, days=row.ship_days)
        parts = [self.available(row.available)]
        if ready := self.pickup(row.pickup_time):
            parts.append(ready)
        return self.text("stock.join").join(parts)

    def available(self, count: int) -> str:
        """ "6 available", "2 left", "The last one", "None left"."""
        if count <= 0:
            return self.text("stock.none_left")
        if count == 1:
            return self.text("stock.last_one")
        if count <= FEW_LEFT:
            return self.text("stock.few_left", count=count)
        return self.text("stock.available", count=count)

    def stock_summary(self, rows: Iterable[ChannelRow]) -> str:
        """One line with what the shopper needs first: on the shelf here; else where else
        it can be had (the nearest store that has it, and online); else that all is sold."""
        rows = tuple(rows)
        here = next((r for r in rows if r.channel == "this_store"), None)
        near = next((r for r in rows if r.channel == "nearby" and r.in_stock), None)
        online = next((r for r in rows if r.channel == "online"), None)
        if here is not None and here.in_stock:
            return self.here(here)
        parts = [self.here(here)] if here is not None else []
        if near is not None:
            parts.append(self.nearby(near))
        if online is not None and (online.in_stock or near is None):
            parts.append(self.online(online))
        if rows and not any(r.in_stock for r in rows):
            parts = [self.text("stock.nowhere")]
        return self.text("stock.join").join(parts)

    def stock_note(self, view: StockView, now: datetime) -> str:
        """ "" while live, else "Stock as of 14:02"."""
        return "" if view.live else self.text("stock.as_of", time=self.clock(view.as_of, now))

    def price_note(self, view: StockView) -> tuple[str, str]:
        """(words, kind) for a channel that charges differently, as the store chose: a
        neutral note ("Online price: ¥209.00"), a price match where online is cheaper, or
        nothing. kind is "note", "match" or "" (nothing to show)."""
        mode = self.price_difference
        if not view.price_differs or view.price is None or mode == "hidden":
            return "", ""
        here = view.price
        online = next((r.price for r in view.rows if r.channel == "online"), None)
        if online is None or online == here or online.currency != here.currency:
            return "", ""
        if mode == "match":
            if online.amount >= here.amount:
                return "", ""
            return self.text("price.match", price=self.price(online)), "match"
        return self.text("price.note", price=self.price(online)), "note"

    # -- reservation and hand-off -------------------------------------------------------

    def held_until(self, held: ReservationView, now: datetime) -> str:
        """ "held until 16:02", "the hold ended at 16:02", "cancelled"."""
        time = self.clock(held.expires_at, now)
        if held.status == "held":
            return self.text("reserve.until", time=time)
        if held.status == "expired":
            return self.text("reserve.expired", time=time)
        key = f"reserve.{held.status}"
        return self.text(key) if key in TEXTS else ""

    def reservation(self, held: ReservationView, now: datetime) -> str:
        """ "Waiting for you at Jing'an Kerry Centre · held until 16:02"; a hold a sale put
        at risk says so, so nobody travels for an item that is gone."""
        key = "reserve.at_risk" if held.at_risk and held.status == "held" else "reserve.held"
        return self.text(key, place=held.location_name, until=self.held_until(held, now))

    def handoff(self, made: HandoffView, now: datetime) -> str:
        return self.text("handoff.scan", time=self.clock(made.expires_at, now))

    # -- failures -------------------------------------------------------------------------

    def failure(self, error: BaseException, doing: Doing) -> str:
        """What went wrong while `doing`, in words for this audience: the shopper reads a
        calm sentence with a way on; staff also read the hub's code and message."""
        said = self.text(_failure_key(error, doing))
        if self.audience == "staff":
            code = getattr(error, "code", "") or type(error).__name__
            message = getattr(error, "message", "") or str(error)
            return f"{said} [{code}: {message}]"
        return said


_SIZES = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL")


def _size_rank(size: str) -> tuple[int, str]:
    """Letter sizes small to large; others after them, as written."""
    upper = size.upper()
    return (_SIZES.index(upper), "") if upper in _SIZES else (len(_SIZES), size)


def _failure_key(error: BaseException, doing: Doing) -> str:
    """The catalogue key for `error` while `doing` (by the client's type, then hub code)."""
    code = error.code if isinstance(error, StoreError) else ""
    if doing == "reserve":
        none_left = isinstance(error, OutOfStock) or code == "out_of_stock"
        return "fail.reserve_none_left" if none_left else "fail.reserve"
    if doing == "handoff":
        return "fail.handoff_unknown" if isinstance(error, NotFound) else "fail.handoff"
    if doing in ("member_code", "member_number"):
        if code == "rate_limited":
            return "fail.member_too_many"
        if isinstance(error, MemberCodeExpired):
            return "fail.member_expired"
        unknown = isinstance(error, MemberNotFound) or code == "validation_error"
        if unknown and not isinstance(error, HubAuthError | HubUnavailable):
            return (
                "fail.member_code_unknown"
                if doing == "member_code"
                else "fail.member_number_unknown"
            )
        return "fail.member"
    if doing == "barcode":
        return "fail.barcode_unknown" if isinstance(error, NotFound) else "fail.barcode"
    if doing == "consent":
        return "fail.consent"
    return "fail.stock"
