"""Bearer tokens: issued per principal (a kiosk, a till, back office, the online shop) in one
role and bound to one location, stored only as a SHA-256 hash; revocable, expiring, and
rotated with a grace period (`rotate_token`).

A token is 256 random bits, so a plain SHA-256 (no salt, no slow hash) is enough to make
a stolen database useless for signing in. `issue_token` is also the embedded kiosk's way
to get a token for the hub it starts itself.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

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


# Credentials of systems that move stock (a till, back office, the online shop) expire
# after this many days unless the operator says otherwise: they are rotated with
# `--rotate`. A kiosk's token does not expire by default: an unattended mirror must not go
# dark on a date nobody remembers; it is revoked when the kiosk is lost and rotated at will.
DEFAULT_EXPIRY_DAYS: dict[Role, int | None] = {
    "kiosk": None,
    "pos": 180,
    "backoffice": 180,
    "shop": 180,
}
ROTATION_GRACE = timedelta(hours=24)  # old tokens keep working this long after a rotation
# Which kinds of location a credential of each role may be bound to.
BINDABLE: dict[Role, frozenset[str]] = {
    "kiosk": frozenset({"store"}),
    "pos": frozenset({"store"}),
    "backoffice": frozenset({"store", "warehouse"}),
    "shop": frozenset({"store", "warehouse"}),
}


def default_expiry(role: Role, now: datetime) -> datetime | None:
    """When a new `role` token expires when the operator gave no expiry."""
    days = DEFAULT_EXPIRY_DAYS[role]
    return None if days is None else now + timedelta(days=days)


def issue_token(
    db_url: str,
    kiosk_id: str,
    store_id: str | None = None,
    *,
    role: Role = "kiosk",
    expires_at: datetime | None = None,
) -> str:
    """A new token for principal `kiosk_id` in `role` (kiosk, pos, backoffice, shop),
    optionally bound to a location and expiring; migrates the database first.

    `expires_at=None` means never; the CLI applies `DEFAULT_EXPIRY_DAYS` itself.
    """
    _check_id(kiosk_id, "--kiosk")
    _check_role(role)
    if store_id is not None:
        _check_id(store_id, "--store")
    engine = make_engine(db_url, pool_size=1)
    try:
        prepare_database(engine)
        with write_tx(engine) as conn:
            _check_store(conn, store_id, role)
            _check_same_role(conn, kiosk_id, role, datetime.now(UTC))
            return _insert_token(conn, kiosk_id, store_id, datetime.now(UTC), role, expires_at)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Rotation:
    """A rotation's outcome: the new token, and until when the old ones still work."""

    token: str
    role: Role
    store_id: str | None
    expires_at: datetime | None  # the new token's
    old_tokens: int
    old_expire_at: datetime


def rotate_token(
    db_url: str,
    principal_id: str,
    *,
    grace: timedelta = ROTATION_GRACE,
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> Rotation:
    """A new token for `principal_id` with the role and location of its newest live token;
    its older live tokens then expire `grace` from now (those due sooner keep their date),
    so the new one can be installed without an outage. The new token expires at
    `expires_at`, by default after its role's `DEFAULT_EXPIRY_DAYS`. KioskError when the
    principal has no live token."""
    _check_id(principal_id, "--rotate")
    at = now or datetime.now(UTC)
    ends = at + grace
    tk = t.tokens.c
    live = (tk.kiosk_id == principal_id) & tk.revoked_at.is_(None)
    live = live & (tk.expires_at.is_(None) | (tk.expires_at > at))
    engine = make_engine(db_url, pool_size=1)
    try:
        prepare_database(engine)
        with write_tx(engine) as conn:
            newest = conn.execute(
                select(tk.role, tk.store_id).where(live).order_by(tk.created_at.desc()).limit(1)
            ).first()
            if newest is None:
                raise KioskError(
                    f"--rotate {principal_id!r}: it has no live token to rotate",
                    "issue a first one with `kiosk hub token --kiosk ID --store LOC --role ROLE`",
                )
            role: Role = newest.role
            old = conn.execute(
                update(t.tokens)
                .where(live, tk.expires_at.is_(None) | (tk.expires_at > ends))
                .values(expires_at=ends)
            )
            expires = expires_at or default_expiry(role, at)
            token = _insert_token(conn, principal_id, newest.store_id, at, role, expires)
            return Rotation(token, role, newest.store_id, expires, int(old.rowcount), ends)
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


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise KioskError(f"--role {role!r} is not a role", f"use one of: {', '.join(ROLES)}")


def _check_store(conn: Connection, store_id: str | None, role: Role = "kiosk") -> None:
    """A kiosk or till stands in a store; back office and the shop may work for a
    warehouse too."""
    if store_id is None:
        return
    places = {
        str(row.location_id): str(row.kind)
        for row in conn.execute(select(t.locations.c.location_id, t.locations.c.kind))
    }
    if not places:
        return  # not seeded yet: the location may arrive with the seed
    kinds = BINDABLE[role]
    if places.get(store_id) in kinds:
        return
    where = "a store" if kinds == {"store"} else "a store or warehouse"
    fitting = ", ".join(sorted(loc for loc, kind in places.items() if kind in kinds))
    raise KioskError(
        f"--store {store_id!r} is not {where} in this hub (a {role} credential needs {where})",
        f"use one of: {fitting}",
    )


def _check_same_role(conn: Connection, principal_id: str, role: Role, now: datetime) -> None:
    """A principal id keeps one role: a till named like a kiosk would own its holds."""
    tk = t.tokens.c
    other = conn.execute(
        select(tk.role)
        .where(
            tk.kiosk_id == principal_id,
            tk.role != role,
            tk.revoked_at.is_(None),
            tk.expires_at.is_(None) | (tk.expires_at > now),
        )
        .limit(1)
    ).scalar()
    if other is not None:
        raise KioskError(
            f"{principal_id!r} already has a live {other} token; an id keeps one role",
            f"choose another id for the {role} credential, or revoke the {other} token first",
        )


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
