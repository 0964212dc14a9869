"""Live body tracking that follows the person the mirror is serving, with others in view.

MediaPipe's pose model in VIDEO mode follows the person it found first; asked for three
people it runs its person detector on every frame (the street video dropped from 27 to
18.5 fps on 2 cores). So live, one person is followed, and a scout looks over the whole
frame for up to `max_people` people every SCOUT_S seconds (IMAGE mode, no masks, on a
thread of its own, so no frame waits for it; only when someone new is first found does
the frame wait for one look, so a person at the side who was found first is not dressed
for a second before the one at the mirror). When the person the mirror should serve
(`serving_scores`: nearest, most central, facing) is not the one followed, and stays so
at two scouts in a row and clearly ahead (the hold `kiosk.vision.wearer` uses), the
followed tracker is shown only a band of the frame around them (the rest grey) until it
has them; while several people are in view the band stays on and follows its person
frame by frame, so the tracker cannot wander to the others. With one person in view
nothing is masked and the tracker sees the frame as it is.
"""

from __future__ import annotations

import logging
import math
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from kiosk.vision.mp_input import TrackerInput, as_input, blanked_outside
from kiosk.vision.pose import Body, PoseResult, PoseTracker, distinct, serving_scores
from kiosk.vision.wearer import SAME_PERSON, SWITCH_MARGIN

log = logging.getLogger(__name__)

SCOUT_S = 1.0  # seconds between looks over the whole frame
BAND_MARGIN = 0.6  # x body size either side of the followed person's landmarks
LOST_S = 0.5  # the followed person unseen this long: the band comes off, scout at once
CHALLENGES = 2  # scouts in a row another person must win to be followed


def _near(a: Body, b: Body) -> bool:
    d = math.hypot(a.center[0] - b.center[0], a.center[1] - b.center[1])
    return d <= SAME_PERSON * max(a.size, b.size, 1.0)


def band_of(body: Body, width: int) -> tuple[int, int]:
    """The columns (x0, x1) the followed tracker is shown around `body`."""
    x0, _, x1, _ = body.bbox
    cx, size = body.center[0], max(body.size, 1.0)
    left = min(x0, cx - 0.5 * size) - BAND_MARGIN * size
    right = max(x1, cx + 0.5 * size) + BAND_MARGIN * size
    return max(0, int(left)), min(width, math.ceil(right))


