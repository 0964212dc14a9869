"""The live window's frame timeline: each frame followed from capture to the swap."""

from __future__ import annotations

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
