"""A member's wishlist, one list for the app and the mirror.

The online shop keeps it for its signed-in member (PUT/DELETE, or its `shop.wishlist.*`
events when the member consented to recording); the mirror adds to it with the member
present and consenting, and shows it ('From your wishlist') after they sign in, with their
consent. One row per product as wished for: a variant's SKU, or a garment's product id when
no size was chosen; adding it again keeps the first row (and where it was first wished).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, select

from kiosk.hub import catalog_refs
from kiosk.hub import tables as t
from kiosk.hub.errors import ApiError
from kiosk.hub.sqlutil import insert_ignore
from kiosk.storeapi.contract import MemberChannel, Wishlist, WishlistItem

LIST_LIMIT = 200  # the newest entries answered
_W = t.wishlist.c


def unknown_sku(sku: str, where: str = "path.sku") -> ApiError:
    return ApiError(
        404,
        "unknown_sku",
        f"{sku!r} is not a SKU or product id in this hub's catalog; check it against "
        "GET /v1/products",
        where,
    )


def require_known(conn: Connection, sku: str) -> catalog_refs.Ref:
    ref = catalog_refs.resolve(conn, [sku]).get(sku)
    if ref is None:
        raise unknown_sku(sku)
    return ref


def add(conn: Connection, member_id: str, sku: str, channel: MemberChannel, when: datetime) -> bool:
    """Put `sku` on the wishlist (True) unless it is there already (False)."""
    row = {"member_id": member_id, "sku": sku, "channel": channel, "added_at": when}
    return bool(insert_ignore(conn, t.wishlist, [row], ["member_id", "sku"]))


def remove(conn: Connection, member_id: str, sku: str, wished_by: datetime | None = None) -> None:
    """Take `sku` off the wishlist. With `wished_by` (an event's time) only an entry added
    by then: a removal that arrives late does not undo a later wish."""
    where = [_W.member_id == member_id, _W.sku == sku]
    if wished_by is not None:
        where.append(_W.added_at <= wished_by)
    conn.execute(delete(t.wishlist).where(*where))


def item(ref: catalog_refs.Ref, channel: str, added_at: datetime) -> WishlistItem:
    return WishlistItem(
        sku=ref.key,
        product_id=ref.product_id,
        kind=ref.kind,
        name=ref.name,
        try_on=ref.try_on,
        size=ref.size,
        color_hex=ref.color_hex,
        finish=ref.finish,
        channel="online" if channel == "online" else "mirror",
        added_at=added_at,
    )


def read(conn: Connection, member_id: str) -> Wishlist:
    """The member's wishlist, newest first (the caller was authorized for the member); an
    entry whose product left the catalog is not shown."""
    rows = conn.execute(
        select(_W.sku, _W.channel, _W.added_at)
        .where(_W.member_id == member_id)
        .order_by(_W.added_at.desc(), _W.sku)
        .limit(LIST_LIMIT)
    ).all()
    refs = catalog_refs.resolve(conn, (r.sku for r in rows))
    items = [item(refs[r.sku], r.channel, r.added_at) for r in rows if r.sku in refs]
    return Wishlist(member_id=member_id, items=items)


def entry(conn: Connection, member_id: str, ref: catalog_refs.Ref) -> WishlistItem:
    """The member's wishlist entry for `ref` (just added or already there)."""
    row = conn.execute(
        select(_W.channel, _W.added_at).where(_W.member_id == member_id, _W.sku == ref.key)
    ).one()
    return item(ref, row.channel, row.added_at)
