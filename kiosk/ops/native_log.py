"""The native libraries' start-up noise goes to the log file, once, not to the console.

MediaPipe, TensorFlow Lite and OpenCV write straight to the process's stderr (file
descriptor 2) from C++: dozens of lines at every start ("Sparsity tensors may not yet
be fully supported", "Created TensorFlow Lite XNNPACK delegate", an OpenCV block on
every camera retry). A shopper never sees the console, but a developer or IT does,
and real problems drown in it. Here fd 2 becomes a file that a thread reads as it grows
and logs each distinct line once (numbers, times and thread ids taken out to tell
repeats) to the `kiosk.native` logger, which the log file keeps and the console
(warnings and up) does not; Python's own stderr is moved to a copy of the original
console first, so the kiosk's messages and tracebacks still reach it.

A file, not a pipe: what a dying process wrote last stays in it. Python's own fatal
errors ("Fatal Python error: none_dealloc", with every thread's stack) and glog's
LOG(FATAL) are written to fd 2 just before abort(), too late for any reader thread; in
`kiosk run` the file is `native-stderr.txt` in the log folder and the next start puts
its last words into the crash report (kiosk.ops.crash). Python's fault handler writes a
fatal signal's stacks to the console copy (`kiosk run` moves it to the crash report),
and a line that reads like a fatal one is echoed to the console as soon as it is read.
The file is emptied once it passes `MAX_BYTES` and has been read to its end.
"""

from __future__ import annotations

import contextlib
import faulthandler
import io
import logging
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

log = logging.getLogger("kiosk.native")
# What makes two reports of the same thing differ: glog's "W0000 00:00:1796.12 19205 "
# prefix, addresses, numbers.
_VARIABLE = re.compile(r"^[IWEF]\d{4} [\d:.]+\s+\d+\s+|0x[0-9a-fA-F]+|\d+")
# glog's fatal lines ("F1202 ...", "Check failed", its stack trace's header), C++'s
# uncaught exception, an abort: shown on the console too, not only in the log.
_FATAL = re.compile(
    r"^F\d{4} |Check failed|Check failure|terminate called|Aborted|FATAL|Fatal Python error"
)
MAX_KEYS = 2000  # distinct lines remembered (a flood of new ones is logged, not kept)
MAX_BYTES = 1 << 20  # the file is emptied past this size, once read to its end
POLL_S = 0.25  # how often the reader looks for new lines
_started = False


def route_native_stderr(keep: Path | None = None) -> bool:
    """From now on, C++ writes to stderr land in the log (each distinct line once).

    `keep`: the file fd 2 writes to, emptied now and left behind at exit (its last lines
    are a crash's last words); None: an unnamed temporary file. Returns False (and
    changes nothing) when stderr is not a real file descriptor (an embedding host), the
    file cannot be made, or it was done already."""
    global _started
    if _started or not hasattr(os, "pread"):  # POSIX only (not a Windows laptop)
        return False
    try:
        sys.stderr.flush()
        target = _open_target(keep)
    except (OSError, ValueError, AttributeError, ImportError):
        return False
    try:
        console = os.dup(2)
    except OSError:
        os.close(target)
        return False
    # Python's stderr: the console as it was, line-buffered as before.
    sys.stderr = io.TextIOWrapper(
        os.fdopen(console, "wb", buffering=0),
        encoding="utf-8",
        errors="replace",
        line_buffering=True,
        write_through=True,
    )
    os.dup2(target, 2)  # O_APPEND: every writer appends, whatever the reader does
    faulthandler.enable(file=sys.stderr, all_threads=True)  # a native abort is seen
    threading.Thread(
        target=_follow, args=(target, sys.stderr), name="native-stderr", daemon=True
    ).start()
    _started = True
    return True


def _open_target(keep: Path | None) -> int:
    """A read-write, append-only descriptor on an empty file."""
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC
    if keep is not None:
        keep.parent.mkdir(parents=True, exist_ok=True)
        return os.open(keep, flags, 0o600)
    fd, name = tempfile.mkstemp(prefix="kiosk-native-")
    try:
        os.unlink(name)  # gone with the process
        os.set_inheritable(fd, False)
        import fcntl  # POSIX; a developer's Windows laptop has no fcntl (ImportError below)

        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_APPEND)
    except (OSError, ImportError):
        os.close(fd)
        raise
    return fd


def _follow(fd: int, console: io.TextIOBase | None = None) -> None:
    """Read the file as it grows, for the life of the process (pread: the writers' offset
    is not touched). Nothing here may end the loop early: the log would go quiet."""
    lines = _Lines(console)
    offset = 0
    pending = b""
    while True:
        try:
            chunk = os.pread(fd, 65536, offset)
        except OSError:
            chunk = b""
        if chunk:
            offset += len(chunk)
            *whole, pending = (pending + chunk).split(b"\n")
            for raw in whole:
                lines.take(raw)
            continue
        if offset > MAX_BYTES and not pending:
            # Read to the end: start again from empty (a line written in between is lost
            # to the log, never to a crash: the file is only emptied while nothing dies).
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
                offset = 0
        time.sleep(POLL_S)


class _Lines:
    """Each distinct line once to the log; fatal-looking ones to the console as well."""

    def __init__(self, console: io.TextIOBase | None) -> None:
        self.console = console
        self.seen: set[str] = set()

    def take(self, raw: bytes) -> None:
        try:
            line = raw.decode("utf-8", "replace").rstrip()
            if not line:
                return
            if self.console is not None and _FATAL.search(line):
                self.console.write(line + "\n")
            key = _VARIABLE.sub("#", line)
            if key in self.seen:
                return
            if len(self.seen) < MAX_KEYS:
                self.seen.add(key)
            log.info("%s", line)
        except Exception:  # the reader must outlive any one bad line
            return


def last_words(path: Path, limit: int = 64 * 1024) -> str:
    """What a process that died wrote last to `path` (a `keep` file): from the first
    fatal-looking line of its last `limit` bytes on; "" when nothing there looks fatal."""
    try:
        with path.open("rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - limit))
            tail = f.read().decode("utf-8", "replace")
    except OSError:
        return ""
    found = _FATAL.search(tail)
    if found is None:
        return ""
    return tail[tail.rfind("\n", 0, found.start()) + 1 :]
