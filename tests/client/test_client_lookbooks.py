"""Lookbooks through the kiosk's client and StoreService against the real hub on loopback
(SQLite and PostgreSQL): an anonymous one's link opens on a phone, credited to the stylist
of the client's staff session; a member's is saved to their account; the hub's refusals
and a dead hub map onto the client's error types; the POST is never repeated blindly."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from kiosk.client.cache import StoreCache
from kiosk.client.service import StoreService
from kiosk.client.store_client import (
    HubUnavailable,
    MemberNotFound,
    RequestRejected,
    StoreClient,
)
from kiosk.client.views import LookbookView
from tests.client.faultproxy import LOSE, FaultProxy
from tests.hub_server import RunningHub, start_hub

DEADLINE_S = 15.0
STORE = "SH-JINGAN"  # the demo stylist S-JA-01 (PIN 246810) works here
LOOKS = [
    {"items": [{"sku": "LIP-003", "intensity": 0.55, "finish": "cream"}, {"sku": "TOP-002-S"}]},
    {"items": [{"sku": "LIP-005"}]},
]


def _body(member_id: str | None = None, looks: list[Any] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"session_id": "client-sess", "looks": looks or LOOKS}
    if member_id is not None:
        body["member_id"] = member_id
    return body


@pytest.fixture(scope="module")
def hub(backend_hub: RunningHub) -> RunningHub:
    return backend_hub


@pytest.fixture
def client(hub: RunningHub, request: pytest.FixtureRequest) -> Iterator[StoreClient]:
    """A kiosk of this test's own at SH-JINGAN (no member present from another test)."""
    token = hub.issue_token(f"lbc-{re.sub(r'[^A-Za-z0-9]+', '-', request.node.name)}", STORE)
    with StoreClient(hub.url, token, sleep=lambda s: None) as c:
        yield c


def _buy_links(url: str) -> list[str]:
    page = httpx.get(url)
    assert page.status_code == 200, page.text
    return [
        part.split('"', 1)[0].replace("&amp;", "&")
        for part in page.text.split('class="buy" href="')[1:]
    ]


def test_an_anonymous_lookbook_credited_to_the_signed_in_stylist(
    client: StoreClient, hub: RunningHub
) -> None:
    client.open_staff_session("S-JA-01", "246810")
    made = client.create_lookbook(_body())
    assert made.url is not None and made.url.startswith(f"{hub.url}/l/")
    assert made.expires_at is not None
    left = made.expires_at - datetime.now(UTC)
    assert timedelta(days=6, hours=23, minutes=58) < left <= timedelta(days=7)
    links = _buy_links(made.url)  # the phone's page
    assert len(links) == 2
    query = parse_qs(urlsplit(links[0]).query)
    assert query["attributes[staff]"] == ["S-JA-01"]
    assert query["attributes[store]"] == [STORE]
    assert query["attributes[session]"] == ["client-sess"]


def test_a_members_lookbook_is_saved_to_their_account(client: StoreClient) -> None:
    with pytest.raises(RequestRejected) as away:
        client.create_lookbook(_body("M-R5J9VL2QFA"))  # not present at this kiosk
    assert away.value.status == 403
    client.lookup_member(code="16180339")  # Chen Jie shows her code: present, consented
    saved = client.create_lookbook(_body("M-R5J9VL2QFA"))
    assert (saved.url, saved.expires_at) == (None, None)
    client.lookup_member(code="14142135")  # Alex Morgan: present, no consent
    with pytest.raises(RequestRejected) as no_consent:
        client.create_lookbook(_body("M-Z2C6G4X8WM"))
    assert (no_consent.value.status, no_consent.value.code) == (409, "consent_required")


def test_refusals_map_to_the_client_errors(client: StoreClient, hub: RunningHub) -> None:
    with pytest.raises(RequestRejected) as unknown:
        client.create_lookbook(_body(looks=[{"items": [{"sku": "LIP-999"}]}]))
    assert (unknown.value.status, unknown.value.code) == (422, "unknown_sku")
    five = [{"items": [{"sku": "LIP-001"}]}] * 5
    with pytest.raises(RequestRejected) as local:
        client.create_lookbook(_body(looks=five))  # the contract refuses it before sending
    assert (local.value.status, local.value.code) == (0, "validation_error")
    with pytest.raises(RequestRejected):
        client.create_lookbook({**_body(), "staff_id": "S-JA-02"})  # never from the body
    client.open_staff_session("S-JA-01", "246810")
    with pytest.raises(MemberNotFound):
        client.create_lookbook(_body("M-NOTAMEMBER"), reason="styling appointment")


def test_the_post_is_tried_once_and_a_dead_hub_is_hub_unavailable(hub: RunningHub) -> None:
    with (
        FaultProxy(("127.0.0.1", hub.port)) as proxy,
        StoreClient(proxy.url, hub.token, sleep=lambda s: None, retries=2) as client,
    ):
        proxy.set_mode(LOSE, times=1)
        with pytest.raises(HubUnavailable):
            client.create_lookbook(_body())
        assert proxy.requests == 1  # not repeated blindly: a second lookbook would be saved
    nowhere = StoreClient("http://127.0.0.1:9", hub.token, sleep=lambda s: None)
    with nowhere, pytest.raises(HubUnavailable):
        nowhere.create_lookbook(_body())


def test_service_creates_lookbooks_on_its_threads(hub: RunningHub, tmp_path: Path) -> None:
    client = StoreClient(hub.url, hub.issue_token("lbc-service", STORE), sleep=lambda s: None)
    with StoreService(client, StoreCache(tmp_path / "cache.sqlite")) as service:
        threads: list[str] = []
        done = threading.Event()
        body = _body()
        future = service.create_lookbook(body)
        body["looks"] = []  # the caller's dict may change: the service sent its own copy
        future.add_done_callback(
            lambda f: (threads.append(threading.current_thread().name), done.set())
        )
        assert done.wait(DEADLINE_S) and threads[0].startswith("store-call")
        view = future.result()
        assert isinstance(view, LookbookView) and view.url is not None
        assert view.url.startswith(f"{hub.url}/l/") and view.expires_at is not None
        assert httpx.get(view.url).status_code == 200
        failed = service.create_lookbook(_body(looks=[{"items": [{"sku": "LIP-999"}]}]))
        assert isinstance(failed.exception(DEADLINE_S), RequestRejected)


def test_a_hub_no_phone_reaches_refuses_the_qr_link(tmp_path: Path) -> None:
    """The embedded hub's mode (direct links): 409 no_public_url, so the mirror shows no QR."""
    with (
        start_hub(tmp_path, extra_args=["--handoff-links", "direct"], store_id=STORE) as hub,
        StoreClient(hub.url, hub.token, sleep=lambda s: None) as client,
    ):
        with pytest.raises(RequestRejected) as refused:
            client.create_lookbook(_body())
        assert (refused.value.status, refused.value.code) == (409, "no_public_url")
