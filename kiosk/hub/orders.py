"""Orders from the online shop: Shopify's order webhook, verified, credited, stored once.

The webhook's credential is its signature: `X-Shopify-Hmac-Sha256` is the base64 of the
HMAC-SHA256 of the raw body with the shop's webhook secret (`--webhook-secret-file`),
compared in constant time. Nothing is read, parsed or stored before it checks out.

Credit is given only as far as the hub can check it. The mirror's checkout link (a
hand-off's, or a lookbook page's "Buy this look online") puts the store, kiosk, staff
member and shopper session on the cart (`attributes[...]`, which Shopify hands back as the
order's `note_attributes`; the landing page's query is read too, and the hand-off code or
lookbook id wherever an operator's template put `{code}`):
- a hand-off this hub issued, found by its code or by the (kiosk, session) pair, or else a
  lookbook found the same way, decides everything: its store, kiosk, staff member (the
  staff session's, never typed) and session, and its member when it had one (consented,
  and present or vouched for by staff, when it was made). The attributes cannot move the
  credit to someone else;
- otherwise (the hand-off is long pruned, or the link was made by hand) each attribute
  counts only if it checks out: the store must be one of the chain's stores, the kiosk one
  this hub issued a kiosk token for at that store, the staff member one of that store's
  staff; the session only with a checked kiosk. Never a member.

Only the order's id, time, currency, total and lines (SKU, quantity, unit price) are
stored: no names, e-mail or postal addresses, nothing of the shop's customer. Money is
integer cents. The order earns its member's points (kiosk.hub.membership), once: the member
of the mirror's credit (a consenting member on the hand-off or lookbook), else the member
whose `shop_customer_id` is the order's `customer.id`; the customer id itself is not kept.
Keyed by (source, order id): a redelivery of the same order is stored once;
the same order with other lines or money (an edit, when the operator also sends
`orders/updated`) replaces them, the first delivery's credit stays.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy import Connection, Engine, delete, exists, insert, select, update

from kiosk.hub import membership
from kiosk.hub import tables as t
from kiosk.hub.db import write_tx
from kiosk.hub.sqlutil import insert_ignore
from kiosk.storeapi.contract import (
    ID_PATTERN,
    OrderCredit,
    OrderReceipt,
    ShopifyOrder,
)

log = logging.getLogger("kiosk.hub")

SOURCE = "shopify"  # the orders table's source: one shop, one secret per hub
SIGNATURE_HEADER = "X-Shopify-Hmac-Sha256"
MAX_BODY_BYTES = 4 * 1_048_576  # a large order's JSON (every line carries much the hub skips)
# Where a template may put `{code}` (a hand-off's code, a lookbook's id): an attribute of
# one of these names, or `ref`.
CODE_NAMES = ("handoff", "handoff_code", "code", "lookbook", "ref")
_CODE = re.compile(r"[0-9A-Za-z]{13,32}")  # a hand-off's 13 base62, a lookbook's 32 hex
SKU_MAX = 64  # order_lines.sku
_ATTRIBUTE = re.compile(r"attributes\[([^\]]{1,100})\]")


def sign(secret: str, body: bytes) -> str:
    """The signature header's value for `body`: what the shop sends (and tests, tools)."""
    mac = hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()
    return base64.b64encode(mac).decode("ascii")


def signature_ok(secrets: Sequence[str], body: bytes, signature: str | None) -> bool:
    """Whether `signature` is the base64 HMAC-SHA256 of `body` with one of `secrets`,
    compared in constant time (every secret is tried: the time taken says nothing about
    which one matched)."""
    if not signature or not secrets:
        return False
    given = signature.strip().encode("utf-8", "replace")
    matched = False
    for secret in secrets:
        matched |= hmac.compare_digest(sign(secret, body).encode("ascii"), given)
    return matched


@dataclass(frozen=True)
class Claims:
    """What the order says about where it started (unchecked)."""

    store: str | None = None
    kiosk: str | None = None
    staff: str | None = None
    session: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class Credit:
    """What the hub credits the order to (checked)."""

    store_id: str | None = None
    kiosk_id: str | None = None
    staff_id: str | None = None
    session_id: str | None = None
    member_id: str | None = None
    handoff_code: str | None = None  # the hand-off's code or the lookbook's id it matched

    def public(self) -> OrderCredit:
        """The credit as the answer shows it (never the member)."""
        return OrderCredit(
            store_id=self.store_id,
            kiosk_id=self.kiosk_id,
            staff_id=self.staff_id,
            session_id=self.session_id,
            verified=self.handoff_code is not None,
        )


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    unit_price_cents: int


