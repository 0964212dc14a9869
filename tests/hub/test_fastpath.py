"""The stock lookup's fast path (kiosk.hub.fastpath) answers exactly what the routed
endpoint answers: the same status, body and headers for good lookups, ETag matches and
every refusal, on two real hubs (fast path on and off) over one database, and the
metrics still count it under its route template."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.hub_credentials import headers as credential
from tests.hub_server import FakeClock, InProcessHub, serve_in_thread

KEPT = ("etag", "cache-control", "content-type", "www-authenticate", "retry-after")


@pytest.fixture
def two_hubs(tmp_path: Path) -> Iterator[tuple[InProcessHub, InProcessHub]]:
    clock = FakeClock()
    db = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    fast_gen = serve_in_thread(tmp_path / "fast", clock, db_url=db, sweep_seconds=3600)
    routed_gen = serve_in_thread(
        tmp_path / "routed", clock, db_url=db, sweep_seconds=3600, stock_fast_path=False
    )
    fast, routed = next(fast_gen), next(routed_gen)
    try:
        yield fast, routed
    finally:
        for gen in (fast_gen, routed_gen):
            with pytest.raises(StopIteration):
                next(gen)


def _answer(response: httpx.Response) -> tuple[int, bytes, dict[str, str]]:
    return (
        response.status_code,
        response.content,
        {k: v for k, v in response.headers.items() if k in KEPT},
    )


def test_the_fast_path_answers_as_the_route_does(
    two_hubs: tuple[InProcessHub, InProcessHub],
) -> None:
    fast, routed = two_hubs
    good = fast.headers
    tag = httpx.get(f"{fast.url}/v1/stock/LIP-001", headers=good).headers["etag"]
    cases: list[tuple[str, dict[str, str]]] = [
        ("/v1/stock/LIP-001", good),
        ("/v1/stock/TOP-001-M", good),
        ("/v1/stock/LIP-001", {**good, "If-None-Match": tag}),
        ("/v1/stock/LIP-001", {**good, "If-None-Match": f'"nope", {tag}'}),
        ("/v1/stock/LIP-001", {**good, "If-None-Match": '"stale"'}),
        ("/v1/stock/NOPE-404", good),  # a SKU that is not in the catalog
        ("/v1/stock/no%20sku", good),  # not a SKU: FastAPI's own 422
        ("/v1/stock/LIP-001", {}),  # no token
        ("/v1/stock/LIP-001", {"Authorization": "Basic a2lvc2s6eA=="}),
        ("/v1/stock/LIP-001", {"Authorization": "Bearer"}),
        ("/v1/stock/LIP-001", {"Authorization": "bearer kh_unknown"}),
        ("/v1/stock/LIP-001", {**good, "X-Staff-Session": "not-a-session"}),
        ("/v1/stock/LIP-001", {**good, "If-None-Match": "x" * 201}),  # over the limit: 422
        ("/v1/stock/LIP-001/", good),  # no such route
    ]
    for path, sent in cases:
        one = _answer(httpx.get(f"{fast.url}{path}", headers=sent))
        other = _answer(httpx.get(f"{routed.url}{path}", headers=sent))
        assert one == other, (path, sent)
    statuses = {_answer(httpx.get(f"{fast.url}{p}", headers=h))[0] for p, h in cases}
    assert statuses == {200, 304, 401, 404, 422}  # every kind of answer was compared


def test_fast_lookups_are_counted_under_their_route(
    two_hubs: tuple[InProcessHub, InProcessHub],
) -> None:
    fast, _ = two_hubs
    for _ in range(3):
        assert httpx.get(f"{fast.url}/v1/stock/LIP-002", headers=fast.headers).status_code == 200
    office = credential(fast.db_url, "backoffice")
    text = httpx.get(f"{fast.url}/v1/metrics", headers=office).text
    counted = [
        line
        for line in text.splitlines()
        if line.startswith("kiosk_hub_requests_total")
        and 'route="/v1/stock/{sku}"' in line
        and 'status="200"' in line
    ]
    assert counted and sum(float(line.rsplit(" ", 1)[1]) for line in counted) >= 3
