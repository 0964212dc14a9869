"""Staff sessions: a staff member's PIN opens a short session on a kiosk of their store.

The session's secret is returned once and kept only as SHA-256; the kiosk sends it as
`X-Staff-Session`, which makes the caller `kiosk+staff` (kiosk.hub.auth, kiosk.hub.policy).
An unknown staff id, a staff member of another store or no longer active, and a wrong PIN
all get the same 401, and an unknown id costs the same scrypt time as a known one.
"""

from __future__ import annotations

import logging
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, insert, select, update

from kiosk.hub import tables as t
from kiosk.hub.db import write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.pins import hash_pin, hash_secret, verify_pin
from kiosk.hub.policy import Action, Caller, require
from kiosk.storeapi.contract import StaffSession, StaffSessionCreate

log = logging.getLogger("kiosk.hub")

SESSION_MINUTES = 15
_DUMMY_HASH = hash_pin("not-a-pin")  # verified against for unknown ids (same timing)


def wrong_pin() -> ApiError:
    return ApiError(
        401,
        "staff_pin_wrong",
        "this staff id and PIN do not match an active staff member of this store; "
        "check both and try again",
        "body.pin",
    )


def check_pin(conn: Connection, caller: Caller, body: StaffSessionCreate) -> tuple[str, str]:
    """(display name, store) of the staff member if the PIN is theirs, else 401."""
    s = t.staff
    row = conn.execute(
        select(s.c.display_name, s.c.store_id, s.c.pin_hash, s.c.active).where(
            s.c.staff_id == body.staff_id
        )
    ).first()
    usable = row is not None and bool(row.active) and row.store_id == caller.store_id
    matched = verify_pin(body.pin, row.pin_hash if row is not None else _DUMMY_HASH)
    if not (usable and matched) or row is None:
        raise wrong_pin()
    return str(row.display_name), str(row.store_id)


def open_session(
    engine: Engine, conn: Connection, caller: Caller, body: StaffSessionCreate, now: datetime
) -> StaffSession:
    """A new session for the staff member whose PIN this is (see check_pin)."""
    require(caller, Action.STAFF_SIGN_IN, location=caller.store_id)
    name, store = check_pin(conn, caller, body)
    secret = secrets.token_urlsafe(32)
    expires = now + timedelta(minutes=SESSION_MINUTES)
    with write_tx(engine) as w:
        w.execute(
            insert(t.staff_sessions).values(
                session_hash=hash_secret(secret),
                staff_id=body.staff_id,
                store_id=store,
                kiosk_id=caller.kiosk_id,
                created_at=now,
                expires_at=expires,
            )
        )
    log.info("staff %s signed in at kiosk %s", body.staff_id, caller.kiosk_id)
    return StaffSession(
        session=secret, staff_id=body.staff_id, display_name=name, store_id=store,
        expires_at=expires,
    )  # fmt: skip


def end_session(engine: Engine, caller: Caller, secret: str | None, now: datetime) -> None:
    """End the request's own staff session (auth already checked it is live and this
    kiosk's)."""
    if caller.staff_id is None or not secret:
        raise ApiError(
            401,
            "staff_session_expired",
            "this request carries no staff session; send X-Staff-Session to end one",
            "header.X-Staff-Session",
        )
    ss = t.staff_sessions
    with write_tx(engine) as w:
        w.execute(
            update(ss)
            .where(ss.c.session_hash == hash_secret(secret), ss.c.kiosk_id == caller.kiosk_id)
            .values(ended_at=now)
        )
    log.info("staff %s signed out at kiosk %s", caller.staff_id, caller.kiosk_id)
