"""glibc's allocator tuned for a process that makes several frame-sized buffers a frame on a
dozen threads, so the mirror's memory stays flat over days.

glibc gives each thread that allocates at once an arena of its own, up to 8 per core (16
here); after the first camera frame is freed it also raises its mmap threshold above the
frame's size, so every frame-sized buffer (a 720p frame is 2.7 MB; a frame makes several:
the capture, the mirror flip, MediaPipe's RGB copy, the painted frame, the screen's copy)
comes from those arenas, and freed in another order than made, between small long-lived
objects, their space is rarely given back. Measured (`benchmarks/soak.py`, talk_d10
looping, a shade on): RSS 762 -> 1045 MB in 8 minutes with glibc's default.

Two cures, both measured (2026-12-03):
- "mmap" (the default): the threshold fixed at 1 MiB, so every such buffer is a mapping of
  its own, unmapped when freed: flat, RSS +7.1 MB over a 30-minute soak. The price: each
  buffer's pages are faulted in and zeroed afresh (a 720p `cv2.flip` 3.1 ms instead of 0.8,
  `cvtColor` 4.3 instead of 0.65, MediaPipe's image copy 4.4 instead of 1.0): kiosk bench
  720p lipstick 30.9/30.1/30.6 fps, CPU 50-51 ms a frame.
- "arenas": at most `ARENAS` arenas shared by all threads, the threshold left to move, so a
  freed frame buffer is reused by the next frame, and every `TRIM_EVERY_S` a thread gives
  the arenas' free pages back (malloc_trim): 36.5/35.4/33.0 fps, CPU 42-45 ms a frame (the
  same three interleaved pairs). Without the trim the soak grew 42 MB in 6 minutes; with
  it +14.6 MB over 15 minutes (the last third's median +11.4): not yet shown flat over
  30 minutes, so not the default.

`KIOSK_MALLOC=mmap|arenas|default` chooses (default: mmap); `KIOSK_MALLOC_DEFAULT=1`, or
glibc's own MALLOC_* tunables in the environment, leave the allocator as it is.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys
import threading
from typing import Any

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # mallopt's parameter numbers (malloc.h)
M_MMAP_THRESHOLD = -3
ARENAS = 2  # one per core on the 2-core store PC
MMAP_THRESHOLD_BYTES = 1 << 20  # "mmap": 1 MiB, a frame or a mask of one goes to mmap
STRATEGIES = ("arenas", "mmap", "default")
TRIM_EVERY_S = 30.0
_trimmer: threading.Event | None = None


def chosen_strategy() -> str:
    """The allocator strategy the environment asks for ("default": leave it alone)."""
    if os.environ.get("KIOSK_MALLOC_DEFAULT") == "1":
        return "default"
    if any(k in os.environ for k in ("MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_")):
        return "default"  # glibc's own tunables win
    wanted = os.environ.get("KIOSK_MALLOC", "mmap")
    if wanted not in STRATEGIES:
        log.warning("KIOSK_MALLOC=%r is not one of %s; using mmap", wanted, STRATEGIES)
        return "mmap"
    return wanted


def fix_large_allocations(strategy: str | None = None) -> bool:
    """Tune glibc's allocator (see the module's words); True when something was set.
    Elsewhere (macOS, musl, Windows) nothing is done."""
    strategy = strategy or chosen_strategy()
    if not sys.platform.startswith("linux") or strategy == "default":
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    if strategy == "mmap":
        done = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    else:
        done = bool(mallopt(M_ARENA_MAX, ARENAS))
        if done and hasattr(libc, "malloc_trim"):
            _start_trimming(libc.malloc_trim, TRIM_EVERY_S)
    if not done:
        log.warning("could not tune the allocator (%s); memory may grow over days", strategy)
    return done


def _start_trimming(malloc_trim: Any, every_s: float) -> None:
    """A daemon thread that hands the arenas' free pages back every `every_s` (once)."""
    global _trimmer
    if _trimmer is not None:
        return
    stop = _trimmer = threading.Event()
    malloc_trim.argtypes, malloc_trim.restype = [ctypes.c_size_t], ctypes.c_int

    def trim() -> None:
        while not stop.wait(every_s):
            malloc_trim(0)

    threading.Thread(target=trim, name="memory-trim", daemon=True).start()
