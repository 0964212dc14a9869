"""The embedded hub: a real child process started, supervised and reaped by the kiosk."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from kiosk.client.embedded import EmbeddedHub
from kiosk.client.service import StoreService
from kiosk.client.store_client import HubAuthError, HubUnavailable, StoreClient
from kiosk.client.views import StockView
from kiosk.config import HubLinkSettings
from kiosk.hub.tokens import revoke_tokens
from tests.helpers import REPO, eventually

DEADLINE_S = 30.0


def alive(pid: int) -> bool:
    """A process that exists and is not a zombie waiting for its reaper."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class Latest:
    def __init__(self) -> None:
        self.view: StockView | None = None
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, view: StockView) -> None:
        with self.lock:
            self.view, self.count = view, self.count + 1


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_no_url_means_embedded_hub_restarted_when_it_dies_and_gone_after_close(
    tmp_path: Path,
) -> None:
    hub = EmbeddedHub(kiosk_id="mirror-7", data_dir=tmp_path / "data")
    settings = HubLinkSettings(
        url="", kiosk_id="mirror-7", cache_path=str(tmp_path / "cache.sqlite")
    )
    clock = Clock()
    service = StoreService.from_settings(settings, hub=hub, clock=clock)
    try:
        catalog = service.catalog().result(DEADLINE_S)  # waits for the hub off this thread
        assert catalog.live and catalog.products
        status = service.status()
        assert status.embedded and status.url and status.url.startswith("http://127.0.0.1:")
        first_pid = hub.pid
        assert first_pid is not None and alive(first_pid)
        assert hub.db_url == f"sqlite:///{tmp_path / 'data' / 'hub.sqlite3'}"

        latest = Latest()
        watch = service.watch("LIP-001", latest)
        eventually(lambda: latest.view is not None and latest.view.live, "live stock")

        os.kill(first_pid, signal.SIGKILL)  # the hub crashes
        eventually(
            lambda: hub.pid not in (None, first_pid) and hub.current_url is not None, "restarted"
        )
        assert hub.restarts >= 1
        clock.now += settings.breaker_reset_s  # let the breaker try again if it opened
        service.refresh()
        eventually(lambda: latest.view is not None and latest.view.live, "live again")
        assert service.stock("LIP-001").result(DEADLINE_S).live

        # An operator revokes the embedded kiosk's token: the kiosk owns this hub, so it
        # issues itself a new one instead of going dark.
        watch.cancel()
        rounds = service.status().poll_rounds
        eventually(lambda: service.status().poll_rounds > rounds + 1, "the watcher idle")
        old_token = hub.token()
        assert revoke_tokens(hub.db_url, "mirror-7") >= 1
        refused = StoreClient(hub.url(), old_token, retries=0)
        with refused, pytest.raises(HubAuthError):
            refused.stock("LIP-001")
        first = service.stock("LIP-001").result(DEADLINE_S)
        assert not first.live and first.problem and "revoked" in first.problem
        assert hub.token() != old_token
        assert service.stock("LIP-001").result(DEADLINE_S).live
        second_pid = hub.pid
    finally:
        service.close()
    assert second_pid is not None and not alive(second_pid)
    assert hub.pid is None
    with pytest.raises(HubUnavailable, match="shut down"):
        hub.url()


def test_the_hub_dies_with_the_kiosk_even_when_the_kiosk_is_killed(tmp_path: Path) -> None:
    kiosk = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from kiosk.client.embedded import EmbeddedHub
        hub = EmbeddedHub(data_dir=Path({str(tmp_path / "data")!r}))
        hub.start()
        assert hub.wait_ready(60), "not ready"
        print(hub.pid, flush=True)
        time.sleep(120)  # the kiosk "runs" until the test kills it
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", kiosk], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert alive(child)
        parent.kill()  # SIGKILL: no atexit, no close(), nothing of ours runs
        parent.wait(10)
        eventually(lambda: not alive(child), "the orphaned hub gone")
    finally:
        parent.kill()


def test_a_hub_that_cannot_start_is_reported_not_raised(tmp_path: Path) -> None:
    hub = EmbeddedHub(
        data_dir=tmp_path / "data", start_timeout_s=2.0, extra_args=("--seed", "bogus")
    )
    hub.start()
    try:
        with pytest.raises(HubUnavailable) as info:
            hub.url()
        assert "exited with code" in info.value.message and "seed" in info.value.message
        assert "embedded-hub.log" in info.value.fix
    finally:
        hub.close()
