"""Staff at a store's mirror: the hidden hold that opens the staff sign-in, the staff
member's session on this kiosk, and what only staff may do with the mirror itself.

A shopper has no way out of a store's mirror: no key, no close button, no gesture leaves
it. Staff press and hold a top corner for `HOLD_S` (nothing on screen shows where), type
their staff number and PIN, which the hub checks (hashed PINs, lockout after wrong tries:
kiosk.hub.staff); signed in, they may restart the mirror, close it, or sign out.

    closed --hold--> number --next--> pin --submit--> checking --signed_in--> menu
                       ^ \\--back--/  ^                  \\--refused--> pin (problem)
                       \\-----back-----/                      menu <--style/hold--> styling
    cancel(), idle for IDLE_S, the hub's session expiring, or the shopper's session
    ending (wipe) --> closed; leaving the menu closes the staff session at the hub too.

Plain Python (no Qt, no threads): the window's bridge (kiosk.ui.staff_panel) feeds it
touches, the clock and the hub's answers, and shows `stage` and `problem`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from kiosk.client.errors import HubAuthError, HubUnavailable
from kiosk.client.members import TooManyAttempts

HOLD_S = 3.0  # how long staff hold the corner: longer than any shopper's tap or swipe
IDLE_S = 90.0  # an open pad or menu nobody touches closes (and signs the staff out)
STYLING_IDLE_S = 300.0  # styling with nobody touching the stylist's panel signs them out
STAFF_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")  # the hub's ID pattern
PIN = re.compile(r"^[0-9]{4,12}$")

STAGES = ("closed", "number", "pin", "checking", "menu", "styling")
PROBLEMS = ("", "wrong", "locked", "offline", "failed")


class StaffExit(IntEnum):
    """How `kiosk run` ends when staff ask: RESTART comes back at once with a fresh
    session (the service restarts it, as after any exit); CLOSED stays closed (the service
    sees the flag file it leaves, see `packaging/systemd/tryon-session`)."""

    RESTART = 0
    CLOSED = 75  # EX_TEMPFAIL: not an error, not to be restarted by a plain supervisor


@dataclass(frozen=True)
class Refusal:
    """Why the hub said no, in words the pad picks (`problem`), and how long to wait."""

    problem: str
    wait_s: int = 0


def refusal(exc: BaseException) -> Refusal:
    """The pad's problem for the hub's answer to a sign-in."""
    if isinstance(exc, TooManyAttempts):
        return Refusal("locked", exc.retry_after_s)
    if isinstance(exc, HubAuthError) and exc.code == "staff_pin_wrong":
        return Refusal("wrong")
    if isinstance(exc, HubUnavailable):
        return Refusal("offline")
    return Refusal("failed")  # a kiosk token the hub refused, a request it rejected, a bug


class StaffAccess:
    """The staff sign-in and menu of one mirror (see the module docstring)."""

    def __init__(self, *, idle_s: float = IDLE_S, styling_idle_s: float = STYLING_IDLE_S) -> None:
        self.idle_s, self.styling_idle_s = idle_s, styling_idle_s
        self.stage = "closed"
        self.problem, self.wait_s = "", 0
        self.staff_id = ""
        self.name = ""
        self._expires_at: datetime | None = None
        self._last_touch = 0.0
        self._attempt = 0  # the sign-in being checked; a late answer for an older is dropped

    # ---- the pad -------------------------------------------------------------------------
    def hold(self, now: float) -> bool:
        """Staff held the corner: open the pad (True), unless it is open already; while
        styling, the menu comes back (True)."""
        if self.stage == "styling":
            self.stage = "menu"
            self.touch(now)
            return True
        if self.stage != "closed":
            self.touch(now)
            return False
        self._reset("number")
        self.touch(now)
        return True

    def enter_number(self, staff_id: str, now: float) -> bool:
        """The staff number typed; False (and nothing changes) when it cannot be one."""
        self.touch(now)
        staff_id = staff_id.strip().upper()
        if self.stage != "number" or not STAFF_ID.match(staff_id):
            return False
        self.staff_id, self.problem, self.wait_s = staff_id, "", 0
        self.stage = "pin"
        return True

    def back(self, now: float) -> None:
        """From the PIN back to the staff number (a wrong number typed)."""
        self.touch(now)
        if self.stage == "pin":
            self.stage, self.problem, self.wait_s = "number", "", 0

    def submit(self, pin: str, now: float) -> int | None:
        """The PIN typed: the attempt number to check at the hub, or None when there is
        nothing to check (not a PIN; not on the PIN step)."""
        self.touch(now)
        if self.stage != "pin" or not PIN.match(pin):
            return None
        self._attempt += 1
        self.stage, self.problem, self.wait_s = "checking", "", 0
        return self._attempt

    def signed_in(self, attempt: int, name: str, expires_at: datetime, now: float) -> bool:
        """The hub accepted attempt `attempt`; False when it came too late (the pad was
        closed meanwhile: the caller closes that session at the hub)."""
        if attempt != self._attempt or self.stage != "checking":
            return False
        self.stage, self.name, self._expires_at = "menu", name, expires_at
        self.touch(now)
        return True

    def refused(self, attempt: int, why: Refusal) -> None:
        """The hub said no to attempt `attempt`: back to the PIN with the reason."""
        if attempt == self._attempt and self.stage == "checking":
            self.stage, self.problem, self.wait_s = "pin", why.problem, why.wait_s

    def style(self, now: float) -> bool:
        """From the menu to styling the shopper: the menu goes, the staff stays signed in."""
        if self.stage != "menu":
            return False
        self.stage = "styling"
        self.touch(now)
        return True

    def back_to_menu(self, now: float) -> None:
        """Styling ends: the menu again (to sign out, or to style again)."""
        if self.stage == "styling":
            self.stage = "menu"
            self.touch(now)

    # ---- while open ----------------------------------------------------------------------
    def touch(self, now: float) -> None:
        self._last_touch = now

    def expired(self, now: float, wall: datetime) -> bool:
        """Whether the pad or menu should close now: nobody touched it for idle_s, or the
        hub's staff session is over."""
        if self.stage == "closed" or self.stage == "checking":
            return False
        idle = self.styling_idle_s if self.stage == "styling" else self.idle_s
        if now - self._last_touch >= idle:
            return True
        return self._expires_at is not None and wall >= self._expires_at

    @property
    def signed_in_now(self) -> bool:
        return self.stage in ("menu", "styling")

    @property
    def pad_open(self) -> bool:
        """Whether the sign-in pad or the menu is on screen (styling shows neither)."""
        return self.stage not in ("closed", "styling")

    def close(self) -> bool:
        """Close the pad or menu; True when a staff session was open (to close at the hub)."""
        was = self.signed_in_now
        self._attempt += 1  # an answer still on its way is for a closed pad
        self._reset("closed")
        return was

    def _reset(self, stage: str) -> None:
        self.stage, self.problem, self.wait_s = stage, "", 0
        self.staff_id, self.name, self._expires_at = "", "", None
