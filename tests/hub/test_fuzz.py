"""Property-based fuzz: no input makes the hub answer 500.

1. schemathesis generates valid and invalid requests for every operation of the KEPT
   OpenAPI document and sends them to the real hub process (SQLite and PostgreSQL).
2. hypothesis mutates one field of a valid body into any JSON value (extreme dates, NUL
   and lone-surrogate escapes, huge numbers, deep nesting) for every endpoint with a body.
Bounded: a few dozen examples per operation, well under a minute in all.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hub_credentials import headers as credential
from tests.hub_server import REPO, RunningHub

SCHEMA = schemathesis.openapi.from_path(str(REPO / "docs" / "openapi.json"))
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]
EXAMPLES = 20
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.slow
@pytest.mark.parametrize("operation", OPERATIONS, ids=[op.label for op in OPERATIONS])
def test_schemathesis_finds_no_server_error(operation: Any, hub: RunningHub) -> None:
    strategy = operation.as_strategy(schemathesis.GenerationMode.POSITIVE) | operation.as_strategy(
        schemathesis.GenerationMode.NEGATIVE
    )
    seen: list[int] = []
    headers = _credential(hub, operation.path)

    @FUZZ
    @given(case=strategy)
    def check(case: Any) -> None:
        response = case.call(base_url=hub.url, headers=headers, timeout=30)
        seen.append(response.status_code)
        assert response.status_code < 500, (case.as_curl_command(), response.text[:500])

    check()
    assert seen, "the fuzz sent nothing"


def _credential(hub: RunningHub, path: str) -> dict[str, str]:
    """The kiosk's token, or back office's where a kiosk may not go (so the fuzz reaches
    the handler, not just the 403)."""
    if path in ("/v1/movements", "/v1/metrics"):
        return credential(hub.db_url, "backoffice")
    return hub.headers


def _now() -> str:
    return "2025-06-01T10:00:00+08:00"


VALID: dict[tuple[str, str], Any] = {
    ("POST", "/v1/reservations"): {"sku": "LIP-001", "quantity": 1, "hold_minutes": 5},
    ("POST", "/v1/movements"): {"movements": [{"movement_id": "fz", "kind": "receipt",
        "sku": "LIP-001", "location_id": "SH-JINGAN", "quantity": 1, "occurred_at": _now()}]},
    ("POST", "/v1/handoffs"): {"items": [{"sku": "LIP-001", "quantity": 1}], "session_id": "s1",
                               "member_id": "M-7QX4KZ2RB9", "staff_id": "st"},
    ("PUT", "/v1/members/M-7QX4KZ2RB9/consent"): {"granted": True, "text_version": "v1",
                                              "locale": "en"},
    ("POST", "/v1/events"): {"events": [{"specversion": "1.0", "id": "fz", "source": "urn:k",
        "type": "tryon.product.tried", "time": _now(),
        "data": {"sku": "LIP-001", "dwell_ms": 5, "member_id": "M-7QX4KZ2RB9"}}]},
}  # fmt: skip

NASTY_STRINGS = st.sampled_from(
    ["", "\x00", "\ud800", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00",
     "2025-13-45T99:00:00Z", "NaN", "x" * 5000, "LIP-001\n", "🙂", "'; DROP TABLE stock;--"]
)  # fmt: skip
LEAVES = (
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False) | st.text(max_size=30) | NASTY_STRINGS
)  # fmt: skip
JSON = st.recursive(
    LEAVES,
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _paths(item, (*prefix, i))
    return out


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = json.loads(json.dumps(value))
    target = copy
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return copy


@pytest.mark.slow
@pytest.mark.parametrize("endpoint", list(VALID), ids=[f"{m} {p}" for m, p in VALID])
def test_mutated_bodies_get_4xx_not_500(endpoint: tuple[str, str], hub: RunningHub) -> None:
    method, path = endpoint
    valid = VALID[endpoint]
    paths = _paths(valid)
    client = httpx.Client(base_url=hub.url, headers=_credential(hub, path), timeout=30)

    @settings(max_examples=40, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(
        where=st.sampled_from(paths), new=JSON, key=st.from_regex(r"[!-~]{1,20}", fullmatch=True)
    )
    def check(where: tuple[Any, ...], new: Any, key: str) -> None:
        body = json.dumps(_replace(valid, where, new))
        headers = {"content-type": "application/json", "Idempotency-Key": key}
        response = client.request(method, path, content=body, headers=headers)
        assert response.status_code < 500, (body[:300], response.text[:300])
        assert "error" in response.json() or response.status_code < 300

    try:
        check()
    finally:
        client.close()
