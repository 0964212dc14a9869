"""The embedded hub: with no hub URL configured the kiosk runs its own, as a child process.

One code path: the kiosk talks to this hub over loopback HTTP with the same StoreClient it
would use for a chain's hub; only who starts the server differs. A supervisor thread
  - starts `python -m kiosk hub --db sqlite:///<data dir>/hub.sqlite3 --host 127.0.0.1
    --port 0 --ready-file <data dir>/embedded-hub.ready` (a free port, loopback only),
  - waits for the ready file with a deadline (never on the UI thread: `url()` waits on the
    caller's thread, which is a service worker), reads the URL from it,
  - issues the kiosk's own token with `kiosk hub token` (kept in memory only),
  - restarts the hub, with growing pauses, whenever it exits.
The child must die with the kiosk even when the kiosk is killed outright: on Linux it asks
the kernel for that itself (prctl PR_SET_PDEATHSIG = SIGKILL, set by a small launcher,
kiosk.client.hub_launcher, before exec, so nothing runs between fork and exec in our
threaded process). The signal follows the *thread* that started the child, which is why
only the long-lived supervisor thread ever starts one. On other systems only an orderly
`close()` stops it. In a frozen bundle (no `python -m`) the bundle's own program is started
with the launcher's private flag and runs the hub in that process (`hub_launcher`).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from kiosk.client.backoff import Backoff
from kiosk.client.hub_launcher import hub_command, is_frozen, kiosk_command
from kiosk.client.store_client import HubUnavailable
from kiosk.errors import KioskError
from kiosk.paths import user_data_dir

log = logging.getLogger(__name__)

_LOG_LIMIT_BYTES = 5_000_000
_TOKEN_FIX = "See the embedded hub's log; check that the kiosk's data folder is writable."
_STEADY_S = 30.0  # a hub that served this long before dying is restarted without a pause


class HubStartError(KioskError):
    """The embedded hub did not come up."""


class EmbeddedHub:
    def __init__(
        self,
        kiosk_id: str = "kiosk-1",
        store_id: str | None = None,
        data_dir: Path | None = None,
        *,
        python: str = sys.executable,
        frozen: bool | None = None,
        start_timeout_s: float = 30.0,
        restart_wait_s: float = 3.0,
        check_interval_s: float = 0.2,
        restart_backoff: Backoff | None = None,
        extra_args: tuple[str, ...] = (),
    ) -> None:
        if data_dir is None:
            data_dir = user_data_dir()
        self.data_dir = data_dir
        self.db_url = f"sqlite:///{data_dir / 'hub.sqlite3'}"
        self.kiosk_id, self.store_id = kiosk_id, store_id
        self._python, self._extra = python, extra_args
        # `python` is a frozen bundle's own program (no -c, no -m): see hub_launcher.
        self._frozen = is_frozen() if frozen is None else frozen
        self._start_timeout_s, self._restart_wait_s = start_timeout_s, restart_wait_s
        self._check_s = check_interval_s
        self._backoff = restart_backoff or Backoff(base_s=0.5, cap_s=10.0)
        self._ready_file = data_dir / "embedded-hub.ready"
        self._log_path = data_dir / "embedded-hub.log"
        self._lock = threading.Lock()
        self._ready = threading.Event()
        self._stop = threading.Event()
        self._proc: subprocess.Popen[bytes] | None = None
        self._url: str | None = None
        self._token: str | None = None
        self._ever_ready = False
        self._problem: KioskError | None = None
        self.restarts = 0
        self._thread = threading.Thread(target=self._supervise, name="embedded-hub", daemon=True)

    # -- what the client and the service use --------------------------------------------

    def start(self) -> None:
        """Start supervising (returns at once; the hub comes up on the supervisor thread)."""
        if not self._thread.is_alive() and not self._stop.is_set():
            self._thread.start()

    def wait_ready(self, timeout_s: float) -> bool:
        return self._ready.wait(timeout_s)

    def url(self) -> str:
        """The hub's base URL, waiting (on the caller's thread) while it starts or restarts."""
        self._await_ready()
        with self._lock:
            if self._url is not None:
                return self._url
        raise self._not_ready()

    def token(self) -> str:
        self._await_ready()
        with self._lock:
            if self._token is not None:
                return self._token
        raise self._not_ready()

    @property
    def current_url(self) -> str | None:
        with self._lock:
            return self._url

    @property
    def pid(self) -> int | None:
        with self._lock:
            return None if self._proc is None else self._proc.pid

    def reissue_token(self) -> None:
        """Replace a token the hub refused (say, an operator revoked it): the hub is ours."""
        try:
            token = self._issue_token()
        except Exception as exc:  # a broken DB must not crash the caller's thread
            log.warning("could not re-issue the embedded hub's token: %s", exc)
            return
        with self._lock:
            self._token = token
        log.info("embedded hub: issued a new token for %s", self.kiosk_id)

    def close(self, timeout_s: float = 10.0) -> None:
        """Stop the hub and wait for it to exit. Idempotent."""
        self._stop.set()
        self._ready.set()  # release waiters; url() then reports "shut down"
        if self._thread.is_alive():
            self._thread.join(timeout_s)
        self._terminate(timeout_s)

    # -- the supervisor thread -----------------------------------------------------------

    def _await_ready(self) -> None:
        if self._stop.is_set():
            raise HubUnavailable("The kiosk's store hub is shut down.", "", code="stopped")
        wait = self._restart_wait_s if self._ever_ready else self._start_timeout_s
        if not self._ready.wait(wait) or self._stop.is_set():
            raise self._not_ready()

    def _not_ready(self) -> HubUnavailable:
        why = f" Last problem: {self._problem.message}" if self._problem else ""
        return HubUnavailable(
            "The kiosk's own store hub is not running yet." + why,
            f"It restarts by itself; if it does not, see {self._log_path}.",
            code="hub_starting",
        )

    def _supervise(self) -> None:
        failures = 0
        while not self._stop.is_set():
            try:
                served_s = self._run_once()
                # A hub that keeps dying right after it starts gets growing pauses too.
                failures = 0 if served_s >= _STEADY_S else failures + 1
            except KioskError as exc:
                self._problem = exc
                log.warning("embedded hub: %s", exc.message)
                failures += 1
            except Exception as exc:  # keep supervising whatever happens
                self._problem = HubStartError(f"unexpected error: {exc}", "")
                log.exception("embedded hub supervisor")
                failures += 1
            with self._lock:
                self._url = None
                self._ready.clear()
            self._terminate(5.0)
            if self._stop.wait(self._backoff.delay(failures - 1) if failures else 0.0):
                break
            if not self._stop.is_set():
                self.restarts += 1
        self._ready.set()

    def _run_once(self) -> float:
        """Start the hub, wait until it serves, then watch it until it exits (or we stop).
        Returns how long it served, in seconds."""
        proc = self._spawn()
        url = self._wait_for_ready_file(proc)
        token = self._token or self._issue_token()
        with self._lock:
            self._url, self._token = url, token
            self._ever_ready = True
            self._problem = None
        self._ready.set()
        log.info("embedded hub serving at %s (pid %d)", url, proc.pid)
        since = time.monotonic()
        while proc.poll() is None:
            if self._stop.wait(self._check_s):
                break
        served_s = time.monotonic() - since
        if self._stop.is_set():
            return served_s
        self._problem = HubStartError(f"the hub exited with code {proc.returncode}", "")
        log.warning(
            "embedded hub (pid %d) exited with code %s; restarting", proc.pid, proc.returncode
        )
        return served_s

    def _spawn(self) -> subprocess.Popen[bytes]:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._ready_file.unlink(missing_ok=True)
        self._rotate_log()
        hub_args = [
            "--db", self.db_url, "--host", "127.0.0.1", "--port", "0",
            "--ready-file", str(self._ready_file),
            # On loopback no phone reaches this hub: its QR links carry the cart itself.
            "--handoff-links", "direct", *self._extra,
        ]  # fmt: skip
        args = hub_command(self._python, os.getpid(), hub_args, frozen=self._frozen)
        with self._log_path.open("ab") as out:
            proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C meant for the kiosk reaches the kiosk only
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        with self._lock:
            self._proc = proc
        return proc

    def _wait_for_ready_file(self, proc: subprocess.Popen[bytes]) -> str:
        deadline = time.monotonic() + self._start_timeout_s
        while time.monotonic() < deadline:
            if self._stop.is_set():
                raise HubStartError("shutting down", "")
            if proc.poll() is not None:
                code, tail = proc.returncode, self._log_tail()
                raise HubStartError(
                    f"the hub exited with code {code} while starting: {tail}",
                    f"See {self._log_path}.",
                )
            url = _read_ready_file(self._ready_file, proc.pid)
            if url is not None:
                return url
            self._stop.wait(0.05)
        raise HubStartError(
            f"the hub did not report ready within {self._start_timeout_s:g} s",
            f"See {self._log_path}; a slow disk or a locked database can cause this.",
        )

    def _issue_token(self) -> str:
        """The kiosk's token from `kiosk hub token` (a child process, so the client stack
        imports nothing of the hub's: the hub is a separate program it only talks to)."""
        token_args = ["hub", "token", "--kiosk", self.kiosk_id, "--db", self.db_url]
        token_args += ["--store", self.store_id] if self.store_id else []
        cmd = kiosk_command(self._python, token_args, frozen=self._frozen)
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise HubStartError(
                f"the kiosk's hub token could not be issued: {exc}", _TOKEN_FIX
            ) from None
        token = done.stdout.strip()
        if done.returncode != 0 or not token:
            tail = " ".join(done.stderr.split())[-300:] or "(no message)"
            raise HubStartError(f"the kiosk's hub token could not be issued: {tail}", _TOKEN_FIX)
        return token

    def _terminate(self, timeout_s: float) -> None:
        with self._lock:
            proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout_s)

    def _rotate_log(self) -> None:
        try:
            if self._log_path.stat().st_size > _LOG_LIMIT_BYTES:
                self._log_path.replace(self._log_path.with_suffix(".log.1"))
        except OSError:
            pass

    def _log_tail(self, limit: int = 400) -> str:
        try:
            text = self._log_path.read_bytes()[-limit:].decode("utf-8", "replace")
        except OSError:
            return "(no log)"
        return " ".join(text.split()) or "(empty log)"


def _read_ready_file(path: Path, pid: int) -> str | None:
    """The hub writes {"url", "pid"} (atomically) once it answers; a stale file is ignored."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("pid") != pid or not isinstance(data.get("url"), str):
        return None
    return str(data["url"]).rstrip("/")
