"""Tokens and the `kiosk hub` command as an operator runs it (real processes)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
from sqlalchemy import select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.hub.tokens import revoke_tokens
from tests.hub_server import REPO, RunningHub


def kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k != "KIOSK_HUB_SETTINGS"}
    full.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=REPO, capture_output=True, text=True, timeout=60, env=full, check=False,
    )  # fmt: skip


def test_token_is_printed_alone_and_stored_hashed(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'tok.sqlite3'}"
    done = kiosk("hub", "token", "--kiosk", "mirror-3", "--db", db)
    assert done.returncode == 0, done.stderr
    token = done.stdout
    assert token.endswith("\n") and token.count("\n") == 1 and len(token.strip()) >= 40
    engine = make_engine(db, pool_size=1)
    with engine.connect() as conn:
        stored = conn.execute(select(t.tokens)).one()
    engine.dispose()
    assert token.strip() not in json.dumps([str(v) for v in stored])  # only the hash is kept
    assert stored.kiosk_id == "mirror-3"
    bad = kiosk("hub", "token", "--kiosk", "bad id!", "--db", db)
    assert bad.returncode == 2 and "--kiosk" in bad.stderr and "Traceback" not in bad.stderr


def test_missing_unknown_and_revoked_tokens(sqlite_hub: RunningHub) -> None:
    url = f"{sqlite_hub.url}/v1/stock/LIP-001"
    assert httpx.get(url).json()["error"]["code"] == "unauthorized"
    wrong = httpx.get(url, headers={"Authorization": "Bearer kh_not-a-token"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    token = sqlite_hub.issue_token("doomed-kiosk", "SH-XINTIANDI")
    mine = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
    assert mine.status_code == 200 and mine.json()["store_id"] == "SH-XINTIANDI"
    assert revoke_tokens(sqlite_hub.db_url, "doomed-kiosk") == 1
    revoked = httpx.get(url, headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 401 and revoked.json()["error"]["code"] == "token_revoked"
    assert httpx.get(url, headers=sqlite_hub.headers).status_code == 200  # others unaffected


def test_cli_revoke_and_unknown_store(sqlite_hub: RunningHub) -> None:
    token = sqlite_hub.issue_token("cli-kiosk")
    done = kiosk("hub", "token", "--revoke", "cli-kiosk", "--db", sqlite_hub.db_url)
    assert done.returncode == 0 and done.stdout == "" and "revoked 1" in done.stderr
    response = httpx.get(
        f"{sqlite_hub.url}/v1/products", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.json()["error"]["code"] == "token_revoked"
    nowhere = kiosk(
        "hub", "token", "--kiosk", "k9", "--store", "NOWHERE", "--db", sqlite_hub.db_url
    )
    assert nowhere.returncode == 2 and "SH-JINGAN" in nowhere.stderr


def test_operator_mistakes_get_a_message_and_a_fix(tmp_path: Path) -> None:
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = str(busy.getsockname()[1])
    db = f"sqlite:///{tmp_path / 'h.sqlite3'}"
    try:
        taken = kiosk("hub", "--db", db, "--port", port)
    finally:
        busy.close()
    assert taken.returncode == 2 and "already in use" in taken.stderr and "--port 0" in taken.stderr
    template = kiosk("hub", "--db", db, "--checkout-template", "{shop}/x/{nope}")
    assert template.returncode == 2 and "nope" in template.stderr
    pg = kiosk("hub", "--db", "postgresql://u:secret@127.0.0.1:1/none", "--port", "0")
    assert pg.returncode == 2 and "secret" not in pg.stderr and "fix:" in pg.stderr
    for result in (taken, template, pg):
        assert "Traceback" not in result.stderr


def test_hub_help_lists_the_flags() -> None:
    done = kiosk("hub", "--help")
    for flag in ("--db", "--port", "--ready-file", "--seed", "--public-url", "--checkout-template"):
        assert flag in done.stdout


class TcpProxy:
    """A loopback TCP relay to PostgreSQL that the test can cut (a real network fault)."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.open = threading.Event()
        self.open.set()
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.open.is_set():
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := a.recv(65536):
                b.sendall(data)
        for s in (a, b):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.open.clear()
        for s in self.conns:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
        self.conns.clear()

    def mend(self) -> None:
        self.open.set()

    def close(self) -> None:
        self.cut()
        self.server.close()


def test_database_outage_is_503_and_the_hub_recovers(tmp_path: Path, pg_base: str) -> None:
    """The network to PostgreSQL is cut under a running hub, then restored."""
    from sqlalchemy.engine import make_url

    from tests.hub_server import fresh_pg_schema, start_hub

    with fresh_pg_schema(pg_base) as url:
        parsed = make_url(url)
        proxy = TcpProxy((parsed.host or "127.0.0.1", parsed.port or 5432))
        via_proxy = parsed.set(host="127.0.0.1", port=proxy.port)
        try:
            with start_hub(tmp_path, via_proxy.render_as_string(hide_password=False)) as hub:
                stock = f"{hub.url}/v1/stock/LIP-001"
                assert httpx.get(stock, headers=hub.headers).status_code == 200
                proxy.cut()
                down = httpx.get(stock, headers=hub.headers, timeout=60)
                health = httpx.get(f"{hub.url}/v1/health", timeout=60)
                proxy.mend()
                back = httpx.get(stock, headers=hub.headers, timeout=60)
                log = hub.log_text()
        finally:
            proxy.close()
    assert down.status_code == 503 and down.json()["error"]["code"] == "db_unavailable"
    assert down.headers["retry-after"] == "2"
    assert health.status_code == 503 and health.json()["db"] == "down"
    assert back.status_code == 200
    assert "Traceback" not in log


def test_restart_on_the_same_port_keeps_the_data(tmp_path: Path) -> None:
    from tests.hub_server import start_hub

    with start_hub(tmp_path) as hub:
        body = {"sku": "LIP-010", "quantity": 1}
        held = httpx.post(f"{hub.url}/v1/reservations", json=body,
                          headers={**hub.headers, "Idempotency-Key": "restart-1"})  # fmt: skip
        assert held.status_code == 201
        url = hub.url
        assert hub.stop() == 0 and not hub.ready_file.exists()  # graceful: exit 0, file gone
        hub.start()
        assert hub.url == url
        again = httpx.get(f"{hub.url}/v1/reservations/{held.json()['reservation_id']}",
                          headers=hub.headers)  # fmt: skip
        assert again.json() == held.json()
        hub.kill()
        hub.start()
        assert httpx.get(f"{hub.url}/v1/health").status_code == 200


def test_default_database_lives_in_the_user_data_folder(tmp_path: Path) -> None:
    done = kiosk("hub", "token", "--kiosk", "k1", env={"XDG_DATA_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "kiosk" / "hub.sqlite3").is_file()
