"""Issue-7 calls of the StoreClient and StoreService against the real hub (SQLite and
PostgreSQL): member lookup by code and number, consent, history, and the "Buy online"
hand-off followed through the hub's short URL to the checkout."""

from __future__ import annotations

import logging
import re
import secrets
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
import pytest
from sqlalchemy import select

from kiosk.client.breaker import BreakerState
from kiosk.client.cache import StoreCache
from kiosk.client.service import StoreService
from kiosk.client.store_client import (
    HubAuthError,
    HubUnavailable,
    MemberCodeExpired,
    MemberNotFound,
    NotFound,
    RequestRejected,
    StoreClient,
    TooManyAttempts,
)
from kiosk.records.events import EventFactory
from kiosk.session.consent import CONSENT_TEXT_VERSION
from kiosk.session.member import MemberSession
from kiosk.session.wording import Wording
from kiosk.storeapi.contract import HANDOFF_CODE_ALPHABET, HANDOFF_CODE_PATTERN
from tests.client.faultproxy import ERROR_500, LOSE, FaultProxy
from tests.hub_server import RunningHub

LI_NA = ("M-7QX4KZ2RB9", "880000100013", "KMEMBER:1:Q7X4B9ZC2RTA")  # no consent in the seed
LI_NA_TYPED = "31415926"  # the code Li Na's app shows (demo data)
STAFF, PIN = "S-JA-01", "246810"
WANG_EXPIRED_CODE = "KMEMBER:1:EXPIRED4U7YS"
WANG = "M-H3W8PD6NTC"
CHEN = ("M-R5J9VL2QFA", "880000100039", "KMEMBER:1:R5T9V3L8J2QF")  # consent granted, zh-CN
ALEX = ("M-Z2C6G4X8WM", "880000100047", "KMEMBER:1:Z2C6N4G8X5WB")
SHANGHAI = timezone(timedelta(hours=8))
DEADLINE_S = 15.0


@pytest.fixture(scope="module")
def hub(backend_hub: RunningHub) -> RunningHub:
    return backend_hub


@pytest.fixture
def client(hub: RunningHub) -> Iterator[StoreClient]:
    with StoreClient(hub.url, hub.token, sleep=lambda s: None) as c:
        yield c


# --- members ---------------------------------------------------------------------------


def test_lookup_by_scanned_and_typed_code(client: StoreClient) -> None:
    member_id, number, code = LI_NA
    by_code = client.lookup_member(code=code)
    assert (by_code.member_id, by_code.display_name) == (member_id, "Li Na")
    assert by_code.tier and by_code.consent is None
    assert client.lookup_member(code=LI_NA_TYPED) == by_code  # the digits from the app
    with pytest.raises(RequestRejected) as alone:  # a kiosk alone never looks numbers up
        client.lookup_member(number=number)
    assert alone.value.status == 403 and "staff" in alone.value.message
    chen = client.lookup_member(code=CHEN[2])
    assert chen.consent is not None and chen.consent.granted
    assert (chen.consent.text_version, chen.consent.locale) == (CONSENT_TEXT_VERSION, "zh-CN")


def test_unknown_code_and_number_get_a_message_for_the_shopper(client: StoreClient) -> None:
    with pytest.raises(MemberNotFound) as by_code:
        client.lookup_member(code="KMEMBER:1:NOSUCHCODE99")
    assert isinstance(by_code.value, NotFound) and by_code.value.status == 404
    assert by_code.value.message == "This member code is not one we know."
    assert "type the code" in by_code.value.fix
    client.open_staff_session(STAFF, PIN)
    with pytest.raises(MemberNotFound) as by_number:
        client.lookup_member(number="880000199999", reason="card at the till")
    assert by_number.value.message == "We could not find a member with this number."
    assert "880000199999" not in by_number.value.message + by_number.value.fix
    with pytest.raises(RequestRejected) as typo:
        client.lookup_member(number="88x")
    assert typo.value.message == "That is not a member number." and typo.value.status == 422
    client.close_staff_session()
    assert not client.staff_signed_in


