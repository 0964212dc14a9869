"""The sales report (issue 17): `GET /v1/reports/sales` and `kiosk hub report` against sums
this test works out itself from the orders, sessions and hand-offs it posted, on SQLite and
PostgreSQL; local days in a time zone (across a daylight-saving night too); who may see
which store."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from kiosk.hub.tokens import issue_token
from tests.conftest import BACKENDS
from tests.hub.shop import cart_attributes, deliver, order_body, shop_hub
from tests.hub_credentials import headers as credential
from tests.hub_server import REPO, RunningHub

JA, XTD = "SH-JINGAN", "SH-XINTIANDI"
Key = tuple[str, str, str | None]  # (day, store, staff)


@dataclass(frozen=True)
class Order:
    placed_at: datetime
    store: str | None
    staff: str | None
    currency: str
    cents: int
    units: int


@dataclass
class World:
    hub: RunningHub
    orders: list[Order] = field(default_factory=list)
    sessions: list[tuple[datetime, str, str | None]] = field(default_factory=list)
    handoffs: list[tuple[datetime, str, str | None]] = field(default_factory=list)


@pytest.fixture(scope="module", params=BACKENDS)
def hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningHub]:
    yield from shop_hub(request, tmp_path_factory)


def _client(hub: RunningHub, token: str) -> httpx.Client:
    return httpx.Client(base_url=hub.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def _signed_in(client: httpx.Client, staff: str, pin: str) -> dict[str, str]:
    opened = client.post("/v1/staff/sessions", json={"staff_id": staff, "pin": pin})
    assert opened.status_code == 201, opened.text
    return {"X-Staff-Session": opened.json()["session"]}


def _started(when: datetime) -> dict[str, Any]:
    return {"specversion": "1.0", "id": str(uuid.uuid4()), "source": "urn:kiosk:report",
            "type": "tryon.session.started", "time": when.isoformat(),
            "data": {"session_id": uuid.uuid4().hex, "locale": "en"}}  # fmt: skip


@pytest.fixture(scope="module")
def world(hub: RunningHub) -> Iterator[World]:
    """Two mirrors (Jing'an, Xintiandi), their staff signed in, hand-offs with and without
    staff, orders over three days in two currencies (and some that must not count), and
    try-on sessions; everything remembered as the test expects it credited."""
    w = World(hub)
    ja = _client(hub, hub.token)
    xtd = _client(hub, issue_token(hub.db_url, "report-xtd", XTD))
    ja_staff = _signed_in(ja, "S-JA-01", "246810")
    xtd_staff = _signed_in(xtd, "S-XTD-01", "112358")
    carts: dict[str, tuple[str, str | None, str]] = {}
    for name, client, store, staff, headers in (
        ("ja-zhou-1", ja, JA, "S-JA-01", ja_staff),
        ("ja-zhou-2", ja, JA, "S-JA-01", ja_staff),
        ("ja-alone", ja, JA, None, {}),
        ("xtd-xu", xtd, XTD, "S-XTD-01", xtd_staff),
    ):
        body = {"items": [{"sku": "LIP-001", "quantity": 1}], "session_id": uuid.uuid4().hex}
        made = client.post("/v1/handoffs", json=body, headers=headers)
        assert made.status_code == 201, made.text
        w.handoffs.append((datetime.now(UTC), store, staff))
        cart = httpx.get(f"{hub.url}/h/{made.json()['code']}").headers["location"]
        carts[name] = (store, staff, cart)
    for cart, placed, lines, currency in [
        ("ja-zhou-1", "2025-05-01T10:00:00+08:00", [("LIP-001", 2, "189.00"),
                                                    ("TOP-001-S", 1, "299.00")], "CNY"),
        ("ja-zhou-2", "2025-05-01T23:30:00+08:00", [("LIP-002", 1, "229.00")], "CNY"),
        ("ja-zhou-1", "2025-05-01T12:00:00+08:00", [("LIP-003", 1, "25.50")], "USD"),
        ("ja-alone", "2025-05-02T01:00:00+08:00", [("LIP-004", 3, "209.00")], "CNY"),
        ("xtd-xu", "2025-05-02T12:00:00+08:00", [("LIP-005", 1, "189.00")], "CNY"),
        ("xtd-xu", "2025-05-03T23:59:59+08:00", [("LIP-005", 4, "189.00")], "CNY"),
        (None, "2025-05-02T12:00:00+08:00", [("LIP-006", 1, "10.00")], "CNY"),  # not a mirror's
        ("ja-zhou-1", "2025-05-04T00:00:00+08:00", [("LIP-006", 1, "10.00")], "CNY"),  # after
        ("ja-zhou-2", "2025-03-31T00:30:00+02:00", [("LIP-007", 1, "50.00")], "EUR"),  # DST
    ]:  # fmt: skip
        store, staff, url = carts[cart] if cart else (None, None, "")
        body = order_body(lines, placed_at=placed, currency=currency,
                          attributes=cart_attributes(url) if url else None)  # fmt: skip
        got = deliver(hub, body)
        assert got.status_code == 201 and got.json()["credited"]["staff_id"] == staff, got.text
        cents = sum(q * round(float(p) * 100) for _, q, p in lines)
        units = sum(q for _, q, _ in lines)
        when = datetime.fromisoformat(placed)
        w.orders.append(Order(when, store, staff, currency, cents, units))
    # Try-on sessions: two now, in the staff session (credited to Zhou Min); two on past
    # days, long before anyone signed in (credited to no one), one at each store.
    now = datetime.now(UTC)
    for client, store, staff, headers, when in (
        (ja, JA, "S-JA-01", ja_staff, now),
        (ja, JA, "S-JA-01", ja_staff, now),
        (ja, JA, None, ja_staff, datetime.fromisoformat("2025-05-01T20:00:00+08:00")),
        (xtd, XTD, None, {}, datetime.fromisoformat("2025-05-02T07:30:00+08:00")),
    ):
        posted = client.post("/v1/events", json={"events": [_started(when)]}, headers=headers)
        assert posted.status_code == 200 and posted.json()["accepted"] == 1, posted.text
        w.sessions.append((when, store, staff))
    ja.close()
    xtd.close()
    yield w


def expected(
    w: World, first: str, last: str, tz: str = "UTC", store: str | None = None
) -> dict[Key, dict[str, Any]]:
    """The report's rows worked out here, from what the test posted."""
    zone, lo, hi = ZoneInfo(tz), date.fromisoformat(first), date.fromisoformat(last)
    out: dict[Key, dict[str, Any]] = defaultdict(_empty_row)

    def key(when: datetime, where: str | None, who: str | None) -> Key | None:
        day = when.astimezone(zone).date()
        if where is None or not lo <= day <= hi or (store is not None and where != store):
            return None
        return (day.isoformat(), where, who)

    for o in w.orders:
        if (k := key(o.placed_at, o.store, o.staff)) is not None:
            out[k]["orders"] += 1
            out[k]["units"] += o.units
            out[k]["revenue"][o.currency] += o.cents
    for when, where, who in w.sessions:
        if (k := key(when, where, who)) is not None:
            out[k]["sessions"] += 1
    for when, where, who in w.handoffs:
        if (k := key(when, where, who)) is not None:
            out[k]["handoffs"] += 1
    return {k: {**v, "revenue": dict(v["revenue"])} for k, v in out.items()}


def _empty_row() -> dict[str, Any]:
    return {"orders": 0, "units": 0, "revenue": defaultdict(int), "sessions": 0, "handoffs": 0}


def reported(answer: dict[str, Any]) -> dict[Key, dict[str, Any]]:
    return {
        (r["day"], r["store_id"], r["staff_id"]): {
            "orders": r["orders"], "units": r["units"], "sessions": r["sessions"],
            "handoffs": r["handoffs"],
            "revenue": {m["currency"]: m["cents"] for m in r["revenue"]},
        }
        for r in answer["rows"]
    }  # fmt: skip


def head_office(hub: RunningHub) -> dict[str, str]:
    """Back office bound to the warehouse: the chain's central office sees every store."""
    return credential(hub.db_url, "backoffice", "WH-ONLINE")


def report(hub: RunningHub, headers: dict[str, str], **params: str) -> httpx.Response:
    if "first" in params:
        params["from"] = params.pop("first")
    return httpx.get(f"{hub.url}/v1/reports/sales", params=params, headers=headers, timeout=30)


@pytest.mark.parametrize("tz", ["Asia/Shanghai", "UTC"])
def test_the_report_equals_the_sums_of_what_was_posted(world: World, tz: str) -> None:
    got = report(world.hub, head_office(world.hub), first="2025-05-01", to="2025-05-03", tz=tz)
    assert got.status_code == 200, got.text
    answer = got.json()
    want = expected(world, "2025-05-01", "2025-05-03", tz)
    assert reported(answer) == want
    assert (answer["first_day"], answer["last_day"], answer["time_zone"]) == (
        "2025-05-01", "2025-05-03", tz,
    )  # fmt: skip
    assert answer["store_id"] is None
    totals = answer["totals"]
    assert totals["orders"] == sum(v["orders"] for v in want.values())
    assert totals["units"] == sum(v["units"] for v in want.values())
    cny = sum(v["revenue"].get("CNY", 0) for v in want.values())
    assert {m["currency"]: m["cents"] for m in totals["revenue"]} == {"CNY": cny, "USD": 2550}
    names = {r["staff_id"]: r["staff_name"] for r in answer["rows"]}
    assert names.get("S-JA-01") == "Zhou Min" and names.get("S-XTD-01") == "Xu Ying"
    if tz == "Asia/Shanghai":  # 23:30 and 01:00 local: days UTC would put elsewhere
        assert want[("2025-05-02", JA, None)]["orders"] == 1
        assert ("2025-05-04", XTD, "S-XTD-01") not in want


def test_local_days_across_a_daylight_saving_night(world: World) -> None:
    """00:30 on 31 March 2025 in Berlin is 22:30 UTC on the 30th, an hour after the clocks
    went forward: the order is the 31st's (at the winter offset it would be the 30th's)."""
    got = report(world.hub, head_office(world.hub), first="2025-03-30", to="2025-03-31",
                 tz="Europe/Berlin")  # fmt: skip
    assert got.status_code == 200, got.text
    assert reported(got.json()) == expected(world, "2025-03-30", "2025-03-31", "Europe/Berlin")
    assert [r["day"] for r in got.json()["rows"]] == ["2025-03-31"]


def test_todays_handoffs_and_sessions_per_staff_member(world: World) -> None:
    today = world.handoffs[0][0].date().isoformat()
    got = report(world.hub, head_office(world.hub), first=today, to=today)
    assert got.status_code == 200, got.text
    assert reported(got.json()) == expected(world, today, today)
    rows = reported(got.json())
    assert rows[(today, JA, "S-JA-01")]["handoffs"] == 2
    assert rows[(today, JA, "S-JA-01")]["sessions"] == 2
    assert rows[(today, XTD, "S-XTD-01")]["handoffs"] == 1


def test_who_sees_which_store(world: World) -> None:
    hub = world.hub
    days = {"first": "2025-05-01", "to": "2025-05-03"}
    store_office = credential(hub.db_url, "backoffice", JA)
    own = report(hub, store_office, **days)
    assert own.status_code == 200 and own.json()["store_id"] == JA
    assert reported(own.json()) == expected(world, "2025-05-01", "2025-05-03", store=JA)
    others = [hub.headers, credential(hub.db_url, "pos", JA)]
    others.append(credential(hub.db_url, "shop", "WH-ONLINE"))
    for headers, store in [(store_office, XTD), *((h, JA) for h in others)]:
        refused = report(hub, headers, store=store, **days)
        assert refused.status_code == 403, refused.text
        assert refused.json()["error"]["code"] == "forbidden"
    one = report(hub, head_office(hub), store=XTD, **days)
    assert one.status_code == 200
    assert reported(one.json()) == expected(world, "2025-05-01", "2025-05-03", store=XTD)
    assert report(hub, head_office(hub), store="SH-NOWHERE", **days).status_code == 404
    assert httpx.get(f"{hub.url}/v1/reports/sales").status_code == 401
    for bad, field_name in (
        ({"first": "2025-05-03", "to": "2025-05-01"}, "query.from"),
        ({"first": "2024-01-01", "to": "2025-05-01"}, "query.from"),
        ({"first": "2025-02-30", "to": "2025-03-01"}, "query.from"),
        ({"first": "1 May", "to": "2025-05-01"}, "query.from"),
        ({"tz": "Mars/Olympus_Mons"}, "query.tz"),
        ({"tz": "../../etc/passwd"}, "query.tz"),
    ):
        refused = report(hub, head_office(hub), **bad)
        assert refused.status_code == 422, (bad, refused.text)
        assert refused.json()["error"]["field"] == field_name, refused.text
    default = report(hub, head_office(hub))  # the last seven days to today
    first, last = date.fromisoformat(default.json()["first_day"]), default.json()["last_day"]
    assert last == datetime.now(UTC).date().isoformat() and first + timedelta(
        days=6
    ) == date.fromisoformat(last)


def test_the_command_prints_the_same_report(world: World) -> None:
    hub = world.hub
    api = report(hub, head_office(hub), first="2025-05-01", to="2025-05-03", tz="Asia/Shanghai")

    def command(fmt: str, *more: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "kiosk", "hub", "report", "--db", hub.db_url,
             "--from", "2025-05-01", "--to", "2025-05-03", "--tz", "Asia/Shanghai",
             "--format", fmt, *more],
            cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert json.loads(command("json")) == api.json()
    lines = list(csv.DictReader(io.StringIO(command("csv"))))
    assert len(lines) == len(api.json()["rows"])
    assert sum(int(x["orders"]) for x in lines) == api.json()["totals"]["orders"]
    usd = [x for x in lines if "USD" in x["currency"]]
    assert len(usd) == 1 and usd[0]["currency"] == "CNY;USD" and usd[0]["staff_name"] == "Zhou Min"
    table = command("table", "--store", XTD)
    assert "days in Asia/Shanghai" in table and "Xu Ying" in table and "Zhou Min" not in table
    assert table.splitlines()[-1].split()[0] == "total"
    wrong = subprocess.run(
        [sys.executable, "-m", "kiosk", "hub", "report", "--db", hub.db_url, "--from", "May"],
        cwd=REPO, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert wrong.returncode == 2 and "--from" in wrong.stderr and "Traceback" not in wrong.stderr
