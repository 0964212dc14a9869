"""Looks a member saved, at the mirror or in the app: readable in both channels.

Rows come from events that survived the consent gate (kiosk.hub.records): the mirror's
`tryon.look.saved` (channel mirror, the kiosk's store and id) and the shop's
`shop.look.tried` with `saved: true` (channel online). A look's id is derived from who sent
it and the sender's own look id (or the event), so a redelivered event is one row. The
lookbooks a stylist saved to the member's account (kiosk.hub.lookbooks) are listed with
them, one entry per look, as mirror looks.

A photo is kept with a look only when the kiosk sent its id (the shopper chose to keep it),
the photo is that kiosk's own and still there; photos expire (kiosk.hub.photos), and from
then on the look answers without one. The photo is served to the same callers as the look
(GET .../looks/{look_id}/photo), never through a link: the phone's link is a bearer key
the hub does not keep.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from kiosk.hub import catalog_refs
from kiosk.hub import tables as t
from kiosk.hub.db import write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.lookbooks import LIST_LIMIT as LOOKBOOK_LIMIT
from kiosk.hub.sqlutil import insert_ignore
from kiosk.storeapi.contract import (
    API_PREFIX,
    MemberChannel,
    MemberLook,
    MemberLookItem,
    MemberLooks,
)

LIST_LIMIT = 100  # the newest looks of each kind answered
MAX_ITEMS = 20
_ML, _PH, _LB = t.member_looks.c, t.photos.c, t.lookbooks.c
_ITEM_KEYS = ("sku", "finish", "intensity", "size")


def look_id(principal: str, given: str | None, source: str, event_id: str) -> str:
    """A stable id for a look: the sender's own look id if it gave one, else the event's."""
    basis = f"look\0{principal}\0{given}" if given else f"event\0{source}\0{event_id}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def items_from(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The look's items from an event's data: `items` if sent, else its `skus` (or `sku`)."""
    items = data.get("items")
    if isinstance(items, list) and items:
        out = [{k: i[k] for k in _ITEM_KEYS if i.get(k) is not None} for i in items]
    else:
        skus = data.get("skus")
        if not (isinstance(skus, list) and skus):
            skus = [data["sku"]] if isinstance(data.get("sku"), str) else []
        out = [{"sku": s} for s in skus]
    once: dict[str, dict[str, Any]] = {}
    for i in out:
        once.setdefault(i["sku"], i)  # a product once per look, as the mirror wore it first
    return list(once.values())[:MAX_ITEMS]


def kept_photo(conn: Connection, photo_id: Any, kiosk_id: str, now: datetime) -> str | None:
    """`photo_id` if it is a photo this kiosk took that is still there, else None."""
    if not isinstance(photo_id, str):
        return None
    found = conn.execute(
        select(_PH.photo_id).where(
            _PH.photo_id == photo_id,
            _PH.kiosk_id == kiosk_id,
            _PH.deleted_at.is_(None),
            _PH.expires_at > now,
        )
    ).first()
    return None if found is None else photo_id


def save(
    conn: Connection,
    *,
    look: str,
    member_id: str,
    channel: MemberChannel,
    items: list[dict[str, Any]],
    photo_id: str | None,
    store_id: str | None,
    kiosk_id: str,
    when: datetime,
) -> None:
    """Keep the look once (a repeat of the same look id changes nothing)."""
    if not items:
        return
    row = {
        "look_id": look,
        "member_id": member_id,
        "channel": channel,
        "items": json.dumps(items, ensure_ascii=True, separators=(",", ":")),
        "photo_id": photo_id,
        "store_id": store_id,
        "kiosk_id": kiosk_id,
        "created_at": when,
        "deleted_at": None,
    }
    insert_ignore(conn, t.member_looks, [row], ["look_id"])


# ---- reading ---------------------------------------------------------------------------------


def _live_photos(conn: Connection, ids: set[str], now: datetime) -> dict[str, datetime]:
    """photo id -> its expiry, for those of `ids` still there."""
    if not ids:
        return {}
    rows = conn.execute(
        select(_PH.photo_id, _PH.expires_at).where(
            _PH.photo_id.in_(ids),
            _PH.deleted_at.is_(None),
            _PH.expires_at > now,
            _PH.data.is_not(None),
        )
    )
    return {r.photo_id: r.expires_at for r in rows}


def _item(stored: dict[str, Any], refs: dict[str, catalog_refs.Ref]) -> MemberLookItem:
    sku = str(stored["sku"])
    ref = refs.get(sku)
    finish = stored.get("finish")
    intensity = stored.get("intensity")
    size = stored.get("size")
    if ref is None:
        return MemberLookItem(sku=sku, finish=finish, intensity=intensity, size=size)
    return MemberLookItem(
        sku=sku,
        product_id=ref.product_id,
        kind=ref.kind,
        name=ref.name,
        try_on=ref.try_on,
        color_hex=ref.color_hex,
        finish=finish or (ref.finish if ref.kind == "shade" else None),
        intensity=float(intensity) if isinstance(intensity, int | float) else None,
        size=size or ref.size,
    )


