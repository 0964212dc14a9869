"""Sends the outbox to the hub's POST /v1/events, in batches, until it is empty.

At-least-once: a batch is deleted from the outbox only after the hub answered 2xx, so a
crash (or kill -9) between the hub storing it and the delete sends it again; the hub
stores each (source, id) once, so every event lands exactly once in effect.
While the hub is away the sender backs off exponentially with full jitter (many kiosks
must not come back in step) and resumes by itself. A batch the hub refuses as invalid
is split until the bad event is found; that one is set aside (never blocks the rest).

Runs on its own thread in the kiosk (`SenderThread`) or as its own process:
    python -m kiosk.records.sender --outbox PATH --hub URL [--token T] [--drain]
(the token may come from KIOSK_HUB_TOKEN instead, so it is not visible in `ps`).
In the kiosk the hub's URL and token are getters read at every send (the StoreService's
`hub_endpoint()`), so the sender follows an embedded hub that restarted on a new port or
was given a new token, exactly like the StoreClient does.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx

from kiosk.client.backoff import Backoff
from kiosk.client.tls import TRUST_FIX, untrusted_certificate, verify_for
from kiosk.errors import KioskError
from kiosk.records.outbox import Outbox, OutboxItem

log = logging.getLogger(__name__)

TextSource = str | Callable[[], str]
EVENTS_PATH = "/v1/events"
TOKEN_ENV = "KIOSK_HUB_TOKEN"
MAX_BATCH = 500  # the hub's limit per request
_EVENT_FIELD = re.compile(r"body\.events\.(\d+)\b")


@dataclass(frozen=True)
class SendResult:
    """What one send did. `error` is "" when the hub answered every request."""

    sent: int = 0  # events deleted from the outbox (accepted + duplicates)
    accepted: int = 0
    duplicates: int = 0  # already at the hub: resends after a crash or lost answer
    rejected: int = 0  # set aside as invalid
    error: str = ""
    auth_failed: bool = False

    def __add__(self, other: SendResult) -> SendResult:
        return SendResult(
            self.sent + other.sent,
            self.accepted + other.accepted,
            self.duplicates + other.duplicates,
            self.rejected + other.rejected,
            self.error or other.error,
            self.auth_failed or other.auth_failed,
        )


class EventSender:
    """One batch from the outbox to the hub per `send_once()`; no threads, no sleeping.

    `hub_url` and `token` (str, or zero-argument callables read at every send) override the
    client's base URL and Authorization header; without them the client's own are used.
    `on_auth_failure` hears a refused token (the kiosk re-issues an embedded hub's)."""

    def __init__(
        self,
        outbox: Outbox,
        client: httpx.Client,
        batch_size: int = 200,
        *,
        hub_url: TextSource | None = None,
        token: TextSource | None = None,
        on_auth_failure: Callable[[], None] | None = None,
    ) -> None:
        if not 1 <= batch_size <= MAX_BATCH:
            raise ValueError(f"batch_size must be 1..{MAX_BATCH}")
        self.outbox = outbox
        self.client = client
        self.batch_size = batch_size
        self._hub_url, self._token = hub_url, token
        self._on_auth_failure = on_auth_failure

    @classmethod
    def connect(
        cls,
        outbox: Outbox,
        hub_url: TextSource,
        token: TextSource,
        batch_size: int = 200,
        connect_timeout_s: float = 2.0,
        read_timeout_s: float = 10.0,
        on_auth_failure: Callable[[], None] | None = None,
    ) -> EventSender:
        """A sender with its own HTTP client; `hub_url` and `token` may be getters."""
        client = httpx.Client(
            verify=verify_for(hub_url),
            headers={"Content-Type": "application/json"},
            timeout=httpx.Timeout(read_timeout_s, connect=connect_timeout_s),
        )
        return cls(
            outbox, client, batch_size, hub_url=hub_url, token=token,
            on_auth_failure=on_auth_failure,
        )  # fmt: skip

    def send_once(self) -> SendResult:
        """Send the oldest batch; 0 sent and no error means the outbox was empty."""
        items = self.outbox.take(self.batch_size)
        return self._send(items) if items else SendResult()

    def drain(self, max_batches: int = 1_000_000) -> SendResult:
        """Send until the outbox is empty or the hub fails (tests, the --drain command)."""
        total = SendResult()
        for _ in range(max_batches):
            result = self.send_once()
            total = total + result
            if result.error or result.sent + result.rejected == 0:
                break
        return total

    def _target(self) -> tuple[str, dict[str, str]]:
        """Where to post and the auth header, read now (may raise while a hub restarts)."""
        url = (
            EVENTS_PATH if self._hub_url is None else _text(self._hub_url).rstrip("/") + EVENTS_PATH
        )
        headers = {} if self._token is None else {"Authorization": f"Bearer {_text(self._token)}"}
        return url, headers

    def _send(self, items: Sequence[OutboxItem]) -> SendResult:
        body = '{"events":[' + ",".join(item.body for item in items) + "]}"
        try:
            url, headers = self._target()
        except KioskError as exc:  # the embedded hub is (re)starting: like an unreachable hub
            return SendResult(error=f"hub unreachable ({exc.message})")
        try:
            response = self.client.post(url, content=body.encode("utf-8"), headers=headers)
        except httpx.HTTPError as exc:
            if (why := untrusted_certificate(exc)) is not None:
                return SendResult(error=f"hub certificate not trusted ({why}): {TRUST_FIX}")
            return SendResult(error=f"hub unreachable ({type(exc).__name__}: {exc})")
        status = response.status_code
        if 200 <= status < 300:
            answer = _json(response)
            sent = self.outbox.mark_sent(items)
            return SendResult(
                sent=sent,
                accepted=int(answer.get("accepted", 0)),
                duplicates=int(answer.get("duplicates", 0)),
            )
        if status in (401, 403):
            message = _error_message(response)
            if self._on_auth_failure is not None:
                try:
                    self._on_auth_failure()
                except Exception:  # the hook's bug must not stop the sending
                    log.exception("the sender's on_auth_failure hook failed")
            return SendResult(error=f"the hub refused the token ({message})", auth_failed=True)
        if status in (400, 413, 422):
            return self._split(items, response)
        return SendResult(error=f"hub answered {status}: {_error_message(response)}")

    def _split(self, items: Sequence[OutboxItem], response: httpx.Response) -> SendResult:
        """A batch was refused: set aside the bad event, or halve the batch to find it."""
        reason = _error_message(response)
        if len(items) == 1:
            self.outbox.reject(items[0], f"{response.status_code}: {reason}")
            return SendResult(rejected=1)
        match = _EVENT_FIELD.search(str(_json(response).get("error", {}).get("field") or ""))
        if match and response.status_code == 422 and int(match.group(1)) < len(items):
            bad = items[int(match.group(1))]
            self.outbox.reject(bad, f"{response.status_code}: {reason}")
            rest = [item for item in items if item.seq != bad.seq]
            return SendResult(rejected=1) + (self._send(rest) if rest else SendResult())
        half = len(items) // 2
        return self._send(items[:half]) + self._send(items[half:])

    def close(self) -> None:
        self.client.close()


def _text(source: TextSource) -> str:
    return source() if callable(source) else source


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _error_message(response: httpx.Response) -> str:
    error = _json(response).get("error")
    if isinstance(error, dict) and error.get("message"):
        return str(error["message"])[:300]
    return response.reason_phrase or f"HTTP {response.status_code}"


@dataclass
class SenderStatus:
    """What a status line or the staff panel shows about delivery."""

    pending: int = 0
    hub_reachable: bool = True
    last_error: str = ""
    failures_in_row: int = 0
    last_success_at: float | None = None  # time.time()
    totals: SendResult = field(default_factory=SendResult)


class SenderThread:
    """Runs an EventSender until stopped: sends, waits, backs off, resumes by itself."""

    def __init__(
        self,
        sender: EventSender,
        interval_s: float = 2.0,
        backoff: Backoff | None = None,
        on_status: Callable[[SenderStatus], None] | None = None,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self.sender = sender
        self.interval_s = interval_s
        self.backoff = backoff or Backoff(base_s=1.0, cap_s=60.0)
        self._on_status = on_status
        self._wall_clock = wall_clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._status = SenderStatus()

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("the sender thread is already running")
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="event-sender", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        """New events are in the outbox: send soon (ignored while backing off)."""
        with self._lock:
            backing_off = self._status.failures_in_row > 0
        if not backing_off:
            self._wake.set()

    def request_stop(self) -> None:
        """Ask the loop to end after its current send (safe from a signal handler)."""
        self._stop.set()
        self._wake.set()

    def stop(self, timeout_s: float = 10.0) -> None:
        self.request_stop()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    @property
    def status(self) -> SenderStatus:
        with self._lock:
            return replace(self._status)

    def run_forever(self) -> None:
        """The loop, on the calling thread (the stand-alone process uses this)."""
        self._run()

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = self.step()
            self._wake.wait(delay)
            self._wake.clear()

    def step(self) -> float:
        """Send one batch and return how long to wait before the next (the loop body)."""
        try:
            result = self.sender.send_once()
        except Exception as exc:  # a bug or a broken outbox file must not end the thread
            log.exception("sending events failed")
            result = SendResult(error=f"{type(exc).__name__}: {exc}")
        try:
            pending = self.sender.outbox.pending()
        except Exception:
            pending = -1
        with self._lock:
            st = self._status
            st.totals = st.totals + replace(result, error="", auth_failed=False)
            st.pending = pending
            if result.error:
                if st.failures_in_row == 0 or result.error != st.last_error:
                    log.warning("events not sent, will retry: %s", result.error)
                st.failures_in_row += 1
                st.hub_reachable = result.auth_failed
                st.last_error = result.error
                delay = max(0.05, self.backoff.delay(st.failures_in_row - 1))
            else:
                if st.failures_in_row:
                    log.info("the hub is back; sending resumed")
                st.failures_in_row, st.hub_reachable, st.last_error = 0, True, ""
                if result.sent or result.rejected:
                    st.last_success_at = self._wall_clock()
                full = result.sent + result.rejected >= self.sender.batch_size
                delay = 0.0 if full else self.interval_s
            snapshot = replace(st)
        if self._on_status is not None:
            self._on_status(snapshot)
        return delay


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m kiosk.records.sender",
        description="Send the kiosk's event outbox to the hub (POST /v1/events) until stopped.",
    )
    parser.add_argument("--outbox", required=True, type=Path, help="the outbox SQLite file")
    parser.add_argument("--hub", required=True, help="the hub's URL, e.g. http://127.0.0.1:8700")
    parser.add_argument("--token", default=None, help=f"bearer token (default: ${TOKEN_ENV})")
    parser.add_argument("--batch-size", type=int, default=200, help="events per request, 1..500")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between sends")
    parser.add_argument("--retry-initial", type=float, default=1.0, help="first back-off ceiling")
    parser.add_argument("--retry-max", type=float, default=60.0, help="longest back-off")
    parser.add_argument(
        "--drain", action="store_true", help="exit 0 once the outbox is empty (retrying until then)"
    )
    parser.add_argument("--report", action="store_true", help="print a JSON line per send")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """The stand-alone sender process; exit codes: 0 done, 2 bad arguments or files."""
    args = _parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    token = args.token or os.environ.get(TOKEN_ENV, "")
    if not token:
        print(f"error: no token; pass --token or set {TOKEN_ENV}", file=sys.stderr)
        print(
            "  fix: print one on the hub machine with `kiosk hub token --kiosk ID`", file=sys.stderr
        )
        return 2
    try:
        outbox = Outbox(args.outbox)
    except KioskError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sender = EventSender.connect(outbox, args.hub, token, batch_size=args.batch_size)
    last = SendResult()

    def report(status: SenderStatus) -> None:
        nonlocal last
        step = status.totals
        if args.report and (step != last or status.last_error):
            line = {
                "sent": step.sent,
                "accepted": step.accepted,
                "duplicates": step.duplicates,
                "rejected": step.rejected,
                "pending": status.pending,
                "error": status.last_error,
            }
            print(json.dumps(line), flush=True)
        last = step
        if args.drain and status.pending == 0 and not status.last_error:
            loop.request_stop()

    loop = SenderThread(
        sender,
        interval_s=args.interval,
        backoff=Backoff(base_s=args.retry_initial, cap_s=args.retry_max),
        on_status=report,
    )
    signal.signal(signal.SIGTERM, lambda *_: loop.request_stop())
    signal.signal(signal.SIGINT, lambda *_: loop.request_stop())
    try:
        loop.run_forever()
    finally:
        sender.close()
        outbox.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
