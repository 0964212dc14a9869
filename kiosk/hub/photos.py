"""Shoppers' photos: a JPEG from a kiosk, opened on the shopper's phone by an unguessable
code until it expires (24 h by default), then deleted.

The code is 22 base62 characters from `secrets` (131 bits): the phone's link needs no
token and no guess can find a photo, so there is nothing to list and no rate limit to
tune. Only the code's SHA-256 is stored and looked up: the lookup compares digests, so
its timing says nothing about how close a guess came, and a copy of the database alone
opens no photo. The bytes are emptied at expiry (on the first visit after it, and by the
hub's periodic sweep, whichever comes first) or when the kiosk deletes the photo early;
the row without its bytes stays `ROW_KEPT` longer so a late visit hears "expired".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import ColumnElement, Connection, Engine, delete, exists, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.hub import tables as t
from kiosk.hub.auth import Caller
from kiosk.hub.db import read_conn, write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.jpeg import NotAJpeg, inspect_jpeg
from kiosk.hub.phone_links import code_hash, no_public_url, well_formed
from kiosk.hub.phone_links import new_code as _new_code
from kiosk.hub.settings import HubSettings
from kiosk.storeapi.contract import PHOTO_CODE_LENGTH, PHOTO_CODE_PATTERN, Photo

ROW_KEPT = timedelta(days=30)  # after expiry, the empty row answers "expired", then goes
_P = t.photos.c
Gone = Literal["expired", "deleted"]


def new_code() -> str:
    return _new_code(PHOTO_CODE_LENGTH)


def create(
    engine: Engine, caller: Caller, data: bytes, settings: HubSettings, now: datetime
) -> Photo:
    """Store the kiosk's JPEG; 413 over the size limit, 415 when it is not a JPEG, 409
    when no phone could open the photo's link (a hub with no public URL)."""
    if settings.direct_links():
        raise no_public_url("a photo's")
    if len(data) > settings.photo_max_bytes:
        raise ApiError(
            413,
            "photo_too_large",
            f"the photo is {len(data)} bytes, over this hub's {settings.photo_max_bytes}; "
            "send a smaller JPEG (lower quality or resolution)",
            "body",
        )
    try:
        info = inspect_jpeg(data)
    except NotAJpeg as exc:
        raise ApiError(415, "not_a_jpeg", f"{exc}; send the photo as image/jpeg", "body") from None
    expires = now + timedelta(minutes=settings.photo_ttl_minutes)
    photo_id = uuid.uuid4().hex
    for _attempt in range(5):
        code = new_code()
        try:
            with write_tx(engine) as conn:
                conn.execute(
                    insert(t.photos).values(
                        photo_id=photo_id,
                        code_hash=code_hash(code),
                        store_id=caller.store_id,
                        kiosk_id=caller.kiosk_id,
                        created_at=now,
                        expires_at=expires,
                        deleted_at=None,
                        width=info.width,
                        height=info.height,
                        size_bytes=len(data),
                        data=data,
                    )
                )
        except IntegrityError:  # a code collision: astronomically rare; draw again
            continue
        url = f"{settings.short_url_base()}/p/{code}"
        return Photo(photo_id=photo_id, url=url, expires_at=expires)
    raise RuntimeError("could not draw a free photo code")


@dataclass(frozen=True)
class Shown:
    """A live photo as the phone sees it (`data` only when the image itself was asked for)."""

    photo_id: str
    expires_at: datetime
    width: int
    height: int
    data: bytes | None


def open_photo(engine: Engine, code: str, now: datetime, *, with_data: bool) -> Shown:
    """The photo behind a code. 404 unknown; 410 expired or deleted (an expired photo's
    bytes are deleted on the way, if the sweep has not done it yet)."""
    if not well_formed(code, PHOTO_CODE_PATTERN):
        raise _unknown()
    columns = [_P.photo_id, _P.expires_at, _P.deleted_at, _P.width, _P.height]
    if with_data:
        columns.append(_P.data)
    with read_conn(engine) as conn:
        row = conn.execute(select(*columns).where(_P.code_hash == code_hash(code))).first()
    if row is None:
        raise _unknown()
    if row.deleted_at is not None:
        raise gone("deleted" if row.deleted_at < row.expires_at else "expired")
    if row.expires_at <= now:
        with write_tx(engine) as conn:
            _empty(conn, _P.photo_id == row.photo_id, now)
        raise gone("expired")
    data = bytes(row.data) if with_data and row.data is not None else None
    return Shown(row.photo_id, row.expires_at, row.width, row.height, data)


def delete_photo(engine: Engine, caller: Caller, photo_id: str, now: datetime) -> None:
    """The shopper asked the kiosk to delete their photo now. Only the kiosk that took it
    may; to any other the photo is unknown (404). Deleting it again is not an error."""
    with write_tx(engine) as conn:
        owner = conn.execute(select(_P.kiosk_id, _P.store_id).where(_P.photo_id == photo_id))
        row = owner.first()
        if row is None or (row.kiosk_id, row.store_id) != (caller.kiosk_id, caller.store_id):
            raise ApiError(
                404, "photo_not_found", "this kiosk has no photo with that id", "path.photo_id"
            )
        _empty(conn, _P.photo_id == photo_id, now)


def sweep(engine: Engine, now: datetime) -> int:
    """The periodic sweep: delete the bytes of every expired photo (and drop rows long
    past their expiry). Returns how many photos' bytes were deleted."""
    due = _P.expires_at <= now
    with read_conn(engine) as conn:
        stale = now - ROW_KEPT
        work = conn.execute(
            select(
                exists().where(due, _P.deleted_at.is_(None)) | exists().where(_P.expires_at < stale)
            )
        ).scalar()
    if not work:
        return 0
    with write_tx(engine) as conn:
        emptied = _empty(conn, due, now)
        conn.execute(delete(t.photos).where(_P.expires_at < now - ROW_KEPT))
    return emptied


def _empty(conn: Connection, which: ColumnElement[bool], now: datetime) -> int:
    """Delete the bytes of the photos `which` selects that still have them."""
    if conn.dialect.name == "sqlite":
        # Freed pages are overwritten with zeros, so the JPEG does not linger in the file.
        conn.exec_driver_sql("PRAGMA secure_delete=ON")
    done = conn.execute(
        update(t.photos).where(which, _P.deleted_at.is_(None)).values(data=None, deleted_at=now)
    )
    return int(done.rowcount or 0)


def _unknown() -> ApiError:
    return ApiError(
        404,
        "photo_not_found",
        "this photo link is not known; check the link or take a new photo at the mirror",
        "path.code",
    )


def gone(why: Gone) -> ApiError:
    if why == "deleted":
        return ApiError(
            410, "photo_deleted", "this photo was deleted at the shopper's request", "path.code"
        )
    return ApiError(
        410,
        "photo_expired",
        "this photo has expired and was deleted; take a new one at the mirror",
        "path.code",
    )
