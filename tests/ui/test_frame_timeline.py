"""The live window's frame timeline: each frame followed from capture to the swap."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from kiosk.ui.frame_timeline import FrameTimeline


class Clock:
    def __init__(self) -> None:
        self.t = 10.0

    def __call__(self) -> float:
        return self.t


def test_a_frame_is_on_screen_at_the_swap_after_the_sync_that_took_it() -> None:
    clock = Clock()
    timeline = FrameTimeline(clock)
    timeline.taken(9000.0, 9990.0)  # before start: not reported
    timeline.start()
    clock.t = 10.010
    timeline.taken(10_000.0, 10_005.0)
    clock.t = 10.012
    timeline.taken(10_001.0, 10_011.0)  # replaces the first before any sync
    timeline.syncing()
    timeline.rendering()
    clock.t = 10.015
    timeline.rendered()
    timeline.taken(10_002.0, 10_014.0)  # after the sync: waits for the next one
    clock.t = 10.020
    timeline.swapped()
    report = timeline.report()
    assert report.replaced_in_ui == 1
    assert len(report.shown) == 1
    shown = report.shown[0]
    assert (shown.captured, shown.painted, shown.taken) == (10_001.0, 10_011.0, 10_012.0)
    assert abs(shown.on_screen - 10_020.0) < 1e-6 and abs(shown.latency - 19.0) < 1e-6
    assert report.render_ms == [3.0] or abs(report.render_ms[0] - 3.0) < 1e-6
    assert any("capture to screen: median 19.0 ms" in line for line in report.lines())


def test_kiosk_run_measure_times_the_real_window_wearing_what_it_was_given(
    models_mirror: Path, testdata: Path, tmp_path: Path
) -> None:
    """`kiosk run --measure` on a video: the real window, a shade put on as a touch would,
    its frames followed to the screen and the figures printed; a SKU the catalog does not
    have is named, and the run still ends on its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        KIOSK_MODEL_MIRROR=str(models_mirror),
    )
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--windowed",
         "--source", str(testdata / "videos" / "talk_d10.mp4"),
         "--set", "hub.url=http://127.0.0.1:9", "--set", "logging.health_port=0",
         "--measure", "2", "--wear", "LIP-001", "--wear", "NOPE-404"],
        env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "wearing: LIP-001, NOPE-404 (not found: NOPE-404)" in out
    shown = re.search(r"frames over \d+\.\d s: (\d+) captured, (\d+) on screen", out)
    assert shown is not None, out
    assert int(shown.group(2)) > 0 and int(shown.group(1)) >= int(shown.group(2))
    assert re.search(r"capture to screen: median \d+\.\d ms, p95 \d+\.\d ms", out), out
