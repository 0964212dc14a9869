"""Fixtures: the real hub process on SQLite and PostgreSQL, and an in-process hub whose
clock the test drives (for expiry), both on loopback HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from tests.hub_server import RunningHub, fresh_pg_schema, pg_url, start_hub

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="module")
def sqlite_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    with start_hub(tmp_path_factory.mktemp("hub-sqlite")) as hub:
        yield hub


@pytest.fixture(scope="module")
def pg_base() -> str:
    return pg_url()


@pytest.fixture(scope="module")
def pg_hub(tmp_path_factory: pytest.TempPathFactory, pg_base: str) -> Iterator[RunningHub]:
    with (
        fresh_pg_schema(pg_base) as url,
        start_hub(tmp_path_factory.mktemp("hub-pg"), url) as hub,
    ):
        yield hub


@pytest.fixture(scope="module", params=BACKENDS)
def hub(request: pytest.FixtureRequest) -> RunningHub:
    """The same tests against a hub on SQLite and on PostgreSQL."""
    name = "sqlite_hub" if request.param == "sqlite" else "pg_hub"
    running: RunningHub = request.getfixturevalue(name)
    return running


@pytest.fixture
def client(hub: RunningHub) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hub.url, headers=hub.headers, timeout=30) as c:
        yield c


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
    """The real app under uvicorn on a loopback port, in this process, with `clock`."""
    import uvicorn

    from kiosk.hub.main import create_app
    from kiosk.hub.server import bind_socket
    from kiosk.hub.settings import HubSettings
    from kiosk.hub.tokens import issue_token

    db_url = f"sqlite:///{tmp_path / 'inproc.sqlite3'}"
    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    config = HubSettings(db_url=db_url, port=port, **settings)  # type: ignore[arg-type]
    app = create_app(config, clock=clock)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the in-process hub did not start")
        time.sleep(0.01)
    token = issue_token(db_url, "clock-kiosk")
    try:
        yield InProcessHub(f"http://127.0.0.1:{port}", token, clock, db_url)
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timed_hub(tmp_path: Path, clock: FakeClock) -> Iterator[InProcessHub]:
    yield from serve_in_thread(tmp_path, clock, sweep_seconds=3600)
