"""systemd's service notification protocol (sd_notify(3)) in plain stdlib.

Under `Type=notify` systemd hands the service an AF_UNIX datagram socket in
$NOTIFY_SOCKET (a path, or an abstract socket written with a leading '@') and, with
`WatchdogSec=`, the watchdog interval in $WATCHDOG_USEC. The service sends newline-
separated `KEY=VALUE` lines: READY=1 once it serves, WATCHDOG=1 at least once per
interval (systemd kills and, with `Restart=`, restarts it otherwise), STOPPING=1 as it
shuts down, STATUS=... for `systemctl status`. With no $NOTIFY_SOCKET (a developer's
terminal, the tests) every call here does nothing and returns False.

$WATCHDOG_PID is deliberately not checked (libsystemd's sd_watchdog_enabled() does): on a
store PC the mirror runs as the child of the `cage` compositor, which is the unit's main
process, so $WATCHDOG_PID names cage; the unit's `NotifyAccess=all` lets the child speak
for the service. The environment is read on every call, so a test or a caller can change
it at any time.

Qt stays out of this module (only ui/ and app.py import Qt): `attach` starts any timer
that looks like a QTimer, and `kiosk.app.run` hands it one on the Qt main loop, so a
frozen UI stops the pings.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Mapping
from typing import Protocol

log = logging.getLogger(__name__)

NOTIFY_SOCKET = "NOTIFY_SOCKET"
WATCHDOG_USEC = "WATCHDOG_USEC"

_warned = False  # a failing send is logged once, not every ping


def _address(env: Mapping[str, str]) -> str | None:
    value = env.get(NOTIFY_SOCKET, "")
    if not value:
        return None
    if value.startswith("@"):
        return "\0" + value[1:]  # Linux abstract namespace
    if value.startswith("/"):
        return value
    return None  # vsock and relative paths are not for a kiosk: ignored


def notify(*fields: str, env: Mapping[str, str] | None = None) -> bool:
    """Send `fields` (each `KEY=VALUE`) as one datagram; True if it was sent."""
    global _warned
    address = _address(os.environ if env is None else env)
    if address is None or not fields:
        return False
    payload = "\n".join(fields).encode("utf-8")
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(payload, address)
    except OSError as exc:
        if not _warned:
            _warned = True
            log.warning("could not notify systemd at %s: %s", address.lstrip("\0"), exc)
        return False
    return True


def ready(env: Mapping[str, str] | None = None) -> bool:
    """READY=1: the service is up (for the mirror: its window has drawn a frame)."""
    return notify("READY=1", env=env)


def ping(env: Mapping[str, str] | None = None) -> bool:
    """WATCHDOG=1: still alive; due at least every `watchdog_interval()` seconds."""
    return notify("WATCHDOG=1", env=env)


def stopping(env: Mapping[str, str] | None = None) -> bool:
    """STOPPING=1: shutting down on purpose (a watchdog timeout is not expected)."""
    return notify("STOPPING=1", env=env)


def status(text: str, env: Mapping[str, str] | None = None) -> bool:
    """STATUS=text: one line shown by `systemctl status`."""
    return notify("STATUS=" + " ".join(text.split()), env=env)


def supervised(env: Mapping[str, str] | None = None) -> bool:
    """Whether a service manager runs us and can start us again ($NOTIFY_SOCKET set)."""
    return _address(os.environ if env is None else env) is not None


def watchdog_interval(env: Mapping[str, str] | None = None) -> float | None:
    """Seconds systemd waits for a ping ($WATCHDOG_USEC), or None with no watchdog."""
    env = os.environ if env is None else env
    if _address(env) is None:
        return None
    try:
        usec = int(env.get(WATCHDOG_USEC, ""))
    except ValueError:
        return None
    return usec / 1e6 if usec > 0 else None


def ping_period(env: Mapping[str, str] | None = None) -> float | None:
    """Seconds between pings: half the interval (sd_watchdog_enabled(3)'s advice), so one
    late ping is not yet a restart; None with no watchdog."""
    interval = watchdog_interval(env)
    return None if interval is None else interval / 2


class _Signal(Protocol):
    def connect(self, slot: Callable[[], object]) -> object: ...


class Timer(Protocol):
    """What `attach` needs of a timer (a QTimer has it)."""

    @property
    def timeout(self) -> _Signal: ...

    def start(self, msec: int, /) -> None: ...


def attach(timer: Timer, env: Mapping[str, str] | None = None) -> bool:
    """Ping on every `timer` timeout and start it at the ping period; the timer must run
    on the loop whose freezing should stop the pings. False (timer untouched) with no
    watchdog."""
    period = ping_period(env)
    if period is None:
        return False
    timer.timeout.connect(lambda: ping(env))
    timer.start(max(1, round(period * 1000)))
    return True