def test_expired_code(client: StoreClient) -> None:
    with pytest.raises(MemberCodeExpired) as info:
        client.lookup_member(code=WANG_EXPIRED_CODE)
    assert info.value.status == 410 and info.value.code == "member_code_expired"
    assert info.value.message == "This member code has expired. Open the app to show a fresh one."


def test_lookup_takes_exactly_one_of_code_and_number(client: StoreClient) -> None:
    with pytest.raises(ValueError):
        client.lookup_member()
    with pytest.raises(ValueError):
        client.lookup_member(code=LI_NA[2], number=LI_NA[1])


def test_consent_given_shows_in_lookup_then_staff_withdraw_it(
    hub: RunningHub, client: StoreClient
) -> None:
    member_id, _, code = ALEX
    session = MemberSession(b"s" * 32)
    session.sign_in_from_lookup(client.lookup_member(code=code))
    assert session.needs_consent_prompt and session.recordable_id is None
    decision = session.consent_decision(True, "en", datetime.now(UTC))
    stored = client.set_consent(member_id, decision.to_request())
    assert stored.granted and stored.text_version == CONSENT_TEXT_VERSION
    assert stored.kiosk_id == hub.kiosk_id and stored.store_id == "SH-JINGAN"
    again = client.lookup_member(code=code)
    assert again.consent is not None and again.consent.granted
    session.sign_in_from_lookup(again)
    assert session.recordable_id == member_id and not session.needs_consent_prompt

    withdrawn = client.withdraw_consent(member_id, staff_id="staff-9")
    assert not withdrawn.granted and withdrawn.staff_id is None  # typed ids are not sent
    after = client.lookup_member(code=code)
    assert after.consent is not None and not after.consent.granted
    session.sign_in_from_lookup(after)
    assert session.recordable_id is None


def test_consent_for_an_unknown_member_and_a_bad_body(client: StoreClient) -> None:
    body = {"granted": True, "text_version": CONSENT_TEXT_VERSION, "locale": "en"}
    for member in ("M-999999", WANG):  # not present here: refused alike, known or not
        with pytest.raises(RequestRejected) as refused:
            client.set_consent(member, body)
        assert refused.value.status == 403
        with pytest.raises(RequestRejected):
            client.withdraw_consent(member)
    client.open_staff_session(STAFF, PIN)
    with pytest.raises(MemberNotFound):
        client.set_consent("M-999999", body, reason="paper form")
    staff_said = client.withdraw_consent(WANG, reason="asked at the till")
    assert staff_said.staff_id == STAFF and not staff_said.granted
    client.close_staff_session()
    with pytest.raises(RequestRejected) as info:  # refused before it is sent
        client.set_consent(CHEN[0], {**body, "locale": "fr"})
    assert "body.locale" in info.value.message


def test_history_lists_consented_tryons(hub: RunningHub, client: StoreClient) -> None:
    member_id, _, code = CHEN
    session = MemberSession(b"s" * 32)
    session.sign_in_from_lookup(client.lookup_member(code=code))
    factory = EventFactory("SH-JINGAN", hub.kiosk_id, members=session)
    tried = factory.product_tried("sess-h", "LIP-011", 4200, shade="Coral")
    assert tried.data.get("member_id") == member_id
    posted = httpx.post(
        f"{hub.url}/v1/events", json={"events": [tried.to_json()]}, headers=hub.headers
    )
    assert posted.status_code == 200, posted.text
    history = client.member_history(member_id)
    assert history.member_id == member_id
    mine = [t for t in history.tryons if t.sku == "LIP-011" and t.dwell_ms == 4200]
    assert len(mine) == 1 and mine[0].kiosk_id == hub.kiosk_id
    with pytest.raises(RequestRejected):
        client.member_history("M-999999")


# --- hand-off --------------------------------------------------------------------------


def online_variant_ids(db_url: str) -> dict[str, str]:
    from kiosk.hub import tables as t
    from kiosk.hub.db import make_engine

    engine = make_engine(db_url, pool_size=1)
    with engine.connect() as conn:
        rows = conn.execute(select(t.variants.c.sku, t.variants.c.online_variant_id)).all()
    engine.dispose()
    return {r.sku: r.online_variant_id for r in rows}


