"""The mirror's health reports to the hub (kiosk.ops.report) against a real hub on loopback:
reports arrive and the latest is kept; a hub that is away, or refuses, is logged once per
failing streak and never stops the reporter; 0 turns it off."""

from __future__ import annotations

import json
import logging
import socket
import uuid
from typing import Any

import pytest

from kiosk.client.store_client import StoreClient
from kiosk.config import load_settings
from kiosk.ops.health import CameraReading, HealthMonitor, HealthSources, HubReading
from kiosk.ops.report import HealthReporter, start_health_reports
from tests.helpers import eventually
from tests.hub.day import stored_report
from tests.hub_server import RunningHub


@pytest.fixture
def hub(sqlite_hub: RunningHub) -> RunningHub:
    return sqlite_hub


def sources(camera: Any = None) -> HealthSources:
    return HealthSources(
        camera=camera or (lambda: CameraReading("running", 0.05)),
        hub=lambda: HubReading(embedded=False, breaker="closed", sender_ok=True),
        outbox_depth=lambda: 2,
        tracking_fps=lambda: 24.0,
        compositor="cpu",
    )


def closed_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def test_reports_reach_the_hub_every_interval(hub: RunningHub) -> None:
    kiosk_id = f"reporter-{uuid.uuid4().hex[:6]}"
    client = StoreClient(hub.url, hub.issue_token(kiosk_id, "SH-JINGAN"), retries=0)
    reporter = HealthReporter(HealthMonitor(sources()), client, kiosk_id, 0.2, first_s=0.0)
    reporter.start()
    try:
        first = eventually(
            lambda: stored_report(hub.db_url, kiosk_id), "the first report", timeout=10
        )
        eventually(lambda: reporter.sent >= 3, "three reports", timeout=10)
        latest = stored_report(hub.db_url, kiosk_id)
        assert latest is not None and latest["reported_at"] > first["reported_at"]
    finally:
        reporter.close()
    body = json.loads(latest["report"])
    assert (latest["status"], latest["store_id"]) == ("ok", "SH-JINGAN")
    assert (body["outbox_depth"], body["compositor"], body["tracking_fps"]) == (2, "cpu", 24.0)
    assert reporter.failed == 0
    sent = reporter.sent
    reporter.close()  # idempotent; nothing more is sent
    assert reporter.sent == sent


def test_failures_are_logged_once_and_never_raise(
    hub: RunningHub, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk_id = f"reporter-{uuid.uuid4().hex[:6]}"
    where = [closed_url()]
    client = StoreClient(lambda: where[0], hub.issue_token(kiosk_id, "SH-JINGAN"), retries=0)
    reporter = HealthReporter(HealthMonitor(sources()), client, kiosk_id, 60.0)
    caplog.set_level(logging.INFO, logger="kiosk.ops.report")
    try:
        assert [reporter.report_once() for _ in range(3)] == [False, False, False]
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1, [r.getMessage() for r in warnings]
        assert "health reports to the hub are failing" in warnings[0].getMessage()
        where[0] = hub.url  # the hub is back
        client.breaker.record_success()  # as after its reset time
        eventually(reporter.report_once, "a report through", timeout=30, interval=0.5)
        assert "health reports reach the hub again" in caplog.text
        assert stored_report(hub.db_url, kiosk_id) is not None
    finally:
        reporter.close()


def test_a_report_for_another_kiosk_is_refused_and_logged_once(
    hub: RunningHub, caplog: pytest.LogCaptureFixture
) -> None:
    token = hub.issue_token(f"reporter-{uuid.uuid4().hex[:6]}", "SH-JINGAN")
    client = StoreClient(hub.url, token, retries=0)
    reporter = HealthReporter(HealthMonitor(sources()), client, "kiosk-1", 60.0)
    caplog.set_level(logging.WARNING, logger="kiosk.ops.report")
    try:
        assert not reporter.report_once() and not reporter.report_once()
    finally:
        reporter.close()
    assert len(caplog.records) == 1
    assert "kiosk.report" in caplog.records[0].getMessage()  # the hub's 403 says who may


def test_a_broken_source_is_a_failed_report_not_a_dead_thread(hub: RunningHub) -> None:
    def broken() -> CameraReading:
        raise RuntimeError("the capture is gone")

    kiosk_id = f"reporter-{uuid.uuid4().hex[:6]}"
    client = StoreClient(hub.url, hub.issue_token(kiosk_id, "SH-JINGAN"), retries=0)
    reporter = HealthReporter(HealthMonitor(sources(broken)), client, kiosk_id, 0.1, first_s=0)
    reporter.start()
    try:
        eventually(lambda: reporter.failed >= 2, "two failed reports", timeout=10)
        assert reporter._thread.is_alive()
    finally:
        reporter.close()


def test_zero_turns_reports_off_and_the_default_is_a_minute(hub: RunningHub) -> None:
    endpoint = (lambda: hub.url, lambda: hub.token)
    assert start_health_reports(sources(), endpoint, hub.kiosk_id, 0) is None
    assert load_settings(env={}).hub.report_interval_s == 60.0
    with pytest.raises(ValueError):
        HealthReporter(HealthMonitor(sources()), StoreClient(hub.url, hub.token), "k", 0)
    reporter = start_health_reports(sources(), endpoint, hub.kiosk_id, 3600)
    assert reporter is not None
    reporter.close()
