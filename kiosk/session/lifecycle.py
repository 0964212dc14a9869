"""One shopper's time at the mirror, from the attract screen back to it, with a wipe between.

    attract --(someone held greet_after_s)--> engaged --(a touch or a choice)--> trying
    engaged/trying --(nobody for leaving_after_s)--> leaving --(back)--> engaged/trying
    leaving --(nobody for end_after_s in all)--> wipe --> attract

"Nobody" is measured from the last frame that had someone in it, and the clock is read
on every `tick`, not only when a frame arrives: a camera that dies or a video that ends
delivers no frames at all, and that counts as nobody (the session still ends, and a
signed-in member is forgotten). A touch is presence enough: it starts a session on the
attract screen and holds one that is leaving.

Every asynchronous answer (a hand-off, a reservation, a member lookup, stock) is asked
for under a `Ticket`; the session number moves on at every start and wipe, so an answer
that arrives for an ended session can be recognised and dropped. Plain Python with the
time passed in; the UI calls `seen` per frame and `tick` from a timer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from kiosk.session.presence import Presence

log = logging.getLogger(__name__)
ARRIVAL_GAP_S = 0.3  # a tracker blink while someone arrives does not restart the hold
FRAME_GAP_S = 1.0  # no frames this long while someone arrives: the hold starts again


class Stage(Enum):
    ATTRACT = "attract"  # nobody (or someone not yet held long enough): the invitation
    ENGAGED = "engaged"  # a shopper is there: the mirror shows them, the shelf is ready
    TRYING = "trying"  # they touched or chose something
    LEAVING = "leaving"  # nobody for a moment: the session is still theirs


@dataclass(frozen=True)
class Timings:
    greet_after_s: float = 1.0  # someone held this long starts a session
    leaving_after_s: float = 2.0  # nobody this long: leaving
    end_after_s: float = 8.0  # nobody this long (in all): the session ends and is wiped
    dim_after_s: float = 60.0  # nobody this long on the attract screen: the screen dims
    # A code on screen for the shopper's phone (Buy online, the photo): their face is often
    # behind the phone while they scan it, so the session waits this much longer.
    scanning_grace_s: float = 30.0


@dataclass(frozen=True)
class Ticket:
    """The session an asynchronous request was made in; `current` is False once it ended."""

    number: int
    _lifecycle: Lifecycle

    @property
    def current(self) -> bool:
        return self._lifecycle.session == self.number


Listener = Callable[[str], None]


class Lifecycle:
    def __init__(self, timings: Timings, now_s: float) -> None:
        self.timings = timings
        self.stage = Stage.ATTRACT
        self.session = 0  # moves on at every wipe
        self._arrived_s: float | None = None  # someone seen since, without a long gap
        self._last_seen_s: float | None = None
        self._missing_since_s: float | None = None  # first frame with nobody, since someone
        self._last_frame_s: float | None = None
        self._idle_since_s = now_s  # when the mirror last became empty
        self._dimmed = False
        self._tried = False  # touched or chose something in this session
        self._scanning = False  # a code is on screen for the shopper's phone
        self._on_start: list[Listener] = []
        self._on_wipe: list[Listener] = []
        self._on_change: list[Callable[[], None]] = []

    # ---- who listens ---------------------------------------------------------------
    def on_start(self, listener: Listener) -> None:
        """`listener(reason)` when a session starts ("arrived" or "touched")."""
        self._on_start.append(listener)

    def on_wipe(self, listener: Listener) -> None:
        """`listener(reason)` when a session ends and everything of it must go."""
        self._on_wipe.append(listener)

    def on_change(self, listener: Callable[[], None]) -> None:
        """Called after any change of stage, presence or dimming."""
        self._on_change.append(listener)

    # ---- what the screen shows ----------------------------------------------------------
    @property
    def active(self) -> bool:
        return self.stage is not Stage.ATTRACT

    @property
    def dimmed(self) -> bool:
        return self._dimmed

    @property
    def presence(self) -> Presence:
        """The older three-way view (the status line uses it)."""
        if self.active:
            return Presence.ACTIVE
        return Presence.ARRIVING if self._arrived_s is not None else Presence.IDLE

    def ticket(self) -> Ticket:
        """Ask for something under the current session."""
        return Ticket(self.session, self)

    # ---- what happens -------------------------------------------------------------------
    def seen(self, someone: bool, now_s: float) -> None:
        """One frame's tracking: whether a face or a body was found in it."""
        before = self._snapshot()
        if someone:
            if self._arrived_s is None or self._arrival_broken(now_s):
                self._arrived_s = now_s
            self._missing_since_s = None
            self._last_seen_s = now_s
            self._dimmed = False
            held_s = now_s - self._arrived_s
            if self.stage is Stage.ATTRACT and held_s >= self.timings.greet_after_s:
                self._start(now_s, "arrived")
            elif self.stage is Stage.LEAVING:
                self.stage = Stage.TRYING if self._tried else Stage.ENGAGED
        elif self._missing_since_s is None:
            self._missing_since_s = now_s
        self._last_frame_s = now_s
        self._advance(now_s)
        self._changed(before)

    def tick(self, now_s: float) -> None:
        """Time passes (a timer): ends sessions and dims the screen even with no frames."""
        before = self._snapshot()
        self._advance(now_s)
        self._changed(before)

    def touched(self, now_s: float) -> None:
        """A touch on the screen, or a choice made by gesture: someone is there."""
        before = self._snapshot()
        self._dimmed = False
        self._last_seen_s = max(self._last_seen_s or now_s, now_s)
        if self.stage is Stage.ATTRACT:
            self._start(now_s, "touched")
        self.stage = Stage.TRYING
        self._tried = True
        self._changed(before)

    def scanning(self, on: bool) -> None:
        """Whether a code for the shopper's phone is on screen (they may hide behind it)."""
        self._scanning = on

    def end(self, now_s: float, reason: str) -> None:
        """End the session now (the kiosk closes, or staff start the next shopper)."""
        before = self._snapshot()
        if self.active:
            self._wipe(now_s, reason)
        self._changed(before)

    # ---- internals ----------------------------------------------------------------------
    def _gap(self, now_s: float) -> float:
        return now_s - self._last_seen_s if self._last_seen_s is not None else float("inf")

    def _arrival_broken(self, now_s: float) -> bool:
        """Whether someone arriving was gone (frames with nobody, or no frames) too long."""
        missing = self._missing_since_s
        if missing is not None and now_s - missing > ARRIVAL_GAP_S:
            return True
        return self._last_frame_s is not None and now_s - self._last_frame_s > FRAME_GAP_S

    def _advance(self, now_s: float) -> None:
        gone_s = self._gap(now_s)
        if not self.active:
            if self._arrived_s is not None and self._arrival_broken(now_s):
                self._arrived_s = None
            empty_since = max(self._idle_since_s, self._last_seen_s or self._idle_since_s)
            if now_s - empty_since >= self.timings.dim_after_s:
                self._dimmed = True
            return
        end_s = self.timings.end_after_s + (self.timings.scanning_grace_s if self._scanning else 0)
        if gone_s >= end_s:
            self._wipe(now_s, "left")
        elif gone_s >= self.timings.leaving_after_s:
            self.stage = Stage.LEAVING

    def _start(self, now_s: float, reason: str) -> None:
        # The number moves on only at the wipe: what was asked on the attract screen (a
        # code held up, a tap) belongs to the shopper whose session this starts.
        self.stage = Stage.ENGAGED
        self._tried = False
        log.info("session %d started (%s)", self.session, reason)
        for listener in self._on_start:
            self._call(listener, reason)

    def _wipe(self, now_s: float, reason: str) -> None:
        ended = self.session
        self.session += 1  # every answer asked for in the ended session is now stale
        self.stage = Stage.ATTRACT
        self._tried = False
        self._scanning = False
        self._arrived_s = None
        self._idle_since_s = now_s
        log.info("session %d ended (%s): wiped", ended, reason)
        for listener in self._on_wipe:
            self._call(listener, reason)

    @staticmethod
    def _call(listener: Listener, reason: str) -> None:
        try:
            listener(reason)
        except Exception:  # one part failing to reset must not keep the others from it
            log.exception("a part of the kiosk could not follow the session")

    def _snapshot(self) -> tuple[Stage, Presence, bool, int]:
        return (self.stage, self.presence, self._dimmed, self.session)

    def _changed(self, before: tuple[Stage, Presence, bool, int]) -> None:
        if self._snapshot() != before:
            for listener in self._on_change:
                listener()
