"""The sender against the real hub on loopback: batches land, the hub goes away and comes
back, resends are not double-counted, bad events are set aside, the token is checked."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.client.backoff import Backoff
from kiosk.records.events import EventFactory, TryonEvent
from kiosk.records.outbox import Outbox
from kiosk.records.sender import EventSender, SenderStatus, SenderThread
from tests.hub_server import REPO, RunningHub, start_hub

DEADLINE_S = 30.0


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    with start_hub(tmp_path_factory.mktemp("sender-hub"), kiosk_id="kiosk-1") as running:
        yield running


@pytest.fixture()
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    with Outbox(tmp_path / "outbox.sqlite") as box:
        yield box


def events(n: int) -> list[TryonEvent]:
    factory = EventFactory("store", "kiosk-1")
    return [factory.product_tried("sess", f"LIP-{1 + i % 12:03d}", 100 + i) for i in range(n)]


def hub_ids(hub: RunningHub) -> dict[str, int]:
    """event id -> rows with that id in the hub's own database."""
    path = hub.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT event_id, COUNT(*) FROM events GROUP BY event_id").fetchall()
    return dict(rows)


def wait_for(predicate: object, what: str) -> None:
    """Poll a real process's effect with a deadline (never sleep for a state)."""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def test_batches_land_once(hub: RunningHub, outbox: Outbox) -> None:
    sent = events(450)
    outbox.append_many(sent)
    sender = EventSender.connect(outbox, hub.url, hub.token, batch_size=200)
    result = sender.drain()
    sender.close()
    assert (result.sent, result.accepted, result.duplicates, result.error) == (450, 450, 0, "")
    assert outbox.pending() == 0
    at_hub = hub_ids(hub)
    assert all(at_hub.get(e.id) == 1 for e in sent)


def test_resend_after_a_lost_answer_is_not_double_counted(hub: RunningHub, outbox: Outbox) -> None:
    sent = events(30)
    outbox.append_many(sent)
    sender = EventSender.connect(outbox, hub.url, hub.token)
    assert sender.drain().accepted == 30
    before = len(hub_ids(hub))
    outbox.append_many(sent)  # as if the kiosk died before deleting the acknowledged batch
    again = sender.drain()
    sender.close()
    assert (again.sent, again.accepted, again.duplicates) == (30, 0, 30)
    assert len(hub_ids(hub)) == before


def test_hub_down_keeps_events_then_up_delivers(tmp_path: Path, outbox: Outbox) -> None:
    with start_hub(tmp_path, kiosk_id="kiosk-1") as own:
        sent = events(20)
        outbox.append_many(sent)
        sender = EventSender.connect(outbox, own.url, own.token, connect_timeout_s=0.5)
        own.kill()
        down = sender.send_once()
        assert "hub unreachable" in down.error and down.sent == 0
        assert outbox.pending() == 20
        own.start()
        sender.close()
        sender = EventSender.connect(outbox, own.url, own.token)  # the port may have changed
        assert sender.drain().accepted == 20
        sender.close()
        assert set(hub_ids(own)) >= {e.id for e in sent}


def test_thread_backs_off_while_the_hub_is_away_and_resumes_by_itself(
    tmp_path: Path, outbox: Outbox
) -> None:
    statuses: list[SenderStatus] = []
    with start_hub(tmp_path, kiosk_id="kiosk-1") as own:
        port = own.port
        sender = EventSender.connect(outbox, own.url, own.token, connect_timeout_s=0.5)
        loop = SenderThread(
            sender,
            interval_s=0.05,
            backoff=Backoff(base_s=0.05, cap_s=0.2, rng=random.Random(7).random),
            on_status=statuses.append,
        )
        loop.start()
        try:
            first = events(50)
            outbox.append_many(first)
            loop.notify()
            wait_for(lambda: set(hub_ids(own)) >= {e.id for e in first}, "the first batch")
            own.stop()
            second = events(50)
            outbox.append_many(second)
            wait_for(lambda: loop.status.failures_in_row >= 2, "failures to be counted")
            assert not loop.status.hub_reachable and outbox.pending() == 50
            own.start()
            if own.port != port:
                pytest.skip("the hub's old port was taken meanwhile; the sender keeps its URL")
            wait_for(lambda: outbox.pending() == 0, "the outbox to drain")
            assert set(hub_ids(own)) >= {e.id for e in first + second}
            wait_for(lambda: loop.status.hub_reachable, "the status to recover")
        finally:
            loop.stop()
            sender.close()
    assert any(s.failures_in_row >= 2 for s in statuses)
    assert statuses[-1].failures_in_row == 0
    assert loop.status.totals.accepted == 100


