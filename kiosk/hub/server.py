"""Run the hub: migrate, bind the socket, serve with uvicorn (one or more workers).

The parent binds the listening socket itself, so `--port 0` gets a free port that is
known before any worker starts, and workers share the socket. The ready file is written
(atomically) once the hub answers its own health check on that port, which is what a
supervisor or a test waits for.

The HTTP protocol is `kiosk.hub.transport` (header and body deadlines, a connection cap
that fits the descriptor limit); workers die with the parent (`kiosk.hub.lifeline`).
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import json
import logging
import os
import signal
import socket
import sys
import threading
import time
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.hub.lifeline import ENV_PARENT
from kiosk.hub.settings import ENV_SETTINGS, HubSettings
from kiosk.storeapi.contract import API_PREFIX

log = logging.getLogger("kiosk.hub")
READY_DEADLINE_S = 120.0


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise KioskError(
                f"port {port} on {host} is already in use",
                "stop the other server, pick another --port, or pass --port 0 for a free one",
            ) from None
        raise KioskError(
            f"cannot listen on {host}:{port}: {exc.strerror}", "check --host"
        ) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def write_ready_file(path: Path, url: str) -> None:
    """{"url", "pid"} written to a temporary file and renamed, so readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
    os.replace(tmp, path)


def _wait_then_announce(settings: HubSettings, stop: threading.Event) -> None:
    deadline = time.monotonic() + READY_DEADLINE_S
    host = "127.0.0.1" if settings.host in ("0.0.0.0", "") else settings.host
    if host == "::":
        host = "::1"
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(host, settings.port, timeout=2)
            conn.request("GET", f"{API_PREFIX}/health")
            ok = conn.getresponse().status == 200
            conn.close()
        except OSError:
            ok = False
        if ok:
            if settings.ready_file is not None:
                write_ready_file(settings.ready_file, settings.served_url())
            print(f"kiosk hub: serving {settings.served_url()}", file=sys.stderr, flush=True)
            return
        stop.wait(0.05)
    if not stop.is_set():
        log.warning("the hub did not answer its health check within %.0f s", READY_DEADLINE_S)


def _exit_quietly(_signum: int, _frame: object) -> None:
    raise SystemExit(0)


def serve(settings: HubSettings) -> int:
    """Serve until SIGINT/SIGTERM; returns the exit code."""
    import uvicorn

    from kiosk.hub import transport
    from kiosk.hub.db import make_engine, pool_capacity
    from kiosk.hub.migrate import prepare_database

    engine = make_engine(settings.db_url, pool_size=1, write_timeout_s=settings.db_write_timeout_s)
    try:
        prepare_database(engine, settings.seed)  # fail here with a clear message, not in a worker
    finally:
        engine.dispose()
    sock = bind_socket(settings.host, settings.port)
    fd_limit = transport.raise_fd_limit()  # workers inherit it
    cap = transport.connection_budget(
        settings.max_connections, pool_capacity(settings.pool_size), fd_limit
    )
    if cap < settings.max_connections:
        log.warning(
            "open files are limited to %d: at most %d connections per worker "
            "(raise `ulimit -n` for --max-connections %d)",
            fd_limit,
            cap,
            settings.max_connections,
        )
    settings = settings.model_copy(update={"port": sock.getsockname()[1], "max_connections": cap})
    os.environ[ENV_SETTINGS] = settings.to_env()
    transport.configure(transport.Limits(settings.header_timeout_s, settings.body_timeout_s, cap))
    if settings.workers > 1:
        os.environ[ENV_PARENT] = str(os.getpid())  # workers die with this process
    config = uvicorn.Config(
        "kiosk.hub.main:app_from_env",
        factory=True,
        workers=settings.workers,
        http=transport.GuardedHttpToolsProtocol,
        ws="none",
        access_log=False,  # raw paths can hold member ids; metrics label routes by template
        log_level="warning",
        timeout_graceful_shutdown=5,
        server_header=False,
    )
    # uvicorn shuts down gracefully on SIGTERM and then re-raises it: let that end in a
    # normal exit (status 0, ready file removed) rather than death by signal.
    signal.signal(signal.SIGTERM, _exit_quietly)
    stop = threading.Event()
    announcer = threading.Thread(target=_wait_then_announce, args=(settings, stop), daemon=True)
    announcer.start()
    try:
        if settings.workers == 1:
            uvicorn.Server(config).run(sockets=[sock])
        else:
            from uvicorn.supervisors import Multiprocess

            Multiprocess(config, sockets=[sock]).run()
    finally:
        stop.set()
        sock.close()
        if settings.ready_file is not None:
            with contextlib.suppress(OSError):
                settings.ready_file.unlink()
    return 0