def claims(order: ShopifyOrder) -> Claims:
    """The cart's attributes (`note_attributes`), over the landing page's query
    (`/cart/...?attributes[store]=...&ref=...`); values that are not ids are ignored."""
    found: dict[str, str] = {}
    if order.landing_site:
        try:
            query = parse_qsl(urlsplit(order.landing_site).query)
        except ValueError:  # not a URL ("http://[" ...): nothing to read there
            query = []
        for name, value in query:
            match = _ATTRIBUTE.fullmatch(name)
            found[(match.group(1) if match else name).strip().lower()] = value.strip()
    if order.landing_site_ref:
        found.setdefault("ref", order.landing_site_ref.strip())
    for attribute in order.note_attributes:
        if isinstance(attribute.value, str):
            found[attribute.name.strip().lower()] = attribute.value.strip()

    def ident(name: str) -> str | None:
        value = found.get(name)
        return value if value and re.fullmatch(ID_PATTERN, value) else None

    code = next((v for n in CODE_NAMES if (v := found.get(n)) and _CODE.fullmatch(v)), None)
    return Claims(ident("store"), ident("kiosk"), ident("staff"), ident("session"), code)


def attribute(conn: Connection, said: Claims) -> Credit:
    """The credit the hub can vouch for (see the module's docstring)."""
    issued = ((t.handoffs, t.handoffs.c.code), (t.lookbooks, t.lookbooks.c.lookbook_id))
    row = None
    for table, key in issued if said.code is not None else ():
        row = conn.execute(_who(table, key).where(key == said.code)).first()
        if row is not None:
            break
    if row is None and said.kiosk is not None and said.session is not None:
        for table, key in issued:
            rows = conn.execute(
                _who(table, key)
                .where(table.c.kiosk_id == said.kiosk, table.c.session_id == said.session)
                .order_by(table.c.created_at.desc())
                .limit(50)
            ).all()
            rows = [r for r in rows if said.store is None or r.store_id == said.store]
            # Several carts in one session: the one made with the named staff member, else
            # the latest (the attributes choose among the hub's own records, never beyond).
            row = next((r for r in rows if r.staff_id == said.staff), rows[0] if rows else None)
            if row is not None:
                break
    if row is not None:
        return Credit(
            row.store_id, row.kiosk_id, row.staff_id, row.session_id, row.member_id, row.key
        )
    loc = t.locations
    store = said.store
    if store is None or not _exists(conn, loc.c.location_id == store, loc.c.kind == "store"):
        return Credit()
    tk, st = t.tokens, t.staff
    kiosk = said.kiosk
    if kiosk is not None and not _exists(
        conn, tk.c.kiosk_id == kiosk, tk.c.role == "kiosk", tk.c.store_id == store
    ):
        kiosk = None
    staff = said.staff
    if staff is not None and not _exists(conn, st.c.staff_id == staff, st.c.store_id == store):
        staff = None
    return Credit(store, kiosk, staff, said.session if kiosk else None)


def _who(table: Any, key: Any) -> Any:
    """A hand-off's or lookbook's columns that say who to credit, and its code or id."""
    c = table.c
    return select(c.store_id, c.kiosk_id, c.staff_id, c.session_id, c.member_id, key.label("key"))


def _exists(conn: Connection, *where: object) -> bool:
    return bool(conn.execute(select(exists().where(*where))).scalar())  # type: ignore[arg-type]


def cents(amount: str) -> int:
    """'229.00' -> 22900 (the contract allows at most two decimals)."""
    return int(Decimal(amount) * 100)


def _lines(conn: Connection, order: ShopifyOrder) -> list[Line]:
    """The order's lines with a quantity, each SKU as the shop sent it; a line without one
    (or with one too long to keep) takes the catalog's SKU for its online variant id."""
    by_variant: dict[str, str] = {}
    wanted = [
        str(i.variant_id)
        for i in order.line_items
        if i.variant_id is not None and _kept_sku(i.sku) is None
    ]
    if wanted:
        v = t.variants
        found = conn.execute(
            select(v.c.online_variant_id, v.c.sku).where(v.c.online_variant_id.in_(wanted))
        )
        by_variant = {str(r.online_variant_id): str(r.sku) for r in found}
    out = []
    for item in order.line_items:
        if item.quantity < 1:
            continue  # removed from the order: nothing sold
        sku = _kept_sku(item.sku)
        if sku is None:
            cut = _kept_sku((item.sku or "").strip()[:SKU_MAX]) or ""
            sku = by_variant.get(str(item.variant_id), cut)
        out.append(Line(sku, item.quantity, cents(item.price)))
    return out


