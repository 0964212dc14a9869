"""The mirror's health, reported to the hub for the managers' dashboard.

A `HealthReporter` thread takes a `HealthMonitor` snapshot every `hub.report_interval_s`
(60 s; 0 = off) and PUTs its `/healthz` body (`HealthSnapshot.as_json()`: states, counts and
rates, never an image or a person) to `PUT /v1/kiosks/{kiosk_id}/report` through a
`StoreClient` of its own: one try per report, no retry (the next report follows), its own
circuit breaker, so a hub that refuses reports never makes the shopper's calls wait.

It never raises: a failure is logged once when reports start failing (with the reason and
the fix) and once when they work again, not every minute.

    reporter = start_health_reports(sources, store.hub_endpoint(), kiosk_id, interval_s)
    ...
    if reporter is not None:
        reporter.close()
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kiosk.client.store_client import StoreClient
from kiosk.ops.health import HealthMonitor, HealthSources

log = logging.getLogger(__name__)

FIRST_REPORT_S = 5.0  # the first report goes soon after start (the parts have warmed up)


class HealthReporter:
    """Reports `monitor`'s snapshot for `kiosk_id` through `client` every `interval_s`."""

    def __init__(
        self,
        monitor: HealthMonitor,
        client: StoreClient,
        kiosk_id: str,
        interval_s: float,
        *,
        first_s: float = FIRST_REPORT_S,
    ) -> None:
        if interval_s <= 0:
            raise ValueError("interval_s must be positive (0 means: no reporter at all)")
        self.monitor = monitor
        self.client = client
        self.kiosk_id = kiosk_id
        self.interval_s = interval_s
        self._first_s = min(first_s, interval_s)
        self._stop = threading.Event()
        self._failing = False
        self.sent = 0  # reports the hub took
        self.failed = 0  # reports that did not reach it
        self._thread = threading.Thread(target=self._run, name="health-reporter", daemon=True)

    def start(self) -> HealthReporter:
        self._thread.start()
        return self

    def report_once(self) -> bool:
        """Take a snapshot and send it now; whether the hub took it. Never raises."""
        try:
            body = self.monitor.snapshot().as_json()
            self.client.report_health(self.kiosk_id, body)
        except Exception as exc:
            self.failed += 1
            if not self._failing:
                self._failing = True
                message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
                fix = getattr(exc, "fix", None)
                log.warning(
                    "health reports to the hub are failing: %s%s (retrying every %.0f s, "
                    "logged again once they work)",
                    message,
                    f"; {fix}" if fix else "",
                    self.interval_s,
                )
            return False
        self.sent += 1
        if self._failing:
            self._failing = False
            log.info("health reports reach the hub again")
        return True

    def _run(self) -> None:
        wait = self._first_s
        while not self._stop.wait(wait):
            self.report_once()
            wait = self.interval_s

    def close(self) -> None:
        """Stop reporting (idempotent); closes the reporter's own client."""
        self._stop.set()
        self.client.interrupt()
        if self._thread.is_alive():
            self._thread.join(10.0)
        self.client.close()


def start_health_reports(
    sources: HealthSources,
    endpoint: tuple[Callable[[], str], Callable[[], str]],
    kiosk_id: str,
    interval_s: float,
) -> HealthReporter | None:
    """A running reporter (None when `interval_s` is 0). `endpoint`: the hub's current URL
    and token getters (`StoreService.hub_endpoint()`: they follow an embedded hub that moved
    and a re-issued token)."""
    if interval_s <= 0:
        return None
    url, token = endpoint
    client = StoreClient(url, token, retries=0)
    return HealthReporter(HealthMonitor(sources), client, kiosk_id, interval_s).start()
