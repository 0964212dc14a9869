"""Members: reached through their fresh code (or by staff with a reason), consent decisions,
member codes, and the presence that ties a member to the kiosk they stand at.

A kiosk never reaches a member by id or number on its own. Looking up a member's code
records a `member_presence` row (this kiosk, this member, ~30 minutes): consent from that
kiosk, the member's history there, and try-on events naming the member all need one that
is live. Staff signed in on a kiosk (`kiosk+staff`) reach a member by number with a
reason, which is logged without the member id. Every "not found" looks the same, and a
kiosk without presence gets 403 for any member id, known or not, so ids cannot be probed.

Consent is an append-only log (member, granted, text version, locale, time, kiosk, store,
staff): the current state is the latest decision.
"""

from __future__ import annotations

import logging
import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, insert, select
from sqlalchemy.exc import IntegrityError

from kiosk.hub import tables as t
from kiosk.hub.db import write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.pins import hash_secret
from kiosk.hub.policy import Action, Caller, require
from kiosk.storeapi.contract import (
    MEMBER_CODE_DIGITS,
    MEMBER_CODE_MINUTES,
    MEMBER_QR_PREFIX,
    Consent,
    ConsentUpdate,
    Member,
    MemberCode,
)

log = logging.getLogger("kiosk.hub")

# How long a member counts as present at the kiosk where their code was looked up.
PRESENCE_MINUTES = 30
# Events naming the member are still accepted this long after the presence ended (the
# kiosk's outbox sends late when the hub was briefly away).
PRESENCE_GRACE_MINUTES = PRESENCE_MINUTES
_QR_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_QR_LENGTH = 12


def not_found(field: str) -> ApiError:
    """The one 404 for members: the same words whatever was not found."""
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


def require_consent(conn: Connection, member_id: str) -> None:
    """403 `consent_required` unless the member's latest consent decision is granted: what
    the hub keeps about a member (wishlist, looks) is shown at a mirror, and suggestions are
    made, only with it."""
    latest = latest_consent(conn, member_id)
    if latest is None or not latest.granted:
        raise ApiError(
            403,
            "consent_required",
            "this member has not agreed to the brand keeping their try-ons, looks and "
            "wishes; ask for their consent first (PUT /v1/members/{member_id}/consent), "
            "and until then show none of it",
            "path.member_id",
        )


def present(conn: Connection, caller: Caller, member_id: str, now: datetime) -> bool:
    """Whether `member_id` is present at the caller's kiosk now (a live presence row)."""
    return bool(present_members(conn, caller.kiosk_id, {member_id}, now))


def present_members(
    conn: Connection,
    kiosk_id: str,
    member_ids: set[str],
    now: datetime,
    grace: timedelta = timedelta(0),
) -> set[str]:
    """Those of `member_ids` present at `kiosk_id` at `now`, or whose presence there ended
    less than `grace` ago (events the kiosk's outbox sends late)."""
    if not member_ids:
        return set()
    p = t.member_presence
    rows = conn.execute(
        select(p.c.member_id)
        .where(
            p.c.kiosk_id == kiosk_id,
            p.c.member_id.in_(member_ids),
            p.c.created_at <= now,
            p.c.expires_at > now - grace,
        )
        .distinct()
    )
    return {str(r) for r in rows.scalars()}


def authorize(
    conn: Connection,
    caller: Caller,
    action: Action,
    member_id: str,
    now: datetime,
    reason: str | None = None,
) -> str | None:
    """`require` for an action on one member, before anything says whether they exist
    (a kiosk without the member present gets 403 for every id). Returns the reason to
    record for staff: theirs, or that the member is present."""
    is_present = caller.role == "kiosk" and present(conn, caller, member_id, now)
    require(caller, action, member_present=is_present, reason=reason)
    if caller.principal == "kiosk+staff" and not (reason and reason.strip()):
        reason = "member present"  # the table let them in on the member's presence
    require_member(conn, member_id)
    if caller.principal == "kiosk+staff":
        log.info(
            "staff %s at kiosk %s: %s on a member, reason %r",
            caller.staff_id,
            caller.kiosk_id,
            action.value,
            (reason or "")[:100],
        )
    return reason


def _mark_present(
    engine: Engine, caller: Caller, member_id: str, now: datetime, staff_id: str | None
) -> None:
    with write_tx(engine) as conn:
        conn.execute(
            insert(t.member_presence).values(
                member_id=member_id,
                kiosk_id=caller.kiosk_id,
                store_id=caller.store_id,
                staff_id=staff_id,
                created_at=now,
                expires_at=now + timedelta(minutes=PRESENCE_MINUTES),
            )
        )


