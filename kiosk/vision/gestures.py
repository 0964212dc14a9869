"""Touchless gestures from hand landmarks: a raised-hand swipe, an open palm held still.

A pure state machine (no Qt, no MediaPipe): `GestureReader.feed` takes the hands
the tracker found in one frame and the time, and returns a `GestureReading`: an
event ("swipe_left", "swipe_right", "select" or None) and what the screen needs to
show that a gesture is being read (the hand's place, the palm hold's progress, a
swipe's progress). Time is passed in, so tests drive it with any clock.

Units: distances are in palm lengths (wrist to middle knuckle, about 10 cm on an
adult), so the rules hold whether the shopper stands close or far, in a portrait
or a landscape frame; a swipe must also cross a share of the frame width, so the
jitter of a tiny far-away hand cannot add up to one.

Direction, decided once: events name the way the hand moved for the *shopper*.
"swipe_right" is a swipe toward the shopper's own right hand side, and means
"next"; "swipe_left" means "previous". The kiosk shows a mirrored image
(`capture.mirror`, on by default): in it the shopper's right is the screen's right,
so the motion they see follows their hand and "right means next" reads naturally.
The landmarks come in the frame as displayed, so the reader is told whether that
frame is mirrored: mirrored, +x is the shopper's right; raw (a camera shown as is,
or a recording), +x is the shopper's left.

What is not a gesture (each rule was written for the general case, then checked on
the shared recordings and the talking-face videos):
- a hand below the upper chest (with a face in view: more than ~1.2 face heights
  under the chin; without one, in the bottom third of the frame) starts nothing;
- two hands up: neither a swipe (hands spreading apart) nor a select;
- a wave: the palm's centre may stay put while the fingers and wrist wag, so the
  hold checks every landmark and the hand's angle, not only the centre;
- a fist, or a hand seen edge-on, is not an open palm;
- a slow drift, a vertical or steeply diagonal stroke, or a short back-and-forth
  (a close-up wave: wide on screen, under two palm lengths per stroke) is no swipe;
- after any event the reader waits `cooldown_s`, and a swipe the other way (the
  hand coming back) waits twice that.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from kiosk.vision.hands import (
    INDEX_MCP,
    INDEX_PIP,
    INDEX_TIP,
    MIDDLE_MCP,
    MIDDLE_PIP,
    MIDDLE_TIP,
    PALM,
    PINKY_MCP,
    PINKY_PIP,
    PINKY_TIP,
    RING_PIP,
    RING_TIP,
    WRIST,
    Hand,
)

GestureEvent = Literal["swipe_left", "swipe_right", "select"]
Box = tuple[float, float, float, float]  # (x0, y0, x1, y1), normalised to the frame

FINGERS: tuple[tuple[int, int], ...] = (
    (INDEX_TIP, INDEX_PIP),
    (MIDDLE_TIP, MIDDLE_PIP),
    (RING_TIP, RING_PIP),
    (PINKY_TIP, PINKY_PIP),
)


@dataclass(frozen=True)
class GestureParams:
    """The rules' numbers. Defaults are the product's; see the module docstring."""

    hold_s: float = 1.0  # an open palm held this long selects
    cooldown_s: float = 0.5  # nothing fires this soon after an event (a return swipe: 2x)
    swipe_max_s: float = 0.8  # a swipe covers its distance within this time
    swipe_palms: float = 2.5  # ... at least this many palm lengths sideways
    swipe_frame: float = 0.25  # ... and at least this share of the frame width
    swipe_slope: float = 0.7  # ... with |dy| at most this times |dx| (35 degrees)
    hold_palms: float = 0.35  # while held, no landmark strays further (palm lengths)
    hold_degrees: float = 15.0  # ... and the hand turns no more than this
    open_ratio: float = 1.15  # a finger is straight when tip/knuckle reach from the wrist >= this
    facing_ratio: float = 0.45  # knuckle span / palm length at or above this faces the camera
    raised_faces: float = 1.2  # raised: no lower than this many face heights under the chin
    raised_frame: float = 0.7  # ... or, with no face, above this share of the frame height
    max_gap_s: float = 0.4  # a hand unseen longer than this is a new hand (motion blur is less)
    same_hand_palms: float = 1.0  # two detections closer than this are one hand
    max_speed_palms: float = 15.0  # palm lengths a second; a faster jump is another hand
    max_size_change: float = 2.0  # a hand that grew or shrank more than this is another one


@dataclass(frozen=True)
class GestureReading:
    """What the reader made of one frame: an event (or None) and the screen's feedback.

    `hand_up`: a raised hand is being read. `hand_x`, `hand_y`: its palm centre in the
    frame as displayed, 0..1. `hold`: the open-palm hold's progress, 0..1 (1 when
    "select" fires). `swipe`: the current stroke's progress toward a swipe, -1..1,
    positive toward the shopper's right ("next"), +-1 when a swipe fires. `cooling`:
    an event just fired and the reader is waiting (feedback may show it as done).
    """

    event: GestureEvent | None = None
    hand_up: bool = False
    hand_x: float = 0.0
    hand_y: float = 0.0
    hold: float = 0.0
    swipe: float = 0.0
    cooling: bool = False


IDLE = GestureReading()


@dataclass(frozen=True)
class _Sample:
    """One frame of the followed hand, in frame-height units (x scaled by the aspect)."""

    t: float
    x: float
    y: float
    palm: float  # palm length, frame heights
    raised: bool
    two_hands: bool
    points: np.ndarray  # (21, 2) landmarks in frame-height units
    angle: float  # wrist -> middle knuckle, degrees
    open_palm: bool


def palm_length(points: np.ndarray) -> float:
    """Wrist to the middle finger's knuckle: the hand's scale (barely changes with the fingers)."""
    return float(np.linalg.norm(points[MIDDLE_MCP] - points[WRIST]))


def is_open_palm(points: np.ndarray, params: GestureParams) -> bool:
    """Four straight fingers and the palm broad to the camera (not a fist, not edge-on).

    A finger is straight when its tip is clearly further from the wrist than its
    middle joint; the palm faces the camera when the knuckles span a good share of
    the palm's length (a hand seen edge-on shows them in one line)."""
    wrist = points[WRIST]
    for tip, pip in FINGERS:
        reach = np.linalg.norm(points[tip] - wrist)
        if reach < params.open_ratio * np.linalg.norm(points[pip] - wrist):
            return False
    length = palm_length(points)
    span = float(np.linalg.norm(points[INDEX_MCP] - points[PINKY_MCP]))
    return length > 1e-6 and span >= params.facing_ratio * length


