"""Run work from other threads on the UI thread, in order, without passing Python
objects through Qt's signal machinery.

The store service completes its futures and calls its watchers on its own threads.
Each result is queued here as a plain callable, and an argument-free signal, queued by
Qt to this object's thread, wakes the UI thread to run them. (Queued signals that carry
arbitrary Python objects across threads have crashed PySide6 at interpreter exit with a
reference-count error; a queue plus a bare signal keeps Qt out of object ownership.)
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, Signal

from kiosk.session.lifecycle import Ticket

log = logging.getLogger(__name__)
T = TypeVar("T")


class Mailbox(QObject):
    _wake = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._queue: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._wake.connect(self._drain, Qt.ConnectionType.QueuedConnection)

    def post(self, work: Callable[[], None]) -> None:
        """Run `work` on this object's thread soon; safe from any thread."""
        self._queue.put(work)
        self._wake.emit()

    def deliver(
        self,
        future: Future[T],
        handler: Callable[[Future[T]], None],
        ticket: Ticket | None = None,
        stale: Callable[[Future[T]], None] | None = None,
    ) -> None:
        """Hand `future` to `handler` on this object's thread once it is done; with a
        `ticket`, only if the session it was asked in is still on. Otherwise the answer is
        dropped (`stale` gets it instead, to undo what no one will see)."""

        def run(done: Future[T]) -> None:
            if ticket is not None and not ticket.current:
                log.info("an answer for a session that has ended was dropped")
                if stale is not None:
                    stale(done)
                return
            handler(done)

        future.add_done_callback(lambda done: self.post(lambda: run(done)))

    def post_for(self, ticket: Ticket, work: Callable[[], None]) -> None:
        """`post`, but dropped if the ticket's session has ended by the time it runs."""
        self.post(lambda: work() if ticket.current else None)

    def _drain(self) -> None:
        while True:
            try:
                work = self._queue.get_nowait()
            except queue.Empty:
                return
            try:
                work()
            except Exception:  # one bad result must not stop the others
                log.exception("a result could not be shown")
