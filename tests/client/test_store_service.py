"""The StoreService the UI uses, against the real hub (behind a fault proxy where needed).

Deliveries are awaited with generous deadlines and asserted on their values, never on
timing; the circuit breaker's time and the "as of" wall clock are injected.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from kiosk.client.breaker import CircuitBreaker
from kiosk.client.cache import StoreCache
from kiosk.client.service import StoreService
from kiosk.client.store_client import HubUnavailable, NotFound, OutOfStock, StoreClient
from kiosk.client.views import StockView
from kiosk.hub.tokens import revoke_tokens
from kiosk.session.wording import Wording
from tests.client.faultproxy import DROP, ERROR_500, HOLD, MALFORMED, PASS, SLOW, FaultProxy
from tests.hub_credentials import mover
from tests.hub_server import RunningHub, start_hub

SHANGHAI = timezone(timedelta(hours=8))
STARTED = datetime(2026, 3, 3, 6, 2, tzinfo=UTC)  # 14:02 in Shanghai
START = STARTED.timestamp()
WORDS = Wording("en", SHANGHAI)  # the card's words for these values (tests/session too)
DEADLINE_S = 15.0  # generous: deliveries normally take about one poll interval


class Clock:
    """Settable seconds; one instance drives the breaker, another the wall clock."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Inbox:
    """Collects what a watch delivers; `wait_for` polls it with a deadline."""

    def __init__(self) -> None:
        self.items: list[StockView] = []
        self.errors: list[Exception] = []
        self.threads: set[str] = set()
        self._cond = threading.Condition()

    def __call__(self, view: StockView) -> None:
        with self._cond:
            self.items.append(view)
            self.threads.add(threading.current_thread().name)
            self._cond.notify_all()

    def error(self, exc: Exception) -> None:
        with self._cond:
            self.errors.append(exc)
            self._cond.notify_all()

    def wait_for(self, test: Callable[[StockView], bool], what: str, since: int = 0) -> StockView:
        """The latest delivery (from number `since` on) that passes `test`."""
        with self._cond:
            ok = self._cond.wait_for(lambda: any(test(v) for v in self.items[since:]), DEADLINE_S)
            assert ok, f"no delivered StockView {what} within {DEADLINE_S} s: {self.items[-3:]}"
            return next(v for v in reversed(self.items[since:]) if test(v))


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    with start_hub(tmp_path_factory.mktemp("service")) as running:
        yield running


@pytest.fixture
def proxy(hub: RunningHub) -> Iterator[FaultProxy]:
    with FaultProxy(("127.0.0.1", hub.port)) as p:
        yield p


class Kit:
    """A service wired like from_settings does, with injected clocks and short timeouts."""

    def __init__(
        self, url: str, token: str | Callable[[], str], cache: Path, read_timeout_s: float = 5.0
    ) -> None:
        self.clock, self.wall = Clock(100.0), Clock(START)
        self.breaker = CircuitBreaker(failures=2, reset_s=10, clock=self.clock)
        client = StoreClient(
            url, token, retries=1, breaker=self.breaker, sleep=lambda s: None,
            connect_timeout_s=2.0, read_timeout_s=read_timeout_s,
        )  # fmt: skip
        self.service = StoreService(
            client, StoreCache(cache, clock=self.wall), poll_interval_s=0.1,
            wall_clock=self.wall,
        )  # fmt: skip


@pytest.fixture
def kit(hub: RunningHub, proxy: FaultProxy, tmp_path: Path) -> Iterator[Kit]:
    made = Kit(proxy.url, hub.token, tmp_path / "cache.sqlite")
    yield made
    proxy.release()
    made.service.close()


def move(hub: RunningHub, kind: str, sku: str, location: str, quantity: int) -> None:
    """Another channel (a till, the web shop) reports a movement straight to the hub."""
    body = {"movements": [{"movement_id": f"m-{uuid.uuid4()}", "kind": kind, "sku": sku,
                           "location_id": location, "quantity": quantity}]}  # fmt: skip
    who = mover(hub.db_url, kind, location)  # a till, back office or the shop
    response = httpx.post(f"{hub.url}/v1/movements", json=body, headers=who)
    assert response.status_code == 200, response.text


