"""The embedded hub's child process: it dies with the kiosk, and never starts without it.

On Linux the child asks the kernel to kill it when the kiosk goes (prctl PR_SET_PDEATHSIG
= SIGKILL), then checks that the kiosk is still its parent: one that died before that
call has left the child with another parent, and the child exits. Both happen in the
child before the hub runs, so nothing runs between fork and exec in the kiosk's threaded
process. The signal follows the thread that started the child (see kiosk.client.embedded).

Two ways in, one logic (`die_with_parent`):
  - from Python (a checkout, a wheel, a .deb's venv): `python -c LAUNCH_CODE PARENT ARGS`
    runs `main`, which execs `python -m kiosk hub ARGS` (the setting survives exec);
  - from a frozen bundle (PyInstaller), whose sys.executable is the bundle's own program
    with no `-c` or `-m`: `kiosk FROZEN_FLAG PARENT ARGS`; the bundle's entry script
    (packaging/bundle/kiosk_main.py) sees the flag and calls `run_child` with the kiosk
    command, which runs `hub ARGS` in that same process.
The standard library only: the child starts as fast as it did from inline `-c` code.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Callable, Sequence

# The bundle's private first argument: "be the embedded hub's child" (not a command).
FROZEN_FLAG = "--embedded-hub-child"
LAUNCH_CODE = "from kiosk.client.hub_launcher import main; main()"
_PR_SET_PDEATHSIG = 1


def is_frozen() -> bool:
    """True inside a frozen bundle (PyInstaller sets sys.frozen)."""
    return bool(getattr(sys, "frozen", False))


def kiosk_command(python: str, args: Sequence[str], *, frozen: bool) -> list[str]:
    """`kiosk ARGS` as a child process's argv: `python -m kiosk ARGS`, or in a frozen
    bundle its own program (`python` is then the bundle's executable) with ARGS."""
    return [python, *args] if frozen else [python, "-m", "kiosk", *args]


def hub_command(
    python: str, parent_pid: int, hub_args: Sequence[str], *, frozen: bool
) -> list[str]:
    """The embedded hub's argv: `kiosk hub HUB_ARGS` behind the launcher, for `parent_pid`."""
    if frozen:
        return [python, FROZEN_FLAG, str(parent_pid), *hub_args]
    return [python, "-c", LAUNCH_CODE, str(parent_pid), *hub_args]


def die_with_parent(parent_pid: int) -> bool:
    """Ask to be killed when the parent dies; False when `parent_pid` is already not our
    parent (it is gone). Elsewhere than Linux there is no such request: True."""
    if not sys.platform.startswith("linux"):
        return True
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    return os.getppid() == parent_pid


def run_child(argv: Sequence[str], run_kiosk: Callable[[list[str]], int]) -> int:
    """The frozen child: `argv` is PARENT HUB_ARGS...; runs `kiosk hub HUB_ARGS` through
    `run_kiosk` (kiosk.cli.main) unless the parent is gone (then 0, nothing started)."""
    parent, *hub_args = argv
    if not die_with_parent(int(parent)):
        return 0
    return run_kiosk(["hub", *hub_args])


def main() -> None:
    """`python -c LAUNCH_CODE PARENT HUB_ARGS...`: exec the hub under this same Python."""
    parent, *hub_args = sys.argv[1:]
    if not die_with_parent(int(parent)):
        sys.exit(0)
    os.execv(sys.executable, kiosk_command(sys.executable, ["hub", *hub_args], frozen=False))