class GestureReader:
    """Feeds on one frame's hands at a time; fires swipes and selects (see the module doc).

    `mirrored`: the landmarks come from a mirrored frame (the kiosk's display), so
    +x is the shopper's right. False for a raw camera frame or a recording.
    """

    def __init__(self, mirrored: bool = True, params: GestureParams | None = None) -> None:
        self.mirrored = mirrored
        self.params = params or GestureParams()
        self._track: deque[_Sample] = deque()
        self._held: deque[_Sample] = deque()
        self._select_armed = True  # one select per hold: the palm must move or drop first
        self._last_event: tuple[GestureEvent, float] | None = None
        self._last = IDLE
        self._frame_width = 1.0
        self._two_hands_at: float | None = None

    @property
    def last(self) -> GestureReading:
        """The latest reading without its event (for frames the hand model skipped)."""
        return self._last

    def reset(self) -> None:
        """Forget everything (a new shopper, or frames unrelated to the last)."""
        self._track.clear()
        self._held.clear()
        self._last_event = None
        self._select_armed = True
        self._two_hands_at = None
        self._last = IDLE

    def feed(
        self,
        hands: Sequence[Hand],
        t_s: float,
        image_size: tuple[int, int],
        face_box: Box | None = None,
    ) -> GestureReading:
        """Read one frame: the hands found in it (landmarks normalised to the frame as
        displayed), its time in seconds, its (width, height), and the face's box when a
        face was found (it says where "raised" begins)."""
        p = self.params
        if self._track and (t_s < self._track[-1].t or t_s - self._track[-1].t > p.max_gap_s):
            self._forget_hand()  # the clock went back, or the hand was gone too long
        sample = self._sample(hands, t_s, image_size, face_box)
        if sample is None:
            self._held.clear()
            self._select_armed = True
            self._last = IDLE
            return IDLE
        if self._track and self._jumped(self._track[-1], sample):
            self._forget_hand()  # another hand (or a false detection): start over with it
        self._track.append(sample)
        if sample.two_hands:
            self._two_hands_at = t_s  # outlives the track: a jump to the other hand forgets it
        while self._track and t_s - self._track[0].t > p.swipe_max_s:
            self._track.popleft()
        cooling = self._cooling(t_s, None)
        swipe = self._swipe_progress(sample)
        event: GestureEvent | None = None
        if abs(swipe) >= 1.0:
            direction: GestureEvent = "swipe_right" if swipe > 0 else "swipe_left"
            if not self._cooling(t_s, direction):
                event = direction
        hold = self._hold_progress(sample)
        if not self._select_armed:
            hold = 0.0  # still the hold that already selected: nothing more to fill
        if event is None and hold >= 1.0 and not cooling:
            event = "select"
            self._select_armed = False
        if event is not None:
            self._fired(event, t_s)
        hold = 1.0 if event == "select" else min(hold, 1.0)
        if event is not None and event != "select":
            swipe = math.copysign(1.0, swipe)
        reading = GestureReading(
            event=event,
            hand_up=sample.raised,
            hand_x=sample.x / self._frame_width,
            hand_y=sample.y,
            hold=hold,
            swipe=max(-1.0, min(1.0, swipe)),
            cooling=cooling or event is not None,
        )
        self._last = replace(reading, event=None)
        return reading

    # ---- the followed hand ---------------------------------------------------------------

    def _sample(
        self, hands: Sequence[Hand], t_s: float, size: tuple[int, int], face: Box | None
    ) -> _Sample | None:
        """The hand to follow (nearest the one followed so far, else the highest), or None."""
        if not hands:
            return None
        w, h = size
        aspect = w / h if h else 1.0
        self._frame_width = aspect  # the frame's width in frame heights
        pts = [np.asarray(hand.landmarks[:, :2], np.float64) * (aspect, 1.0) for hand in hands]
        centres = [q[list(PALM)].mean(axis=0) for q in pts]
        palms = [palm_length(q) for q in pts]
        if self._track:
            prev = self._track[-1]
            i = min(range(len(pts)), key=lambda k: math.dist(centres[k], (prev.x, prev.y)))
        else:
            i = min(range(len(pts)), key=lambda k: centres[k][1])
        raised = [self._raised(c[1], face) for c in centres]
        distinct = [
            k
            for k in range(len(pts))
            if k != i
            and raised[k]
            and math.dist(centres[k], centres[i]) > self.params.same_hand_palms * palms[i]
        ]
        d = pts[i][MIDDLE_MCP] - pts[i][WRIST]
        return _Sample(
            t=t_s,
            x=float(centres[i][0]),
            y=float(centres[i][1]),
            palm=palms[i],
            raised=raised[i],
            two_hands=bool(distinct),
            points=pts[i],
            angle=math.degrees(math.atan2(float(d[1]), float(d[0]))),
            open_palm=is_open_palm(pts[i], self.params),
        )

    def _raised(self, y: float, face: Box | None) -> bool:
        if face is not None and face[3] > face[1]:
            return y <= face[3] + self.params.raised_faces * (face[3] - face[1])
        return y <= self.params.raised_frame

    def _jumped(self, before: _Sample, now: _Sample) -> bool:
        """Moved further, or changed size more, than one hand can between two frames (motion
        blur shrinks a hand's landmarks by up to ~1.6x): another hand, or a cut."""
        p = self.params
        grew = max(now.palm, before.palm) / max(min(now.palm, before.palm), 1e-9)
        reach = p.max_speed_palms * (now.t - before.t) + 1.0
        far = math.dist((before.x, before.y), (now.x, now.y)) > reach * before.palm
        return far or grew > p.max_size_change

    def _forget_hand(self) -> None:
        self._track.clear()
        self._held.clear()
        self._select_armed = True

    # ---- events --------------------------------------------------------------------------

    def _cooling(self, t_s: float, event: GestureEvent | None) -> bool:
        """Within the cooldown of the last event; a swipe opposite the last one waits twice
        as long (the hand coming back after a swipe is not a swipe)."""
        if self._last_event is None:
            return False
        last, at = self._last_event
        wait = self.params.cooldown_s
        if event is not None and last != event and last != "select":
            wait *= 2.0
        return 0.0 <= t_s - at < wait

    def _fired(self, event: GestureEvent, t_s: float) -> None:
        self._last_event = (event, t_s)
        # The next gesture starts afresh: no travel or hold time carries over.
        last = self._track[-1]
        self._track.clear()
        self._track.append(last)
        self._held.clear()

    def _swipe_progress(self, now: _Sample) -> float:
        """The strongest stroke ending now, as a share of a swipe: signed, shopper's right +.

        A stroke starts at a raised hand within `swipe_max_s`, runs mostly sideways,
        and only one hand is up all that time."""
        p = self.params
        if len(self._track) < 2:
            return 0.0
        samples = list(self._track)
        palm = float(np.median([s.palm for s in samples]))
        if self._two_hands_at is not None and 0.0 <= now.t - self._two_hands_at <= p.swipe_max_s:
            return 0.0  # two hands up (spreading apart, a shrug, a dance): no swipe
        best = 0.0
        for start in samples[:-1]:
            if not start.raised:
                continue
            dx, dy = now.x - start.x, now.y - start.y
            if abs(dy) > p.swipe_slope * abs(dx):
                continue
            need = max(p.swipe_palms * palm, p.swipe_frame * self._frame_width)
            share = abs(dx) / need if need > 0 else 0.0
            if share > abs(best):
                best = math.copysign(share, dx)
        return best if self.mirrored else -best

    def _hold_progress(self, now: _Sample) -> float:
        """How long an open, raised, lone palm has stayed where it is now, as a share of
        `hold_s`.

        Looking back from now, every earlier frame of the hold must have each landmark
        near where it is now and the hand turned no more than a little: a wave keeps
        the palm's centre still but not its fingers, and a hand that slowly settles
        counts from when it arrived."""
        p = self.params
        held = self._held
        if not (now.open_palm and now.raised) or now.two_hands:
            held.clear()
            self._select_armed = True
            return 0.0
        held.append(now)
        while held and now.t - held[0].t > p.hold_s + p.max_gap_s:
            held.popleft()
        since = now.t
        for before in reversed(held):
            stray = float(np.max(np.linalg.norm(now.points - before.points, axis=1)))
            turn = abs((now.angle - before.angle + 180.0) % 360.0 - 180.0)
            if stray > p.hold_palms * now.palm or turn > p.hold_degrees:
                self._select_armed = True  # the palm moved: a new hold may select again
                break
            since = before.t
        return (now.t - since) / p.hold_s if p.hold_s > 0 else 1.0