def test_handoff_short_url_redirects_to_the_filled_cart_with_attribution(
    hub: RunningHub, client: StoreClient
) -> None:
    client.open_staff_session("S-JA-01", "246810")  # an assisted sale: the stylist is credited
    made = client.create_handoff([("LIP-001", 2), ("TOP-001-S", 1)], "sess-42", staff_id="staff-7")
    client.close_staff_session()
    assert re.fullmatch(HANDOFF_CODE_PATTERN, made.code)
    assert made.short_url == f"{hub.url}/h/{made.code}"
    scan = httpx.get(made.short_url, follow_redirects=False)  # the phone: no token
    assert scan.status_code == 302
    target = urlsplit(scan.headers["location"])
    ids = online_variant_ids(hub.db_url)
    assert f"{target.scheme}://{target.netloc}" == "https://shop.example.com"
    assert unquote(target.path) == f"/cart/{ids['LIP-001']}:2,{ids['TOP-001-S']}:1"
    query = parse_qs(target.query)
    assert query["attributes[store]"] == ["SH-JINGAN"]
    assert query["attributes[kiosk]"] == [hub.kiosk_id]
    assert query["attributes[session]"] == ["sess-42"]
    assert query["attributes[staff]"] == ["S-JA-01"]  # the session's, not the body's


def test_forged_and_unknown_codes_are_refused(hub: RunningHub, client: StoreClient) -> None:
    made = client.create_handoff([("LIP-002", 1)], "sess-43")
    forged = made.code
    while forged == made.code:
        forged = "".join(secrets.choice(HANDOFF_CODE_ALPHABET) for _ in made.code)
    for code in (forged, made.code[:-1], "not-a-code"):
        refused = httpx.get(f"{hub.url}/h/{code}", follow_redirects=False)
        assert refused.status_code == 404 and "location" not in refused.headers
    assert httpx.get(made.short_url, follow_redirects=False).status_code == 302


def test_handoff_errors(client: StoreClient) -> None:
    with pytest.raises(NotFound) as unknown:
        client.create_handoff([("LIP-001", 1), ("NOPE-1", 1)], "sess-44")
    assert unknown.value.status == 404 and "NOPE-1" in unknown.value.message
    # an id the kiosk has not seen: the cart goes, the link does not (nothing to probe with)
    assert client.create_handoff([("LIP-001", 1)], "sess-44", member_id="M-999999").code
    with pytest.raises(RequestRejected) as repeated:  # refused before it is sent
        client.create_handoff([("LIP-001", 1), ("LIP-001", 2)], "sess-44")
    assert "LIP-001" in repeated.value.message and repeated.value.status == 0
    # a member without consent: the cart is handed off, the hub drops the member link
    assert client.create_handoff([("LIP-001", 1)], "sess-44", member_id=LI_NA[0]).code


def test_handoff_is_not_retried_after_a_lost_answer(hub: RunningHub) -> None:
    """No idempotency key for hand-offs: a blind retry could make a second code."""
    with (
        FaultProxy(("127.0.0.1", hub.port)) as proxy,
        StoreClient(proxy.url, hub.token, sleep=lambda s: None, retries=2) as client,
    ):
        proxy.set_mode(LOSE, times=1)
        with pytest.raises(HubUnavailable):
            client.create_handoff([("LIP-001", 1)], "sess-45")
        assert proxy.requests == 1
        assert client.create_handoff([("LIP-001", 1)], "sess-45").code  # the shopper re-taps


# --- privacy: member ids and codes stay out of logs --------------------------------------


