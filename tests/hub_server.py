"""Test helper: the real hub (`python -m kiosk hub`) on a free loopback port.

    from tests.hub_server import start_hub
    with start_hub(tmp_path) as hub:           # SQLite in tmp_path, demo seed
        httpx.get(f"{hub.url}/v1/stock/LIP-001", headers=hub.headers)
        hub.stop(); hub.start()                # same port again when it is free
        hub.kill()                             # SIGKILL, as a crash would

PostgreSQL: `pg_url()` gives the base URL from KIOSK_TEST_PG_URL (skips when unset, fails
when CI=true), `fresh_pg_schema(base)` a URL on a new, empty schema dropped afterwards.

In this process, with a clock the test moves (for expiry):

    clock = FakeClock()
    for hub in serve_in_thread(tmp_path, clock, sweep_seconds=3600):  # or `yield from`
        clock.advance(minutes=10)
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from urllib.parse import quote

import pytest

from tests.helpers import REPO, eventually

PG_ENV = "KIOSK_TEST_PG_URL"
START_DEADLINE_S = 60.0


@dataclass
class RunningHub:
    """A hub process; `url`, `token` and `headers` are what a client needs."""

    db_url: str
    workdir: Path
    extra_args: tuple[str, ...] = ()
    kiosk_id: str = "test-kiosk"
    store_id: str | None = None
    port: int = 0
    url: str = ""
    token: str = ""
    proc: subprocess.Popen[bytes] | None = None
    starts: int = 0
    logs: list[Path] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def ready_file(self) -> Path:
        return self.workdir / "hub-ready.json"

    def issue_token(self, kiosk_id: str, store_id: str | None = None) -> str:
        """Another kiosk's token (the Python API the embedded kiosk uses)."""
        from kiosk.hub.tokens import issue_token

        return issue_token(self.db_url, kiosk_id, store_id)

    def start(self, timeout: float = START_DEADLINE_S) -> RunningHub:
        """Start (or restart) the hub; reuses the last port when it can."""
        if self.proc is not None and self.proc.poll() is None:
            raise RuntimeError("the hub is already running; stop() or kill() it first")
        if not self.token:
            self.token = self.issue_token(self.kiosk_id, self.store_id)
        try:
            self._launch(self.port, timeout)
        except PortTaken:
            self._launch(0, timeout)
        return self

    def _launch(self, port: int, timeout: float) -> None:
        self.ready_file.unlink(missing_ok=True)
        self.starts += 1
        log = self.workdir / f"hub-{self.starts}.log"
        self.logs.append(log)
        env = {k: v for k, v in os.environ.items() if k != "KIOSK_HUB_SETTINGS"}
        env.setdefault("XDG_DATA_HOME", str(self.workdir / "xdg-data"))
        cmd = [
            sys.executable, "-m", "kiosk", "hub", "--db", self.db_url, "--host", "127.0.0.1",
            "--port", str(port), "--ready-file", str(self.ready_file),
            # Short /h/ links on loopback, as a hub with a public URL gives them (with none it
            # would hand out the cart itself: tests/hub/test_handoffs.py tests that).
            "--handoff-links", "short", *self.extra_args,
        ]  # fmt: skip
        with log.open("wb") as out:
            proc = self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=out)

        def ready() -> dict[str, object] | None:
            info = _read_ready(self.ready_file)
            if info is not None and info.get("pid") == proc.pid:
                return info
            if proc.poll() is not None:
                text = log.read_text(errors="replace")
                if "already in use" in text and port:
                    raise PortTaken(text)
                raise RuntimeError(f"the hub exited with {proc.returncode}:\n{text[-3000:]}")
            return None

        try:
            info = eventually(ready, "the hub ready", timeout=timeout)
        except AssertionError as exc:
            self.kill()
            raise RuntimeError(f"{exc}; its log:\n{log.read_text(errors='replace')}") from None
        self.url = str(info["url"])
        self.port = int(self.url.rsplit(":", 1)[1])

    def stop(self, timeout: float = 20.0) -> int | None:
        """SIGTERM and wait (a graceful shutdown); returns the exit code."""
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL, as a crash or power cut would."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.logs if p.exists())

    def __enter__(self) -> RunningHub:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


class PortTaken(RuntimeError):
    """The previous port was taken by someone else meanwhile."""


def _read_ready(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def start_hub(
    tmp_path: Path,
    db_url: str | None = None,
    extra_args: Sequence[str] = (),
    *,
    kiosk_id: str = "test-kiosk",
    store_id: str | None = None,
    timeout: float = START_DEADLINE_S,
) -> RunningHub:
    """A running hub on 127.0.0.1 (SQLite in tmp_path unless `db_url`); stop() it after."""
    workdir = tmp_path / f"hub-{secrets.token_hex(3)}"
    workdir.mkdir(parents=True)
    url = db_url or f"sqlite:///{workdir / 'hub.sqlite3'}"
    hub = RunningHub(
        db_url=url,
        workdir=workdir,
        extra_args=tuple(extra_args),
        kiosk_id=kiosk_id,
        store_id=store_id,
    )
    return hub.start(timeout)


# ---- PostgreSQL ---------------------------------------------------------------------------


def pg_url() -> str:
    """KIOSK_TEST_PG_URL; skip when unset, but fail under CI=true (CI must not skip)."""
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{PG_ENV} is not set under CI=true; .ci/run must start PostgreSQL")
    pytest.skip(f"PostgreSQL tests need {PG_ENV}=postgresql://user:pass@127.0.0.1/db")


@contextlib.contextmanager
def fresh_pg_schema(base_url: str) -> Iterator[str]:
    """A URL whose search_path is a new, empty schema; the schema is dropped afterwards."""
    import psycopg

    schema = f"kiosk_t_{secrets.token_hex(6)}"
    admin = base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base_url else "?"
    try:
        yield f"{base_url}{sep}options={quote(f'-csearch_path={schema}', safe='')}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


# ---- in-process hub with a test clock -----------------------------------------------------


@dataclass
class FakeClock:
    """A clock the test moves forward; the hub reads it for every request."""

    now: datetime = field(default_factory=lambda: datetime(2025, 6, 1, 10, 0, tzinfo=UTC))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self) -> datetime:
        with self.lock:
            return self.now

    def advance(self, **delta: float) -> None:
        with self.lock:
            self.now += timedelta(**delta)


@dataclass
class InProcessHub:
    url: str
    token: str
    clock: FakeClock
    db_url: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def serve_in_thread(tmp_path: Path, clock: FakeClock, **settings: object) -> Iterator[InProcessHub]:
    """The real app under uvicorn on a loopback port, in this process, with `clock`
    (SQLite in tmp_path unless `db_url=` is among the settings)."""
    import uvicorn

    from kiosk.hub.main import create_app
    from kiosk.hub.server import bind_socket
    from kiosk.hub.settings import HubSettings
    from kiosk.hub.tokens import issue_token

    db_url = str(settings.pop("db_url", None) or f"sqlite:///{tmp_path / 'inproc.sqlite3'}")
    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    settings.setdefault("handoff_links", "short")  # as start_hub: the short /h/ links
    config = HubSettings(db_url=db_url, port=port, **settings)  # type: ignore[arg-type]
    app = create_app(config, clock=clock)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()

    def started() -> bool:
        if not thread.is_alive():
            raise RuntimeError("the in-process hub stopped before it started (see its log above)")
        return bool(server.started)

    try:
        eventually(started, "the in-process hub started", timeout=30, interval=0.01)
        token = issue_token(db_url, "clock-kiosk")
        yield InProcessHub(f"http://127.0.0.1:{port}", token, clock, db_url)
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()