def wait_rounds(service: StoreService, rounds: int) -> None:
    """Let the watcher finish `rounds` more polling rounds (a count, not a duration)."""
    target = service.status().poll_rounds + rounds
    deadline = time.monotonic() + DEADLINE_S
    while service.status().poll_rounds < target:
        assert time.monotonic() < deadline, "the watcher stopped polling"
        time.sleep(0.01)


# --- catalog ---------------------------------------------------------------------------


def test_catalog_live_then_cached_with_its_age(kit: Kit, proxy: FaultProxy) -> None:
    live = kit.service.catalog().result(DEADLINE_S)
    assert live.live and live.problem is None and len(live.products) > 10
    assert live.as_of == STARTED
    kit.wall.now += 45 * 60
    proxy.set_mode(DROP)
    cached = kit.service.catalog().result(DEADLINE_S)
    assert not cached.live and cached.products == live.products
    assert cached.as_of == live.as_of == STARTED
    assert cached.problem and "reach" in cached.problem


def test_offline_start_comes_up_with_the_cached_catalog(
    hub: RunningHub, proxy: FaultProxy, tmp_path: Path
) -> None:
    cache = tmp_path / "warm.sqlite"
    first = Kit(proxy.url, hub.token, cache)
    with first.service as service:
        catalog = service.catalog().result(DEADLINE_S)
        inbox = Inbox()
        service.watch("LIP-001", inbox)
        inbox.wait_for(lambda v: v.live, "live")
    proxy.set_mode(DROP)  # the hub is unreachable when the kiosk starts the next morning
    later = Kit(proxy.url, hub.token, cache)
    later.wall.now += 86400
    with later.service as service:
        offline = service.catalog().result(DEADLINE_S)
        assert not offline.live and offline.products == catalog.products
        assert offline.as_of == STARTED
        variant = catalog.products[0].variants[0]
        assert service.lookup_barcode(variant.barcode).result(DEADLINE_S) == variant
        inbox = Inbox()
        service.watch("LIP-001", inbox)
        inbox.wait_for(lambda v: True, "at all")
        first_view = inbox.items[0]
        assert not first_view.live and first_view.as_of == STARTED
        now = datetime.fromtimestamp(later.wall.now, UTC)
        assert WORDS.stock_note(first_view, now) == "Stock as of 3 Mar 14:02"
        assert first_view.problem == "Checking the store system…"  # shown before asking
        told = inbox.wait_for(lambda v: v.problem != first_view.problem, "with a reason", 1)
        assert not told.live and told.problem and "store system" in told.problem


def test_offline_start_without_a_cache_explains(proxy: FaultProxy, tmp_path: Path) -> None:
    proxy.set_mode(DROP)
    kit = Kit(proxy.url, "t", tmp_path / "empty.sqlite")
    with kit.service as service:
        with pytest.raises(HubUnavailable, match="no saved catalog") as info:
            service.catalog().result(DEADLINE_S)
        assert info.value.fix
        inbox = Inbox()
        service.watch("LIP-001", inbox, inbox.error)
        wait_rounds(service, 2)
        assert inbox.items == [] and isinstance(inbox.errors[0], HubUnavailable)


def test_barcode_lookup(kit: Kit) -> None:
    found = kit.service.lookup_barcode("6920250000015").result(DEADLINE_S)
    assert found.sku == "LIP-001"
    with pytest.raises(NotFound, match="No product has the barcode 4006381333931"):
        kit.service.lookup_barcode("4006381333931").result(DEADLINE_S)


# --- live stock ------------------------------------------------------------------------


