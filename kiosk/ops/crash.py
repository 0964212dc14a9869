"""Crash reports: what the mirror was doing when it died, kept for IT, never an image.

A native crash (a GPU driver, MediaPipe, Qt) kills the process before Python's logging
can say anything; faulthandler writes every thread's stack to `crash-pending.txt` in the
log folder as it dies, and an uncaught Python exception goes there too. The service
brings the mirror back (systemd `Restart=always`), and at its next start a non-empty
pending file becomes `crash-<UTC time>.txt` with one log line naming it. A clean exit
leaves no file. Stacks and messages only: no frames, no member data.

Python's own fatal errors (`Fatal Python error: none_dealloc`) turn faulthandler off and
write their stacks to stderr instead, as glog's LOG(FATAL) does; `kiosk run` keeps
stderr in `native-stderr.txt` (kiosk.ops.native_log), and the report gets its last words.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import time
import traceback
from pathlib import Path
from types import TracebackType
from typing import IO

from kiosk.ops.native_log import last_words

log = logging.getLogger(__name__)
PENDING = "crash-pending.txt"
NATIVE_STDERR = "native-stderr.txt"  # the run's stderr (kiosk.ops.native_log)
KEEP = 20  # crash reports kept; older ones go
_armed: IO[str] | None = None


def collect(log_dir: Path) -> Path | None:
    """The last run's crash report, renamed to keep, or None when it ended cleanly."""
    pending = log_dir / PENDING
    try:
        if not pending.is_file():
            return None
        words = last_words(log_dir / NATIVE_STDERR)
        if pending.stat().st_size == 0 and not words:
            pending.unlink()
            return None
        kept = log_dir / f"crash-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.txt"
        pending.replace(kept)
        if words:
            with kept.open("a", encoding="utf-8") as out:
                out.write(f"\n--- its last words on stderr ({NATIVE_STDERR}) ---\n{words}")
    except OSError as exc:
        log.warning("cannot read the last crash report in %s: %s", log_dir, exc)
        return None
    for old in sorted(log_dir.glob("crash-2*.txt"))[:-KEEP]:
        old.unlink(missing_ok=True)
    log.warning("the mirror stopped unexpectedly last time; its report: %s", kept)
    return kept


def arm(log_dir: Path) -> bool:
    """From now on a crash writes its stacks to the pending report (False: not possible)."""
    global _armed
    if _armed is not None:
        return True
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        out = (log_dir / PENDING).open("a", encoding="utf-8")
    except OSError as exc:
        log.warning("crash reports are off: cannot write to %s: %s", log_dir, exc)
        return False
    faulthandler.enable(file=out, all_threads=True)
    previous = sys.excepthook

    def report(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        out.write("".join(traceback.format_exception(kind, error, tb)))
        out.flush()
        previous(kind, error, tb)

    sys.excepthook = report
    _armed = out
    return True


def disarm(log_dir: Path) -> None:
    """A clean exit: no report left behind."""
    global _armed
    if _armed is None:
        return
    faulthandler.disable()
    _armed.close()
    _armed = None
    pending = log_dir / PENDING
    try:
        if pending.is_file() and pending.stat().st_size == 0:
            pending.unlink()
    except OSError:
        pass
