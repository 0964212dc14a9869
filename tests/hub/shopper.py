"""Test helper for issue 18 (one shopper across channels): the online shop's credential and
CloudEvents, a kiosk of a test's own, and members made for one test (so tests never share a
member's consent, wishlist or points).

    member = new_member(hub.db_url)                  # (member_id, code), no consent
    grant(hub, member.member_id)                     # through the shop's credential
    post_events(hub, shop_headers(hub), [shop_event("shop.wishlist.added", member.member_id,
                                                    sku="LIP-004")])
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from sqlalchemy import insert, select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine, write_tx
from kiosk.hub.pins import hash_secret
from tests.hub_credentials import headers as credential
from tests.hub_credentials import token as credential_token
from tests.hub_server import RunningHub

STORE = "SH-JINGAN"
SHOP_HOME = "WH-ONLINE"  # where the shop's credential is bound (tests/hub_credentials.py)
DECISION = {"granted": True, "text_version": "2025-06", "locale": "en"}


def shop_headers(hub: RunningHub) -> dict[str, str]:
    return credential(hub.db_url, "shop", SHOP_HOME)


def shop_principal(hub: RunningHub) -> str:
    """The shop credential's principal id (what its events are stored under)."""
    credential_token(hub.db_url, "shop", SHOP_HOME)
    return f"test-shop-{SHOP_HOME}".lower()


def shop_event(
    kind: str, member: str | None = None, when: datetime | None = None, **data: Any
) -> dict[str, Any]:
    """A CloudEvent as the online shop sends it (its member's id only if it has one)."""
    body = {"session_id": f"web-{uuid.uuid4().hex[:12]}", **data}
    if member is not None:
        body["member_id"] = member
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "shop/tryon-demo.myshopify.com",
        "type": kind,
        "time": (when or datetime.now(UTC)).isoformat(),
        "data": body,
    }


def mirror_event(
    kind: str, member: str | None = None, when: datetime | None = None, **data: Any
) -> dict[str, Any]:
    body = shop_event(kind, member, when, **data)
    return body | {"source": "kiosk/SH-JINGAN/test"}


def post_events(
    hub: RunningHub, headers: dict[str, str], events: list[dict[str, Any]]
) -> httpx.Response:
    return httpx.post(f"{hub.url}/v1/events", json={"events": events}, headers=headers, timeout=30)


@dataclass(frozen=True)
class NewMember:
    member_id: str
    code: str  # a fresh member code, as their app shows it (typed digits)


def new_member(
    db_url: str,
    *,
    tier: str = "gold",
    points: int = 0,
    shop_customer_id: str | None = None,
) -> NewMember:
    """A member of this test's own, with a member code valid for an hour."""
    member_id = f"M-T{secrets.token_hex(5).upper()}"
    code = f"{secrets.randbelow(10**8):08d}"
    now = datetime.now(UTC)
    with engine(db_url) as eng, write_tx(eng) as conn:
        conn.execute(
            insert(t.members).values(
                member_id=member_id,
                member_number=str(secrets.randbelow(10**12) + 10**12),
                display_name="Test Member",
                tier=tier,
                points=points,
                shop_customer_id=shop_customer_id,
            )
        )
        conn.execute(
            insert(t.member_codes).values(
                code_hash=hash_secret(code),
                member_id=member_id,
                created_at=now,
                expires_at=now.replace(year=now.year + 1),
            )
        )
    return NewMember(member_id, code)


def grant(hub: RunningHub, member_id: str) -> None:
    """The member agrees (in the app: through the shop's credential)."""
    done = httpx.put(
        f"{hub.url}/v1/members/{member_id}/consent",
        json=DECISION,
        headers=shop_headers(hub),
        timeout=30,
    )
    assert done.status_code == 200, done.text


def withdraw(hub: RunningHub, member_id: str) -> None:
    done = httpx.delete(
        f"{hub.url}/v1/members/{member_id}/consent", headers=shop_headers(hub), timeout=30
    )
    assert done.status_code == 200, done.text


@contextmanager
def engine(db_url: str) -> Iterator[Any]:
    eng = make_engine(db_url, pool_size=1)
    try:
        yield eng
    finally:
        eng.dispose()


def rows(db_url: str, table: Any, **where: Any) -> list[dict[str, Any]]:
    with engine(db_url) as eng, eng.connect() as conn:
        clause = [table.c[k] == v for k, v in where.items()]
        return [dict(r._mapping) for r in conn.execute(select(table).where(*clause))]


@contextmanager
def kiosk(hub: RunningHub, name: str, store: str = STORE) -> Iterator[httpx.Client]:
    """A kiosk of the test's own (no member is present at it from another test)."""
    kiosk_id = f"k18-{name}-{secrets.token_hex(3)}"
    token = hub.issue_token(kiosk_id, store)
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=hub.url, headers=auth, timeout=30) as client:
        yield client


def present(client: httpx.Client, code: str) -> None:
    """The member shows their code at this kiosk (they are present there now)."""
    seen = client.get("/v1/members/lookup", params={"code": code})
    assert seen.status_code == 200, seen.text


def staff(client: httpx.Client, staff_id: str = "S-JA-01", pin: str = "246810") -> dict[str, str]:
    opened = client.post("/v1/staff/sessions", json={"staff_id": staff_id, "pin": pin})
    assert opened.status_code == 201, opened.text
    return {"X-Staff-Session": opened.json()["session"]}
