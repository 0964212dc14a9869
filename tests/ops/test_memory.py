"""The mirror's frame-sized buffers come from their own mappings (given back when freed),
even after glibc would have moved its threshold above them."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = """
import ctypes, sys
import numpy as np
from kiosk.ops.memory import fix_large_allocations

class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL("libc.so.6")
libc.mallinfo2.restype = MallInfo2
fixed = fix_large_allocations() if sys.argv[1] == "fix" else False
big = np.ones(4 << 20, np.uint8)  # mmapped either way (above the 128 KiB start)
del big  # freed: glibc's default now raises its threshold to 4 MiB
before = libc.mallinfo2().hblkhd
frame = np.ones((720, 1280, 3), np.uint8)  # a 720p frame, 2.7 MB
after = libc.mallinfo2().hblkhd
print(int(fixed), after - before)
"""


def _run(mode: str, **env: str) -> tuple[bool, int]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode],
        capture_output=True, text=True, check=True,
        env={k: v for k, v in {**os.environ, **env}.items() if not k.startswith("MALLOC_")},
    )  # fmt: skip
    fixed, grew = out.stdout.split()
    return fixed == "1", int(grew)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator")
def test_a_frame_gets_its_own_mapping_after_a_bigger_block_was_freed() -> None:
    fixed, grew = _run("fix")
    assert fixed and grew >= 720 * 1280 * 3  # its own mapping: unmapped when freed
    # glibc's default: the freed 4 MiB block moved the threshold, the frame went to the heap
    default_fixed, default_grew = _run("default")
    assert not default_fixed and default_grew == 0
    opted_out, _ = _run("fix", KIOSK_MALLOC_DEFAULT="1")
    assert not opted_out
