"""Lookbooks: a styling session's looks handed to an anonymous shopper by a QR link whose
page shows the products, prices and a buy link credited to store, kiosk, staff and
session; or saved to a consenting member's account, listed for the shop and staff.

Against the real hub on SQLite and PostgreSQL; expiry and retention with the hub's clock."""

from __future__ import annotations

import base64
import hashlib
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
import pytest
from sqlalchemy import select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.storeapi.contract import LOOKBOOK_CODE_PATTERN, Lookbook, MemberLookbooks
from tests.hub_credentials import headers as credential
from tests.hub_server import FakeClock, InProcessHub, RunningHub, fresh_pg_schema, serve_in_thread
from tests.hub_server import start_hub as start_hub_process

STORE, STAFF, PIN = "SH-JINGAN", "S-JA-01", "246810"
CHEN = ("M-R5J9VL2QFA", "16180339")  # consent granted in the demo data
ALEX = ("M-Z2C6G4X8WM", "14142135")  # no consent
LOOKS = [
    {"items": [
        {"sku": "LIP-001", "intensity": 0.7, "finish": "matte"},
        {"sku": "TOP-001-M", "size": "M"},
    ]},
    {"items": [{"sku": "LIP-004", "intensity": 1}]},  # 229.00 in stores, 209.00 online
]  # fmt: skip


def _body(session: str = "sess-17", **extra: Any) -> dict[str, Any]:
    return {"session_id": session, "looks": LOOKS, **extra}


@pytest.fixture
def kiosk_id(request: pytest.FixtureRequest) -> str:
    """Each test's own kiosk: no member is present at it from another test."""
    return f"lb-{re.sub(r'[^a-z0-9]+', '-', request.node.name.lower())[:40]}"


@pytest.fixture
def kiosk(hub: RunningHub, kiosk_id: str) -> Iterator[httpx.Client]:
    """That kiosk's HTTP client, its token bound to SH-JINGAN (the demo stylist's store)."""
    token = hub.issue_token(kiosk_id, STORE)
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=hub.url, headers=auth, timeout=30) as c:
        yield c


def _staff(kiosk: httpx.Client) -> dict[str, str]:
    opened = kiosk.post("/v1/staff/sessions", json={"staff_id": STAFF, "pin": PIN})
    assert opened.status_code == 201, opened.text
    return {"X-Staff-Session": opened.json()["session"]}


def _present(kiosk: httpx.Client, code: str) -> None:
    seen = kiosk.get("/v1/members/lookup", params={"code": code})
    assert seen.status_code == 200, seen.text


