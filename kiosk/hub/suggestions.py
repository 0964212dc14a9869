"""Suggestions for a consenting member, from what consenting members chose in both channels.

The hub decides whose data may enter the model (kiosk.hub.suggest is pure and never reads
the database): only members whose latest consent decision, at fit time, is granted. Their
interactions are read from
- events recorded against them (which only consent let through, kiosk.hub.records):
  `tryon.product.tried` (tried, mirror), `tryon.look.saved` (saved, mirror),
  `shop.product.viewed` (viewed, online), `shop.look.tried` (tried, or saved; online),
  `shop.order.placed` (bought, online);
- their wishlist (wished, where they wished for it), the lookbooks a stylist saved to their
  account (saved, mirror);
- orders credited to them (the mirror's credit, or their points for it: bought; mirror when
  the order was credited to a store or kiosk, else online).
Products are the model's keys: a shade's SKU, a garment's product id (its sizes are one
product). An interaction with something not in the catalog is left out.

The fitted model is cached per database for `CACHE_TTL` and refitted at once when any
consent decision was recorded since (the consents' highest id and count, one cheap query
per request): a withdrawn consent takes the member out of the model at the next request.
"""

from __future__ import annotations

import json
import threading
import weakref
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Select, func, literal, select

from kiosk.hub import catalog_refs
from kiosk.hub import tables as t
from kiosk.hub.member_looks import items_from
from kiosk.hub.membership import ORDER_SOURCE
from kiosk.hub.suggest import Channel, Interaction, Kind, SuggestionModel
from kiosk.storeapi.contract import (
    PriceChannel,
    SuggestionItem,
    Suggestions,
    Texts,
)

CACHE_TTL = timedelta(minutes=5)
# The event types that say something about a member's taste, and how.
EVENT_KINDS: dict[str, tuple[Kind, Channel]] = {
    "tryon.product.tried": ("tried", "mirror"),
    "tryon.look.saved": ("saved", "mirror"),
    "shop.product.viewed": ("viewed", "online"),
    "shop.look.tried": ("tried", "online"),  # "saved" when the shopper saved the look
    "shop.order.placed": ("bought", "online"),
}


@dataclass(frozen=True)
class Fitted:
    """A model fitted on one database's consenting members, and what answers need."""

    model: SuggestionModel
    history: dict[str, list[Interaction]]  # member -> their interactions (model keys)
    refs: dict[str, catalog_refs.Ref]  # model key -> the product
    mark: tuple[int, int]  # the consents' (highest id, count) when it was fitted
    fitted_at: datetime


_lock = threading.Lock()
_cache: weakref.WeakKeyDictionary[Engine, Fitted] = weakref.WeakKeyDictionary()


def consent_mark(conn: Connection) -> tuple[int, int]:
    """Changes whenever a consent decision is recorded (the log is append-only)."""
    c = t.consents.c
    top, count = conn.execute(select(func.coalesce(func.max(c.consent_id), 0), func.count())).one()
    return int(top), int(count)


def consenting(now: datetime) -> Select[tuple[str]]:
    """The members whose latest consent decision, as of `now`, is granted (a subquery)."""
    c = t.consents.c
    ranked = (
        select(
            c.member_id,
            c.granted,
            func.row_number()
            .over(partition_by=c.member_id, order_by=(c.decided_at.desc(), c.consent_id.desc()))
            .label("n"),
        )
        .where(c.decided_at <= now)
        .subquery("ranked")
    )
    return select(ranked.c.member_id).where(ranked.c.n == 1, ranked.c.granted.is_(True))


def interactions(conn: Connection, now: datetime) -> Iterator[Interaction]:
    """Every consenting member's interactions, in model keys (the only data the model sees)."""
    to_key, _refs = catalog_refs.model_keys(conn)
    who = consenting(now)

    def out(
        member: str, sku: Any, kind: Kind, channel: Channel, when: datetime
    ) -> Iterator[Interaction]:
        key = to_key.get(sku) if isinstance(sku, str) else None
        if key is not None:
            yield Interaction(member, key, kind, channel, when)

    # Orders first: a purchase the shop's webhook delivered and its shop.order.placed event
    # are one purchase, counted once (by the order's id).
    counted: set[tuple[str, str]] = set()
    for member, sku, store, kiosk, placed, order_id in _bought(conn, who):
        counted.add((member, str(order_id)))
        bought_in: Channel = "mirror" if store or kiosk else "online"
        yield from out(member, sku, "bought", bought_in, placed)
    e = t.events.c
    rows = conn.execute(
        select(e.member_id, e.type, e.sku, e.data, e.time).where(
            e.member_id.in_(who), e.type.in_(EVENT_KINDS), e.time <= now
        )
    )
    for row in rows:
        kind, channel = EVENT_KINDS[row.type]
        data = json.loads(row.data)
        if (
            row.type == "shop.order.placed"
            and (row.member_id, str(data.get("order_id"))) in counted
        ):
            continue
        if row.type == "shop.look.tried" and data.get("saved") is True:
            kind = "saved"
        skus = [i["sku"] for i in items_from(data)] if row.type != "tryon.product.tried" else []
        for sku in skus or [row.sku]:
            yield from out(row.member_id, sku, kind, channel, row.time)
    w = t.wishlist.c
    for wish in conn.execute(
        select(w.member_id, w.sku, w.channel, w.added_at).where(w.member_id.in_(who))
    ):
        channel = "online" if wish.channel == "online" else "mirror"
        yield from out(wish.member_id, wish.sku, "wished", channel, wish.added_at)
    lb = t.lookbooks.c
    for book in conn.execute(
        select(lb.member_id, lb.looks, lb.created_at).where(
            lb.member_id.in_(who), lb.deleted_at.is_(None)
        )
    ):
        for look in json.loads(book.looks):
            for item in look.get("items", []):
                yield from out(book.member_id, item.get("sku"), "saved", "mirror", book.created_at)


