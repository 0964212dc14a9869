"""Members: lookup by scanned code or typed number, consent decisions, try-on history.

Consent is an append-only log (member, granted, text version, locale, time, kiosk,
store, staff): the current state is the latest decision, and the event ingest asks the
log what held at each event's time.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from kiosk.hub import tables as t
from kiosk.hub.auth import Caller
from kiosk.hub.db import write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.pins import hash_secret
from kiosk.storeapi.contract import Consent, ConsentUpdate, Member


def not_found(field: str) -> ApiError:
    return ApiError(
        404,
        "member_not_found",
        "no member has this code or number; check it, or sign up in the brand's app",
        field,
    )


def _consent(row: Any) -> Consent:
    return Consent(
        member_id=row.member_id,
        granted=bool(row.granted),
        text_version=row.text_version,
        locale=row.locale,
        decided_at=row.decided_at,
        kiosk_id=row.kiosk_id,
        store_id=row.store_id,
        staff_id=row.staff_id,
    )


def latest_consent(conn: Connection, member_id: str) -> Consent | None:
    c = t.consents
    row = conn.execute(
        select(c)
        .where(c.c.member_id == member_id)
        .order_by(c.c.decided_at.desc(), c.c.consent_id.desc())
        .limit(1)
    ).first()
    return None if row is None else _consent(row)


def lookup(conn: Connection, code: str | None, number: str | None, now: datetime) -> Member:
    if (code is None) == (number is None):
        raise ApiError(
            422,
            "validation_error",
            "pass exactly one of ?code= (scanned member code) or ?number= (typed member number)",
            "query.code",
        )
    m = t.members
    if code is not None:
        row = conn.execute(
            select(m, t.member_codes.c.expires_at)
            .select_from(m.join(t.member_codes, t.member_codes.c.member_id == m.c.member_id))
            .where(t.member_codes.c.code_hash == hash_secret(code))
        ).first()
        if row is None:
            raise not_found("query.code")
        if row.expires_at <= now:
            raise ApiError(
                410,
                "member_code_expired",
                "this member code has expired; open the brand's app to show a fresh one",
                "query.code",
            )
    else:
        digits = re.sub(r"[\s-]", "", number or "")
        row = conn.execute(select(m).where(m.c.member_number == digits)).first()
        if row is None:
            raise not_found("query.number")
    return Member(
        member_id=row.member_id,
        display_name=row.display_name,
        tier=row.tier,
        consent=latest_consent(conn, row.member_id),
    )


def require_member(conn: Connection, member_id: str) -> None:
    found = conn.execute(
        select(t.members.c.member_id).where(t.members.c.member_id == member_id)
    ).first()
    if found is None:
        raise not_found("path.member_id")


def decide(
    engine: Engine, caller: Caller, member_id: str, body: ConsentUpdate, now: datetime
) -> Consent:
    """Record a consent decision made at this kiosk."""
    row = {
        "member_id": member_id,
        "granted": body.granted,
        "text_version": body.text_version,
        "locale": body.locale,
        "decided_at": now,
        "kiosk_id": caller.kiosk_id,
        "store_id": caller.store_id,
        "staff_id": body.staff_id,
    }
    with write_tx(engine) as conn:
        require_member(conn, member_id)
        conn.execute(insert(t.consents).values(**row))
    return Consent.model_validate(row)


def withdraw(
    engine: Engine, caller: Caller, member_id: str, staff_id: str | None, now: datetime
) -> Consent:
    """Staff withdraw consent for a member (recorded as a new decision: not granted)."""
    with write_tx(engine) as conn:
        require_member(conn, member_id)
        last = latest_consent(conn, member_id)
        row = {
            "member_id": member_id,
            "granted": False,
            "text_version": last.text_version if last else "none",
            "locale": last.locale if last else "en",
            "decided_at": now,
            "kiosk_id": caller.kiosk_id,
            "store_id": caller.store_id,
            "staff_id": staff_id,
        }
        conn.execute(insert(t.consents).values(**row))
    return Consent.model_validate(row)
