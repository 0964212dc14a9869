"""CPU time by thread: a busy thread's seconds go to its name, an idle one's do not."""

from __future__ import annotations

import threading
import time

import pytest

from kiosk.ops import thread_cpu


def _busy(stop: threading.Event, spent: threading.Event, cpu_s: float) -> None:
    """Spin until this thread has used `cpu_s` of CPU (however loaded the machine), then
    stay alive, idle, until stopped (a thread that ended is not in /proc)."""
    x = 0
    while time.thread_time() < cpu_s:
        for i in range(10_000):
            x += i
    spent.set()
    stop.wait()


@pytest.mark.skipif(not thread_cpu.TASKS.is_dir(), reason="needs Linux /proc")
def test_a_busy_threads_cpu_is_its_own_and_a_sleeping_one_has_none() -> None:
    stop, spent = threading.Event(), threading.Event()
    busy = threading.Thread(target=_busy, args=(stop, spent, 0.4), name="face_0")
    idle = threading.Thread(target=stop.wait, name="capture /a/video.mp4 at 640x480")
    before = thread_cpu.snapshot()
    busy.start()
    idle.start()
    try:
        assert spent.wait(120)  # this thread waits meanwhile: its CPU stays near zero
        after = thread_cpu.snapshot()
    finally:
        stop.set()
        busy.join()
        idle.join()
    used = thread_cpu.used_between(before, after)
    assert 0.37 <= used["face"] <= 0.6  # numbered threads of a kind count as one (face_0)
    assert used["capture"] <= 0.05 and used["MainThread"] <= 0.1  # a name's first word
    assert next(iter(used)) == "face"  # most first
