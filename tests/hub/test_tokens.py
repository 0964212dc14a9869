"""Credentials as the operator issues them: roles bound to the right kind of location,
default expiries, one role per id, and rotation with a grace period, checked against the
real hub (SQLite and PostgreSQL) and through the real `kiosk hub token` command."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from kiosk.errors import KioskError
from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.hub.tokens import issue_token, rotate_token
from tests.hub.test_auth_cli import kiosk
from tests.hub_server import RunningHub

STOCK = "/v1/stock/LIP-001"


def _get(hub: RunningHub, token: str, path: str = STOCK) -> httpx.Response:
    return httpx.get(f"{hub.url}{path}", headers={"Authorization": f"Bearer {token}"})


def _expiry(hub: RunningHub, principal: str) -> list[datetime | None]:
    engine = make_engine(hub.db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(t.tokens.c.expires_at)
                .where(t.tokens.c.kiosk_id == principal)
                .order_by(t.tokens.c.created_at)
            )
            return [row.expires_at for row in rows]
    finally:
        engine.dispose()


def _id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_roles_bind_to_the_right_kind_of_location(hub: RunningHub) -> None:
    office = issue_token(hub.db_url, _id("office"), "WH-ONLINE", role="backoffice")
    assert _get(hub, office, "/v1/metrics").status_code == 200
    shop = issue_token(hub.db_url, _id("shop"), "WH-ONLINE", role="shop")
    assert _get(hub, shop).status_code == 200
    for role in ("kiosk", "pos"):
        with pytest.raises(KioskError) as refused:
            issue_token(hub.db_url, _id(role), "WH-ONLINE", role=role)  # type: ignore[arg-type]
        assert "a store" in refused.value.message and "WH-ONLINE" not in refused.value.fix
        assert "SH-JINGAN" in refused.value.fix
    with pytest.raises(KioskError):
        issue_token(hub.db_url, _id("x"), "SH-JINGAN", role="admin")  # type: ignore[arg-type]


def test_an_id_keeps_one_role(hub: RunningHub) -> None:
    till = _id("till")
    issue_token(hub.db_url, till, "SH-JINGAN", role="pos")
    with pytest.raises(KioskError) as refused:
        issue_token(hub.db_url, till, "SH-JINGAN", role="kiosk")
    assert "one role" in str(refused.value)
    issue_token(hub.db_url, till, "SH-JINGAN", role="pos")  # a second till token is fine


def test_an_expired_token_is_refused(hub: RunningHub) -> None:
    gone = issue_token(
        hub.db_url, _id("old"), "SH-JINGAN", expires_at=datetime.now(UTC) - timedelta(seconds=1)
    )
    refused = _get(hub, gone)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "token_expired"


def test_rotation_keeps_the_old_token_for_the_grace_period(hub: RunningHub) -> None:
    mirror = _id("mirror")
    old = issue_token(hub.db_url, mirror, "SH-XINTIANDI")
    rotated = rotate_token(hub.db_url, mirror, grace=timedelta(hours=24))
    assert (rotated.role, rotated.store_id, rotated.old_tokens) == ("kiosk", "SH-XINTIANDI", 1)
    assert rotated.expires_at is None  # a kiosk's token does not expire by default
    assert _get(hub, old).status_code == 200  # within the grace period
    new = _get(hub, rotated.token)
    assert new.status_code == 200 and new.json()["store_id"] == "SH-XINTIANDI"
    old_expiry, new_expiry = _expiry(hub, mirror)
    assert old_expiry is not None and new_expiry is None
    assert abs(old_expiry - rotated.old_expire_at) < timedelta(seconds=1)
    # Rotated again, dated 25 h back (the hub's clock is real): both older tokens' grace
    # ran out an hour ago.
    later = rotate_token(hub.db_url, mirror, now=datetime.now(UTC) - timedelta(hours=25))
    assert later.old_tokens == 2
    for token in (old, rotated.token):
        refused = _get(hub, token)
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "token_expired"
    assert _get(hub, later.token).status_code == 200
    with pytest.raises(KioskError):
        rotate_token(hub.db_url, _id("nobody"))


def test_the_token_command_issues_rotates_and_refuses(hub: RunningHub) -> None:
    till = _id("till")
    done = kiosk("hub", "token", "--kiosk", till, "--store", "SH-JINGAN", "--role", "pos",
                 "--db", hub.db_url)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1 and "expires at" in done.stderr
    (expiry,) = _expiry(hub, till)
    assert expiry is not None
    assert timedelta(days=179) < expiry - datetime.now(UTC) <= timedelta(days=180)
    sale = {"movements": [{"movement_id": _id("sale"), "kind": "pos_sale", "sku": "LIP-001",
                           "location_id": "SH-JINGAN", "quantity": 1}]}  # fmt: skip
    headers = {"Authorization": f"Bearer {done.stdout.strip()}"}
    assert httpx.post(f"{hub.url}/v1/movements", json=sale, headers=headers).status_code == 200

    again = kiosk("hub", "token", "--rotate", till, "--grace-hours", "2", "--expires-days", "7",
                  "--db", hub.db_url)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "1 older token(s) expire at" in again.stderr and "pos at SH-JINGAN" in again.stderr
    old, new = _expiry(hub, till)
    assert old is not None and new is not None
    assert timedelta(hours=1, minutes=59) < old - datetime.now(UTC) <= timedelta(hours=2)
    assert timedelta(days=6, hours=23) < new - datetime.now(UTC) <= timedelta(days=7)

    wrong = kiosk("hub", "token", "--kiosk", _id("k"), "--store", "WH-ONLINE", "--db", hub.db_url)
    assert wrong.returncode == 2 and "a store" in wrong.stderr and "Traceback" not in wrong.stderr
    zero = kiosk("hub", "token", "--kiosk", _id("k"), "--expires-days", "0", "--db", hub.db_url)
    assert zero.returncode == 2 and "below 1" in zero.stderr
    mirror = kiosk("hub", "token", "--kiosk", _id("mirror"), "--db", hub.db_url)
    assert mirror.returncode == 0 and mirror.stderr == ""  # a kiosk's token: no expiry
