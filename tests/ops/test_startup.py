"""The start-up clock counts from the moment the process began, stage by stage."""

from __future__ import annotations

import subprocess
import sys
import time

from kiosk.ops.startup import StartupClock

PROBE = """
import sys, time
time.sleep(float(sys.argv[1]))
from kiosk.ops.startup import StartupClock
print(time.monotonic() - StartupClock().began)
"""


def _age_seen_by_a_fresh_process(sleep_s: float) -> float:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(sleep_s)], capture_output=True, text=True, check=True
    )
    return float(out.stdout)


def test_the_clock_starts_when_the_process_did_not_when_it_was_made() -> None:
    # The interpreter's own start and anything before the clock is made count: a clock made
    # after a 1.5 s sleep has seen at least that long (made "now", it would say ~0).
    quick, slow = _age_seen_by_a_fresh_process(0.0), _age_seen_by_a_fresh_process(1.5)
    assert 0.0 <= quick < 5.0
    assert slow >= 1.5 and slow - quick >= 1.0


def test_stages_follow_each_other_and_add_up_to_the_total() -> None:
    clock = StartupClock(began=time.monotonic())
    assert clock.stages() == {} and clock.total() == 0.0
    time.sleep(0.05)
    clock.mark("imports")
    time.sleep(0.02)
    clock.mark("window")
    clock.mark("imports")  # a stage is marked once: a second mark changes nothing
    stages = clock.stages()
    assert list(stages) == ["imports", "window"]
    assert stages["imports"] >= 0.05 and stages["window"] >= 0.02
    assert abs(sum(stages.values()) - clock.total()) < 0.002
    summary = clock.summary()
    assert summary.startswith(f"{clock.total():.2f} s from process start (imports ")
    assert "window" in summary