def test_last_unit_sold_by_another_channel_reaches_the_card(kit: Kit, hub: RunningHub) -> None:
    inbox = Inbox()
    watch = kit.service.watch("LIP-003", inbox)
    here = inbox.wait_for(lambda v: v.live, "live").rows[0]
    c = httpx.get(f"{hub.url}/v1/stock/LIP-003", headers=hub.headers).json()["channels"][0]
    move(
        hub, "count", "LIP-003", "SH-JINGAN", c["reserved"] + c["committed"] + c["safety_stock"] + 1
    )
    last = inbox.wait_for(lambda v: v.live and v.available_here == 1, "with the last unit")
    assert last.rows[0].available == 1 and here.location_id == "SH-JINGAN"
    move(hub, "pos_sale", "LIP-003", "SH-JINGAN", 1)  # the till sells it
    gone = inbox.wait_for(lambda v: v.available_here == 0, "sold out here")
    assert gone.live and gone.rows[0].available == 0 and not gone.rows[0].in_stock
    assert gone.rows[0].channel == "this_store"
    assert any(r.channel == "nearby" and r.distance_km is not None for r in gone.rows)
    assert gone.rows[-1].channel == "online" and gone.rows[-1].ship_days is not None
    assert WORDS.online(gone.rows[-1]).startswith("Online · delivered in")
    assert inbox.threads == {"store-watch"}  # callbacks run on the service's thread
    watch.cancel()


def test_unchanged_stock_is_not_delivered_again(kit: Kit) -> None:
    inbox = Inbox()
    kit.service.watch("LIP-004", inbox)
    view = inbox.wait_for(lambda v: v.live, "live")
    assert view.price_differs and view.etag
    wait_rounds(kit.service, 3)  # 304s
    assert [v.live for v in inbox.items] == [True]


def test_a_failing_subscriber_does_not_stop_the_others(kit: Kit, hub: RunningHub) -> None:
    def broken(view: StockView) -> None:
        raise RuntimeError("a bug in the UI")

    kit.service.watch("LIP-006", broken)
    inbox = Inbox()
    kit.service.watch("LIP-006", inbox)
    first = inbox.wait_for(lambda v: v.live, "live")
    move(hub, "receipt", "LIP-006", "SH-JINGAN", 3)
    inbox.wait_for(lambda v: v.rows[0].available != first.rows[0].available, "after receipt")


# --- faults: the service keeps going, shows cached data, recovers by itself ---------------


@pytest.mark.parametrize("mode", [DROP, ERROR_500, MALFORMED, SLOW])
def test_fault_shows_cached_stock_then_recovers(
    hub: RunningHub, proxy: FaultProxy, tmp_path: Path, mode: str
) -> None:
    # 1.5 s: far beyond a loopback answer even on a busy machine, and the slow hub takes 30
    kit = Kit(proxy.url, hub.token, tmp_path / "c.sqlite", read_timeout_s=1.5)
    with kit.service:
        fault_then_recovery(kit, proxy, mode)


def fault_then_recovery(kit: Kit, proxy: FaultProxy, mode: str) -> None:
    inbox = Inbox()
    kit.service.watch("LIP-001", inbox)
    live = inbox.wait_for(lambda v: v.live, "live")
    kit.wall.now += 20 * 60  # 14:22: the stock shown must still say 14:02
    proxy.set_mode(mode, delay_s=30.0)
    cached = inbox.wait_for(lambda v: not v.live, "cached")
    assert cached.rows == live.rows and cached.as_of == STARTED
    now = datetime.fromtimestamp(kit.wall.now, UTC)
    assert WORDS.stock_note(cached, now) == "Stock as of 14:02" and cached.problem
    wait_rounds(kit.service, 2)
    assert kit.service.status().breaker == "open"
    assert [v.live for v in inbox.items] == [True, False]  # said once, not every second
    proxy.set_mode(PASS)  # the hub is fine again
    kit.clock.now += 10  # the breaker's reset period passes
    back = inbox.wait_for(lambda v: v.live, "live again", since=2)
    assert back.as_of == STARTED + timedelta(minutes=20)
    assert kit.service.status().breaker == "closed"


