"""How long the mirror took to start, stage by stage, from the moment its process began.

A crashed or updated mirror is blank until it is back: how long that is, and which stage
(Python's imports, the models, the window, the first frame, the first tracked face) takes
it, is logged once on every start (kiosk.jsonl: "started: ... s from process start") and read by
benchmarks/cold_start.py. The clock starts when the kernel started the process (from
/proc/self/stat on Linux), so the interpreter's own start and the imports count too;
elsewhere, from the first import of this module.
"""

from __future__ import annotations

import logging
import os
import time

log = logging.getLogger(__name__)


def _process_began() -> float:
    """time.monotonic() at the moment this process was created (Linux), else now."""
    try:
        with open("/proc/self/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
        ticks = int(fields[19])  # starttime: field 22, counted after "pid (comm)"
        since_boot = ticks / os.sysconf("SC_CLK_TCK")
        # CLOCK_BOOTTIME counts from boot like starttime; monotonic is the clock we mark in.
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - since_boot
        return time.monotonic() - max(0.0, age)
    except (OSError, ValueError, IndexError, AttributeError):
        return time.monotonic()


class StartupClock:
    """Marks named moments of the start; each stage is the time since the mark before."""

    def __init__(self, began: float | None = None) -> None:
        self.began = _process_began() if began is None else began
        self.marks: list[tuple[str, float]] = []

    def mark(self, stage: str) -> None:
        """`stage` has just finished (a second mark of the same stage is ignored)."""
        if all(name != stage for name, _ in self.marks):
            self.marks.append((stage, time.monotonic()))

    def stages(self) -> dict[str, float]:
        """Seconds each stage took, in the order they finished."""
        out, last = {}, self.began
        for name, at in self.marks:
            out[name] = round(at - last, 3)
            last = at
        return out

    def total(self) -> float:
        return (self.marks[-1][1] - self.began) if self.marks else 0.0

    def summary(self) -> str:
        parts = ", ".join(f"{name} {seconds:.2f}" for name, seconds in self.stages().items())
        return f"{self.total():.2f} s from process start ({parts})"

    def log(self, what: str) -> None:
        """One `startup` log line: the total and every stage, in seconds."""
        log.info("%s %s", what, self.summary())


CLOCK = StartupClock()  # this process's own: marked by cli and app as the start goes on
