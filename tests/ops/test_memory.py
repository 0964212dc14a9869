"""glibc's allocator tuned for the mirror: frame-sized buffers get mappings of their own
(given back when freed), or, by choice, the threads share two arenas that are trimmed."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

PROBE = """
import ctypes, sys, threading
import numpy as np
from kiosk.ops.memory import fix_large_allocations

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2
fixed = fix_large_allocations(None if sys.argv[1] == "env" else sys.argv[1])
big = np.ones(4 << 20, np.uint8)  # mmapped either way (above the 128 KiB start)
del big  # freed: glibc's default now raises its threshold to 4 MiB
before = libc.mallinfo2().hblkhd
frame = np.ones((720, 1280, 3), np.uint8)  # a 720p frame, 2.7 MB
after = libc.mallinfo2().hblkhd
# Six threads, alive together, each making small objects and a frame, as the mirror's do.
ready, go = threading.Barrier(7), threading.Event()
def work():
    keep = [np.ones(1000) for _ in range(50)] + [np.ones((720, 1280, 3), np.uint8)]
    ready.wait(); go.wait()
threads = [threading.Thread(target=work) for _ in range(6)]
[t.start() for t in threads]
ready.wait()
libc.malloc_stats()  # to stderr: one "Arena N:" block per arena
go.set(); [t.join() for t in threads]
trimming = any(t.name == "memory-trim" for t in threading.enumerate())
print(int(fixed), after - before, int(trimming))
"""


def _run(mode: str, **env: str) -> tuple[bool, int, int, bool]:
    """(tuned, bytes mapped for the frame, arenas in use with six threads, trimming)."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode],
        capture_output=True, text=True, check=True,
        env={**{k: v for k, v in os.environ.items()
                if not k.startswith(("MALLOC_", "KIOSK_MALLOC"))}, **env},
    )  # fmt: skip
    fixed, grew, trimming = out.stdout.split()
    arenas = len(re.findall(r"^Arena \d+:", out.stderr, re.M))
    return fixed == "1", int(grew), arenas, trimming == "1"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_by_choice_the_threads_share_two_arenas_and_frames_come_from_them() -> None:
    tuned, grew, arenas, trimming = _run("env", KIOSK_MALLOC="arenas")
    assert tuned and arenas == 2
    assert grew == 0  # the frame reuses the arenas' memory: no fresh pages to fault in
    assert trimming  # and their free pages go back to the system now and then
    default_tuned, _, default_arenas, default_trimming = _run("default")
    assert not default_tuned and default_arenas >= 6  # glibc's default: one per thread
    assert not default_trimming


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_frame_gets_its_own_mapping_and_the_environment_can_opt_out() -> None:
    tuned, grew, arenas, trimming = _run("env")  # what kiosk run and kiosk bench do
    assert tuned and grew >= 720 * 1280 * 3  # its own mapping: unmapped when freed
    assert arenas >= 6 and not trimming  # glibc's arenas as they are
    opted_out, *_ = _run("env", KIOSK_MALLOC_DEFAULT="1")
    assert not opted_out
    opted_out, *_ = _run("env", MALLOC_ARENA_MAX="4")  # glibc's own tunable wins
    assert not opted_out