def _bought(conn: Connection, who: Select[tuple[str]]) -> Iterator[Any]:
    """(member, sku, store, kiosk, placed_at, order_id) of the lines of orders credited to
    consenting members: by the mirror's credit, or through the points the order earned them."""
    o, ol, pl = t.orders.c, t.order_lines.c, t.points_ledger.c
    lines = t.orders.join(t.order_lines, (ol.source == o.source) & (ol.order_id == o.order_id))
    yield from conn.execute(
        select(o.member_id, ol.sku, o.store_id, o.kiosk_id, o.placed_at, o.order_id)
        .select_from(lines)
        .where(o.member_id.in_(who))
    )
    earned = lines.join(
        t.points_ledger,
        (pl.source == ORDER_SOURCE) & (pl.ref == o.source + literal(":") + o.order_id),
    )
    yield from conn.execute(
        select(pl.member_id, ol.sku, o.store_id, o.kiosk_id, o.placed_at, o.order_id)
        .select_from(earned)
        .where(pl.member_id.in_(who), o.member_id.is_(None))
    )


def fit(conn: Connection, now: datetime, mark: tuple[int, int] | None = None) -> Fitted:
    """Fit the model on the consenting members' interactions as of `now`."""
    mark = mark if mark is not None else consent_mark(conn)
    seen = list(interactions(conn, now))
    history: dict[str, list[Interaction]] = defaultdict(list)
    for i in seen:
        history[i.member_id].append(i)
    _to_key, refs = catalog_refs.model_keys(conn)
    model = SuggestionModel.fit(seen, now=now)
    return Fitted(model, dict(history), refs, mark, now)


def fitted(engine: Engine, conn: Connection, now: datetime) -> Fitted:
    """The cached model, refitted when older than CACHE_TTL or a consent changed since."""
    mark = consent_mark(conn)
    with _lock:
        cached = _cache.get(engine)
    if (
        cached is not None
        and cached.mark == mark
        and cached.fitted_at <= now < cached.fitted_at + CACHE_TTL
    ):
        return cached
    fresh = fit(conn, now, mark)
    with _lock:
        _cache[engine] = fresh
    return fresh


# ---- the answer ---------------------------------------------------------------------------------


def reason_text(reason: str, because: str | None) -> Texts:
    """The one-line reason in both languages."""
    if reason == "together" and because:
        return Texts(en=f"Often chosen with {because}", zh_CN=f"常与「{because}」一起选择")
    return Texts(en="Popular with members", zh_CN="会员热门之选")


def suggest(
    engine: Engine,
    conn: Connection,
    member_id: str,
    channel: PriceChannel,
    k: int,
    now: datetime,
) -> Suggestions:
    """Up to `k` products on sale in `channel` for the (consenting) member, none they
    bought or have on their wishlist (both shown elsewhere), each with its reason."""
    model = fitted(engine, conn, now)
    history = model.history.get(member_id, [])
    known = {i.sku for i in history if i.kind in ("bought", "wished")}
    on_sale = catalog_refs.on_sale(conn, channel)
    items = []
    for found in model.model.suggest(history, k, exclude=known, candidates=on_sale):
        ref = model.refs.get(found.sku)
        if ref is None:
            continue
        because = model.refs.get(found.because) if found.because else None
        reason = found.reason if found.reason == "together" and because else "popular"
        items.append(
            SuggestionItem(
                sku=ref.model_key,
                product_id=ref.product_id,
                kind=ref.kind,
                name=ref.name,
                color_hex=ref.color_hex,
                score=round(float(found.score), 6),
                reason=reason,
                because_sku=because.model_key if because and reason == "together" else None,
                because_name=because.name if because and reason == "together" else None,
                reason_text=reason_text(reason, because.name if because else None),
            )
        )
    return Suggestions(member_id=member_id, items=items)