def test_member_ids_and_codes_are_not_logged(
    hub: RunningHub, caplog: pytest.LogCaptureFixture
) -> None:
    member_id, _, code = CHEN
    caplog.set_level(logging.DEBUG)
    with (
        FaultProxy(("127.0.0.1", hub.port)) as proxy,
        StoreClient(proxy.url, hub.token, sleep=lambda s: None, retries=1) as client,
    ):
        client.lookup_member(code=code)
        client.member_history(member_id)
        proxy.set_mode(ERROR_500)
        with pytest.raises(HubUnavailable) as info:
            client.member_history(member_id)
    text = caplog.text
    assert "/v1/members/{member_id}/history" in text  # httpx's request lines, redacted
    assert "retrying GET /v1/members/{member_id}/history" in text
    assert member_id not in text and code.split(":")[-1] not in text
    assert member_id not in info.value.message


# --- the StoreService wrappers ---------------------------------------------------------


def test_service_runs_them_on_its_threads(hub: RunningHub, tmp_path: Path) -> None:
    client = StoreClient(hub.url, hub.token, sleep=lambda s: None)
    with StoreService(client, StoreCache(tmp_path / "cache.sqlite")) as service:
        view = service.create_handoff([("LIP-003", 1)], "sess-50").result(DEADLINE_S)
        assert view.short_url.endswith("/h/" + view.code)
        local = view.expires_at.astimezone(SHANGHAI)  # the hub's 30 minutes from now
        words = Wording("en", SHANGHAI).handoff(view, datetime.now(UTC))
        assert "valid until " in words and words.endswith(f"{local:%H:%M}")

        threads: list[str] = []
        done = threading.Event()
        future = service.lookup_member(code=WANG_EXPIRED_CODE)
        future.add_done_callback(lambda f: (threads.append(threading.current_thread().name),
                                            done.set()))  # fmt: skip
        assert done.wait(DEADLINE_S) and threads[0].startswith("store-call")
        assert isinstance(future.exception(), MemberCodeExpired)
        member = service.lookup_member(code=ALEX[2]).result(DEADLINE_S)
        assert member.member_id == ALEX[0]
        body = {"granted": False, "text_version": CONSENT_TEXT_VERSION, "locale": "zh-CN"}
        assert not service.set_consent(ALEX[0], body).result(DEADLINE_S).granted
        assert not service.withdraw_consent(ALEX[0]).result(DEADLINE_S).granted
        assert service.member_history(ALEX[0]).result(DEADLINE_S).tryons == []
        with pytest.raises(ValueError):
            service.lookup_member()
        url, token = service.hub_endpoint()
        assert (url(), token()) == (hub.url, hub.token)


# --- staff sessions and rate limits ----------------------------------------------------


def test_staff_pin_and_session_do_not_trip_the_breaker(hub: RunningHub) -> None:
    with StoreClient(hub.url, hub.token, sleep=lambda s: None) as client:
        with pytest.raises(HubAuthError) as wrong:
            client.open_staff_session(STAFF, "000000")
        assert wrong.value.code == "staff_pin_wrong" and not client.staff_signed_in
        opened = client.open_staff_session(STAFF, PIN)
        assert opened.staff_id == STAFF and client.staff_signed_in
        assert client.lookup_member(number=LI_NA[1], reason="demo").member_id == LI_NA[0]
        client.close_staff_session()
        assert client.breaker.allow() and client.breaker.state is BreakerState.CLOSED
        assert client.lookup_member(code=LI_NA_TYPED).member_id == LI_NA[0]


def test_too_many_wrong_codes_wait_without_retries(tmp_path: Path) -> None:
    from tests.hub_server import FakeClock, serve_in_thread

    clock = FakeClock()
    for inproc in serve_in_thread(tmp_path, clock, sweep_seconds=3600):
        with StoreClient(inproc.url, inproc.token, sleep=lambda s: None) as client:
            for i in range(10):
                with pytest.raises(MemberNotFound):
                    client.lookup_member(code=f"5555{i:04d}")
            with pytest.raises(TooManyAttempts) as info:
                client.lookup_member(code=LI_NA_TYPED)
            assert info.value.status == 429 and 1 <= info.value.retry_after_s <= 60
            assert "Wait" in info.value.fix
            assert client.breaker.state is BreakerState.CLOSED  # the hub works; the kiosk waits
            clock.advance(seconds=61)
            assert client.lookup_member(code=LI_NA_TYPED).member_id == LI_NA[0]
