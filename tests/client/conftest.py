"""`backend_hub`: the real hub process on SQLite and on PostgreSQL, one per test module.

PostgreSQL uses the hub's test helpers: a fresh schema on KIOSK_TEST_PG_URL (dropped
afterwards); the PostgreSQL half skips when the variable is unset, and fails under CI=true.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.hub_server import RunningHub, fresh_pg_schema, pg_url, start_hub

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="module", params=BACKENDS)
def backend_hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningHub]:
    """A hub with the demo seed on a fresh database of each backend, for this module."""
    folder = tmp_path_factory.mktemp(f"hub-{request.param}")
    if request.param == "sqlite":
        with start_hub(folder) as hub:
            yield hub
        return
    with fresh_pg_schema(pg_url()) as url, start_hub(folder, url) as hub:
        yield hub