def test_an_invalid_event_is_set_aside_and_the_rest_land(hub: RunningHub, outbox: Outbox) -> None:
    good = events(9)
    bad = {**good[0].to_json(), "id": "bad-event-1", "data": {"sku": "not a sku!", "dwell_ms": 1}}
    outbox.append_many([*good[:4], bad, *good[4:]])
    sender = EventSender.connect(outbox, hub.url, hub.token, batch_size=50)
    result = sender.drain()
    sender.close()
    assert (result.accepted, result.rejected, result.error) == (9, 1, "")
    assert outbox.pending() == 0 and outbox.stats().rejected == 1
    reason = outbox._db.execute("SELECT reason FROM rejected").fetchone()[0]
    assert reason.startswith("422") and "sku" in reason
    assert "bad-event-1" not in hub_ids(hub)


def test_a_refused_token_keeps_the_events(hub: RunningHub, outbox: Outbox) -> None:
    outbox.append_many(events(3))
    sender = EventSender.connect(outbox, hub.url, "not-a-token")
    result = sender.send_once()
    sender.close()
    assert result.auth_failed and "refused the token" in result.error
    assert outbox.pending() == 3


def test_standalone_process_drains_and_exits(hub: RunningHub, tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite"
    sent = events(25)
    with Outbox(path) as box:
        box.append_many(sent)
    env = {**os.environ, "KIOSK_HUB_TOKEN": hub.token}
    cmd = [sys.executable, "-m", "kiosk.records.sender", "--outbox", str(path), "--hub", hub.url,
           "--drain", "--interval", "0.05", "--report"]  # fmt: skip
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert '"accepted": 25' in done.stdout
    assert set(hub_ids(hub)) >= {e.id for e in sent}
    assert hub.token not in done.stdout + done.stderr


def test_standalone_process_without_a_token_says_how_to_get_one(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "KIOSK_HUB_TOKEN"}
    cmd = [sys.executable, "-m", "kiosk.records.sender", "--outbox", str(tmp_path / "o.sqlite"),
           "--hub", "http://127.0.0.1:9"]  # fmt: skip
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "KIOSK_HUB_TOKEN" in done.stderr and "kiosk hub token" in done.stderr
    assert "Traceback" not in done.stderr


def test_recorder_never_blocks_and_delivers(hub: RunningHub, tmp_path: Path) -> None:
    from kiosk.records.recorder import Recorder

    recorder = Recorder.open(
        tmp_path / "outbox.sqlite", hub.url, hub.token, send_interval_s=0.05, retry_max_s=0.2
    )
    recorder.start()
    try:
        sent = events(40)
        for event in sent:
            recorder.record(event)  # the UI thread's call: a queue put
        assert recorder.flush()
        wait_for(lambda: recorder.status().pending == 0, "the recorder to deliver")
        assert set(hub_ids(hub)) >= {e.id for e in sent}
        status = recorder.status()
        assert status.hub_reachable and status.last_error == "" and status.dropped_anonymous == 0
    finally:
        recorder.stop()


def test_url_and_token_getters_are_read_at_every_send(hub: RunningHub, outbox: Outbox) -> None:
    """The kiosk hands the sender getters, so a hub on a new port or a new token is followed."""
    from kiosk.client.store_client import HubUnavailable

    where = {"url": "http://127.0.0.1:9", "token": "kh_old"}
    refused: list[str] = []

    def url() -> str:
        if where["url"] == "starting":
            raise HubUnavailable("The kiosk's own store hub is not running yet.", "")
        return where["url"]

    def renew() -> None:  # what StoreService.token_refused does for an embedded hub
        refused.append(where["token"])
        where["token"] = hub.token

    sent = events(5)
    outbox.append_many(sent)
    sender = EventSender.connect(
        outbox, url, lambda: where["token"], connect_timeout_s=0.5, on_auth_failure=renew
    )
    try:
        assert "hub unreachable" in sender.send_once().error  # nothing listens on port 9
        where["url"] = "starting"
        starting = sender.send_once()
        assert starting.error == "hub unreachable (The kiosk's own store hub is not running yet.)"
        where["url"] = hub.url
        first = sender.send_once()
        assert first.auth_failed and refused == ["kh_old"] and outbox.pending() == 5
        assert sender.drain().accepted == 5
    finally:
        sender.close()
    assert set(hub_ids(hub)) >= {e.id for e in sent}
