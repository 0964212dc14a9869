"""Frame-sized buffers go back to the system when freed (glibc), so the mirror's memory
stays flat over days.

glibc serves a large allocation with its own mmap and unmaps it when freed, but only up to
a threshold that it raises, by default, to the size of each such block freed (up to 32 MB).
After the first camera frame is freed, every frame-sized buffer (a 720p frame is 2.7 MB; a
frame makes several: the capture, MediaPipe's RGB copy, the painted frame, the screen's
copy) comes from the heap arenas instead, of which a dozen threads use up to 16 on two
cores; freed in another order than they were made, between small long-lived objects, their
space is rarely given back. Measured (`benchmarks/soak.py`, talk_d10 looping, a shade on):
RSS 762 -> 886 MB in two minutes with glibc's default; with the threshold fixed at 1 MiB, flat
(565-571 MB over 150 s, sampled every 10 s). The price is a fresh mapping, its pages
zeroed on first touch, for each such buffer.

`KIOSK_MALLOC_DEFAULT=1`, or glibc's own MALLOC_MMAP_THRESHOLD_ in the environment, leaves
the allocator as it is.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import os
import sys

log = logging.getLogger(__name__)

M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)
MMAP_THRESHOLD_BYTES = 1 << 20  # 1 MiB: a frame or a mask of one goes straight to mmap


def fix_large_allocations(threshold: int = MMAP_THRESHOLD_BYTES) -> bool:
    """Fix glibc's mmap threshold at `threshold` bytes (which also stops it from moving);
    True when it was set. Elsewhere (macOS, musl, Windows) nothing is done."""
    if not sys.platform.startswith("linux"):
        return False
    if os.environ.get("KIOSK_MALLOC_DEFAULT") == "1" or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    done = bool(mallopt(M_MMAP_THRESHOLD, threshold))
    if not done:
        log.warning("could not fix the allocator's mmap threshold; memory may grow over days")
    return done
