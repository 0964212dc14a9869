"""The managers' dashboard against a real hub with a simulated day in it (SQLite and
PostgreSQL): its figures equal what this test works out from the database's rows itself;
sign-in, sessions, cookies and the same-origin check; who sees which store; no token opens
it. The page in a browser: tests/hub/test_dashboard_browser.py."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import bindparam, text

from kiosk.hub.backoffice_users import add_user, disable_user
from kiosk.hub.db import UTCDateTime, make_engine
from tests.hub.day import USER_PASSWORD, Posted, add_users, simulate_day
from tests.hub.shop import shop_hub
from tests.hub_credentials import headers as role_headers
from tests.hub_server import RunningHub

SESSION_EVENTS = (
    "tryon.session.started", "tryon.product.tried", "tryon.look.saved",
    "tryon.handoff.created", "tryon.reservation.made", "tryon.session.ended",
)  # fmt: skip
SUMMARY = "/dashboard/api/summary"


@dataclass
class Day:
    hub: RunningHub
    posted: Posted


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def day(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Day]:
    for hub in shop_hub(request, tmp_path_factory):
        add_users(hub.db_url)
        yield Day(hub, simulate_day(hub, earlier_days=3))


@contextlib.contextmanager
def signed_in(hub: RunningHub, username: str = "office") -> Iterator[httpx.Client]:
    """A client signed in through the form, as a browser would (its cookie kept)."""
    with httpx.Client(base_url=hub.url, timeout=30) as client:
        done = client.post(
            "/dashboard/login",
            data={"username": username, "password": USER_PASSWORD, "lang": "en"},
        )
        assert done.status_code == 303, done.text
        assert done.headers["location"] == "/dashboard?lang=en"
        yield client


# ---- the oracle: the figures worked out here from the rows --------------------------------------


def _bounds(first: date, last: date, tz: str) -> tuple[datetime, datetime]:
    zone = ZoneInfo(tz)
    start = datetime.combine(first, time(0), tzinfo=zone).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=zone).astimezone(UTC)
    return start, end


def _rows(db_url: str, sql: str, **params: Any) -> list[Any]:
    """Plain SQL; times bound and read as the hub stores them (UTC)."""
    query = text(sql).bindparams(
        *(bindparam(k, type_=UTCDateTime) for k, v in params.items() if isinstance(v, datetime))
    )
    times = {c: UTCDateTime for c in ("time", "placed_at", "created_at") if c in sql}
    engine = make_engine(db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            return list(conn.execute(query.columns(**times), params).all())
    finally:
        engine.dispose()


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def oracle(
    db_url: str,
    *,
    stores: tuple[str, ...] | None,
    kiosk: str | None = None,
    staff: str | None = None,
    first: date,
    last: date,
    tz: str = "UTC",
) -> dict[str, Any]:
    """The dashboard's figures from the database's rows, by plain SQL and Python."""
    start, end = _bounds(first, last, tz)
    zone = ZoneInfo(tz)
    events = [
        r
        for r in _rows(
            db_url,
            "SELECT type, time, store_id, kiosk_id, staff_id, session_id, sku FROM events "
            "WHERE time >= :start AND time < :end AND store_id IS NOT NULL",
            start=start,
            end=end,
        )
        if (stores is None or r.store_id in stores) and (kiosk is None or r.kiosk_id == kiosk)
    ]
    credit: dict[str, str] = {}
    for r in events:  # a session's staff member: the one vouched for on any of its events
        if r.session_id is not None and r.staff_id is not None:
            credit[r.session_id] = max(credit.get(r.session_id, r.staff_id), r.staff_id)

    def staff_of(r: Any) -> str | None:
        return credit.get(r.session_id) if r.session_id is not None else r.staff_id

    events = [r for r in events if staff is None or staff_of(r) == staff]
    orders = [
        r
        for r in _rows(
            db_url,
            "SELECT store_id, kiosk_id, staff_id, placed_at, source, order_id FROM orders "
            "WHERE placed_at >= :start AND placed_at < :end AND store_id IS NOT NULL",
            start=start,
            end=end,
        )
        if (stores is None or r.store_id in stores)
        and (kiosk is None or r.kiosk_id == kiosk)
        and (staff is None or r.staff_id == staff)
    ]

    def funnel(evs: list[Any], ords: list[Any]) -> dict[str, int]:
        kinds = Counter(r.type for r in evs)
        return {
            "sessions": len({r.session_id for r in evs if r.type in SESSION_EVENTS} - {None}),
            "tried_sessions": len(
                {r.session_id for r in evs if r.type == "tryon.product.tried"} - {None}
            ),
            "tryons": kinds["tryon.product.tried"],
            "handoffs": kinds["tryon.handoff.created"],
            "reservations": kinds["tryon.reservation.made"],
            "orders": len(ords),
        }

    def split(key: Any, okey: Any) -> dict[Any, dict[str, int]]:
        groups: dict[Any, tuple[list[Any], list[Any]]] = defaultdict(lambda: ([], []))
        for r in events:
            if r.type in SESSION_EVENTS:
                groups[key(r)][0].append(r)
        for o in orders:
            groups[okey(o)][1].append(o)
        return {k: funnel(*v) for k, v in groups.items()}

    def local(moment: datetime) -> str:
        return _aware(moment).astimezone(zone).date().isoformat()

    days = split(lambda r: local(r.time), lambda o: local(o.placed_at))
    lines = _rows(
        db_url,
        "SELECT source, order_id, sku, quantity FROM order_lines",
    )
    in_scope = {(o.source, o.order_id) for o in orders}
    ordered: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for line in lines:
        if (line.source, line.order_id) in in_scope:
            ordered[line.sku].add((line.source, line.order_id))
    tried = Counter(r.sku for r in events if r.type == "tryon.product.tried" and r.sku)
    return {
        "funnel": funnel([r for r in events if r.type in SESSION_EVENTS], orders),
        "days": days,
        "by_store": split(lambda r: r.store_id, lambda o: o.store_id),
        "by_kiosk": split(lambda r: r.kiosk_id, lambda o: o.kiosk_id),
        "by_staff": split(staff_of, lambda o: o.staff_id),
        "tried": tried,
        "ordered": {sku: len(ids) for sku, ids in ordered.items()},
    }


def _funnel_of(row: dict[str, Any]) -> dict[str, int]:
    keys = ("sessions", "tried_sessions", "tryons", "handoffs", "reservations", "orders")
    return {k: row[k] for k in keys}


def check_figures(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert _funnel_of(got["funnel"]) == want["funnel"]
    for row in got["days"]:
        expected = want["days"].get(row["day"], dict.fromkeys(want["funnel"], 0))
        assert _funnel_of(row) == expected, row["day"]
    assert sum(r["sessions"] for r in got["days"]) >= got["funnel"]["sessions"]
    for name in ("by_store", "by_kiosk", "by_staff"):
        assert {r["id"]: _funnel_of(r) for r in got[name]} == want[name], name
    top = sorted(want["tried"].values(), reverse=True)[: len(got["products"])]
    assert [p["tryons"] for p in got["products"]] == top
    for p in got["products"]:
        assert p["tryons"] == want["tried"][p["sku"]], p
        assert p["orders"] == want["ordered"].get(p["sku"], 0), p
        assert p["conversion"] == pytest.approx(p["orders"] / p["tryons"])
    funnel = got["funnel"]
    for step, rate in funnel["rates"].items():
        assert rate == pytest.approx(funnel[step] / funnel["sessions"])


def _today() -> date:
    return datetime.now(UTC).date()


# ---- the figures --------------------------------------------------------------------------------


def test_head_office_sees_every_store_and_the_figures_are_the_databases(day: Day) -> None:
    with signed_in(day.hub) as client:
        got = client.get(SUMMARY).json()
    today = _today()
    want = oracle(day.hub.db_url, stores=None, first=today - timedelta(days=6), last=today)
    check_figures(got, want)
    assert got["filters"] == {
        "store": None, "kiosk": None, "staff": None, "tz": "UTC",
        "from": (today - timedelta(days=6)).isoformat(), "to": today.isoformat(),
    }  # fmt: skip
    # The simulation's own tally agrees with the database (nothing lost on the way).
    posted = day.posted
    assert got["funnel"]["tryons"] == sum(posted.tryons.values())
    assert got["funnel"]["handoffs"] == sum(posted.handoffs.values())
    assert got["funnel"]["orders"] == sum(posted.orders.values())
    assert {s["id"] for s in got["choices"]["stores"]} >= {"SH-JINGAN", "SH-XINTIANDI"}
    assert got["revenue"] and got["revenue"][0]["currency"] == "CNY"
    revenue = _rows(
        day.hub.db_url,
        "SELECT sum(total_cents) AS cents FROM orders WHERE store_id IS NOT NULL "
        "AND placed_at >= :start",
        start=_bounds(today - timedelta(days=6), today, "UTC")[0],
    )[0].cents
    assert got["revenue"][0]["cents"] == revenue


@pytest.mark.parametrize(
    ("user", "query", "stores"),
    [
        ("office", {"store": "SH-XINTIANDI", "tz": "Asia/Shanghai"}, ("SH-XINTIANDI",)),
        ("manager", {"kiosk": "mirror-ja-2"}, ("SH-JINGAN",)),
        ("manager", {"staff": "S-JA-01", "tz": "Europe/Berlin"}, ("SH-JINGAN",)),
        ("office", {"staff": "S-XTD-01"}, None),
        ("office", {"from": "ago:2", "to": "ago:2"}, None),
    ],
    ids=["one-store-shanghai-days", "a-mirror", "a-staff-member", "hq-staff", "an-earlier-day"],
)
def test_filtered_figures_are_the_databases(
    day: Day, user: str, query: dict[str, str], stores: tuple[str, ...] | None
) -> None:
    tz = query.get("tz", "UTC")
    today = datetime.now(ZoneInfo(tz)).date()
    sent = dict(query)
    for key in ("from", "to"):
        if sent.get(key, "").startswith("ago:"):
            sent[key] = (today - timedelta(days=int(sent[key][4:]))).isoformat()
    first = date.fromisoformat(sent.get("from", (today - timedelta(days=6)).isoformat()))
    last = date.fromisoformat(sent.get("to", today.isoformat()))
    with signed_in(day.hub, user) as client:
        got = client.get(SUMMARY, params=sent).json()
    want = oracle(
        day.hub.db_url,
        stores=stores,
        kiosk=query.get("kiosk"),
        staff=query.get("staff"),
        first=first,
        last=last,
        tz=tz,
    )
    check_figures(got, want)
    assert got["funnel"]["sessions"] > 0


def _km(a: Any, b: Any) -> float:
    """Haversine, written out here (the oracle's own)."""
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_stock_alerts_are_products_tried_often_and_sold_out_with_the_nearest_stock(
    day: Day,
) -> None:
    with signed_in(day.hub) as client:
        got = client.get(SUMMARY).json()
    today = _today()
    start, end = _bounds(today - timedelta(days=6), today, "UTC")
    tried = {
        (r.store_id, r.sku): r.n
        for r in _rows(
            day.hub.db_url,
            "SELECT store_id, sku, count(*) AS n FROM events WHERE type = 'tryon.product.tried' "
            "AND time >= :start AND time < :end AND sku IS NOT NULL AND store_id IS NOT NULL "
            "GROUP BY store_id, sku",
            start=start,
            end=end,
        )
    }
    stock = {
        (r.sku, r.location_id): max(0, r.on_hand - r.reserved - r.committed - r.safety_stock)
        for r in _rows(
            day.hub.db_url,
            "SELECT sku, location_id, on_hand, reserved, committed, safety_stock FROM stock",
        )
    }
    places = {r.location_id: r for r in _rows(day.hub.db_url, "SELECT * FROM locations")}
    want = {
        (store, sku): n
        for (store, sku), n in tried.items()
        if n >= got["alert_min_tryons"] and stock.get((sku, store), 0) == 0
    }
    assert {(a["store_id"], a["sku"]): a["tryons"] for a in got["stock_alerts"]} == want
    assert ("SH-JINGAN", "LIP-002") in want and ("SH-JINGAN", "LIP-009") in want
    for alert in got["stock_alerts"]:
        here = places[alert["store_id"]]
        having = sorted(
            (_km(here, places[where]), where)
            for (sku, where), n in stock.items()
            if sku == alert["sku"] and n > 0 and where != alert["store_id"]
        )
        nearest = alert["nearest"]
        if not having:
            assert nearest is None, alert
            continue
        assert nearest["location_id"] == having[0][1], alert
        assert nearest["distance_km"] == pytest.approx(having[0][0], abs=0.051)
        assert nearest["available"] == stock[(alert["sku"], nearest["location_id"])]
    lip2 = next(a for a in got["stock_alerts"] if a["sku"] == "LIP-002")
    assert lip2["nearest"]["location_id"] == "SH-XINTIANDI"
    assert lip2["nearest"]["pickup_partner"] is True


def test_the_mirrors_health_from_their_reports(day: Day) -> None:
    with signed_in(day.hub) as client:
        mirrors = {m["kiosk_id"]: m for m in client.get(SUMMARY).json()["mirrors"]}
    assert mirrors["mirror-ja-1"]["status"] == "ok" and not mirrors["mirror-ja-1"]["stale"]
    degraded = mirrors["mirror-ja-2"]
    assert (degraded["status"], degraded["outbox_depth"], degraded["fps"]) == ("degraded", 37, 0)
    assert degraded["problems"] == ["camera: no new frame for 12.4 s"]
    assert mirrors["mirror-xtd-1"]["store_id"] == "SH-XINTIANDI"
    # The hub's own test kiosk has a token and never reported.
    assert mirrors[day.hub.kiosk_id]["status"] == "no_report"
    with signed_in(day.hub, "manager") as client:
        own = {m["kiosk_id"] for m in client.get(SUMMARY).json()["mirrors"]}
    assert "mirror-xtd-1" not in own and {"mirror-ja-1", "mirror-ja-2"} <= own


# ---- who sees what ------------------------------------------------------------------------------


def test_a_store_manager_sees_their_store_only(day: Day) -> None:
    with signed_in(day.hub, "manager") as client:
        got = client.get(SUMMARY).json()
        refused = client.get(SUMMARY, params={"store": "SH-XINTIANDI"})
    assert refused.status_code == 403 and refused.json()["error"]["field"] == "query.store"
    assert [s["id"] for s in got["choices"]["stores"]] == ["SH-JINGAN"]
    assert {r["id"] for r in got["by_store"]} == {"SH-JINGAN"}
    assert {s["store_id"] for s in got["choices"]["staff"]} == {"SH-JINGAN"}
    assert {a["store_id"] for a in got["stock_alerts"]} <= {"SH-JINGAN"}


def test_no_token_opens_the_dashboard(day: Day) -> None:
    """A kiosk's token (or a back-office one) on the JSON, with or without a session: 401;
    on the page: the sign-in form."""
    hub = day.hub
    kiosk = {"Authorization": f"Bearer {hub.token}"}
    office = role_headers(hub.db_url, "backoffice", "WH-ONLINE")
    for headers in (kiosk, office):
        refused = httpx.get(f"{hub.url}{SUMMARY}", headers=headers, timeout=30)
        assert refused.status_code == 401, refused.text
        assert refused.json()["error"]["field"] == "header.Authorization"
        page = httpx.get(f"{hub.url}/dashboard", headers=headers, timeout=30)
        assert (page.status_code, page.headers["location"]) == (303, "/dashboard/login?lang=en")
    with signed_in(hub) as client:
        assert client.get(SUMMARY).status_code == 200
        assert client.get(SUMMARY, headers=kiosk).status_code == 401  # even beside a session
    assert httpx.get(f"{hub.url}{SUMMARY}", timeout=30).status_code == 401
    forged = httpx.get(f"{hub.url}{SUMMARY}", cookies={"kiosk_dashboard": "x" * 43}, timeout=30)
    assert forged.status_code == 401 and forged.json()["error"]["code"] == "signed_out"


def test_the_summary_carries_no_personal_data(day: Day) -> None:
    members = [r.member_id for r in _rows(day.hub.db_url, "SELECT member_id FROM members")]
    with signed_in(day.hub) as client:
        body = client.get(SUMMARY).text
    assert not any(m in body for m in members)
    assert "member" not in body.lower()
    assert not re.search(r"@|\+86|Li Na", body)


# ---- signing in and out -------------------------------------------------------------------------


def test_the_session_cookie(day: Day) -> None:
    hub = day.hub
    form = {"username": "office", "password": USER_PASSWORD}
    plain = httpx.post(f"{hub.url}/dashboard/login", data=form, timeout=30)
    cookie = plain.headers["set-cookie"]
    assert re.match(r"kiosk_dashboard=[A-Za-z0-9_-]{43};", cookie)
    for part in ("HttpOnly", "Path=/dashboard", "SameSite=strict", "Max-Age=43200"):
        assert part in cookie, cookie
    assert "Secure" not in cookie  # plain http on loopback: a Secure cookie would be dropped
    proxied = httpx.post(
        f"{hub.url}/dashboard/login", data=form, headers={"X-Forwarded-Proto": "https"}, timeout=30
    )
    assert "Secure" in proxied.headers["set-cookie"]
    secret = cookie.split(";")[0].split("=", 1)[1]
    stored = _rows(
        hub.db_url, "SELECT session_hash, expires_at, created_at FROM backoffice_sessions"
    )
    hashes = {r.session_hash for r in stored}
    assert hashlib.sha256(secret.encode()).hexdigest() in hashes
    assert not any(secret in str(tuple(r)) for r in stored)  # only its SHA-256 is kept


def test_wrong_passwords_are_refused_then_rate_limited(day: Day) -> None:
    hub = day.hub
    add_user(hub.db_url, "locked-out", "Test User", USER_PASSWORD, "SH-XINTIANDI")
    url = f"{hub.url}/dashboard/login"
    for _ in range(5):
        wrong = httpx.post(url, data={"username": "locked-out", "password": "nope"}, timeout=30)
        assert wrong.status_code == 401 and "set-cookie" not in wrong.headers
        assert "Wrong username or password." in wrong.text
    right = httpx.post(
        url, data={"username": "locked-out", "password": USER_PASSWORD}, timeout=30
    )  # even the right password waits now
    assert right.status_code == 429 and int(right.headers["retry-after"]) > 0
    unknown = httpx.post(url, data={"username": "nobody", "password": USER_PASSWORD}, timeout=30)
    assert unknown.status_code == 401 and "Wrong username or password." in unknown.text


def test_a_garbled_form_is_a_wrong_password_not_an_error(day: Day) -> None:
    kind = {"Content-Type": "application/x-www-form-urlencoded"}
    for body in (b"a=1&" * 50, b"\xff\xfe\x00", b"", b"username=office&password=" + b"x" * 9000):
        sent = httpx.post(f"{day.hub.url}/dashboard/login", content=body, headers=kind, timeout=30)
        assert sent.status_code in (401, 413), sent.text
        assert "set-cookie" not in sent.headers


def test_logout_and_disabling_end_sessions(day: Day) -> None:
    hub = day.hub
    add_user(hub.db_url, "leaver", "Leaving Soon", USER_PASSWORD, "SH-JINGAN")
    with signed_in(hub, "leaver") as client, signed_in(hub, "leaver") as second:
        assert client.get(SUMMARY).status_code == 200
        out = client.post("/dashboard/logout")
        assert (out.status_code, out.headers["location"]) == (303, "/dashboard/login")
        old = out.request.headers["cookie"].split("=", 1)[1]
        again = httpx.get(f"{hub.url}{SUMMARY}", cookies={"kiosk_dashboard": old}, timeout=30)
        assert again.status_code == 401
        assert second.get(SUMMARY).status_code == 200
        assert disable_user(hub.db_url, "leaver") == 1
        assert second.get(SUMMARY).status_code == 401
    refused = httpx.post(
        f"{hub.url}/dashboard/login",
        data={"username": "leaver", "password": USER_PASSWORD},
        timeout=30,
    )
    assert refused.status_code == 401


def test_posts_from_another_site_are_refused(day: Day) -> None:
    hub = day.hub
    form = {"username": "office", "password": USER_PASSWORD}
    for origin in ("https://evil.example", "null"):
        sent = httpx.post(
            f"{hub.url}/dashboard/login", data=form, headers={"Origin": origin}, timeout=30
        )
        assert sent.status_code == 403 and "set-cookie" not in sent.headers
    by_referer = httpx.post(
        f"{hub.url}/dashboard/login", data=form,
        headers={"Referer": "https://evil.example/page"}, timeout=30,
    )  # fmt: skip
    assert by_referer.status_code == 403
    own = httpx.post(
        f"{hub.url}/dashboard/login", data=form, headers={"Origin": hub.url}, timeout=30
    )
    assert own.status_code == 303
    with signed_in(hub) as client:
        foreign = client.post("/dashboard/logout", headers={"Origin": "https://evil.example"})
        assert foreign.status_code == 403
        assert client.get(SUMMARY).status_code == 200  # still signed in


def test_the_pages_are_strict(day: Day) -> None:
    hub = day.hub
    form = httpx.get(f"{hub.url}/dashboard/login", headers={"Accept-Language": "zh-CN"})
    assert form.status_code == 200 and "登录店长看板" in form.text and 'lang="zh-CN"' in form.text
    with signed_in(hub) as client:
        page = client.get("/dashboard")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe" not in csp
    assert page.headers["x-frame-options"] == "DENY"
    assert page.headers["cache-control"] == "private, no-store"
    assert "<script>" not in page.text and " style=" not in page.text
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text)  # nothing from elsewhere
    data = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page.text)
    assert data is not None and json.loads(data.group(1))["words"]["zh-CN"]["orders"] == "订单"
    for name in ("dashboard.js", "dashboard.css", "icon.svg"):
        served = httpx.get(f"{hub.url}/dashboard/static/{name}", timeout=30)
        assert served.status_code == 200 and served.headers["x-content-type-options"] == "nosniff"
        assert "http://" not in served.text.replace("http://www.w3.org/2000/svg", "")
        assert "https://" not in served.text
    assert httpx.get(f"{hub.url}/dashboard/static/../main.py", timeout=30).status_code == 404
