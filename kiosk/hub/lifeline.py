"""Workers of `kiosk hub --workers N` die with their parent.

uvicorn's workers are separate processes sharing the parent's listening socket. When the
parent is killed outright (kill -9, the OOM killer), nothing tells them: they went on
serving, and a restarted hub could not bind the port they still held. Each worker
therefore asks Linux to send it SIGTERM when its parent dies (`prctl(PR_SET_PDEATHSIG)`),
and a watchdog thread also polls `os.getppid()` (other systems; and the prctl fires when
the parent *thread* that forked exits, which a polling check does not depend on). A
worker that has not finished a graceful shutdown a few seconds later exits hard.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import threading
import time

ENV_PARENT = "KIOSK_HUB_PARENT_PID"
PR_SET_PDEATHSIG = 1
POLL_S = 0.5
HARD_EXIT_AFTER_S = 5.0

log = logging.getLogger("kiosk.hub")


def die_with_parent_from_env() -> None:
    """In a worker (the parent set ENV_PARENT): tie this process's life to the parent's."""
    raw = os.environ.get(ENV_PARENT)
    if not raw or not raw.isdigit() or int(raw) == os.getpid():
        return  # a single-process hub, or the parent itself
    die_with_parent(int(raw))


def die_with_parent(parent_pid: int) -> None:
    """SIGTERM this process when `parent_pid` dies; exit hard if that does not end it."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    watchdog = threading.Thread(
        target=_watch, args=(parent_pid,), name="kiosk-hub-lifeline", daemon=True
    )
    watchdog.start()
    if os.getppid() != parent_pid:  # the parent died before the prctl took effect
        _parent_gone()


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(POLL_S)
    _parent_gone()


def _parent_gone() -> None:
    log.warning("the hub's parent process is gone; this worker stops")
    os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's graceful shutdown
    threading.Timer(HARD_EXIT_AFTER_S, os._exit, args=(1,)).start()
