"""What `kiosk.hub.policy.require` needs to know about the thing a request touches: who made
a hold or a photo, where a hold is and its pickup code, and what kind of place a location is.

Read on the request's read connection before the action runs: none of these change after
the row is written (a hold's owner, location and code; a photo's kiosk; a location's kind),
so the answer cannot go stale between the check and the write.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select

from kiosk.hub import tables as t


@dataclass(frozen=True)
class HoldFacts:
    """A hold as the policy sees it."""

    owner: str  # the principal id whose credential made it
    location_id: str  # the store it is held at
    pickup_code: str

    def code_matches(self, given: str | None) -> bool:
        """Whether `given` is this hold's pickup code (constant time; case and spaces as
        people type them are forgiven)."""
        if not given:
            return False
        typed = given.replace(" ", "").replace("-", "").upper()
        return hmac.compare_digest(typed.encode(), self.pickup_code.encode())


_HOLD = select(
    t.reservations.c.kiosk_id, t.reservations.c.location_id, t.reservations.c.pickup_code
).where(t.reservations.c.reservation_id == bindparam("rid"))
_PHOTO = select(t.photos.c.kiosk_id).where(t.photos.c.photo_id == bindparam("pid"))


def hold(conn: Connection, reservation_id: str) -> HoldFacts | None:
    """The hold's owner, store and code; None when there is no such hold."""
    row = conn.execute(_HOLD, {"rid": reservation_id}).first()
    if row is None:
        return None
    return HoldFacts(str(row.kiosk_id), str(row.location_id), str(row.pickup_code))


def photo_owner(conn: Connection, photo_id: str) -> str | None:
    """The principal id of the kiosk that took the photo; None when there is none."""
    owner = conn.execute(_PHOTO, {"pid": photo_id}).scalar()
    return None if owner is None else str(owner)


def location_kinds(conn: Connection, location_ids: Iterable[str]) -> dict[str, str]:
    """The kinds of the known locations among `location_ids` (one query)."""
    ids = set(location_ids)
    if not ids:
        return {}
    rows = conn.execute(
        select(t.locations.c.location_id, t.locations.c.kind).where(
            t.locations.c.location_id.in_(ids)
        )
    )
    return {str(row.location_id): str(row.kind) for row in rows}
