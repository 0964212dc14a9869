"""CPU time by thread: a busy thread's seconds go to its name, an idle one's do not."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.ops import thread_cpu


def _busy(stop: threading.Event) -> None:
    x = 0
    while not stop.is_set():
        for i in range(10_000):
            x += i


@pytest.mark.skipif(not thread_cpu.TASKS.is_dir(), reason="needs Linux /proc")
def test_a_busy_threads_cpu_is_its_own_and_a_sleeping_one_has_none() -> None:
    stop = threading.Event()
    busy = threading.Thread(target=_busy, args=(stop,), name="face_0")
    idle = threading.Thread(target=stop.wait, name="hands_3")
    before = thread_cpu.snapshot()
    busy.start()
    idle.start()
    t0 = time.monotonic()
    while time.monotonic() - t0 < 0.6:
        time.sleep(0.05)  # this thread sleeps: its CPU stays near zero
    after = thread_cpu.snapshot()
    stop.set()
    busy.join()
    idle.join()
    used = thread_cpu.used_between(before, after)
    assert used["face"] >= 0.3  # numbered threads of a kind count as one ("face_0" -> face)
    assert used.get("hands", 0.0) <= 0.05 and used["MainThread"] <= 0.1
    assert next(iter(used)) == "face"  # most first
