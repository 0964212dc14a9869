"""Whether a shopper is at the mirror, in three words the status line understands.

The life-cycle (`kiosk.session.lifecycle`) decides; this is the coarse view of it:
nobody, someone arriving (not yet held long enough), a session on.
"""

from __future__ import annotations

from enum import Enum


class Presence(Enum):
    IDLE = "idle"  # nobody: the attract state
    ARRIVING = "arriving"  # someone, not yet held long enough
    ACTIVE = "active"  # a session is on
