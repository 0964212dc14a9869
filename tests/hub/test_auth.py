"""Who is calling (`kiosk.hub.auth.CallerDep`): every way a token fails, through a real hub
on loopback; every route but the public ones refuses a request without a valid token (the
routes come from the app's own route table, so a new route cannot skip the check); and the
token check costs no extra database connection and cannot stall the pool."""

from __future__ import annotations

import contextlib
import json
import re
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import fastapi.routing
import httpx
import pytest
from sqlalchemy import event
from sqlalchemy.pool import Pool

from kiosk.hub.db import pool_capacity
from kiosk.hub.main import create_app, request_slots
from kiosk.hub.settings import HubSettings
from kiosk.hub.tokens import revoke_tokens
from tests.hub_credentials import headers
from tests.hub_server import (
    REPO,
    FakeClock,
    InProcessHub,
    RunningHub,
    fresh_pg_schema,
    serve_in_thread,
    start_hub,
)

MISSING = {
    "error": {
        "code": "unauthorized",
        "message": "this endpoint needs 'Authorization: Bearer <token>'; "
        "issue one with `kiosk hub token --kiosk ID`",
        "field": "header.Authorization",
    }
}
UNKNOWN = {
    "error": {
        "code": "unauthorized",
        "message": "the bearer token is not known to this hub; issue one with `kiosk hub token`",
        "field": "header.Authorization",
    }
}
REVOKED = {
    "error": {
        "code": "token_revoked",
        "message": "this kiosk's token was revoked; ask the operator for a new one "
        "(`kiosk hub token`)",
        "field": "header.Authorization",
    }
}
NO_STORE = {
    "error": {
        "code": "no_store",
        "message": "this hub has no stores yet; start it with --seed demo or load locations",
        "field": None,
    }
}
# What answers without a token today (docs/hub.md): health, the phone's hand-off link, the
# shopper's photo (page and image), a lookbook's page, and the OpenAPI document (Swagger UI
# and ReDoc are off).
PUBLIC = {
    ("GET", "/v1/health"),
    ("GET", "/h/{code}"),
    ("GET", "/p/{code}"),
    ("GET", "/p/{code}/photo.jpg"),
    ("GET", "/l/{code}"),
    ("GET", "/openapi.json"),
    ("HEAD", "/openapi.json"),
}
# Routes whose credential is a signature over the body, not a token (the online shop's
# webhook, docs/hub.md "Sales started at mirrors"): refused with their own 401 instead.
SIGNED = {("POST", "/v1/orders/webhook")}
# The managers' dashboard: a back-office user's browser session, never a token (docs/hub.md,
# "The managers' dashboard"); tests/hub/test_dashboard.py checks that each refuses tokens.
BROWSER = {
    ("GET", "/dashboard"),
    ("GET", "/dashboard/login"),
    ("POST", "/dashboard/login"),
    ("POST", "/dashboard/logout"),
    ("GET", "/dashboard/api/summary"),
    ("GET", "/dashboard/static/{name}"),
}
STOCK = "/v1/stock/LIP-001"


def _refused(response: httpx.Response, body: dict[str, Any], status: int = 401) -> None:
    assert (response.status_code, response.json()) == (status, body), response.text[:300]
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


