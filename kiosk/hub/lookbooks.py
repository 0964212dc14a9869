"""Lookbooks: a styling session's looks (up to four, each a few products with the options
they were worn with), kept on a member's account or handed to anyone by a QR code.

On a member's account only under the rules that record try-ons against a member: the
member present at this kiosk (their fresh code looked up here), or staff signed in with a
reason (`lookbook.save_to_member` in kiosk.hub.policy), and their consent granted now;
such a lookbook has no link and no expiry, and the member (through the online shop) or
staff at a mirror list it. Without a member, the lookbook gets an unguessable code (16
base62 characters, 95 bits; only its SHA-256 is stored, see kiosk.hub.phone_links) whose
page `/l/{code}` shows the looks' products and prices and a link to buy each look online,
credited like a hand-off to the store, kiosk, staff member and session; it expires after
`lookbook_ttl_minutes`. At expiry (the sweep) or when its kiosk deletes it, its looks are
emptied and a late visit hears "expired"; `retention_days` later the row goes.

The staff member recorded is the request's staff session's, never anything in the body.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, exists, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.hub import members, policy
from kiosk.hub import tables as t
from kiosk.hub.auth import Caller
from kiosk.hub.checkout import CartLine, checkout_url, without_empty_params
from kiosk.hub.db import read_conn, write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.phone_links import code_hash, new_code, no_public_url, well_formed
from kiosk.hub.policy import Action, Scope
from kiosk.hub.settings import HubSettings
from kiosk.storeapi.contract import (
    LOOKBOOK_CODE_LENGTH,
    LOOKBOOK_CODE_PATTERN,
    Look,
    Lookbook,
    LookbookCreate,
    MemberLookbooks,
    SavedLookbook,
)

LIST_LIMIT = 100  # a member's newest lookbooks listed
_L = t.lookbooks.c


# ---- making one ----------------------------------------------------------------------------


def create(
    engine: Engine,
    conn: Connection,
    caller: Caller,
    body: LookbookCreate,
    settings: HubSettings,
    now: datetime,
    reason: str | None = None,
) -> Lookbook:
    """Save the looks: to the member's account (403 without presence or a staff reason, 404
    an unknown member, 409 `consent_required`) or behind a new code (409 `no_public_url`
    when no phone reaches this hub); 422 `unknown_sku` / `size_mismatch` for an item."""
    policy.require(caller, Action.LOOKBOOK_CREATE, location=caller.store_id)
    member = body.member_id
    if member is None and settings.direct_links():
        raise no_public_url("a lookbook's")
    if member is not None:
        members.authorize(conn, caller, Action.LOOKBOOK_SAVE_TO_MEMBER, member, now, reason)
    looks = json.dumps(_resolve(conn, body.looks))
    expires = None if member else now + timedelta(minutes=settings.lookbook_ttl_minutes)
    lookbook_id = uuid.uuid4().hex
    for _attempt in range(5):
        code = None if member else new_code(LOOKBOOK_CODE_LENGTH)
        try:
            with write_tx(engine) as tx:
                if member is not None:
                    _require_consent(tx, member)
                tx.execute(
                    insert(t.lookbooks).values(
                        lookbook_id=lookbook_id,
                        code_hash=None if code is None else code_hash(code),
                        store_id=caller.store_id,
                        kiosk_id=caller.kiosk_id,
                        staff_id=caller.staff_id,  # the signed-in staff, never the body's
                        session_id=body.session_id,
                        member_id=member,
                        looks=looks,
                        created_at=now,
                        expires_at=expires,
                        deleted_at=None,
                    )
                )
        except IntegrityError:  # a code collision: astronomically rare; draw again
            continue
        url = None if code is None else f"{settings.short_url_base()}/l/{code}"
        return Lookbook(lookbook_id=lookbook_id, url=url, expires_at=expires)
    raise RuntimeError("could not draw a free lookbook code")


def _require_consent(conn: Connection, member_id: str) -> None:
    latest = members.latest_consent(conn, member_id)
    if latest is None or not latest.granted:
        raise ApiError(
            409,
            "consent_required",
            "this member has not agreed to keep their looks on their account; ask for their "
            "consent first, or hand the lookbook over by QR code without the member",
            "body.member_id",
        )


def _resolve(conn: Connection, looks: Sequence[Look]) -> list[dict[str, Any]]:
    """The looks as stored: every SKU a catalog variant, or a product id whose size was not
    noted (a size that is one of its variants' picks that variant)."""
    asked = {item.sku for look in looks for item in look.items}
    v = t.variants.c
    rows = conn.execute(
        select(v.sku, v.product_id, v.size).where(v.sku.in_(asked) | v.product_id.in_(asked))
    ).all()
    by_sku = {row.sku: row for row in rows}
    sizes: dict[str, dict[str, str]] = {}
    for row in rows:
        sizes.setdefault(row.product_id, {})[(row.size or "").upper()] = row.sku
    out = []
    for i, look in enumerate(looks):
        items = []
        for j, item in enumerate(look.items):
            where = f"body.looks.{i}.items.{j}"
            sku, size = item.sku, item.size
            variant = by_sku.get(sku)
            if variant is not None:
                if size and variant.size and size.upper() != variant.size.upper():
                    raise ApiError(
                        422,
                        "size_mismatch",
                        f"{sku} is size {variant.size}, not {size}; send the SKU of the size "
                        "worn, or leave size out",
                        f"{where}.size",
                    )
            elif sku in sizes:
                sku = sizes[sku].get((size or "").upper(), sku)  # unsized unless one fits
            else:
                raise ApiError(
                    422, "unknown_sku", f"SKU {sku!r} is not in the catalog", f"{where}.sku"
                )
            items.append(item.model_dump(exclude_none=True) | {"sku": sku})
        out.append({"items": items})
    return out


# ---- a member's lookbooks ------------------------------------------------------------------


def saved(conn: Connection, member_id: str) -> MemberLookbooks:
    """The member's lookbooks, newest first (the caller was authorized for the member)."""
    rows = conn.execute(
        select(t.lookbooks)
        .where(_L.member_id == member_id, _L.deleted_at.is_(None))
        .order_by(_L.created_at.desc(), _L.lookbook_id.desc())
        .limit(LIST_LIMIT)
    )
    return MemberLookbooks(
        member_id=member_id,
        lookbooks=[
            SavedLookbook(
                lookbook_id=row.lookbook_id,
                created_at=row.created_at,
                store_id=row.store_id,
                kiosk_id=row.kiosk_id,
                staff_id=row.staff_id,
                session_id=row.session_id,
                looks=json.loads(row.looks),
            )
            for row in rows
        ],
    )


# ---- deleting, expiry ----------------------------------------------------------------------


def delete(
    engine: Engine, conn: Connection, caller: Caller, lookbook_id: str, now: datetime
) -> None:
    """The kiosk that made it, or the shop for the member whose it is, deletes it now (its
    looks emptied; a phone then hears "deleted"). To anyone else it does not exist (404);
    deleting it again is not an error."""
    row = conn.execute(
        select(_L.kiosk_id, _L.member_id).where(_L.lookbook_id == lookbook_id)
    ).first()
    hidden = ApiError(
        404, "lookbook_not_found", "there is no lookbook with that id here", "path.lookbook_id"
    )
    scope = policy.require_seen(
        caller,
        Action.LOOKBOOK_DELETE,
        seen_by=Action.LOOKBOOK_DELETE,
        hidden=hidden,
        owner=None if row is None else row.kiosk_id,
    )
    if row is None or (scope is Scope.MEMBER and row.member_id is None):
        raise hidden  # the shop sees members' lookbooks only
    with write_tx(engine) as tx:
        tx.execute(
            update(t.lookbooks)
            .where(_L.lookbook_id == lookbook_id, _L.deleted_at.is_(None))
            .values(looks="[]", deleted_at=now)
        )


def empty_expired(engine: Engine, now: datetime) -> int:
    """The sweep: empty the looks of every expired lookbook (the row stays, so a late visit
    hears "expired", until retention drops it). Returns how many were emptied."""
    due = (_L.expires_at <= now) & _L.deleted_at.is_(None)
    with read_conn(engine) as conn:
        if not conn.execute(select(exists().where(due))).scalar():
            return 0
    with write_tx(engine) as tx:
        done = tx.execute(update(t.lookbooks).where(due).values(looks="[]", deleted_at=now))
    return int(done.rowcount or 0)


# ---- the phone's page ----------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One product of a look as the page shows it."""

    sku: str
    name: str
    brand: str | None
    color_hex: str | None  # the shade's colour
    finish: str | None
    intensity: float | None
    size: str | None
    price: tuple[int, str] | None  # (cents, currency) online (what the link buys at)
    from_price: bool  # a product whose size is chosen online: its lowest price
    in_cart: bool  # goes into the look's checkout link (a variant with a price)


@dataclass(frozen=True)
class ShownLook:
    items: tuple[Item, ...]
    checkout_url: str | None  # None when nothing of it can go into a cart


@dataclass(frozen=True)
class Shown:
    store_name: str | None
    expires_at: datetime
    looks: tuple[ShownLook, ...]


def open_page(engine: Engine, code: str, settings: HubSettings, now: datetime) -> Shown:
    """The lookbook behind a code with its products and prices. 404 unknown; 410 expired
    or deleted."""
    if not well_formed(code, LOOKBOOK_CODE_PATTERN):
        raise _unknown()
    with read_conn(engine) as conn:
        row = conn.execute(select(t.lookbooks).where(_L.code_hash == code_hash(code))).first()
        if row is None or row.expires_at is None:
            raise _unknown()
        if row.deleted_at is not None:
            raise gone("deleted" if row.deleted_at < row.expires_at else "expired")
        if row.expires_at <= now:
            raise gone("expired")
        looks = json.loads(row.looks)
        catalog = _Catalog(conn, {i["sku"] for look in looks for i in look["items"]})
        store = conn.execute(
            select(t.locations.c.name).where(t.locations.c.location_id == row.store_id)
        ).scalar()
    # Credited as a hand-off is: store, kiosk, staff and session; `{code}` is the lookbook.
    who = {"store": row.store_id, "kiosk": row.kiosk_id, "staff": row.staff_id}
    who |= {"session": row.session_id, "code": row.lookbook_id}
    shown = []
    for look in looks:
        items = tuple(catalog.item(i) for i in look["items"])
        lines = [CartLine(i.sku, catalog.online_id(i.sku), 1) for i in items if i.in_cart]
        url = None
        if lines:
            cart = checkout_url(settings.template, settings.shop_url, lines, **who)
            url = without_empty_params(cart)
        shown.append(ShownLook(items, url))
    return Shown(store, row.expires_at, tuple(shown))


class _Catalog:
    """The catalog rows a lookbook's items need: variants (with their product) and prices,
    for variant SKUs and for product ids (all their variants)."""

    def __init__(self, conn: Connection, skus: set[str]) -> None:
        v, p, pr = t.variants.c, t.products.c, t.prices.c
        columns: list[ColumnElement[Any]] = [v.sku, v.product_id, v.name, v.size, v.color_hex]
        columns += [v.finish, v.online_variant_id, p.name.label("product_name"), p.brand]
        columns += [p.color_hex.label("product_color"), pr.channel, pr.amount_cents, pr.currency]
        joined = t.variants.join(t.products, p.product_id == v.product_id)
        rows = conn.execute(
            select(*columns)
            .select_from(joined.outerjoin(t.prices, pr.sku == v.sku))
            .where(v.sku.in_(skus) | v.product_id.in_(skus))
            .order_by(v.position, v.sku, pr.channel.desc())  # "store" before "online"
        ).all()
        self._variants: dict[str, Any] = {}
        self._prices: dict[str, tuple[int, str]] = {}  # online (the link's), else the store's
        self._products: dict[str, list[str]] = {}
        for row in rows:
            self._variants.setdefault(row.sku, row)
            if row.channel is not None:
                self._prices[row.sku] = (row.amount_cents, row.currency)  # online comes last
            skus_of = self._products.setdefault(row.product_id, [])
            if row.sku not in skus_of:
                skus_of.append(row.sku)

    def online_id(self, sku: str) -> str | None:
        row = self._variants.get(sku)
        return None if row is None else row.online_variant_id

    def item(self, stored: dict[str, Any]) -> Item:
        sku = str(stored["sku"])
        finish, intensity, size = stored.get("finish"), stored.get("intensity"), stored.get("size")
        row = self._variants.get(sku)
        if row is not None:  # a variant: its own price, and into the look's cart
            price = self._prices.get(sku)
            colour = row.color_hex or row.product_color
            return Item(
                sku, row.name, row.brand, colour, finish or row.finish, intensity,
                size or row.size, price, from_price=False, in_cart=price is not None,
            )  # fmt: skip
        # A product whose size is chosen online (or no longer sold): its lowest price.
        variants = self._products.get(sku, [])
        prices = sorted(self._prices[s] for s in variants if s in self._prices)
        first = self._variants[variants[0]] if variants else None
        name, brand, colour = sku, None, None
        if first is not None:
            name, brand, colour = first.product_name, first.brand, first.product_color
        return Item(
            sku, name, brand, colour, finish, intensity, size, prices[0] if prices else None,
            from_price=len(set(prices)) > 1, in_cart=False,
        )  # fmt: skip


def _unknown() -> ApiError:
    return ApiError(
        404,
        "lookbook_not_found",
        "this lookbook link is not known; check the link or scan the code at the mirror again",
        "path.code",
    )


def gone(why: str) -> ApiError:
    if why == "deleted":
        return ApiError(410, "lookbook_deleted", "this lookbook was deleted", "path.code")
    return ApiError(
        410,
        "lookbook_expired",
        "this lookbook has expired; make a new one with a stylist at the mirror",
        "path.code",
    )