def read(
    conn: Connection, member_id: str, channel: MemberChannel | None, now: datetime
) -> MemberLooks:
    """The member's looks (of `channel`, or both), newest first; the caller was authorized
    for the member."""
    found: list[tuple[datetime, str, dict[str, Any]]] = []  # (time, id, fields)
    query = select(t.member_looks).where(_ML.member_id == member_id, _ML.deleted_at.is_(None))
    if channel is not None:
        query = query.where(_ML.channel == channel)
    for row in conn.execute(query.order_by(_ML.created_at.desc()).limit(LIST_LIMIT)):
        fields = {"channel": row.channel, "store_id": row.store_id, "photo_id": row.photo_id}
        found.append((row.created_at, row.look_id, fields | {"items": json.loads(row.items)}))
    if channel in (None, "mirror"):
        books = conn.execute(
            select(_LB.lookbook_id, _LB.store_id, _LB.looks, _LB.created_at)
            .where(_LB.member_id == member_id, _LB.deleted_at.is_(None))
            .order_by(_LB.created_at.desc())
            .limit(LOOKBOOK_LIMIT)
        )
        for book in books:
            for n, look in enumerate(json.loads(book.looks), start=1):
                fields = {"channel": "mirror", "store_id": book.store_id, "photo_id": None}
                fields |= {"lookbook_id": book.lookbook_id, "items": look.get("items", [])}
                found.append((book.created_at, f"{book.lookbook_id}.{n}", fields))
    found.sort(key=lambda f: (f[0], f[1]), reverse=True)
    refs = catalog_refs.resolve(conn, (str(i["sku"]) for _, _, f in found for i in f["items"]))
    photos = _live_photos(conn, {f["photo_id"] for _, _, f in found if f["photo_id"]}, now)
    looks = []
    for created, ident, fields in found:
        photo = fields["photo_id"] if fields["photo_id"] in photos else None
        looks.append(
            MemberLook(
                look_id=ident,
                channel=fields["channel"],
                created_at=created,
                store_id=fields["store_id"],
                lookbook_id=fields.get("lookbook_id"),
                items=[_item(i, refs) for i in fields["items"]],
                photo_url=photo_path(member_id, ident) if photo else None,
                photo_expires_at=photos[photo] if photo else None,
            )
        )
    return MemberLooks(member_id=member_id, looks=looks)


def photo_path(member_id: str, look: str) -> str:
    return f"{API_PREFIX}/members/{member_id}/looks/{look}/photo"


def photo(conn: Connection, member_id: str, look: str, now: datetime) -> bytes:
    """The JPEG kept with the member's look; 404 when the look has none (or no more)."""
    row = conn.execute(
        select(_PH.data)
        .select_from(t.member_looks.join(t.photos, _PH.photo_id == _ML.photo_id))
        .where(
            _ML.look_id == look,
            _ML.member_id == member_id,
            _ML.deleted_at.is_(None),
            _PH.deleted_at.is_(None),
            _PH.expires_at > now,
        )
    ).first()
    if row is None or row.data is None:
        raise ApiError(
            404,
            "photo_not_found",
            "this look has no photo (none was kept with it, or it has expired)",
            "path.look_id",
        )
    return bytes(row.data)


# ---- deleting --------------------------------------------------------------------------------


def delete(engine: Engine, member_id: str, look: str, now: datetime) -> None:
    """The member deleted the look in the app: gone from both channels (the row stays,
    emptied, so a redelivered event does not bring it back). A lookbook's look is deleted
    with its lookbook; deleting again is not an error."""
    with write_tx(engine) as conn:
        row = conn.execute(
            select(_ML.look_id).where(_ML.look_id == look, _ML.member_id == member_id)
        ).first()
        if row is None:
            book = look.rsplit(".", 1)[0]
            if conn.execute(
                select(_LB.lookbook_id).where(_LB.lookbook_id == book, _LB.member_id == member_id)
            ).first():
                raise ApiError(
                    409,
                    "part_of_lookbook",
                    f"this look is one of lookbook {book}; delete the lookbook with "
                    f"DELETE {API_PREFIX}/lookbooks/{book}",
                    "path.look_id",
                )
            raise ApiError(
                404, "look_not_found", "this member has no look with that id", "path.look_id"
            )
        conn.execute(
            update(t.member_looks)
            .where(_ML.look_id == look, _ML.deleted_at.is_(None))
            .values(deleted_at=now, items="[]", photo_id=None)
        )
