"""Try-on records follow the embedded hub: it is SIGKILLed and comes back on a new port, then
its token is revoked and re-issued, while events keep being recorded; every event still
lands at the hub exactly once. The recorder is wired as the kiosk wires it:
`Recorder.open(path, *service.hub_endpoint(), on_auth_failure=service.token_refused)`."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
from pathlib import Path

import pytest

from kiosk.client.embedded import EmbeddedHub
from kiosk.client.service import StoreService
from kiosk.config import HubLinkSettings
from kiosk.hub.tokens import revoke_tokens
from kiosk.records.events import EventFactory
from kiosk.records.recorder import Recorder
from tests.helpers import eventually

DEADLINE_S = 40.0
KIOSK = "mirror-rec"


def hub_rows(db_path: Path) -> list[tuple[str, str]]:
    """(source, event_id) of every event row in the embedded hub's own database."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=10) as db:
        return db.execute("SELECT source, event_id FROM events").fetchall()


class Writer:
    """The kiosk recording try-ons at a steady pace on its own thread."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder, self.ids = recorder, []  # type: list[str]
        self.factory = EventFactory("SH-JINGAN", KIOSK)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self) -> None:
        n = 0
        while not self.stop.wait(0.004):  # pacing the writes, not waiting for a state
            event = self.factory.product_tried("sess-r", f"LIP-{1 + n % 12:03d}", 100 + n)
            self.recorder.record(event)
            self.ids.append(event.id)
            n += 1


@pytest.mark.slow  # a hub killed and restarted while hundreds of events stream
def test_records_follow_a_restarted_hub_and_a_reissued_token(tmp_path: Path) -> None:
    hub = EmbeddedHub(kiosk_id=KIOSK, data_dir=tmp_path / "data")
    settings = HubLinkSettings(url="", kiosk_id=KIOSK, cache_path=str(tmp_path / "cache.sqlite"))
    service = StoreService.from_settings(settings, hub=hub)
    recorder = Recorder.open(
        tmp_path / "outbox.sqlite", *service.hub_endpoint(),
        send_interval_s=0.05, retry_initial_s=0.05, retry_max_s=0.3,
        on_auth_failure=service.token_refused,
    )  # fmt: skip
    db = tmp_path / "data" / "hub.sqlite3"
    writer = Writer(recorder)
    try:
        recorder.start()  # the sender waits for the hub on its own thread
        writer.thread.start()
        assert hub.wait_ready(DEADLINE_S)  # migrated and serving: its tables exist
        eventually(lambda: len(hub_rows(db)) >= 50, "events at the first hub")

        first_pid, first_url = hub.pid, hub.current_url
        assert first_pid is not None and first_url is not None
        os.kill(first_pid, signal.SIGKILL)  # the hub crashes mid-stream
        eventually(lambda: hub.pid not in (None, first_pid) and bool(hub.current_url), "restart")
        landed = len(hub_rows(db))
        eventually(lambda: len(hub_rows(db)) >= landed + 50, "events at the restarted hub")

        old_token = hub.token()
        assert revoke_tokens(hub.db_url, KIOSK) >= 1  # an operator revokes the kiosk's token
        landed = len(hub_rows(db))
        eventually(lambda: hub.token() != old_token, "a re-issued token")
        eventually(lambda: len(hub_rows(db)) >= landed + 50, "events with the new token")

        writer.stop.set()
        writer.thread.join(10)
        assert recorder.flush()
        eventually(lambda: recorder.status().pending == 0, "the outbox drained")
        rows = hub_rows(db)
        assert len(rows) == len(set(rows))  # the table's key says so; checked anyway
        assert sorted(event_id for _, event_id in rows) == sorted(writer.ids)  # all, once
        sender = recorder.sender
        assert sender is not None  # its totals are updated just after the outbox's delete:
        eventually(lambda: sender.status.totals.sent == len(writer.ids), "the totals updated")
        totals = sender.status.totals  # a batch whose answer the crash lost came back as
        assert totals.accepted + totals.duplicates == len(writer.ids)  # duplicates: not stored
        assert recorder.status().last_error == "" and hub.restarts >= 1
    finally:
        writer.stop.set()
        recorder.stop()
        service.close()
