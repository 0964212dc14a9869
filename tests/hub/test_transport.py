"""Transport: slow and hostile clients (header/body deadlines, the connection cap), workers
that die with their parent, no slash redirect, flags that reach the settings, the database
URL kept off the command line, and numeric overflow as a 422 on a connection that stays
usable. All against the real `kiosk hub` process on loopback."""

from __future__ import annotations

import contextlib
import functools
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from kiosk.hub.server import bind_socket
from tests.helpers import REPO, eventually
from tests.hub_server import RunningHub, fresh_pg_schema, pg_url, start_hub

HALF_REQUEST = b"GET /v1/stock/LIP-001 HTTP/1.1\r\nHost: hub\r\nAccept: application/json\r\n"


def _addr(hub: RunningHub) -> tuple[str, int]:
    return "127.0.0.1", hub.port


def _read_until_closed(sock: socket.socket, limit_s: float) -> tuple[bytes, float]:
    """Everything the hub sends until it closes the connection, and how long that took."""
    sock.settimeout(limit_s)
    start, data = time.monotonic(), b""
    while True:
        chunk = sock.recv(4096)
        if not chunk:
            return data, time.monotonic() - start
        data += chunk


@pytest.fixture(scope="module")
def quick_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    """A hub with 1 s header and body deadlines, so the tests do not wait 10 s."""
    args = ["--header-timeout", "1", "--body-timeout", "1", "--handoff-ttl", "7"]
    with start_hub(tmp_path_factory.mktemp("quick"), extra_args=args) as hub:
        yield hub


def test_half_sent_headers_get_408_and_the_connection_closes(quick_hub: RunningHub) -> None:
    with socket.create_connection(_addr(quick_hub)) as sock:
        sock.sendall(HALF_REQUEST)
        data, took = _read_until_closed(sock, 15)
    assert data.startswith(b"HTTP/1.1 408 "), data
    assert b"request_timeout" in data
    assert 0.8 <= took <= 5, took


def test_a_silent_connection_is_closed(quick_hub: RunningHub) -> None:
    with socket.create_connection(_addr(quick_hub)) as sock:
        data, took = _read_until_closed(sock, 15)
    assert data == b""
    assert took <= 5, took


def test_a_trickled_body_is_cut_off(quick_hub: RunningHub) -> None:
    head = (
        b"POST /v1/handoffs HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
        b"Authorization: Bearer " + quick_hub.token.encode() + b"\r\nContent-Length: 400\r\n\r\n"
    )
    with socket.create_connection(_addr(quick_hub)) as sock:
        sock.sendall(head + b'{"items": [')
        data, took = _read_until_closed(sock, 15)
    assert data.startswith(b"HTTP/1.1 408 "), data
    assert 0.8 <= took <= 5, took
    # The hub is fine afterwards, and a normal request on a kept-alive connection still
    # gets its answers (the deadline is per request, not per connection).
    with httpx.Client(base_url=quick_hub.url, headers=quick_hub.headers) as client:
        for _ in range(3):
            assert client.get("/v1/stock/LIP-001").status_code == 200
            time.sleep(0.6)


def test_a_trailing_slash_is_a_404_not_a_redirect(quick_hub: RunningHub) -> None:
    for path in ("/v1/health/", "/v1/stock/LIP-001/", "/v1/products/"):
        answer = httpx.get(
            quick_hub.url + path, headers={**quick_hub.headers, "Host": "evil.example"}
        )
        assert answer.status_code == 404, (path, answer.status_code)
        assert "location" not in answer.headers
        assert answer.json()["error"]["code"] == "not_found"


def test_handoff_ttl_flag_reaches_the_hub(quick_hub: RunningHub) -> None:
    cart = {"items": [{"sku": "LIP-001", "quantity": 1}], "session_id": "s-ttl"}
    before = datetime.now().astimezone()
    answer = httpx.post(f"{quick_hub.url}/v1/handoffs", json=cart, headers=quick_hub.headers)
    assert answer.status_code == 201, answer.text
    expires = datetime.fromisoformat(answer.json()["expires_at"])
    minutes = (expires - before).total_seconds() / 60
    assert 6.5 <= minutes <= 7.5, minutes  # --handoff-ttl 7, not the default 30


# ---- a flood of half-sent requests --------------------------------------------------------


