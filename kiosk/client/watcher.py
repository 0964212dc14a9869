"""Keeps the stock of the products on screen fresh: one thread polls each watched SKU.

Every `interval_s` (about 1 s) it asks the hub for each watched SKU with the last ETag, so
an unchanged product costs a 304 and no parsing, and a sale of the last unit in another
channel reaches the card within about two seconds. A subscriber hears a new StockView only
when something it shows changed: the rows, the price, or live/cached. When the hub cannot
be asked the subscriber gets the last known report marked cached with its age, once. The
fetching itself is a function the StoreService passes in, so this module is only about
scheduling, subscriptions and delivery.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.client.store_client import StoreError
from kiosk.client.views import StockView

log = logging.getLogger(__name__)

StockCallback = Callable[[StockView], None]
ErrorCallback = Callable[[StoreError], None]
# Fetch one SKU's view: a StockView (live or cached), or a StoreError when there is nothing
# to show.
Fetch = Callable[[str], StockView | StoreError]
# The last known view without asking the hub (the cache), for a new subscriber's first paint.
Peek = Callable[[str], StockView | None]


@dataclass
class _Subscriber:
    sku: str
    on_stock: StockCallback
    on_error: ErrorCallback | None
    last_key: object = None


class Watch:
    """A subscription handle: `cancel()` (or `with`) stops deliveries to this subscriber."""

    def __init__(self, watcher: StockWatcher, ident: int, sku: str) -> None:
        self._watcher, self._id, self.sku = watcher, ident, sku

    def cancel(self) -> None:
        self._watcher.unsubscribe(self._id)

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()


def _key(item: StockView | StoreError) -> object:
    """What a subscriber can see: changes here, and only here, trigger a delivery."""
    if isinstance(item, StoreError):
        return ("error", type(item).__name__, item.code)
    return (
        item.rows,
        item.price,
        item.price_differs,
        item.live,
        item.as_of if not item.live else None,
    )


class StockWatcher:
    def __init__(self, fetch: Fetch, peek: Peek | None = None, interval_s: float = 1.0) -> None:
        self._fetch, self._peek = fetch, peek
        self.interval_s = interval_s
        self._lock = threading.Lock()
        self._subs: dict[int, _Subscriber] = {}
        self._views: dict[str, StockView] = {}
        self._ids = itertools.count(1)
        self.rounds = 0  # polling rounds finished, so a test can wait for "one more round"
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="store-watch", daemon=True)
        self._thread.start()

    def subscribe(
        self, sku: str, on_stock: StockCallback, on_error: ErrorCallback | None = None
    ) -> Watch:
        ident = next(self._ids)
        with self._lock:
            self._subs[ident] = _Subscriber(sku, on_stock, on_error)
        self._wake.set()  # poll the new SKU now, not at the next tick
        return Watch(self, ident, sku)

    def unsubscribe(self, ident: int) -> None:
        with self._lock:
            sub = self._subs.pop(ident, None)
            if sub is not None and all(s.sku != sub.sku for s in self._subs.values()):
                self._views.pop(sub.sku, None)

    def latest(self, sku: str) -> StockView | None:
        with self._lock:
            return self._views.get(sku)

    def poll_now(self) -> None:
        """Refresh every watched SKU at once (after a reservation, or a 'refresh' tap)."""
        self._wake.set()

    def stop(self) -> None:
        """Ask the thread to stop after the fetch in progress (returns at once)."""
        self._stop.set()
        self._wake.set()

    def close(self, timeout_s: float = 30.0) -> None:
        self.stop()
        self._thread.join(timeout_s)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            with self._lock:
                skus = list(dict.fromkeys(s.sku for s in self._subs.values()))
            for sku in skus:
                if self._stop.is_set():
                    return
                self._refresh(sku)
            self.rounds += 1
            self._wake.wait(self.interval_s)

    def _refresh(self, sku: str) -> None:
        self._first_paint(sku)
        try:
            item = self._fetch(sku)
        except Exception:  # a bug in one fetch must not stop live stock for good
            log.exception("stock refresh of %s failed", sku)
            return
        with self._lock:
            if isinstance(item, StockView):
                self._views[sku] = item
            subs = [s for s in self._subs.values() if s.sku == sku]
        key = _key(item)
        for sub in subs:
            if sub.last_key == key:
                continue
            sub.last_key = key
            self._deliver(sub, item)

    def _first_paint(self, sku: str) -> None:
        """New subscribers see the last known stock at once, before a slow hub answers."""
        with self._lock:
            fresh = [s for s in self._subs.values() if s.sku == sku and s.last_key is None]
            current = self._views.get(sku)
        if not fresh or self._peek is None:
            return
        view = current
        if view is None:
            try:
                view = self._peek(sku)
            except Exception:
                log.exception("reading cached stock of %s failed", sku)
        if view is None:
            return
        for sub in fresh:
            # Not the view's own key: the verdict of the fetch that follows (live, or cached
            # with the reason) is delivered even when the numbers are the same.
            sub.last_key = ("first paint", _key(view))
            self._deliver(sub, view)

    @staticmethod
    def _deliver(sub: _Subscriber, item: StockView | StoreError) -> None:
        try:
            if isinstance(item, StockView):
                sub.on_stock(item)
            elif sub.on_error is not None:
                sub.on_error(item)
        except Exception:  # the UI's bug, not ours: log it and keep the others informed
            log.exception("a stock subscriber for %s raised", sub.sku)
