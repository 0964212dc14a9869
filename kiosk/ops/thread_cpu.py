"""CPU time by thread, from /proc: where a frame's work goes, across both cores.

A frame's wall time says how long the shopper waits; it cannot say whether the time is
ours or the model's when the two run side by side on two cores. The CPU each thread used
can: `kiosk bench` prints it per frame, and the sum over the cores is the shortest frame
this work allows on this machine, however well it is overlapped.

Python threads are named by their `threading` names (CPython 3.11 does not give the OS
thread a name); every other thread is native (MediaPipe's graph and XNNPACK workers,
OpenCV, Qt), grouped under its kernel name. Linux only; elsewhere the snapshot is empty.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

TASKS = Path("/proc/self/task")
_TICK_S = 1.0 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01
# Numbered threads of one kind count as one ("face_0", "ThreadPoolExecutor-1_0").
_NUMBERED = re.compile(r"[-_]?\d+(_\d+)?$")


@dataclass(frozen=True)
class Snapshot:
    """CPU seconds used so far by each live thread of this process, by thread id."""

    cpu_s: dict[int, float]
    names: dict[int, str]


def snapshot() -> Snapshot:
    """Every thread's CPU time now (threads that ended before are not in it)."""
    python = {t.native_id: t.name for t in threading.enumerate() if t.native_id is not None}
    cpu: dict[int, float] = {}
    names: dict[int, str] = {}
    try:
        tasks = list(TASKS.iterdir())
    except OSError:
        return Snapshot({}, {})
    for task in tasks:
        try:
            tid = int(task.name)
            stat = (task / "stat").read_text()
        except (OSError, ValueError):
            continue  # it ended meanwhile
        # "tid (comm) state ... utime stime": the name may hold spaces and parentheses.
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        cpu[tid] = (int(fields[11]) + int(fields[12])) * _TICK_S
        names[tid] = python.get(tid) or f"native: {comm}"
    return Snapshot(cpu, names)


def used_between(before: Snapshot, after: Snapshot) -> dict[str, float]:
    """CPU seconds used between two snapshots, by kind of thread, most first."""
    used: dict[str, float] = {}
    for tid, cpu in after.cpu_s.items():
        name = after.names[tid]
        if not name.startswith("native: "):  # "capture /path at 640x480": its first word
            name = name.split(" ", 1)[0]
        kind = _NUMBERED.sub("", name) or name
        used[kind] = used.get(kind, 0.0) + cpu - before.cpu_s.get(tid, 0.0)
    return dict(sorted(used.items(), key=lambda kv: -kv[1]))