def test_hub_stopped_and_restarted(kit: Kit, hub: RunningHub, proxy: FaultProxy) -> None:
    inbox = Inbox()
    kit.service.watch("LIP-002", inbox)
    inbox.wait_for(lambda v: v.live, "live")
    hub.stop()
    try:
        inbox.wait_for(lambda v: not v.live, "cached while the hub is down")
        with pytest.raises(HubUnavailable):
            kit.service.reserve("LIP-002", 1).result(DEADLINE_S)  # nothing is held offline
    finally:
        hub.start()
    proxy.set_upstream(("127.0.0.1", hub.port))
    kit.clock.now += 10
    inbox.wait_for(lambda v: v.live, "live after restart", since=2)


def test_revoked_token_then_a_new_one(hub: RunningHub, proxy: FaultProxy, tmp_path: Path) -> None:
    current = {"token": hub.issue_token("svc-revoke")}
    kit = Kit(proxy.url, lambda: current["token"], tmp_path / "c.sqlite")
    with kit.service as service:
        inbox = Inbox()
        service.watch("LIP-001", inbox)
        inbox.wait_for(lambda v: v.live, "live")
        revoke_tokens(hub.db_url, "svc-revoke")
        cached = inbox.wait_for(lambda v: not v.live, "cached after revocation")
        assert cached.problem and "revoked" in cached.problem
        wait_rounds(service, 2)
        assert service.status().breaker == "open"
        current["token"] = hub.issue_token("svc-revoke")  # the operator's fix
        kit.clock.now += 10
        inbox.wait_for(lambda v: v.live, "live with the new token", since=2)


def test_calls_return_at_once_while_the_hub_is_busy(kit: Kit, proxy: FaultProxy) -> None:
    proxy.set_mode(HOLD)  # every request waits until the test lets it go
    future = kit.service.catalog()
    assert not future.done()
    proxy.release()
    assert future.result(DEADLINE_S).live


# --- reservations ----------------------------------------------------------------------


def test_reserve_here_shows_code_and_expiry_and_updates_the_card(kit: Kit) -> None:
    inbox = Inbox()
    kit.service.watch("LIP-005", inbox)
    before = inbox.wait_for(lambda v: v.live, "live").rows[0]
    held = kit.service.reserve("LIP-005", 1).result(DEADLINE_S)
    assert held.status == "held" and len(held.pickup_code) == 6
    assert held.location_name == before.location_name  # "Jing'an Kerry Centre", not an id
    assert held.expires_at > held.created_at
    inbox.wait_for(lambda v: v.rows[0].available == before.available - 1, "one fewer")
    again = kit.service.reserve("LIP-005", 1).result(DEADLINE_S)  # a second tap: a second hold
    assert again.reservation_id != held.reservation_id
    key = "shopper-retry-1"
    first = kit.service.reserve("LIP-005", 1, idempotency_key=key).result(DEADLINE_S)
    retry = kit.service.reserve("LIP-005", 1, idempotency_key=key).result(DEADLINE_S)
    assert retry.reservation_id == first.reservation_id
    for r in (held, again, first):
        assert kit.service.cancel(r.reservation_id).result(DEADLINE_S).status == "cancelled"
    inbox.wait_for(lambda v: v.rows[0].available == before.available, "all released")


def test_reserve_sold_out_says_what_to_do(kit: Kit) -> None:
    with pytest.raises(OutOfStock) as info:
        kit.service.reserve("LIP-009", 1).result(DEADLINE_S)
    assert "another store" in info.value.fix


def test_close_stops_every_thread(hub: RunningHub, tmp_path: Path) -> None:
    kit = Kit(hub.url, hub.token, tmp_path / "c.sqlite")
    kit.service.watch("LIP-001", Inbox())
    kit.service.catalog().result(DEADLINE_S)
    kit.service.close()
    kit.service.close()  # idempotent
    names = {t.name for t in threading.enumerate()}
    assert not {n for n in names if n.startswith(("store-call", "store-watch"))}
    with pytest.raises(HubUnavailable):
        kit.service.catalog().result(1)
