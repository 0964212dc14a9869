"""A member's saved looks: GET /members/{id}/looks (both channels, or ?channel=), the photo
kept with one (GET .../looks/{look_id}/photo), and DELETE .../looks/{look_id} (the shop).

Read under the wishlist's rules (kiosk.hub.policy: looks.read): the shop for its member; a
mirror with the member present and consenting; staff with a reason or the member present,
and consent. The photo goes to the same callers with the same credential: it is the
member's face, so it has no link of its own here."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Path, Query
from fastapi.responses import Response

from kiosk.hub import member_looks, members
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.policy import Action
from kiosk.hub.routers import MemberId, Reason, errors, member_router
from kiosk.hub.routers.wishlist import at_mirror
from kiosk.storeapi.contract import ID_PATTERN, PHOTO_MEDIA_TYPE, MemberChannel, MemberLooks

router = member_router("looks")
LookId = Annotated[str, Path(pattern=ID_PATTERN)]
_JPEG: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "the photo kept with the look",
        "content": {PHOTO_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    },
    **errors(403, 404),
}


@router.get(
    "/members/{member_id}/looks",
    responses=errors(403, 404),
    summary="The looks a member saved at mirrors and in the app, newest first",
)
def list_member_looks(
    hub: HubDep,
    caller: CallerDep,
    conn: ReadConn,
    member_id: MemberId,
    channel: Annotated[
        MemberChannel | None, Query(description="only the looks saved there")
    ] = None,
    reason: Reason = None,
) -> MemberLooks:
    """Each look's products with the finish, intensity or size they were worn with; at a
    mirror only with the member's consent (403 `consent_required`)."""
    now = hub.clock()
    members.authorize(conn, caller, Action.LOOKS_READ, member_id, now, reason)
    if at_mirror(caller):
        members.require_consent(conn, member_id)
    return member_looks.read(conn, member_id, channel, now)


@router.get(
    "/members/{member_id}/looks/{look_id}/photo",
    response_class=Response,
    responses=_JPEG,
    summary="The photo the member kept with a look (while it lasts)",
)
def member_look_photo(
    hub: HubDep,
    caller: CallerDep,
    conn: ReadConn,
    member_id: MemberId,
    look_id: LookId,
    reason: Reason = None,
) -> Response:
    now = hub.clock()
    members.authorize(conn, caller, Action.LOOKS_READ, member_id, now, reason)
    if at_mirror(caller):
        members.require_consent(conn, member_id)
    data = member_looks.photo(conn, member_id, look_id, now)
    return Response(
        data, media_type=PHOTO_MEDIA_TYPE, headers={"Cache-Control": "private, no-store"}
    )


@router.delete(
    "/members/{member_id}/looks/{look_id}",
    status_code=204,
    responses=errors(403, 404, 409),
    summary="Delete a member's saved look (the shop, for its member)",
)
def delete_member_look(
    hub: HubDep, caller: CallerDep, conn: ReadConn, member_id: MemberId, look_id: LookId
) -> Response:
    """Gone from both channels (again: 204). A look of a lookbook: 409 `part_of_lookbook`
    (delete the lookbook)."""
    now = hub.clock()
    members.authorize(conn, caller, Action.LOOKS_DELETE, member_id, now)
    member_looks.delete(hub.engine, member_id, look_id, now)
    return Response(status_code=204)
