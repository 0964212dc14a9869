"""A simulated shop: members with known tastes, at the mirrors and online, day by day.

Why: the suggestions model (`kiosk.hub.suggest`) needs a log where each shopper's taste
is known, to be measured against (`benchmarks/suggestions.py`), and a demo hub needs a
shop's worth of members, events, wishlists and orders (`kiosk hub simulate-shop`).

Over the hub's catalog (the demo dataset's products, or a hub database's: the hub may
not import the mirror's `kiosk.catalog`, and its products carry the same attributes), each
member gets a taste: one of a few clusters over the products' attributes (a shade's colour
family and finish, a garment's style, clothes at all), sometimes a second, weaker one,
personal deviations, a popularity skew every shopper shares, and idiosyncratic noise per
product. The sum is the member's `affinity` for each product: what the benchmark's oracle
ranks by. Members shop at mirrors only, online only, or both; some never consent, so the
hub can never attribute their events. Sessions: try-ons at a mirror, looks saved,
purchases through the mirror's checkout; views, app try-ons, wishlist adds and removes,
orders online. What catches the eye and what is bought follow taste and the interest
earlier sessions built up.

One `random.Random(seed)` draws everything: the same seed, catalog and `now` give the same
shop. Pure Python (the hub installs without NumPy).
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, TypeVar

from sqlalchemy import Connection, Engine, func, insert, select

from kiosk.errors import KioskError
from kiosk.hub import tables as t
from kiosk.hub.db import write_tx
from kiosk.hub.orders import cents
from kiosk.hub.suggest import Channel, Interaction, Kind

# The kiosk's consent text version (kiosk.session.consent.CONSENT_TEXT_VERSION; the hub may
# not import the mirror's session layer, so a test keeps the two equal).
CONSENT_TEXT_VERSION = "2025-05"
ORDER_SOURCE = "simulated"  # orders.source: never mistaken for the shop's webhook's
ONLINE_KIOSK = "shop-online"  # events.kiosk_id of the online shop's events
DEFAULT_NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)
Habit = Literal["mirror", "online", "both"]
_T = TypeVar("_T")

# Shade colour families by nearest prototype (sRGB; browns count as nudes), finishes in
# three groups, garment categories in three styles: the attributes tastes are made of.
_COLOURS = (("red", (192, 16, 46)), ("pink", (224, 96, 154)), ("berry", (112, 32, 80)),
            ("nude", (184, 128, 112)), ("nude", (122, 74, 56)),
            ("coral", (224, 96, 64)))  # fmt: skip
_FINISH = {"matte": "soft", "satin": "soft", "cream": "shine", "gloss": "shine",
           "sheer": "shine", "shimmer": "sparkle", "metallic": "sparkle"}  # fmt: skip
_STYLE = {"tee": "casual", "hoodie": "casual", "jacket": "casual", "polo": "smart",
          "top": "smart", "blouse": "smart", "camisole": "feminine",
          "dress": "feminine"}  # fmt: skip
# Taste clusters: each one's share of members and weight per attribute.
PERSONAS: dict[str, tuple[float, dict[str, float]]] = {
    "classic": (0.28, {"colour:red": 2.2, "colour:berry": 0.6, "finish:soft": 1.0,
                       "style:smart": 1.6}),
    "natural": (0.26, {"colour:nude": 2.2, "colour:coral": 0.5, "finish:soft": 0.6,
                       "finish:shine": 0.4, "style:casual": 1.6, "kind:garment": 0.3}),
    "romantic": (0.20, {"colour:pink": 2.2, "colour:nude": 0.4, "finish:shine": 1.2,
                        "style:feminine": 2.0, "kind:garment": 0.2}),
    "bold": (0.14, {"colour:berry": 2.2, "colour:red": 0.6, "finish:sparkle": 1.4,
                    "style:feminine": 0.6, "style:smart": 0.4, "kind:garment": -0.3}),
    "sunny": (0.12, {"colour:coral": 2.2, "colour:pink": 0.6, "finish:shine": 1.0,
                     "style:casual": 1.0, "kind:garment": 0.3}),
}  # fmt: skip
HABITS: dict[Habit, float] = {"mirror": 0.35, "online": 0.35, "both": 0.30}
# Sessions per 90 days at the mirrors and online, for an average member of each habit.
SESSIONS: dict[Habit, tuple[float, float]] = {
    "mirror": (3.5, 0.0), "online": (0.0, 5.0), "both": (2.5, 3.5)
}  # fmt: skip
# Tiers lowest first (the demo's ids; `write_to_hub` maps them onto a hub's own by rank).
TIERS = {"classic": 0.70, "silver": 0.22, "gold": 0.08}
POINTS_CAP = {"classic": 2_000, "silver": 8_000, "gold": 30_000}
SIZES = {"XS": 0.10, "S": 0.25, "M": 0.32, "L": 0.22, "XL": 0.08, "XXL": 0.03}
MIRRORS_PER_STORE = 2


@dataclass(frozen=True)
class SimProduct:
    """A product as the simulation sees it: its taste attributes and sellable variants."""

    product_id: str
    kind: str  # shade | garment
    features: tuple[str, ...]
    variants: tuple[tuple[str, str | None], ...]  # (sku, size)
    price_cents: int

    def sku_for(self, size: str) -> str:
        """The variant a member of `size` takes (the middle one if not made in it)."""
        for sku, own in self.variants:
            if own is None or own == size:
                return sku
        return self.variants[len(self.variants) // 2][0]


@dataclass(frozen=True)
class SimCatalog:
    products: tuple[SimProduct, ...]
    stores: tuple[str, ...]
    currency: str = "CNY"

    @property
    def mirrors(self) -> tuple[tuple[str, str], ...]:
        """(kiosk_id, store_id) of the simulated mirrors, two a store."""
        return tuple((f"mirror-{store.lower()}-{n}", store) for store in self.stores
                     for n in range(1, MIRRORS_PER_STORE + 1))  # fmt: skip


@dataclass(frozen=True)
class SimMember:
    member_id: str
    member_number: str
    display_name: str
    tier: str
    points: int
    habit: Habit
    consents: bool
    persona: str
    locale: str
    size: str
    home_store: str
    shop_customer_id: str | None
    affinity: Mapping[str, float]  # product id -> the member's true taste (oracle's ranking)


@dataclass(frozen=True)
class SimEvent:
    """One event as the hub would store it. `kind` None: says nothing more about taste (an
    order's event: the order itself counts; a wishlist removal)."""

    event_id: str
    type: str
    time: datetime
    member_id: str
    channel: Channel
    kind: Kind | None
    skus: tuple[str, ...]  # as the hub stores them: a garment's sized SKU
    products: tuple[str, ...]  # the same as product ids (what the model sees)
    kiosk_id: str
    store_id: str | None
    session_id: str | None = None
    dwell_ms: int | None = None
    ref: str | None = None  # the look's or the order's id


@dataclass(frozen=True)
class SimOrder:
    order_id: str
    member_id: str
    channel: Channel  # mirror: checked out from a mirror's QR, credited to it
    placed_at: datetime
    lines: tuple[tuple[str, str, int], ...]  # (sku, product id, unit price in cents)
    store_id: str | None = None
    kiosk_id: str | None = None
    session_id: str | None = None


@dataclass
class SimShop:
    catalog: SimCatalog
    seed: int
    start: datetime
    now: datetime
    members: list[SimMember] = field(default_factory=list)
    events: list[SimEvent] = field(default_factory=list)
    orders: list[SimOrder] = field(default_factory=list)
    # what is on each member's wishlist at the end: member -> sku -> added at
    wishlist: dict[str, dict[str, datetime]] = field(default_factory=dict)

    @property
    def consenting(self) -> frozenset[str]:
        return frozenset(m.member_id for m in self.members if m.consents)

    def interactions(
        self,
        *,
        channels: Iterable[Channel] = ("mirror", "online"),
        before: datetime | None = None,
        consenting_only: bool = True,
    ) -> list[Interaction]:
        """The model's input in time order: by default only what the hub can attribute
        (consenting members' events and orders)."""
        wanted, who = set(channels), self.consenting
        out: list[Interaction] = []
        for e in self.events:
            if e.kind is None or e.channel not in wanted or (before and e.time >= before):
                continue
            if not consenting_only or e.member_id in who:
                out.extend(Interaction(e.member_id, p, e.kind, e.channel, e.time)
                           for p in e.products)  # fmt: skip
        for o in self.orders:
            if o.channel not in wanted or (before and o.placed_at >= before):
                continue
            if not consenting_only or o.member_id in who:
                out.extend(Interaction(o.member_id, p, "bought", o.channel, o.placed_at)
                           for _, p, _ in o.lines)  # fmt: skip
        out.sort(key=lambda i: (i.time, i.member_id, i.sku, i.kind))
        return out

    def summary(self) -> str:
        """One paragraph: what was simulated."""
        events = Counter(e.channel for e in self.events)
        orders = Counter(o.channel for o in self.orders)
        yes = len(self.consenting)
        return (
            f"Simulated {len(self.members)} members over {(self.now - self.start).days} days "
            f"(seed {self.seed}), {yes / max(1, len(self.members)):.0%} of them consenting "
            f"({yes}): {events['mirror']} mirror events at {len(self.catalog.mirrors)} mirrors "
            f"in {len(self.catalog.stores)} stores and {events['online']} online events over "
            f"{len(self.catalog.products)} products; {len(self.orders)} orders "
            f"({orders['mirror']} checked out from a mirror, {orders['online']} online); "
            f"{sum(map(len, self.wishlist.values()))} products on wishlists."
        )


# ---- the catalog ----------------------------------------------------------------------


def features(kind: str, finish: str | None, color_hex: str | None, category: str | None
             ) -> tuple[str, ...]:  # fmt: skip
    """A product's taste attributes from what the hub's catalog says about it."""
    if kind == "garment":
        return ("kind:garment", f"style:{_STYLE.get(category or '', 'other')}")
    out = ["kind:shade"]
    if color_hex and len(color_hex) == 7:
        rgb = [int(color_hex[i : i + 2], 16) for i in (1, 3, 5)]
        family, _ = min(
            _COLOURS, key=lambda c: sum((a - b) ** 2 for a, b in zip(rgb, c[1], strict=True))
        )
        out.append(f"colour:{family}")
    if finish in _FINISH:
        out.append(f"finish:{_FINISH[finish]}")
    return tuple(out)


def demo_catalog() -> SimCatalog:
    """The demo dataset's products and stores (what `kiosk hub --seed demo` serves)."""
    from kiosk.hub.seed import load_dataset

    data = load_dataset()
    products = tuple(
        SimProduct(p.product_id, p.kind, features(p.kind, p.finish, p.color_hex, p.category),
                   tuple((v.sku, v.size) for v in p.variants),
                   cents(p.variants[0].prices.get("online") or p.variants[0].prices["store"]))
        for p in data.products
    )  # fmt: skip
    stores = tuple(loc.location_id for loc in data.locations if loc.kind == "store")
    return SimCatalog(products, stores, data.currency)


def catalog_from_hub(conn: Connection) -> SimCatalog:
    """A hub database's products (online price, else in-store) and stores."""
    p, v, pr = t.products, t.variants, t.prices
    rows = conn.execute(
        select(p.c.product_id, p.c.kind, p.c.finish, p.c.color_hex, p.c.category, v.c.sku,
               v.c.size, pr.c.channel, pr.c.amount_cents, pr.c.currency)
        .join(v, v.c.product_id == p.c.product_id)
        .outerjoin(pr, pr.c.sku == v.c.sku)
        .order_by(p.c.position, p.c.product_id, v.c.position, v.c.sku, pr.c.channel)
    ).all()  # fmt: skip
    meta: dict[str, tuple[str, tuple[str, ...]]] = {}
    variants: dict[str, list[tuple[str, str | None]]] = {}
    prices: dict[str, int] = {}
    currency = "CNY"
    for r in rows:
        meta.setdefault(r.product_id, (r.kind, features(r.kind, r.finish, r.color_hex, r.category)))
        sizes = variants.setdefault(r.product_id, [])
        if (r.sku, r.size) not in sizes:
            sizes.append((r.sku, r.size))
        if r.amount_cents is not None and (r.channel == "online" or r.product_id not in prices):
            prices[r.product_id], currency = int(r.amount_cents), r.currency
    stores = conn.execute(
        select(t.locations.c.location_id)
        .where(t.locations.c.kind == "store")
        .order_by(t.locations.c.location_id)
    ).scalars()
    found = SimCatalog(
        tuple(SimProduct(pid, kind, feats, tuple(variants[pid]), prices.get(pid, 0))
              for pid, (kind, feats) in meta.items()),
        tuple(stores),
        currency,
    )  # fmt: skip
    if not found.products or not found.stores:
        raise KioskError(
            "the hub database has no products or no stores to simulate a shop over",
            "seed it first (`kiosk hub --seed demo`) or give an empty database",
        )
    return found


# ---- the simulation -------------------------------------------------------------------


def simulate(
    catalog: SimCatalog | None = None,
    *,
    members: int = 3000,
    days: int = 90,
    seed: int = 7,
    now: datetime | None = None,
    consent_share: float = 0.7,
) -> SimShop:
    """A shop of `members` over the `days` before `now` (default a fixed day, so that the
    same seed gives the same shop)."""
    if members < 1 or days < 1:
        raise KioskError("a simulated shop needs at least one member and one day",
                         "give --members and --days of 1 or more")  # fmt: skip
    catalog = catalog or demo_catalog()
    if not catalog.products or not catalog.stores:
        raise KioskError("the catalog has no products or no stores", "simulate the demo's")
    now = (now or DEFAULT_NOW).astimezone(UTC)
    rng = random.Random(seed)
    shop = SimShop(catalog, seed, now - timedelta(days=days), now)
    order = [p.product_id for p in catalog.products]
    rng.shuffle(order)  # bestsellers (the window, the app's first page): a Zipf-like pull
    popularity = {pid: -0.5 * math.log(rank + 1) for rank, pid in enumerate(order)}
    for n in range(members):
        member = _member(n, shop, popularity, consent_share, rng)
        shop.members.append(member)
        _Shopper(shop, member, popularity, rng).live(days)
    shop.events.sort(key=lambda e: (e.time, e.event_id))
    shop.orders.sort(key=lambda o: (o.placed_at, o.order_id))
    return shop


def _pick(rng: random.Random, shares: Mapping[_T, float]) -> _T:
    return rng.choices(list(shares), list(shares.values()))[0]


def _member(n: int, shop: SimShop, popularity: Mapping[str, float], consent_share: float,
            rng: random.Random) -> SimMember:  # fmt: skip
    persona = _pick(rng, {name: share for name, (share, _) in PERSONAS.items()})
    taste = {f: w * max(0.0, rng.gauss(1.0, 0.25)) for f, w in PERSONAS[persona][1].items()}
    if rng.random() < 0.2:  # a second taste, weaker
        other = rng.choice(sorted(set(PERSONAS) - {persona}))
        for f, w in PERSONAS[other][1].items():
            taste[f] = taste.get(f, 0.0) + 0.4 * w
    products = shop.catalog.products
    for f in sorted({f for p in products for f in p.features}):  # personal quirks
        taste[f] = taste.get(f, 0.0) + rng.gauss(0.0, 0.3)
    affinity = {
        p.product_id: sum(taste.get(f, 0.0) for f in p.features)
        + popularity[p.product_id]
        + rng.gauss(0.0, 0.6)
        for p in products
    }
    habit: Habit = _pick(rng, HABITS)
    tier = _pick(rng, TIERS)
    digest = hashlib.sha256(f"{shop.seed}/{n}".encode()).digest()
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # the hub's member ids' (Crockford's)
    return SimMember(
        member_id="M-S" + "".join(alphabet[b % 32] for b in digest[:9]),
        member_number=f"7{shop.seed % 1000:03d}{n:08d}",
        display_name=f"Simulated Shopper {n + 1}",
        tier=tier,
        points=rng.randrange(POINTS_CAP[tier]),
        habit=habit,
        consents=rng.random() < consent_share,
        persona=persona,
        locale="en" if rng.random() < 0.2 else "zh-CN",
        size=_pick(rng, SIZES),
        home_store=rng.choice(shop.catalog.stores),
        shop_customer_id=None if habit == "mirror" else f"sim-{shop.seed}-{n + 1}",
        affinity=affinity,
    )


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


class _Shopper:
    """One member's sessions in time order, the interest each builds carried to the next."""

    def __init__(self, shop: SimShop, member: SimMember, popularity: Mapping[str, float],
                 rng: random.Random) -> None:  # fmt: skip
        self.shop, self.member, self.rng = shop, member, rng
        self.products = shop.catalog.products
        self.skus = [p.sku_for(member.size) for p in self.products]  # in this member's size
        aff = [member.affinity[p.product_id] for p in self.products]
        pop = [popularity[p.product_id] for p in self.products]
        self.taste = [math.exp(a) for a in aff]  # what catches the eye at a mirror
        self.browse = [math.exp(a + 0.5 * b) for a, b in zip(aff, pop, strict=True)]  # online
        self.buying = [math.exp(1.5 * a) for a in aff]  # what is bought, of what was seen
        self.interest = [0.0] * len(self.products)
        self.wished: dict[int, datetime] = {}  # product index -> when
        self.mirrors = [k for k in shop.catalog.mirrors if k[1] == member.home_store]

    def live(self, days: int) -> None:
        rng, shop = self.rng, self.shop
        activity = math.exp(rng.gauss(0.0, 0.6))  # some shop often, most now and then
        sessions: list[tuple[datetime, Channel]] = []
        at_mirror, online = SESSIONS[self.member.habit]
        means: tuple[tuple[Channel, float], ...] = (("mirror", at_mirror), ("online", online))
        for channel, mean in means:
            for _ in range(_poisson(rng, mean * activity * days / 90)):
                day = (shop.start + timedelta(days=rng.randrange(days))).replace(
                    hour=0, minute=0, second=0, microsecond=0
                )
                sessions.append((day + timedelta(hours=rng.uniform(2.0, 13.5)), channel))
        for at, channel in sorted(sessions):
            if at >= shop.now:
                continue
            if channel == "mirror":
                self._mirror(at)
            else:
                self._online(at)
        if self.wished:
            shop.wishlist[self.member.member_id] = {
                self.skus[i]: at for i, at in sorted(self.wished.items())
            }

    def _sample(self, base: list[float], k: int, push: float) -> list[int]:
        """`k` different products by `base` weight times the interest built so far."""
        weights = [w * (1.0 + push * i) for w, i in zip(base, self.interest, strict=True)]
        chosen: list[int] = []
        while len(chosen) < min(k, len(weights)):
            i = self.rng.choices(range(len(weights)), weights)[0]
            chosen.append(i)
            weights[i] = 0.0
        return chosen

    def _buy(self, seen: list[int]) -> list[int]:
        """One product, sometimes two, out of what was seen now and the wishlist."""
        pool = sorted(set(seen) | set(self.wished))
        weights = [self.buying[i] * (1.0 + self.interest[i]) for i in pool]
        chosen: list[int] = []
        while len(chosen) < min(2 if self.rng.random() < 0.25 else 1, len(pool)):
            j = self.rng.choices(range(len(pool)), weights)[0]
            chosen.append(pool[j])
            weights[j] = 0.0
        return chosen

    def _mirror(self, at: datetime) -> None:
        rng = self.rng
        kiosk, store = rng.choice(self.mirrors)
        session = f"s-{rng.getrandbits(64):016x}"
        tried = self._sample(self.taste, min(8, 1 + _poisson(rng, 2.0)), 0.8)
        for i in tried:
            at += timedelta(seconds=rng.uniform(20, 90))
            dwell = int(1000 * min(60.0, 2 + rng.expovariate(1 / 8)))
            self._event("tryon.product.tried", at, "mirror", "tried", [i], kiosk, store,
                        session=session, dwell_ms=dwell)  # fmt: skip
            self.interest[i] += 1
        if rng.random() < 0.3:
            look = sorted(tried, key=lambda i: -self.taste[i])[: rng.randint(1, 2)]
            at += timedelta(seconds=rng.uniform(10, 40))
            self._event("tryon.look.saved", at, "mirror", "saved", look, kiosk, store,
                        session=session, ref=f"look-{rng.getrandbits(96):024x}")  # fmt: skip
            for i in look:
                self.interest[i] += 1.5
        if rng.random() < 0.3:
            at += timedelta(minutes=rng.uniform(2, 15))
            self._order(at, "mirror", self._buy(tried), (store, kiosk, session))

    def _online(self, at: datetime) -> None:
        rng, products = self.rng, self.products
        viewed = self._sample(self.browse, min(10, 1 + _poisson(rng, 3.0)), 0.5)
        for i in viewed:
            at += timedelta(seconds=rng.uniform(10, 120))
            self._event("shop.product.viewed", at, "online", "viewed", [i], ONLINE_KIOSK, None)
            self.interest[i] += 0.5
            if products[i].kind == "shade" and rng.random() < 0.25:  # the app's try-on
                at += timedelta(seconds=rng.uniform(5, 60))
                self._event("shop.look.tried", at, "online", "tried", [i], ONLINE_KIOSK, None)
                self.interest[i] += 1
        open_ = [i for i in viewed if i not in self.wished]
        if open_ and rng.random() < 0.3:
            i = max(open_, key=lambda i: (self.taste[i], -i))
            at += timedelta(seconds=rng.uniform(5, 60))
            self.wished[i] = at
            self._event("shop.wishlist.added", at, "online", "wished", [i], ONLINE_KIOSK, None)
            self.interest[i] += 1.5
        if self.wished and rng.random() < 0.08:  # changed their mind about the least liked
            i = min(self.wished, key=lambda i: (self.taste[i], i))
            del self.wished[i]
            at += timedelta(seconds=rng.uniform(5, 60))
            self._event("shop.wishlist.removed", at, "online", None, [i], ONLINE_KIOSK, None)
            self.interest[i] *= 0.5
        if rng.random() < 0.3:
            at += timedelta(minutes=rng.uniform(1, 10))
            self._order(at, "online", self._buy(viewed), (None, None, None))

    def _event(self, type_: str, at: datetime, channel: Channel, kind: Kind | None,
               items: Sequence[int], kiosk: str, store: str | None, *,
               session: str | None = None, dwell_ms: int | None = None,
               ref: str | None = None) -> None:  # fmt: skip
        self.shop.events.append(
            SimEvent(f"{self.rng.getrandbits(128):032x}", type_, at, self.member.member_id,
                     channel, kind, tuple(self.skus[i] for i in items),
                     tuple(self.products[i].product_id for i in items), kiosk, store, session,
                     dwell_ms, ref)
        )  # fmt: skip

    def _order(self, at: datetime, channel: Channel, bought: list[int],
               where: tuple[str | None, str | None, str | None]) -> None:  # fmt: skip
        if not bought or at >= self.shop.now:
            return
        order_id = f"SIM{self.shop.seed}-{len(self.shop.orders) + 1:07d}"
        lines = tuple((self.skus[i], self.products[i].product_id, self.products[i].price_cents)
                      for i in bought)  # fmt: skip
        self.shop.orders.append(SimOrder(order_id, self.member.member_id, channel, at, lines,
                                         *where))  # fmt: skip
        if channel == "online":
            self._event("shop.order.placed", at, "online", None, bought, ONLINE_KIOSK, None,
                        ref=order_id)  # fmt: skip
        for i in bought:
            self.wished.pop(i, None)
            self.interest[i] += 2


# ---- into a hub database --------------------------------------------------------------

Row = dict[str, Any]


def write_to_hub(engine: Engine, sim: SimShop, now: datetime) -> dict[str, int]:
    """Write the simulated shop into a migrated hub database as the hub would hold it: a
    non-consenting member's events and orders carry no member id, and neither their
    wishlist nor their looks are there. Returns the rows written per table."""
    numbers = sorted(m.member_number for m in sim.members)
    with engine.connect() as conn:
        mt = t.membership_tiers.c
        tiers = list(conn.execute(select(mt.tier).order_by(mt.rank, mt.tier)).scalars())
    rows: dict[str, list[Row]] = {
        "members": _members(sim, tiers),
        "consents": _consents(sim),
        "events": _events(sim, now),
        "orders": _orders(sim, now),
        "order_lines": [
            {"source": ORDER_SOURCE, "order_id": o.order_id, "line_no": n, "sku": sku,
             "quantity": 1, "unit_price_cents": price}
            for o in sim.orders for n, (sku, _, price) in enumerate(o.lines, start=1)
        ],
        "wishlist": [
            {"member_id": member, "sku": sku, "channel": "online", "added_at": added}
            for member, items in sorted(sim.wishlist.items()) if member in sim.consenting
            for sku, added in items.items()
        ],
        "member_looks": _looks(sim),
    }  # fmt: skip
    with write_tx(engine) as conn:
        m = t.members
        clash = conn.execute(
            select(func.count())
            .select_from(m)
            .where(
                m.c.member_id.in_([x.member_id for x in sim.members[:100]])
                | m.c.member_number.between(numbers[0], numbers[-1])
            )
        ).scalar_one()
        if clash:
            raise KioskError(
                f"this hub database already holds a simulated shop with seed {sim.seed} "
                f"(member numbers {numbers[0]}...)",
                "give a fresh database or another --seed",
            )
        for name, batch in rows.items():
            for i in range(0, len(batch), 5000):
                conn.execute(insert(t.metadata.tables[name]), batch[i : i + 5000])
    return {name: len(batch) for name, batch in rows.items()}


def _members(sim: SimShop, tiers: Sequence[str]) -> list[Row]:
    """The members, each in the hub's tier of the same rank as theirs (when it has tiers)."""
    rank = {name: n for n, name in enumerate(TIERS)}
    return [
        {"member_id": m.member_id, "member_number": m.member_number,
         "display_name": m.display_name,
         "tier": tiers[min(rank.get(m.tier, 0), len(tiers) - 1)] if tiers else m.tier,
         "points": m.points, "shop_customer_id": m.shop_customer_id}
        for m in sim.members
    ]  # fmt: skip


def _consents(sim: SimShop) -> list[Row]:
    """Consenting members said yes before the simulated days began; half of the others
    said no (at a mirror, or in the app), the rest were never asked."""
    out: list[Row] = []
    for n, m in enumerate(sim.members):
        if not m.consents and n % 2:
            continue
        at_mirror = m.habit != "online"
        kiosk = f"mirror-{m.home_store.lower()}-1" if at_mirror else ONLINE_KIOSK
        out.append(
            {"member_id": m.member_id, "granted": m.consents,
             "text_version": CONSENT_TEXT_VERSION, "locale": m.locale,
             "decided_at": sim.start - timedelta(days=1 + n % 300, minutes=n % 600),
             "kiosk_id": kiosk, "store_id": m.home_store if at_mirror else None,
             "staff_id": None}
        )  # fmt: skip
    return out


def _events(sim: SimShop, now: datetime) -> list[Row]:
    consenting = sim.consenting
    out: list[Row] = []
    for e in sim.events:
        member = e.member_id if e.member_id in consenting else None
        data: Row = {"session_id": e.session_id} if e.session_id else {}
        if len(e.skus) == 1 and e.type != "shop.order.placed":
            data["sku"] = e.skus[0]
        else:
            data["skus"] = list(e.skus)
        if e.dwell_ms is not None:
            data["dwell_ms"] = e.dwell_ms
        if e.ref:
            data["look_id" if e.type == "tryon.look.saved" else "order_id"] = e.ref
        if member:
            data["member_id"] = member
        source = f"kiosk/{e.store_id}/{e.kiosk_id}" if e.store_id else f"shop/{ORDER_SOURCE}"
        out.append(
            {"source": source, "event_id": e.event_id, "type": e.type, "time": e.time,
             "received_at": min(now, e.time + timedelta(seconds=2)), "kiosk_id": e.kiosk_id,
             "store_id": e.store_id, "member_id": member, "staff_id": None,
             "session_id": e.session_id, "sku": data.get("sku"), "dwell_ms": e.dwell_ms,
             "redacted": False, "data": json.dumps(data, separators=(",", ":"))}
        )  # fmt: skip
    return out


def _orders(sim: SimShop, now: datetime) -> list[Row]:
    consenting = sim.consenting
    return [
        {"source": ORDER_SOURCE, "order_id": o.order_id, "placed_at": o.placed_at,
         "received_at": min(now, o.placed_at + timedelta(seconds=5)),
         "currency": sim.catalog.currency, "total_cents": sum(x[2] for x in o.lines),
         "handoff_code": None, "store_id": o.store_id, "kiosk_id": o.kiosk_id,
         "staff_id": None, "session_id": o.session_id,
         "member_id": o.member_id if o.member_id in consenting else None,
         "request_hash": hashlib.sha256(o.order_id.encode()).hexdigest()}
        for o in sim.orders
    ]  # fmt: skip


def _looks(sim: SimShop) -> list[Row]:
    """Consenting members' looks saved at mirrors, kept in their account."""
    consenting, out = sim.consenting, []
    for e in sim.events:
        if e.type == "tryon.look.saved" and e.member_id in consenting and e.ref:
            items = [{"sku": s, "finish": None, "intensity": None,
                      "size": s.removeprefix(f"{p}-") if s != p else None}
                     for s, p in zip(e.skus, e.products, strict=True)]  # fmt: skip
            out.append(
                {"look_id": e.ref, "member_id": e.member_id, "channel": "mirror",
                 "items": json.dumps(items, separators=(",", ":")), "photo_id": None,
                 "store_id": e.store_id, "kiosk_id": e.kiosk_id, "created_at": e.time,
                 "deleted_at": None}
            )  # fmt: skip
    return out


def run_cli(db_url: str, members: int, days: int, seed: int, consent_share: float) -> str:
    """`kiosk hub simulate-shop`: the database migrated (and demo-seeded when empty), a
    shop simulated over its catalog up to now and written into it; the paragraph to print."""
    from kiosk.hub.context import utc_now
    from kiosk.hub.db import make_engine, redact_url
    from kiosk.hub.migrate import prepare_database

    engine = make_engine(db_url, 1)
    try:
        prepare_database(engine, "demo")
        with engine.connect() as conn:
            catalog = catalog_from_hub(conn)
        now = utc_now()
        sim = simulate(catalog, members=members, days=days, seed=seed, now=now,
                       consent_share=consent_share)  # fmt: skip
        written = write_to_hub(engine, sim, now)
    finally:
        engine.dispose()
    rows = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in written.items())
    return f"{sim.summary()} Written to {redact_url(db_url)}: {rows}.\n"
