"""Fixtures for the hub's own tests: `hub` (the real hub process on SQLite and on PostgreSQL,
from tests/conftest.py's `backend_hub`), an HTTP `client` on it, and an in-process hub whose
clock the test drives (for expiry), both on loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.hub_server import FakeClock, InProcessHub, RunningHub, serve_in_thread


@pytest.fixture(scope="module")
def hub(backend_hub: RunningHub) -> RunningHub:
    """The same tests against a hub on SQLite and on PostgreSQL."""
    return backend_hub


@pytest.fixture
def client(hub: RunningHub) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hub.url, headers=hub.headers, timeout=30) as c:
        yield c


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timed_hub(tmp_path: Path, clock: FakeClock) -> Iterator[InProcessHub]:
    yield from serve_in_thread(tmp_path, clock, sweep_seconds=3600)