# ---- each way a token fails, on SQLite and PostgreSQL --------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [None, "Basic dXNlcjpwYXNz", "Bearer", "Token kh_abc", "kh_abc"],
    ids=["absent", "basic", "no-credentials", "other-scheme", "no-scheme"],
)
def test_a_missing_or_malformed_token_is_refused(
    hub: RunningHub, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    _refused(httpx.get(f"{hub.url}{STOCK}", headers=headers), MISSING)


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_an_unknown_token_is_refused(hub: RunningHub, scheme: str) -> None:
    headers = {"Authorization": f"{scheme} kh_not-a-token"}
    _refused(httpx.get(f"{hub.url}{STOCK}", headers=headers), UNKNOWN)


def test_a_revoked_token_is_refused_at_once_and_only_its_own(hub: RunningHub) -> None:
    kiosk = f"doomed-{uuid.uuid4().hex[:8]}"
    token = hub.issue_token(kiosk, "SH-XINTIANDI")
    mine = {"Authorization": f"Bearer {token}"}
    served = httpx.get(f"{hub.url}{STOCK}", headers=mine)
    assert served.status_code == 200 and served.json()["store_id"] == "SH-XINTIANDI"
    assert revoke_tokens(hub.db_url, kiosk) == 1
    _refused(httpx.get(f"{hub.url}{STOCK}", headers=mine), REVOKED)
    _refused(httpx.post(f"{hub.url}/v1/events", headers=mine, json={"events": []}), REVOKED)
    assert httpx.get(f"{hub.url}{STOCK}", headers=hub.headers).status_code == 200


def test_the_token_is_checked_before_the_input(hub: RunningHub) -> None:
    """The check runs before the request is validated: a bad token with bad input is a 401,
    for a missing token as for an unknown one. (Until the check became a dependency, an
    unknown or revoked token with invalid input was answered 422.)"""
    unknown = {"Authorization": "Bearer kh_not-a-token"}
    _refused(httpx.get(f"{hub.url}/v1/stock/bad sku!"), MISSING)
    _refused(httpx.get(f"{hub.url}/v1/stock/bad sku!", headers=unknown), UNKNOWN)
    bad_digit = f"{hub.url}/v1/variants?barcode=6920000000000"
    _refused(httpx.get(bad_digit, headers=unknown), UNKNOWN)
    assert httpx.get(bad_digit, headers=hub.headers).status_code == 422
    body = {"sku": "LIP-001", "quantity": 99}
    _refused(httpx.post(f"{hub.url}/v1/reservations", headers=unknown, json=body), UNKNOWN)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_token_on_a_hub_without_stores_is_a_409(
    tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    with contextlib.ExitStack() as stack:
        url = None
        if backend == "postgresql":
            url = stack.enter_context(fresh_pg_schema(request.getfixturevalue("pg_base")))
        empty = stack.enter_context(start_hub(tmp_path, url, ["--seed", "none"]))
        _refused(httpx.get(f"{empty.url}{STOCK}", headers=empty.headers), NO_STORE, 409)
        _refused(httpx.get(f"{empty.url}{STOCK}"), MISSING)


# ---- every route, from the app's route table -----------------------------------------------


def _route_table() -> set[tuple[str, str]]:
    """(method, path template) of every route the app serves, included routers unfolded."""
    app = create_app(HubSettings(db_url="sqlite:///unused.sqlite3"))
    # Recent FastAPI keeps an included router as one entry of app.routes; unfold it.
    unfold = getattr(fastapi.routing, "iter_route_contexts", None)
    routes: list[Any] = list(unfold(app.routes)) if unfold else list(app.routes)
    return {(method, str(route.path)) for route in routes for method in route.methods or ()}


ROUTES = _route_table()
PROTECTED = sorted(ROUTES - PUBLIC - SIGNED - BROWSER)


def test_the_route_table_is_read_whole() -> None:
    """The route-by-route test below sees every operation of the kept OpenAPI document."""
    kept = json.loads((REPO / "docs" / "openapi.json").read_text(encoding="utf-8"))
    documented = {(m.upper(), path) for path, ops in kept["paths"].items() for m in ops}
    assert documented <= ROUTES
    assert PUBLIC <= ROUTES, "a public route is gone; update PUBLIC"
    assert SIGNED <= ROUTES, "a signed route is gone; update SIGNED"
    assert BROWSER <= ROUTES, "a dashboard route is gone; update BROWSER"
    assert len(PROTECTED) >= 16


def _url(hub: RunningHub, path: str) -> str:
    return hub.url + re.sub(r"\{[^}]+\}", "X1", path)


@pytest.mark.parametrize(("method", "path"), PROTECTED, ids=[f"{m} {p}" for m, p in PROTECTED])
def test_every_route_but_the_public_ones_needs_a_valid_token(
    hub: RunningHub, method: str, path: str
) -> None:
    """No body and made-up path values: the token is refused before anything else."""
    _refused(httpx.request(method, _url(hub, path)), MISSING)
    unknown = {"Authorization": "Bearer kh_not-a-token"}
    _refused(httpx.request(method, _url(hub, path), headers=unknown), UNKNOWN)


@pytest.mark.parametrize(("method", "path"), sorted(SIGNED), ids=[f"{m} {p}" for m, p in SIGNED])
def test_the_signed_routes_refuse_what_is_not_signed(
    hub: RunningHub, method: str, path: str
) -> None:
    """Without a signature (and on a hub without a secret, even with a token) it is a 401
    naming the signature header (tests/hub/test_orders.py checks forged ones)."""
    for sent in ({}, hub.headers):
        response = httpx.request(method, _url(hub, path), headers=sent, json={})
        assert response.status_code == 401, response.text
        assert response.json()["error"]["field"] == "header.X-Shopify-Hmac-Sha256"


@pytest.mark.parametrize(
    ("method", "path"), sorted(PUBLIC), ids=[f"{m} {p}" for m, p in sorted(PUBLIC)]
)
def test_the_public_routes_answer_without_a_token(hub: RunningHub, method: str, path: str) -> None:
    response = httpx.request(method, _url(hub, path))
    assert response.status_code != 401 and response.status_code < 500, response.text


# ---- database connections ------------------------------------------------------------------


@contextlib.contextmanager
def _in_process_hub(tmp_path: Path, **settings: object) -> Iterator[InProcessHub]:
    yield from serve_in_thread(tmp_path, FakeClock(), sweep_seconds=3600, **settings)


@contextlib.contextmanager
def _checkouts() -> Iterator[list[int]]:
    """Counts pool checkouts of every engine in this process while the block runs."""
    count = [0]
    lock = threading.Lock()

    def checked_out(*_: object) -> None:
        with lock:
            count[0] += 1

    event.listen(Pool, "checkout", checked_out)
    try:
        yield count
    finally:
        event.remove(Pool, "checkout", checked_out)


def _hold(client: httpx.Client) -> httpx.Response:
    body = {"sku": "LIP-010", "quantity": 1}
    return client.post("/v1/reservations", json=body, headers={"Idempotency-Key": "one"})


def test_the_token_is_checked_on_the_connection_the_handler_reads_on(tmp_path: Path) -> None:
    """One pool checkout per reading request, token check included; none without a token."""
    with _in_process_hub(tmp_path) as hub, httpx.Client(base_url=hub.url) as client:
        client.headers.update(hub.headers)
        barcode = client.get("/v1/variants/LIP-001").json()["barcode"]
        office = headers(hub.db_url, "backoffice")  # metrics are back office's
        with _checkouts() as count:  # the request's read connection, then the write
            held = _hold(client)
        assert held.status_code == 201 and count == [2]
        with _checkouts() as count:  # a retry ends on the read connection
            again = _hold(client)
        assert again.status_code == 200 and count == [1]
        with _checkouts() as count:  # a member's code: the read, then presence is written
            seen = client.get("/v1/members/lookup?code=KMEMBER:1:R5T9V3L8J2QF")
        assert seen.status_code == 200 and count == [2]
        reads = [
            STOCK,
            "/v1/products",
            "/v1/variants/LIP-001",
            f"/v1/variants?barcode={barcode}",
            "/v1/members/M-R5J9VL2QFA/history",  # she is present: her code was looked up
            "/v1/metrics",
            f"/v1/reservations/{held.json()['reservation_id']}",
        ]
        for path in reads:
            with _checkouts() as count:
                who = office if path == "/v1/metrics" else {}
                assert client.get(path, headers=who).status_code == 200, path
            assert count == [1], path
        with _checkouts() as count:
            _refused(client.get(STOCK, headers={"Authorization": "Bearer kh_nope"}), UNKNOWN)
        assert count == [1]
        with _checkouts() as count:
            _refused(httpx.get(f"{hub.url}{STOCK}"), MISSING)
        assert count == [0]


def test_requests_beyond_the_pool_all_finish(tmp_path: Path) -> None:
    """Requests hold their connection while they wait for a handler thread. With more
    threads than pooled connections (8 threads, 3 connections) and many requests at once,
    uncapped they would take every connection while the threads that would finish them
    wait for one (the pool gives up after 30 s); capped, all finish promptly."""
    with _in_process_hub(tmp_path, threads=8, pool_size=1) as hub:
        office = headers(hub.db_url, "backoffice")

        def call(i: int) -> int:
            with httpx.Client(base_url=hub.url, headers=hub.headers, timeout=20) as client:
                if i % 3 == 0:
                    started = {
                        "specversion": "1.0",
                        "id": f"flood-{i}",
                        "source": "kiosk/flood",
                        "type": "tryon.session.started",
                        "time": "2025-06-01T10:00:00Z",
                        "data": {},
                    }
                    return client.post("/v1/events", json={"events": [started]}).status_code
                if i % 3 == 1:
                    return client.get(STOCK).status_code
                return client.get("/v1/metrics", headers=office).status_code

        with ThreadPoolExecutor(60) as pool:
            statuses = list(pool.map(call, range(120)))
    assert statuses == [200] * 120


@pytest.mark.parametrize(("threads", "pool_size"), [(1, 1), (4, 10), (50, 10), (200, 1)])
def test_request_slots_stay_below_the_pool(threads: int, pool_size: int) -> None:
    settings = HubSettings(db_url="sqlite:///unused.sqlite3", threads=threads, pool_size=pool_size)
    assert 1 <= request_slots(settings) < pool_capacity(pool_size)
