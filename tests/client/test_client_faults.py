"""The client when things go wrong between kiosk and hub: a real hub behind a fault proxy.

Retries only for safe calls, typed errors with a fix, and a circuit breaker that stops
traffic to a failing hub and lets it back in by itself. Breaker time is an injected clock.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.client.breaker import BreakerState, CircuitBreaker
from kiosk.client.store_client import HubAuthError, HubUnavailable, StoreClient
from kiosk.hub.tokens import revoke_tokens
from tests.client.faultproxy import DROP, ERROR_500, MALFORMED, SLOW, FaultProxy
from tests.hub_server import RunningHub, start_hub


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    with start_hub(tmp_path_factory.mktemp("faults")) as running:
        yield running


@pytest.fixture
def proxy(hub: RunningHub) -> Iterator[FaultProxy]:
    with FaultProxy(("127.0.0.1", hub.port)) as p:
        yield p


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def client(hub: RunningHub, proxy: FaultProxy, clock: FakeClock) -> Iterator[StoreClient]:
    pauses: list[float] = []
    breaker = CircuitBreaker(failures=3, reset_s=10, clock=clock)
    with StoreClient(
        proxy.url, hub.token, retries=2, breaker=breaker, sleep=pauses.append,
        connect_timeout_s=2.0, read_timeout_s=5.0,
    ) as c:  # fmt: skip
        c.pauses = pauses  # type: ignore[attr-defined]
        yield c


@pytest.mark.parametrize(
    ("mode", "code"),
    [(ERROR_500, "server_error"), (MALFORMED, "malformed_response"), (DROP, "unreachable")],
)
def test_safe_call_is_retried_then_fails_with_a_typed_error(
    client: StoreClient, proxy: FaultProxy, mode: str, code: str
) -> None:
    proxy.set_mode(mode)
    with pytest.raises(HubUnavailable) as info:
        client.stock("LIP-001")
    assert info.value.code == code
    assert info.value.fix and "store" in info.value.message.lower()
    assert proxy.requests == 3  # first try + 2 retries
    assert len(client.pauses) == 2  # type: ignore[attr-defined]
    assert client.breaker.failures == 1  # one logical call, one failure


def test_slow_hub_beyond_the_read_timeout(hub: RunningHub, proxy: FaultProxy) -> None:
    proxy.set_mode(SLOW, delay_s=30.0)
    impatient = StoreClient(proxy.url, hub.token, read_timeout_s=0.3)
    with impatient, pytest.raises(HubUnavailable) as info:
        impatient.stock("LIP-001", retry=False)
    assert info.value.code == "timeout"
    assert proxy.requests == 1


def test_a_passing_fault_is_ridden_out_by_the_retry(client: StoreClient, proxy: FaultProxy) -> None:
    proxy.set_mode(ERROR_500, times=2)
    assert client.stock("LIP-001").report is not None
    assert proxy.requests == 3
    assert client.breaker.failures == 0


def test_unsafe_call_is_not_retried(client: StoreClient, proxy: FaultProxy) -> None:
    held = client.reserve("LIP-008", 1, "faults-cancel-once")
    proxy.set_mode(ERROR_500)
    with pytest.raises(HubUnavailable):
        client.cancel(held.reservation_id)
    assert proxy.requests == 2  # the reserve, and the one cancel attempt
    proxy.set_mode("pass")
    assert client.cancel(held.reservation_id).status == "cancelled"


def test_breaker_opens_stops_traffic_and_recovers_by_itself(
    client: StoreClient, proxy: FaultProxy, clock: FakeClock
) -> None:
    proxy.set_mode(ERROR_500)
    for _ in range(3):
        with pytest.raises(HubUnavailable):
            client.stock("LIP-001", retry=False)
    assert client.breaker.state is BreakerState.OPEN
    seen = proxy.requests
    with pytest.raises(HubUnavailable) as info:
        client.products()
    assert info.value.code == "circuit_open" and "next try in 10 s" in info.value.message
    assert proxy.requests == seen  # refused on the kiosk: no traffic, no timeout
    proxy.set_mode("pass")  # the hub is healthy again
    clock.now += 9.9
    with pytest.raises(HubUnavailable):
        client.stock("LIP-001")
    clock.now += 0.1
    assert client.stock("LIP-001").report is not None  # the trial call
    assert client.breaker.state is BreakerState.CLOSED
    assert proxy.requests == seen + 1


def test_hub_stopped_then_back(
    hub: RunningHub, client: StoreClient, proxy: FaultProxy, clock: FakeClock
) -> None:
    hub.stop()
    try:
        for _ in range(3):
            with pytest.raises(HubUnavailable) as info:
                client.stock("LIP-001", retry=False)
            assert info.value.code == "unreachable"  # the proxy cannot reach it either
        assert client.breaker.state is BreakerState.OPEN
    finally:
        hub.start()
    proxy.set_upstream(("127.0.0.1", hub.port))
    clock.now += 10
    assert client.stock("LIP-001").report is not None
    assert client.breaker.state is BreakerState.CLOSED


def test_revoked_token(hub: RunningHub, clock: FakeClock) -> None:
    token = hub.issue_token("revoke-me")
    breaker = CircuitBreaker(failures=2, reset_s=10, clock=clock)
    current = {"token": token}
    with StoreClient(hub.url, lambda: current["token"], breaker=breaker) as client:
        assert client.stock("LIP-001").report is not None
        assert revoke_tokens(hub.db_url, "revoke-me") == 1  # the hub's own revoke API
        for _ in range(2):
            with pytest.raises(HubAuthError) as info:
                client.stock("LIP-001")
        assert info.value.code == "token_revoked"
        assert "kiosk hub token" in info.value.fix
        assert breaker.state is BreakerState.OPEN
        current["token"] = hub.issue_token("revoke-me")  # the operator issues a new one
        clock.now += 10
        assert client.stock("LIP-001").report is not None
        assert breaker.state is BreakerState.CLOSED
