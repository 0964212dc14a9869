"""Suggestions for a consenting member: GET /members/{id}/suggestions?k=5.

The member present at the kiosk, staff with a reason or the member present, the shop for
its member (kiosk.hub.policy: suggestions.read), and in every case the member's consent
(403 `consent_required`): the model is fitted on consenting members' data only
(kiosk.hub.suggestions)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from kiosk.hub import members, suggestions
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.policy import Action
from kiosk.hub.routers import MemberId, Reason, errors, member_router
from kiosk.storeapi.contract import MAX_SUGGESTIONS, PriceChannel, Suggestions

router = member_router("suggestions")


@router.get(
    "/members/{member_id}/suggestions",
    responses=errors(403, 404),
    summary="Products for a consenting member, each with its reason in both languages",
)
def member_suggestions(
    hub: HubDep,
    caller: CallerDep,
    conn: ReadConn,
    member_id: MemberId,
    k: Annotated[int, Query(ge=1, le=MAX_SUGGESTIONS, description="how many, at most")] = 5,
    reason: Reason = None,
) -> Suggestions:
    """On sale in the caller's channel (a mirror's store, the shop's online), none the
    member bought; each with `reason` (`together` with one of theirs, or `popular`) and
    `reason_text` in English and Chinese."""
    now = hub.clock()
    members.authorize(conn, caller, Action.SUGGESTIONS_READ, member_id, now, reason)
    members.require_consent(conn, member_id)
    channel: PriceChannel = "online" if caller.role == "shop" else "store"
    return suggestions.suggest(hub.engine, conn, member_id, channel, k, now)
