"""Kiosk bearer tokens: issued per kiosk, stored only as a SHA-256 hash, revocable.

A token is 256 random bits, so a plain SHA-256 (no salt, no slow hash) is enough to make
a stolen database useless for signing in. `issue_token` is also the embedded kiosk's way
to get a token for the hub it starts itself.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, update

from kiosk.errors import KioskError
from kiosk.hub import tables as t
from kiosk.hub.db import make_engine, write_tx
from kiosk.hub.migrate import prepare_database
from kiosk.hub.policy import ROLES, Role
from kiosk.storeapi.contract import ID_PATTERN

TOKEN_PREFIX = "kh_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _check_id(value: str, flag: str) -> None:
    if not re.fullmatch(ID_PATTERN, value):
        raise KioskError(
            f"{flag} {value!r} is not a valid id",
            "use letters, digits and . _ : @ - (up to 128 characters, a letter or digit first)",
        )


def issue_token(
    db_url: str,
    kiosk_id: str,
    store_id: str | None = None,
    *,
    role: Role = "kiosk",
    expires_at: datetime | None = None,
) -> str:
    """A new token for principal `kiosk_id` in `role` (kiosk, pos, backoffice, shop),
    optionally bound to a location and expiring; migrates the database first."""
    _check_id(kiosk_id, "--kiosk")
    if role not in ROLES:
        raise KioskError(f"--role {role!r} is not a role", f"use one of: {', '.join(ROLES)}")
    if store_id is not None:
        _check_id(store_id, "--store")
    engine = make_engine(db_url, pool_size=1)
    try:
        prepare_database(engine)
        with write_tx(engine) as conn:
            _check_store(conn, store_id)
            return _insert_token(conn, kiosk_id, store_id, datetime.now(UTC), role, expires_at)
    finally:
        engine.dispose()


def _insert_token(
    conn: Connection,
    kiosk_id: str,
    store_id: str | None,
    now: datetime,
    role: Role = "kiosk",
    expires_at: datetime | None = None,
) -> str:
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    conn.execute(
        insert(t.tokens).values(
            token_hash=hash_token(token),
            kiosk_id=kiosk_id,
            store_id=store_id,
            created_at=now,
            role=role,
            expires_at=expires_at,
        )
    )
    return token


def _check_store(conn: Connection, store_id: str | None) -> None:
    if store_id is None:
        return
    stores = conn.execute(select(t.locations.c.location_id, t.locations.c.kind)).all()
    if not stores:
        return  # not seeded yet: the store may arrive with the seed
    if (store_id, "store") not in {(row.location_id, row.kind) for row in stores}:
        known = ", ".join(sorted(row.location_id for row in stores if row.kind == "store"))
        raise KioskError(f"--store {store_id!r} is not a store in this hub", f"use one of: {known}")


def revoke_tokens(db_url: str, kiosk_id: str) -> int:
    """Revoke every live token of `kiosk_id`; returns how many were revoked."""
    _check_id(kiosk_id, "--revoke")
    engine = make_engine(db_url, pool_size=1)
    try:
        prepare_database(engine)
        with write_tx(engine) as conn:
            result = conn.execute(
                update(t.tokens)
                .where(t.tokens.c.kiosk_id == kiosk_id, t.tokens.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
            return int(result.rowcount)
    finally:
        engine.dispose()