class ServedPoseTracker:
    """`PoseTracker`'s live interface (`detect`, `close`) over one followed person and a
    scout for up to `max_people`: see the module docstring."""

    mode = "video"

    def __init__(self, model_path: Path, max_people: int = 3, scout_s: float = SCOUT_S) -> None:
        self.follow = PoseTracker(model_path, mode="video", max_people=1)
        self.scout = PoseTracker(
            model_path, mode="image", max_people=max_people, segmentation=False
        )
        self.scout_s = scout_s
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pose-scout")
        self._job: Future[PoseResult | None] | None = None
        self._scouted_ms: int | None = None
        self._followed: Body | None = None
        self._seen_ms = 0
        self._band: tuple[int, int] | None = None  # columns shown while others are in view
        self._others = False  # the last scout saw more than one person
        self._challenger: Body | None = None
        self._challenges = 0
        self.scout_ms = 0.0  # the last look's own time

    # -- the scout ------------------------------------------------------------------------

    def _look(self, frame: TrackerInput) -> PoseResult | None:
        """The scout's look over the whole frame (None: it failed, logged; the followed
        tracker goes on alone until the next look)."""
        begin = time.perf_counter()
        try:
            found = self.scout.detect(frame)
        except Exception as exc:  # a failed look must not stop the body tracking
            log.warning("the pose scout failed (%s); following the tracked person", exc)
            return None
        self.scout_ms = (time.perf_counter() - begin) * 1000.0
        return found

    def _take_scout(self) -> PoseResult | None:
        """The scout's look, once it is done (waited for), taken."""
        job, self._job = self._job, None
        return None if job is None else job.result()

    def _read_scout(self, width: int, timestamp_ms: int) -> None:
        if self._job is None or not self._job.done():
            return
        seen = self._take_scout()
        if seen is None:
            return
        bodies = distinct(seen.bodies)
        self._others = len(bodies) > 1
        if not bodies:
            self._band = None  # nobody in view: the whole frame
            return
        scores = serving_scores(bodies, seen.image_size)
        best = max(range(len(bodies)), key=scores.__getitem__)
        served = bodies[best]
        followed = self._followed
        if followed is None:
            self._aim(served, width, timestamp_ms)
            return
        mine = next((i for i, b in enumerate(bodies) if _near(b, followed)), None)
        if mine is None or mine == best or scores[best] < scores[mine] + SWITCH_MARGIN:
            self._challenger, self._challenges = None, 0
            if self._others and self._band is None:
                self._band = band_of(followed, width)  # keep the tracker on its person
            return
        if self._challenger is not None and _near(self._challenger, served):
            self._challenges += 1
        else:
            self._challenger, self._challenges = served, 1
        if self._challenges >= CHALLENGES:
            self._aim(served, width, timestamp_ms)

    def _aim(self, body: Body, width: int, timestamp_ms: int) -> None:
        """Show the followed tracker only `body`'s band from the next frame on (and the
        whole frame again if it has not found them within LOST_S)."""
        self._band = band_of(body, width)
        self._followed, self._seen_ms = None, timestamp_ms
        self._challenger, self._challenges = None, 0

    def _first_look(self, frame: TrackerInput, found: Body, timestamp_ms: int) -> bool:
        """Someone new is followed: asks the scout at once (not a second later) whether
        they are the one to serve. False when another is: the band goes on that person
        and this frame has nobody to dress."""
        if self._job is not None:  # one graph, one caller at a time: let it finish first
            self._take_scout()
        seen = self._look(frame)
        self._scouted_ms = timestamp_ms
        if seen is None:
            return True
        self._others = len(distinct(seen.bodies)) > 1
        served = seen.wearer()
        if not self._others or served is None:
            return True
        if _near(served, found):
            self._band = band_of(found, frame.width)
            return True
        self._aim(served, frame.width, timestamp_ms)
        return False

    def _maybe_scout(self, frame: TrackerInput, timestamp_ms: int) -> None:
        if self._job is not None:
            return
        last = self._scouted_ms
        due = self.scout_s if self._followed is not None else self.scout_s / 3.0
        if last is None or timestamp_ms < last or timestamp_ms - last >= due * 1000.0:
            self._scouted_ms = timestamp_ms
            self._job = self._pool.submit(self._look, frame)

    # -- each frame -----------------------------------------------------------------------

    def detect(self, image: np.ndarray | TrackerInput, timestamp_ms: int = 0) -> PoseResult:
        frame = as_input(image)
        w = frame.width
        self._read_scout(w, timestamp_ms)
        self._maybe_scout(frame, timestamp_ms)
        band = self._band
        shown = frame if band is None else blanked_outside(frame, band)
        found = self.follow.detect(shown, timestamp_ms)
        bodies = found.bodies
        if (
            bodies
            and self._followed is None
            and band is None
            and not self._first_look(frame, bodies[0], timestamp_ms)
        ):
            return PoseResult((), timestamp_ms, found.inference_ms, found.image_size)
        if bodies:
            self._followed, self._seen_ms = bodies[0], timestamp_ms
            if band is not None:
                self._band = band_of(bodies[0], w) if self._others else None
        elif timestamp_ms - self._seen_ms > LOST_S * 1000.0:
            self._followed, self._band = None, None  # gone: the whole frame, scout soon
        return found

    def close(self) -> None:
        self._pool.shutdown(wait=True)
        self.follow.close()
        self.scout.close()

    def __enter__(self) -> ServedPoseTracker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def live_pose_tracker(model_path: Path, max_people: int) -> PoseTracker | ServedPoseTracker:
    """The live body tracker for `bodies.live_max_people`: one person followed as is, or
    the served person followed among up to `max_people`."""
    if max_people <= 1:
        return PoseTracker(model_path, mode="video", max_people=1)
    return ServedPoseTracker(model_path, max_people)
