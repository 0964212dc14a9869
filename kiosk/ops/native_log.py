"""The native libraries' start-up noise goes to the log file, once, not to the console.

MediaPipe, TensorFlow Lite and OpenCV write straight to the process's stderr (file
descriptor 2) from C++: dozens of lines at every start ("Sparsity tensors may not yet
be fully supported", "Created TensorFlow Lite XNNPACK delegate", an OpenCV block on
every camera retry). A shopper never sees the console, but a developer or IT does,
and real problems drown in it. Here fd 2 becomes a pipe read by a thread that logs
each distinct line once (numbers, times and thread ids taken out to tell repeats) to
the `kiosk.native` logger, which the file keeps and the console (warnings and up)
does not; Python's own stderr is moved to a copy of the original console first, so
the kiosk's messages and tracebacks still reach it.

A native library that gives up (glog's CHECK, an abort) must not die silently behind the
pipe: Python's fault handler writes the fatal signal and every thread's stack to the
console copy (`kiosk run` moves it to its crash report, kiosk.ops.crash), and a line that
reads like a fatal one is also echoed to the console as soon as it is read.
"""

from __future__ import annotations

import faulthandler
import io
import logging
import os
import re
import sys
import threading

log = logging.getLogger("kiosk.native")
# What makes two reports of the same thing differ: glog's "W0000 00:00:1796.12 19205 "
# prefix, addresses, numbers.
_VARIABLE = re.compile(r"^[IWEF]\d{4} [\d:.]+\s+\d+\s+|0x[0-9a-fA-F]+|\d+")
# glog's fatal lines ("F1202 ...", "Check failed", its stack trace's header), C++'s
# uncaught exception, an abort: shown on the console too, not only in the log.
_FATAL = re.compile(r"^F\d{4} |Check failed|Check failure|terminate called|Aborted|FATAL")
MAX_KEYS = 2000  # distinct lines remembered (a flood of new ones is logged, not kept)
_started = False


def route_native_stderr() -> bool:
    """From now on, C++ writes to stderr land in the log (each distinct line once).

    Returns False (and changes nothing) when stderr is not a real file descriptor
    (an embedding host) or it was done already."""
    global _started
    if _started:
        return False
    try:
        sys.stderr.flush()
        console = os.dup(2)
    except (OSError, ValueError, AttributeError):
        return False
    read_fd, write_fd = os.pipe()
    # Python's stderr: the console as it was, line-buffered as before.
    sys.stderr = io.TextIOWrapper(
        os.fdopen(console, "wb", buffering=0),
        encoding="utf-8",
        errors="replace",
        line_buffering=True,
        write_through=True,
    )
    os.dup2(write_fd, 2)
    os.close(write_fd)
    faulthandler.enable(file=sys.stderr, all_threads=True)  # a native abort is seen
    console_out = sys.stderr
    threading.Thread(
        target=_pump, args=(read_fd, console_out), name="native-stderr", daemon=True
    ).start()
    _started = True
    return True


def _pump(read_fd: int, console: io.TextIOBase | None = None) -> None:
    """Read the pipe for the life of the process: a reader that stopped would let the
    pipe fill and block the next C++ write, so nothing here may end the loop early."""
    seen: set[str] = set()
    with os.fdopen(read_fd, "rb", buffering=0) as pipe:
        for raw in iter(pipe.readline, b""):
            try:
                line = raw.decode("utf-8", "replace").rstrip()
                if not line:
                    continue
                if console is not None and _FATAL.search(line):
                    console.write(line + "\n")
                key = _VARIABLE.sub("#", line)
                if key in seen:
                    continue
                if len(seen) < MAX_KEYS:
                    seen.add(key)
                log.info("%s", line)
            except Exception:  # the pump must outlive any one bad line
                continue