def _row(db_url: str, lookbook_id: str) -> Any:
    engine = make_engine(db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            return conn.execute(
                select(t.lookbooks).where(t.lookbooks.c.lookbook_id == lookbook_id)
            ).first()
    finally:
        engine.dispose()


def _online_ids(db_url: str) -> dict[str, str]:
    engine = make_engine(db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(t.variants.c.sku, t.variants.c.online_variant_id)).all()
    finally:
        engine.dispose()
    return {r.sku: r.online_variant_id for r in rows}


class _Page(HTMLParser):
    """What a test reads off the page: links, styles, and everything that could load."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []  # (class, href)
        self.styles: list[str] = []
        self.loads: list[str] = []  # src=, <link>, <script>, <iframe>...
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "a":
            self.links.append((named.get("class") or "", named.get("href") or ""))
        if tag in ("script", "link", "iframe", "img", "object", "embed") or "src" in named:
            self.loads.append(tag)
        if "style" in named:
            self.loads.append("style attribute")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def _strict_page(page: httpx.Response) -> _Page:
    """The page's privacy and security headers, and nothing on it from elsewhere."""
    h = page.headers
    assert h["content-type"].startswith("text/html")
    assert "no-store" in h["cache-control"] and h["referrer-policy"] == "no-referrer"
    assert h["x-content-type-options"] == "nosniff" and "noindex" in h["x-robots-tag"]
    csp = h["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "http" not in csp and "*" not in csp and "unsafe" not in csp
    parsed = _Page(page.text)
    assert parsed.loads == [] and len(parsed.styles) == 1
    digest = base64.b64encode(hashlib.sha256(parsed.styles[0].encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in csp  # the page's one style sheet, no other
    assert '<meta name="robots" content="noindex' in page.text
    assert '<meta name="referrer" content="no-referrer">' in page.text
    return parsed


# ---- the anonymous lookbook and its page -------------------------------------------------


def test_an_anonymous_lookbook_opens_on_a_phone_with_products_prices_and_a_credited_cart(
    kiosk: httpx.Client, kiosk_id: str, hub: RunningHub
) -> None:
    before = datetime.now(UTC)
    made = kiosk.post("/v1/lookbooks", json=_body(), headers=_staff(kiosk))
    assert made.status_code == 201, made.text
    book = Lookbook.model_validate_json(made.content)
    code = (book.url or "").rsplit("/", 1)[1]
    assert book.url == f"{hub.url}/l/{code}" and re.fullmatch(LOOKBOOK_CODE_PATTERN, code)
    assert book.expires_at is not None
    assert (
        timedelta(days=7) - timedelta(minutes=1)
        < book.expires_at - before
        < timedelta(days=7, minutes=1)
    )

    page = httpx.get(book.url, headers={"Accept-Language": "en-GB,en;q=0.9"})  # no token
    assert page.status_code == 200, page.text
    parsed = _strict_page(page)
    text = page.text
    assert 'lang="en"' in text and "Your lookbook" in text
    assert "Look 1" in text and "Look 2" in text
    for words in ("Crimson Velvet", "Classic Crew Tee, M", "Classic Red", "Atelier Rouge"):
        assert words in text, words
    assert "Matte" in text and "Strength 70%" in text and "Size M" in text
    assert "¥229.00" in text and "¥129.00" in text and "¥358.00" in text  # look 1 and total
    assert "¥209.00" in text  # LIP-004 at its online price (the link buys online)
    assert "#B0123A" in parsed.styles[0] and "#C8102E" in parsed.styles[0]  # the swatches
    assert "Jing'an Kerry Centre" in text or "Jing&#x27;an Kerry Centre" in text
    assert STAFF not in re.sub(r'href="[^"]*"', "", text)  # only inside the buy links

    buys = [href for cls, href in parsed.links if cls == "buy"]
    assert len(buys) == 2
    ids = _online_ids(hub.db_url)
    for href, cart in zip(
        buys, [f"{ids['LIP-001']}:1,{ids['TOP-001-M']}:1", f"{ids['LIP-004']}:1"], strict=True
    ):
        target = urlsplit(href.replace("&amp;", "&"))
        assert f"{target.scheme}://{target.netloc}" == "https://shop.example.com"
        assert unquote(target.path) == f"/cart/{cart}"
        query = parse_qs(target.query)
        assert query["attributes[store]"] == [STORE] and query["attributes[kiosk]"] == [kiosk_id]
        assert query["attributes[staff]"] == [STAFF] and query["attributes[session]"] == ["sess-17"]
    others = {href for cls, href in parsed.links if cls != "buy"}
    assert others == {"?lang=zh-CN"}  # the language switch: nothing else to follow

    chinese = httpx.get(book.url, headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert chinese.status_code == 200 and 'lang="zh-CN"' in chinese.text
    assert (
        "您的造型册" in chinese.text and "哑光" in chinese.text and "线上购买此造型" in chinese.text
    )
    assert "?lang=en" in chinese.text
    switched = httpx.get(f"{book.url}?lang=en", headers={"Accept-Language": "zh-CN"})
    assert "Your lookbook" in switched.text and "您的造型册" not in switched.text
    assert "您的造型册" in httpx.get(f"{book.url}?lang=zh-CN").text

    row = _row(hub.db_url, book.lookbook_id)
    assert row.code_hash == hashlib.sha256(code.encode()).hexdigest()
    assert code not in repr(tuple(row))  # the code itself is stored nowhere
    assert (row.store_id, row.kiosk_id, row.staff_id) == (STORE, kiosk_id, STAFF)
    assert (row.session_id, row.member_id, row.deleted_at) == ("sess-17", None, None)


def test_unknown_and_forged_codes_are_not_found(kiosk: httpx.Client, hub: RunningHub) -> None:
    book = Lookbook.model_validate_json(kiosk.post("/v1/lookbooks", json=_body()).content)
    code = (book.url or "").rsplit("/", 1)[1]
    forged = code[:-1] + ("A" if code[-1] != "A" else "B")
    for bad in [forged, "short", "x" * 64, "A" * 16]:
        response = httpx.get(f"{hub.url}/l/{bad}", headers={"Accept": "application/json"})
        assert response.status_code == 404, bad
        assert response.json()["error"]["code"] == "lookbook_not_found"
    page = httpx.get(f"{hub.url}/l/{forged}")
    assert page.status_code == 404 and "Lookbook not found" in page.text
    _strict_page(page)
    assert httpx.get(f"{hub.url}/l/{'x' * 65}").status_code == 422


def test_the_staff_member_comes_from_the_staff_session_never_the_body(
    kiosk: httpx.Client, hub: RunningHub
) -> None:
    forged = kiosk.post("/v1/lookbooks", json=_body(staff_id="S-JA-02"), headers=_staff(kiosk))
    assert forged.status_code == 422 and forged.json()["error"]["field"] == "body.staff_id"
    junk = kiosk.post("/v1/lookbooks", json=_body(), headers={"X-Staff-Session": "S-JA-02"})
    assert junk.status_code == 401
    assert junk.json()["error"]["code"] == "staff_session_expired"
    alone = kiosk.post("/v1/lookbooks", json=_body())  # no stylist signed in
    assert alone.status_code == 201
    book = Lookbook.model_validate_json(alone.content)
    assert _row(hub.db_url, book.lookbook_id).staff_id is None
    hrefs = [href for cls, href in _Page(httpx.get(book.url or "").text).links if cls == "buy"]
    assert hrefs and all("attributes[staff]" not in href for href in hrefs)  # left out


def test_invalid_lookbooks_are_refused_with_the_field_named(kiosk: httpx.Client) -> None:
    def refused(body: dict[str, Any], status: int, code: str, field: str) -> None:
        got = kiosk.post("/v1/lookbooks", json=body)
        assert got.status_code == status, (body, got.text)
        error = got.json()["error"]
        assert (error["code"], error["field"]) == (code, field), error

    unknown = [{"items": [{"sku": "LIP-001"}, {"sku": "LIP-999"}]}]
    refused(_body(looks=unknown), 422, "unknown_sku", "body.looks.0.items.1.sku")
    five = [{"items": [{"sku": f"LIP-00{n}"}]} for n in range(1, 6)]
    refused(_body(looks=five), 422, "validation_error", "body.looks")
    refused(_body(looks=[]), 422, "validation_error", "body.looks")
    seven = [{"items": [{"sku": f"LIP-00{n}"} for n in range(1, 8)]}]
    refused(_body(looks=seven), 422, "validation_error", "body.looks.0.items")
    strong = [{"items": [{"sku": "LIP-001", "intensity": 1.5}]}]
    refused(_body(looks=strong), 422, "validation_error", "body.looks.0.items.0.intensity")
    twice = [{"items": [{"sku": "LIP-001"}, {"sku": "LIP-001"}]}]
    refused(_body(looks=twice), 422, "validation_error", "body.looks.0")
    wrong_size = [{"items": [{"sku": "TOP-001-M", "size": "L"}]}]
    refused(_body(looks=wrong_size), 422, "size_mismatch", "body.looks.0.items.0.size")
    four = [{"items": [{"sku": f"LIP-00{n}"}]} for n in range(1, 5)]
    assert kiosk.post("/v1/lookbooks", json=_body(looks=four)).status_code == 201
    assert httpx.post(f"{kiosk.base_url}/v1/lookbooks", json=_body()).status_code == 401


def test_a_garment_without_a_noted_size_is_shown_with_its_size_chosen_online(
    kiosk: httpx.Client,
) -> None:
    """The mirror sends the garment's product id when no size was noted (kiosk.session
    .styling); with a size one of its variants has, that variant is meant."""
    looks = [
        {"items": [{"sku": "LIP-002"}, {"sku": "TOP-001"}]},
        {"items": [{"sku": "TOP-001", "size": "s"}]},
    ]
    made = kiosk.post("/v1/lookbooks", json=_body(looks=looks))
    assert made.status_code == 201, made.text
    page = httpx.get(made.json()["url"])
    assert "Classic Crew Tee" in page.text and "size chosen online" in page.text
    assert "Classic Crew Tee, S" in page.text  # the second look's, sized
    buys = [href for cls, href in _Page(page.text).links if cls == "buy"]
    assert len(buys) == 2 and all(href.count(":1") == 1 for href in buys)  # one line each


# ---- a member's lookbooks ------------------------------------------------------------------


def test_a_member_lookbook_needs_the_member_present_and_their_consent(
    kiosk: httpx.Client, hub: RunningHub
) -> None:
    chen, alex = CHEN[0], ALEX[0]
    for member in (chen, "M-NOTAMEMBER"):  # not present here: 403, known or not
        away = kiosk.post("/v1/lookbooks", json=_body(member_id=member))
        assert away.status_code == 403, away.text
        assert away.json()["error"]["code"] == "forbidden"
    _present(kiosk, ALEX[1])
    no_consent = kiosk.post("/v1/lookbooks", json=_body(member_id=alex))
    assert no_consent.status_code == 409 and no_consent.json()["error"]["code"] == (
        "consent_required"
    )
    _present(kiosk, CHEN[1])
    saved = kiosk.post("/v1/lookbooks", json=_body(member_id=chen))
    assert saved.status_code == 201, saved.text
    book = Lookbook.model_validate_json(saved.content)
    assert (book.url, book.expires_at) == (None, None)  # on her account: no link, no expiry
    row = _row(hub.db_url, book.lookbook_id)
    assert (row.member_id, row.code_hash, row.expires_at) == (chen, None, None)


def test_staff_save_and_list_a_members_lookbooks_and_the_shop_lists_and_deletes_them(
    kiosk: httpx.Client, hub: RunningHub
) -> None:
    chen = CHEN[0]
    staff = _staff(kiosk)
    without = kiosk.post("/v1/lookbooks", json=_body(member_id=chen), headers=staff)
    assert without.status_code == 403  # neither present nor a reason
    reason = {"reason": "styling appointment"}
    first = kiosk.post(
        "/v1/lookbooks", json=_body("sess-a", member_id=chen), headers=staff, params=reason
    )
    assert first.status_code == 201, first.text
    time.sleep(0.01)  # created_at orders them
    second = kiosk.post(
        "/v1/lookbooks", json=_body("sess-b", member_id=chen), headers=staff, params=reason
    )
    assert second.status_code == 201, second.text
    ids = [second.json()["lookbook_id"], first.json()["lookbook_id"]]

    shop = credential(hub.db_url, "shop", "WH-ONLINE")
    listed = httpx.get(f"{hub.url}/v1/members/{chen}/lookbooks", headers=shop)
    assert listed.status_code == 200, listed.text
    books = MemberLookbooks.model_validate_json(listed.content)
    mine = [b for b in books.lookbooks if b.lookbook_id in ids]
    assert [b.lookbook_id for b in mine] == ids  # newest first
    assert all(b.staff_id == STAFF and b.store_id == STORE for b in mine)
    assert mine[0].looks[0].items[0].sku == "LIP-001"
    assert mine[0].looks[0].items[0].intensity == 0.7 and mine[0].session_id == "sess-b"
    by_staff = kiosk.get(f"/v1/members/{chen}/lookbooks", headers=staff, params=reason)
    assert by_staff.status_code == 200 and len(by_staff.json()["lookbooks"]) == len(books.lookbooks)
    assert kiosk.get(f"/v1/members/{chen}/lookbooks", headers=staff).status_code == 403
    assert kiosk.get(f"/v1/members/{chen}/lookbooks").status_code == 403  # a kiosk alone
    unknown = httpx.get(f"{hub.url}/v1/members/M-NOTAMEMBER/lookbooks", headers=shop)
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "member_not_found"

    assert httpx.delete(f"{hub.url}/v1/lookbooks/{ids[0]}", headers=shop).status_code == 204
    after = httpx.get(f"{hub.url}/v1/members/{chen}/lookbooks", headers=shop).json()
    assert ids[0] not in {b["lookbook_id"] for b in after["lookbooks"]}
    assert _row(hub.db_url, ids[0]).looks == "[]"  # emptied at once


def test_deleting_a_lookbook(kiosk: httpx.Client, hub: RunningHub) -> None:
    book = Lookbook.model_validate_json(kiosk.post("/v1/lookbooks", json=_body()).content)
    url = f"/v1/lookbooks/{book.lookbook_id}"
    elsewhere = {"Authorization": f"Bearer {hub.issue_token('lb-other', 'SH-XINTIANDI')}"}
    for who in (elsewhere, credential(hub.db_url, "shop", "WH-ONLINE")):  # not theirs
        other = httpx.delete(f"{hub.url}{url}", headers=who)
        assert other.status_code == 404 and other.json()["error"]["code"] == "lookbook_not_found"
    till = httpx.delete(f"{hub.url}{url}", headers=credential(hub.db_url, "pos"))
    assert till.status_code == 403
    assert httpx.get(book.url or "").status_code == 200  # untouched
    assert kiosk.delete(url).status_code == 204
    gone = httpx.get(book.url or "", headers={"Accept": "application/json"})
    assert gone.status_code == 410 and gone.json()["error"]["code"] == "lookbook_deleted"
    page = httpx.get(book.url or "")
    assert page.status_code == 410 and "This lookbook was deleted" in page.text
    _strict_page(page)
    assert kiosk.delete(url).status_code == 204  # again: fine
    assert kiosk.delete("/v1/lookbooks/0123456789abcdef").status_code == 404
    assert httpx.delete(f"{hub.url}{url}").status_code == 401


def test_a_hub_no_phone_reaches_refuses_anonymous_lookbooks(tmp_path: Path) -> None:
    """--handoff-links direct (no public URL): no link for a QR (409 no_public_url); a
    member's lookbook needs no link and is saved."""
    with (
        start_hub_process(
            tmp_path, extra_args=["--handoff-links", "direct"], store_id=STORE
        ) as hub,
        httpx.Client(base_url=hub.url, headers=hub.headers, timeout=30) as kiosk,
    ):
        refused = kiosk.post("/v1/lookbooks", json=_body())
        assert refused.status_code == 409, refused.text
        error = refused.json()["error"]
        assert error["code"] == "no_public_url" and "--public-url" in error["message"]
        _present(kiosk, CHEN[1])
        saved = kiosk.post("/v1/lookbooks", json=_body(member_id=CHEN[0]))
        assert saved.status_code == 201 and saved.json()["url"] is None


# ---- expiry and retention, with the hub's clock ----------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def timed(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> Iterator[InProcessHub]:
    """An in-process hub whose clock the test moves, sweeping every 50 ms."""
    if request.param == "sqlite":
        yield from serve_in_thread(tmp_path, clock, sweep_seconds=0.05)
        return
    with fresh_pg_schema(request.getfixturevalue("pg_base")) as url:
        yield from serve_in_thread(tmp_path, clock, sweep_seconds=0.05, db_url=url)


def _until(check: Any, what: str) -> None:
    deadline = time.monotonic() + 20
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_an_expired_lookbook_is_gone_emptied_and_then_dropped(timed: InProcessHub) -> None:
    with httpx.Client(base_url=timed.url, headers=timed.headers, timeout=30) as client:
        made = client.post("/v1/lookbooks", json=_body())
        assert made.status_code == 201, made.text
        book = Lookbook.model_validate_json(made.content)
        assert book.expires_at == timed.clock() + timedelta(days=7)
        url = book.url or ""
        timed.clock.advance(days=7, minutes=-1)
        assert httpx.get(url).status_code == 200
        timed.clock.advance(minutes=1)
        gone = httpx.get(url, headers={"Accept": "application/json"})
        assert gone.status_code == 410 and gone.json()["error"]["code"] == "lookbook_expired"
        page = httpx.get(url, headers={"Accept-Language": "en-GB"})
        assert page.status_code == 410 and "This lookbook has expired" in page.text
        chinese = httpx.get(url, headers={"Accept-Language": "zh-CN"})
        assert chinese.status_code == 410 and "此造型册已过期" in chinese.text

        def emptied() -> bool:
            row = _row(timed.db_url, book.lookbook_id)
            return row is not None and row.looks == "[]" and row.deleted_at is not None

        _until(emptied, "the sweep did not empty the expired lookbook")
        assert httpx.get(url).status_code == 410  # still "expired", not "unknown"
        timed.clock.advance(days=30, minutes=1)  # the hub's retention_days (30) after expiry
        _until(lambda: _row(timed.db_url, book.lookbook_id) is None, "retention kept the row")
        assert httpx.get(url).status_code == 404
