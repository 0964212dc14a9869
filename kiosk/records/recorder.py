"""The kiosk's one entry point for try-on records: `record(event)` never blocks its caller.

An fsync'd append takes milliseconds (more on a busy SD card), too long for the UI
thread, so events cross to a writer thread through a queue; the writer appends them to
the outbox in one transaction per burst and nudges the sender thread. `flush()` waits
until everything recorded so far is on disk (tests, session end, shutdown).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.client.backoff import Backoff
from kiosk.records.events import TryonEvent
from kiosk.records.outbox import Outbox
from kiosk.records.sender import EventSender, SenderStatus, SenderThread, TextSource

log = logging.getLogger(__name__)

_STOP = object()
_RETRY_WRITE_S = 1.0


@dataclass(frozen=True)
class RecorderStatus:
    pending: int  # in the outbox, not yet at the hub
    dropped_anonymous: int
    hub_reachable: bool
    last_error: str


class Recorder:
    """Queue -> writer thread -> outbox -> sender thread -> hub."""

    def __init__(self, outbox: Outbox, sender: SenderThread | None = None) -> None:
        self.outbox = outbox
        self.sender = sender
        self._queue: queue.Queue[object] = queue.Queue()
        self._writer: threading.Thread | None = None

    @classmethod
    def open(
        cls,
        outbox_path: Path,
        hub_url: TextSource,
        token: TextSource,
        max_events: int = 100_000,
        batch_size: int = 200,
        send_interval_s: float = 2.0,
        retry_initial_s: float = 1.0,
        retry_max_s: float = 30.0,
        *,
        on_auth_failure: Callable[[], None] | None = None,
    ) -> Recorder:
        """Build from the [records] settings and the hub's URL and token: strings, or getters
        read at every send. In the kiosk:
        `Recorder.open(path, *service.hub_endpoint(), on_auth_failure=service.token_refused)`
        so the records follow the embedded hub across restarts and re-issued tokens."""
        outbox = Outbox(outbox_path, max_events=max_events)
        sender = EventSender.connect(
            outbox, hub_url, token, batch_size=batch_size, on_auth_failure=on_auth_failure
        )
        loop = SenderThread(
            sender, send_interval_s, Backoff(base_s=retry_initial_s, cap_s=retry_max_s)
        )
        return cls(outbox, loop)

    def start(self) -> None:
        if self._writer is not None:
            raise RuntimeError("the recorder is already running")
        self._writer = threading.Thread(target=self._write_loop, name="event-writer", daemon=True)
        self._writer.start()
        if self.sender is not None:
            self.sender.start()

    def record(self, event: TryonEvent) -> None:
        """Hand an event over; it is durable once the writer thread has appended it."""
        self._queue.put(event)

    def flush(self, timeout_s: float = 10.0) -> bool:
        """Wait until every event recorded so far is in the outbox; False on timeout."""
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout_s)

    def stop(self, timeout_s: float = 10.0) -> None:
        """Write what is queued, then stop both threads (events left unsent stay on disk)."""
        if self._writer is not None:
            self._queue.put(_STOP)
            self._writer.join(timeout_s)
            self._writer = None
        if self.sender is not None:
            self.sender.stop(timeout_s)
            self.sender.sender.close()
        self.outbox.close()

    def status(self) -> RecorderStatus:
        sent: SenderStatus = self.sender.status if self.sender else SenderStatus()
        stats = self.outbox.stats()
        return RecorderStatus(
            stats.pending, stats.dropped_anonymous, sent.hub_reachable, sent.last_error
        )

    def _write_loop(self) -> None:
        stopping = False
        while not stopping:
            burst = [self._queue.get()]
            while True:  # take whatever else is waiting: one fsync for the burst
                try:
                    burst.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            events = [item for item in burst if isinstance(item, TryonEvent)]
            stopping = any(item is _STOP for item in burst)
            self._append(events)
            for item in burst:
                if isinstance(item, threading.Event):
                    item.set()
            if events and self.sender is not None:
                self.sender.notify()

    def _append(self, events: list[TryonEvent]) -> None:
        """Append, retrying while the disk refuses (full, read-only): never drop silently."""
        pause = threading.Event()
        while events:
            try:
                self.outbox.append_many(events)
                return
            except Exception as exc:
                log.error("cannot write %d events to the outbox, retrying: %s", len(events), exc)
                pause.wait(_RETRY_WRITE_S)