def lookup_code(
    engine: Engine, conn: Connection, caller: Caller, code: str, now: datetime
) -> Member:
    """The member behind a fresh code; a kiosk's lookup marks them present there."""
    require(caller, Action.MEMBER_LOOKUP_CODE)
    m, mc = t.members, t.member_codes
    row = conn.execute(
        select(m, mc.c.expires_at)
        .select_from(m.join(mc, mc.c.member_id == m.c.member_id))
        .where(mc.c.code_hash == hash_secret(code.strip()))
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
    member = _member(conn, row)
    if caller.role == "kiosk":
        _mark_present(engine, caller, row.member_id, now, caller.staff_id)
    return member


def lookup_number(
    engine: Engine,
    conn: Connection,
    caller: Caller,
    number: str,
    reason: str | None,
    now: datetime,
) -> Member:
    """The member with this loyalty number: staff with a reason (recorded), or the shop."""
    require(caller, Action.MEMBER_LOOKUP_NUMBER, reason=reason)
    digits = re.sub(r"[\s-]", "", number)
    row = conn.execute(select(t.members).where(t.members.c.member_number == digits)).first()
    if row is None:
        raise not_found("query.number")
    if caller.role == "kiosk":
        log.info(
            "staff %s at kiosk %s looked a member up by number, reason %r",
            caller.staff_id,
            caller.kiosk_id,
            (reason or "")[:100],
        )
        _mark_present(engine, caller, row.member_id, now, caller.staff_id)
    return _member(conn, row)


def _member(conn: Connection, row: Any) -> Member:
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


def _staff_of(caller: Caller, given: str | None) -> str | None:
    """The staff id to record: the session's. A typed one must be that same person."""
    if given is not None and given != caller.staff_id:
        raise ApiError(
            403,
            "forbidden",
            "staff_id must be the staff member signed in on this kiosk (X-Staff-Session); "
            "leave it out, the hub records the session's staff member",
            "body.staff_id",
        )
    return caller.staff_id


def decide(
    engine: Engine, caller: Caller, member_id: str, body: ConsentUpdate, now: datetime
) -> Consent:
    """Record a consent decision (the caller was authorized with `authorize`)."""
    row = {
        "member_id": member_id,
        "granted": body.granted,
        "text_version": body.text_version,
        "locale": body.locale,
        "decided_at": now,
        "kiosk_id": caller.kiosk_id,
        "store_id": caller.store_id,
        "staff_id": _staff_of(caller, body.staff_id),
    }
    with write_tx(engine) as conn:
        conn.execute(insert(t.consents).values(**row))
    return Consent.model_validate(row)


def withdraw(engine: Engine, caller: Caller, member_id: str, now: datetime) -> Consent:
    """Withdraw consent (a new decision: not granted), from the hub's clock on."""
    with write_tx(engine) as conn:
        last = latest_consent(conn, member_id)
        row = {
            "member_id": member_id,
            "granted": False,
            "text_version": last.text_version if last else "none",
            "locale": last.locale if last else "en",
            "decided_at": now,
            "kiosk_id": caller.kiosk_id,
            "store_id": caller.store_id,
            "staff_id": caller.staff_id,
        }
        conn.execute(insert(t.consents).values(**row))
    return Consent.model_validate(row)


# ---- member codes ------------------------------------------------------------------------


def new_typed_code() -> str:
    return f"{secrets.randbelow(10**MEMBER_CODE_DIGITS):0{MEMBER_CODE_DIGITS}d}"


def new_qr_code() -> str:
    return MEMBER_QR_PREFIX + "".join(secrets.choice(_QR_ALPHABET) for _ in range(_QR_LENGTH))


def issue_code(engine: Engine, member_id: str, now: datetime) -> MemberCode:
    """A fresh pair of codes for the member (typed and QR), kept only as SHA-256, valid
    for MEMBER_CODE_MINUTES. A collision with a live code draws again."""
    expires = now + timedelta(minutes=MEMBER_CODE_MINUTES)
    for _ in range(5):
        code, qr = new_typed_code(), new_qr_code()
        try:
            with write_tx(engine) as conn:
                require_member(conn, member_id)
                rows = [
                    {"code_hash": hash_secret(c), "member_id": member_id,
                     "created_at": now, "expires_at": expires}
                    for c in (code, qr)
                ]  # fmt: skip
                conn.execute(insert(t.member_codes), rows)
        except IntegrityError:
            continue
        return MemberCode(code=code, qr=qr, expires_at=expires)
    raise ApiError(503, "code_space_busy", "could not draw a free member code; retry", None)


def issue_code_cli(db_url: str, member_id: str) -> MemberCode:
    """`kiosk hub member-code --member ID --db URL`: a code for demos and development."""
    from kiosk.errors import KioskError
    from kiosk.hub.context import utc_now
    from kiosk.hub.db import make_engine
    from kiosk.hub.migrate import prepare_database

    engine = make_engine(db_url, 1)
    try:
        prepare_database(engine, "none")
        return issue_code(engine, member_id, utc_now())
    except ApiError as exc:
        raise KioskError(
            f"no member {member_id!r} in this hub's database ({exc.code})",
            "check --member (a member id such as M-7QX4KZ2RB9) and --db",
        ) from None
    finally:
        engine.dispose()
