"""Hand-offs: a cart and its attribution behind a short, unguessable, expiring code.

The code is 13 base62 characters from `secrets` (77 bits): guessing one is hopeless, so
the redirect needs no token. Every scan of a known code is counted in its row (`scans`,
`last_scanned_at`); the first `scan_rows_per_code` (50) also get a row of their own (time
and outcome, nothing about the phone), so a link scanned in a loop cannot grow the table
without bound. Unknown codes leave nothing. A member id is kept only when the member
consented to being recorded.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from kiosk.hub import tables as t
from kiosk.hub.auth import Caller
from kiosk.hub.checkout import CartLine, checkout_url, without_empty_params
from kiosk.hub.db import write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.members import present
from kiosk.hub.records import ConsentTimeline
from kiosk.hub.settings import HubSettings
from kiosk.storeapi.contract import (
    HANDOFF_CODE_ALPHABET,
    HANDOFF_CODE_LENGTH,
    HANDOFF_CODE_PATTERN,
    Handoff,
    HandoffCreate,
)


def new_code() -> str:
    return "".join(secrets.choice(HANDOFF_CODE_ALPHABET) for _ in range(HANDOFF_CODE_LENGTH))


def create(
    engine: Engine, caller: Caller, body: HandoffCreate, settings: HubSettings, now: datetime
) -> Handoff:
    skus = [item.sku for item in body.items]
    expires = now + timedelta(minutes=settings.handoff_ttl_minutes)
    for _attempt in range(5):
        try:
            with write_tx(engine) as conn:
                ids = dict(
                    conn.execute(
                        select(t.variants.c.sku, t.variants.c.online_variant_id).where(
                            t.variants.c.sku.in_(skus)
                        )
                    ).all()
                )
                known = set(ids)
                for i, sku in enumerate(skus):
                    if sku not in known:
                        raise ApiError(
                            404,
                            "not_found",
                            f"SKU {sku!r} is not in the catalog",
                            f"body.items.{i}.sku",
                        )
                member = body.member_id
                # The cart is credited to a member only while they are present at this kiosk
                # (their fresh code was looked up here) and consent: otherwise the cart goes
                # without the link, and the answer says nothing about whether the id exists.
                if member is not None and not (
                    present(conn, caller, member, now)
                    and ConsentTimeline(conn, {member}).granted_at(member, now)
                ):
                    member = None
                code = new_code()
                conn.execute(
                    insert(t.handoffs).values(
                        code=code,
                        items=json.dumps([i.model_dump() for i in body.items]),
                        store_id=caller.store_id,
                        kiosk_id=caller.kiosk_id,
                        staff_id=caller.staff_id,  # the signed-in staff, never free text
                        session_id=body.session_id,
                        member_id=member,
                        created_at=now,
                        expires_at=expires,
                        scans=0,
                    )
                )
            url = f"{settings.short_url_base()}/h/{code}"
            if settings.direct_links():
                # No phone reaches this hub: the QR carries the cart itself, attribution in
                # its attributes (no scan count, no expiry: the shop's cart link is what
                # a phone opens either way).
                lines = [CartLine(i.sku, ids.get(i.sku), i.quantity) for i in body.items]
                who = (caller.store_id, caller.kiosk_id, caller.staff_id, body.session_id)
                url = without_empty_params(_cart_url(settings, lines, who, code))
            return Handoff(code=code, short_url=url, expires_at=expires)
        except IntegrityError:  # a code collision: astronomically rare; draw again
            continue
    raise RuntimeError("could not draw a free hand-off code")


def resolve(engine: Engine, code: str, settings: HubSettings, now: datetime) -> str:
    """The checkout URL for a scanned code; records the scan. 404 unknown, 410 expired."""
    if not re.fullmatch(HANDOFF_CODE_PATTERN, code):
        raise _unknown()
    h = t.handoffs
    with write_tx(engine) as conn:
        row = conn.execute(select(h).where(h.c.code == code)).first()
        if row is None:
            raise _unknown()
        expired = row.expires_at <= now
        if row.scans < settings.scan_rows_per_code:
            conn.execute(
                insert(t.handoff_scans).values(
                    code=code, scanned_at=now, outcome="expired" if expired else "redirected"
                )
            )
        conn.execute(
            update(h).where(h.c.code == code).values(scans=h.c.scans + 1, last_scanned_at=now)
        )
        items = json.loads(row.items)
        ids = dict(
            conn.execute(
                select(t.variants.c.sku, t.variants.c.online_variant_id).where(
                    t.variants.c.sku.in_([i["sku"] for i in items])
                )
            ).all()
        )
    if expired:  # raised after the commit, so the scan of an expired code is recorded too
        raise ApiError(
            410,
            "handoff_expired",
            "this cart link has expired; create a new one at the mirror",
            "path.code",
        )
    lines = [CartLine(i["sku"], ids.get(i["sku"]), int(i["quantity"])) for i in items]
    return _cart_url(
        settings, lines, (row.store_id, row.kiosk_id, row.staff_id, row.session_id), code
    )


def _cart_url(
    settings: HubSettings,
    lines: list[CartLine],
    who: tuple[str | None, str, str | None, str],
    code: str,
) -> str:
    """The shop's checkout URL for a cart, credited to (store, kiosk, staff, session)."""
    store, kiosk, staff, session = who
    return checkout_url(
        settings.template, settings.shop_url, lines,
        store=store, kiosk=kiosk, staff=staff, session=session, code=code,
    )  # fmt: skip


def _unknown() -> ApiError:
    return ApiError(
        404,
        "handoff_not_found",
        "this cart link is not known; scan the code on the mirror again",
        "path.code",
    )