def _kept_sku(sku: str | None) -> str | None:
    """The SKU as the shop sent it if it can be kept: at most 64 printable characters
    (no NUL or lone surrogate reaches the database); else None."""
    text = (sku or "").strip()
    if not text or len(text) > SKU_MAX or not text.isprintable():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return text


def _fingerprint(order: ShopifyOrder, total: int, lines: list[Line]) -> str:
    canon = {
        "placed_at": order.created_at.astimezone(UTC).isoformat(),  # the instant, not its offset
        "currency": order.currency,
        "total_cents": total,
        "lines": [[x.sku, x.quantity, x.unit_price_cents] for x in lines],
    }
    return hashlib.sha256(json.dumps(canon, sort_keys=True).encode()).hexdigest()


def _line_rows(order_id: str, lines: list[Line]) -> list[dict[str, object]]:
    return [
        {"source": SOURCE, "order_id": order_id, "line_no": n, "sku": x.sku,
         "quantity": x.quantity, "unit_price_cents": x.unit_price_cents}
        for n, x in enumerate(lines, start=1)
    ]  # fmt: skip


def points_ref(order_id: str) -> str:
    """The points ledger's reference for an order (`source:order_id`)."""
    return f"{SOURCE}:{order_id}"


def _earn(
    conn: Connection, order: ShopifyOrder, credited: str | None, total: int, now: datetime
) -> None:
    """The order's points for its member: the mirror's credited member, else the shop's
    customer's (kiosk.hub.membership: once per order, an edited total sets them anew)."""
    customer = order.customer.id if order.customer is not None else None
    member = credited or membership.member_for_customer(conn, customer)
    if member is not None:
        membership.earn_for_order(conn, member, points_ref(str(order.id)), total, now)


def receive(engine: Engine, order: ShopifyOrder, now: datetime) -> OrderReceipt:
    """Store the order once, credited (a signed delivery; the router checked the
    signature). Test orders are acknowledged and not stored."""
    order_id = str(order.id)
    if order.test:
        return OrderReceipt(order_id=order_id, outcome="ignored", credited=OrderCredit())
    o, ol = t.orders, t.order_lines
    key = (o.c.source == SOURCE, o.c.order_id == order_id)
    total = cents(order.total_price)
    with write_tx(engine) as conn:
        lines = _lines(conn, order)
        fingerprint = _fingerprint(order, total, lines)
        stored = conn.execute(select(o).where(*key)).first()
        if stored is None:
            credit = attribute(conn, claims(order))
            row = {
                "source": SOURCE,
                "order_id": order_id,
                "placed_at": order.created_at,
                "received_at": now,
                "currency": order.currency,
                "total_cents": total,
                "handoff_code": credit.handoff_code,
                "store_id": credit.store_id,
                "kiosk_id": credit.kiosk_id,
                "staff_id": credit.staff_id,
                "session_id": credit.session_id,
                "member_id": credit.member_id,
                "request_hash": fingerprint,
            }
            if insert_ignore(conn, o, [row], ["source", "order_id"]):
                if lines:
                    conn.execute(insert(ol), _line_rows(order_id, lines))
                _earn(conn, order, credit.member_id, total, now)
                log.info(
                    "order %s stored, credited to store %s staff %s",
                    order_id, credit.store_id, credit.staff_id,
                )  # fmt: skip
                return OrderReceipt(order_id=order_id, outcome="stored", credited=credit.public())
            stored = conn.execute(select(o).where(*key)).one()  # a concurrent delivery won
        credit = Credit(
            stored.store_id, stored.kiosk_id, stored.staff_id, stored.session_id,
            stored.member_id, stored.handoff_code,
        )  # fmt: skip
        if stored.request_hash == fingerprint:
            return OrderReceipt(order_id=order_id, outcome="duplicate", credited=credit.public())
        conn.execute(
            update(o)
            .where(*key)
            .values(
                placed_at=order.created_at,
                currency=order.currency,
                total_cents=total,
                request_hash=fingerprint,
            )
        )
        conn.execute(delete(ol).where(ol.c.source == SOURCE, ol.c.order_id == order_id))
        if lines:
            conn.execute(insert(ol), _line_rows(order_id, lines))
        _earn(conn, order, stored.member_id, total, now)
    log.info("order %s updated by a later delivery (lines or money changed)", order_id)
    return OrderReceipt(order_id=order_id, outcome="updated", credited=credit.public())