def _limit_fds() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))  # a common default


def test_a_flood_of_half_sent_requests_does_not_lock_out_good_clients(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,100 connections that each send half a request, against a hub whose open files are
    limited to 1024 (as on many hosts): good clients' lookups keep working meanwhile."""
    monkeypatch.setattr(
        subprocess, "Popen", functools.partial(subprocess.Popen, preexec_fn=_limit_fds)
    )
    hub = start_hub(tmp_path)
    monkeypatch.undo()
    flood: list[socket.socket] = []
    try:
        for _ in range(1100):
            sock = socket.socket()
            sock.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                sock.connect(_addr(hub))
            flood.append(sock)
        time.sleep(0.5)
        for sock in flood:
            with contextlib.suppress(OSError):  # the hub may have closed it: fine
                sock.send(HALF_REQUEST)
        good, statuses = 0, []
        with httpx.Client(base_url=hub.url, headers=hub.headers, timeout=5) as client:
            for _ in range(40):  # inside the 10 s header deadline of the flood
                try:
                    status = client.get("/v1/stock/LIP-001").status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__  # type: ignore[assignment]
                statuses.append(status)
                good += status == 200
        assert good == 40, statuses
        assert httpx.get(f"{hub.url}/v1/health").status_code == 200
    finally:
        for sock in flood:
            sock.close()
        hub.stop()


# ---- two workers die with their parent ----------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def _serving(pid: int) -> bool:
    """Alive and not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    hub = start_hub(tmp_path, extra_args=["--workers", "2"])
    assert hub.proc is not None
    try:
        parent = hub.proc.pid

        def two_workers() -> list[int] | None:
            found = [p for p in _children(parent) if _is_worker(p)]
            return found if len(found) >= 2 else None

        workers = eventually(two_workers, "two worker processes")
        assert httpx.get(f"{hub.url}/v1/health").status_code == 200
        port = hub.port
        hub.proc.send_signal(signal.SIGKILL)
        hub.proc.wait(10)
        killed = time.monotonic()
        eventually(lambda: not any(_serving(p) for p in workers), "the workers gone", timeout=10)
        gone_after = time.monotonic() - killed
        assert gone_after < 8, gone_after
        sock = bind_socket("127.0.0.1", port)  # the port is free again
        sock.close()
        hub.start()  # and a restart serves on it
        assert hub.port == port
        assert httpx.get(f"{hub.url}/v1/health").status_code == 200
    finally:
        hub.stop()


def _is_worker(pid: int) -> bool:
    try:
        return b"multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


# ---- the database URL off the command line ------------------------------------------------


def _start_with(
    tmp_path: Path, args: list[str], env: dict[str, str]
) -> tuple[subprocess.Popen[bytes], str, Path]:
    ready, log = tmp_path / "ready.json", tmp_path / "hub.log"
    cmd = [
        sys.executable, "-m", "kiosk", "hub", "--port", "0", "--ready-file", str(ready), *args,
    ]  # fmt: skip
    full_env = {k: v for k, v in os.environ.items() if k != "KIOSK_HUB_SETTINGS"} | env
    full_env.setdefault("XDG_DATA_HOME", str(tmp_path / "xdg"))
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=full_env, stdout=out, stderr=out)

    def url() -> str | None:
        if proc.poll() is not None:
            raise AssertionError(log.read_text(errors="replace"))
        try:
            return str(json.loads(ready.read_text())["url"])
        except (OSError, ValueError):
            return None

    return proc, eventually(url, "the hub ready", timeout=60), log


@pytest.mark.parametrize("how", ["file", "env"])
def test_database_url_from_a_file_or_the_environment(tmp_path: Path, how: str) -> None:
    import psycopg

    base = pg_url()
    password = "kiosk"
    assert f":{password}@" in base, "the test needs a PostgreSQL URL with a password"
    with fresh_pg_schema(base) as url:
        if how == "file":
            secret = tmp_path / "db-url"
            secret.write_text(url + "\n# comment lines after the first are ignored\n")
            proc, served, log = _start_with(tmp_path, ["--db-file", str(secret)], {})
        else:
            proc, served, log = _start_with(tmp_path, [], {"KIOSK_HUB_DB_URL": url})
        try:
            assert httpx.get(f"{served}/v1/health").json()["status"] == "ok"
            with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as db:
                # the hub migrated and seeded this schema: it used the URL it was given
                assert db.execute("SELECT count(*) FROM locations").fetchone()[0] > 0  # type: ignore[index]
            cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes().decode()
            assert f":{password}@" not in cmdline
            assert "postgresql" not in cmdline
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(20)
        assert f":{password}@" not in log.read_text(errors="replace")


def test_a_bad_database_url_never_prints_its_password(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "hub", "--port", "0"],
        cwd=REPO,
        env={**os.environ, "KIOSK_HUB_DB_URL": "postgresql://u:hunter2@127.0.0.1:notaport/db"},
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2, result
    output = (result.stdout + result.stderr).decode(errors="replace")
    assert "hunter2" not in output
    assert "***" in output


# ---- numeric overflow on PostgreSQL -------------------------------------------------------


def test_on_hand_overflow_is_a_422_and_the_connection_stays_usable(tmp_path: Path) -> None:
    from kiosk.hub.tokens import issue_token

    with fresh_pg_schema(pg_url()) as url:
        hub = start_hub(tmp_path, url)
        try:
            token = issue_token(url, "bo-jingan", "SH-JINGAN", role="backoffice")
            headers = {"Authorization": f"Bearer {token}"}
            statuses = []
            with httpx.Client(base_url=hub.url, headers=headers, timeout=30) as client:
                for batch in range(5):  # 2,500 receipts of 1,000,000: past 2^31 - 1 on hand
                    moves = [
                        {
                            "movement_id": f"r-{batch}-{i}",
                            "kind": "receipt",
                            "sku": "LIP-001",
                            "location_id": "SH-JINGAN",
                            "quantity": 1_000_000,
                        }
                        for i in range(500)
                    ]
                    answer = client.post("/v1/movements", json={"movements": moves})
                    statuses.append(answer.status_code)
                    if answer.status_code != 200:
                        break
                assert statuses[-1] == 422, statuses
                # The stock's own bound (moves.MAX_UNITS) answers first; a database overflow
                # past it would be `value_out_of_range`: a 422 either way, never a 500.
                code = answer.json()["error"]["code"]
                assert code in ("quantity_out_of_range", "value_out_of_range"), code
                assert 500 not in statuses
                # The next request on the same connection is answered (no ECONNRESET).
                assert client.get("/v1/stock/LIP-001").status_code == 200
        finally:
            hub.stop()
        log = hub.log_text()
        assert "Traceback" not in log
        assert "INSERT" not in log and "UPDATE" not in log and "parameters" not in log


# ---- an unexpected error ------------------------------------------------------------------


def test_an_unexpected_error_is_a_json_500_on_a_connection_that_stays_open(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The hub's own guard answers it (Starlette's outermost handler re-raised after
    answering, and uvicorn then closed the connection: the next request got ECONNRESET).
    The log names the error class and route; the traceback only at DEBUG."""
    import logging
    import threading

    import uvicorn
    from fastapi import FastAPI

    from kiosk.hub.errors import CrashGuard, install_handlers

    app = FastAPI()
    install_handlers(app)
    app.add_middleware(CrashGuard)

    @app.get("/boom/{secret}")
    def boom(secret: str) -> None:
        raise RuntimeError(f"internal detail {secret}")

    @app.get("/fine")
    def fine() -> dict[str, bool]:
        return {"fine": True}

    sock = bind_socket("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    eventually(lambda: server.started, "the test app started")
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        with caplog.at_level(logging.INFO), httpx.Client(base_url=url) as client:
            crashed = client.get("/boom/M-7QX4KZ2RB9")
            assert crashed.status_code == 500
            assert crashed.json()["error"]["code"] == "internal_error"
            assert client.get("/fine").json() == {"fine": True}  # same connection, answered
            assert client.get("/boom/x").status_code == 500
        server_side = [r for r in caplog.records if r.name.startswith(("kiosk", "uvicorn"))]
        text = "\n".join(r.getMessage() for r in server_side)
        assert "RuntimeError" in text and "/boom/{secret}" in text
        assert "M-7QX4KZ2RB9" not in text and "internal detail" not in text
        assert not [r for r in server_side if r.exc_info and r.levelno >= logging.INFO]
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
