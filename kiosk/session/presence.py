"""Whether a shopper is at the mirror: the session's start and end.

A face must hold for `greet_after_s` before a session starts (passers-by do
not trigger it) and be gone for `end_after_s` before it ends (a turned head or
a blink of the tracker does not end it). Time is passed in, never read here,
so tests drive it directly.
"""

from __future__ import annotations

from enum import Enum


class Presence(Enum):
    IDLE = "idle"  # nobody: the attract state
    ARRIVING = "arriving"  # a face, not yet held long enough
    ACTIVE = "active"  # a session is on


class PresenceTracker:
    def __init__(self, greet_after_s: float, end_after_s: float) -> None:
        self.greet_after_s = greet_after_s
        self.end_after_s = end_after_s
        self.state = Presence.IDLE
        self._first_seen: float | None = None
        self._last_seen: float | None = None

    def update(self, face_found: bool, now_s: float) -> Presence:
        """Feed one tracking result; returns the new state."""
        if face_found:
            self._last_seen = now_s
            if self._first_seen is None:
                self._first_seen = now_s
            if self.state is not Presence.ACTIVE:
                held = now_s - self._first_seen
                self.state = Presence.ACTIVE if held >= self.greet_after_s else Presence.ARRIVING
            return self.state
        gone_for = now_s - self._last_seen if self._last_seen is not None else float("inf")
        if self.state is Presence.ACTIVE and gone_for < self.end_after_s:
            return self.state
        # Before a session starts, a single missed frame restarts the greeting hold.
        self.state = Presence.IDLE
        self._first_seen = None
        return self.state
