"""A member's membership: GET /members/{id}/membership?sku=... (tier, points, member prices).

The same numbers for the mirror (the store's prices) and the shop (online prices): the
member present at the kiosk, staff with a reason or the member present, the shop for its
member (kiosk.hub.policy: membership.read). No consent is needed: it is the member's own
membership and nothing about the visit is kept."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from kiosk.hub import members, membership
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.errors import ApiError
from kiosk.hub.policy import Action
from kiosk.hub.routers import MemberId, Reason, errors, member_router
from kiosk.storeapi.contract import MAX_MEMBERSHIP_SKUS, Membership, PriceChannel, Sku

router = member_router("membership")


@router.get(
    "/members/{member_id}/membership",
    responses=errors(403, 404),
    summary="A member's tier, points and member prices",
)
def member_membership(
    hub: HubDep,
    caller: CallerDep,
    conn: ReadConn,
    member_id: MemberId,
    sku: Annotated[
        list[Sku] | None,
        Query(
            description=f"a variant's SKU to price (repeat for more, up to "
            f"{MAX_MEMBERSHIP_SKUS}); 404 `unknown_sku` for one without a price here"
        ),
    ] = None,
    reason: Reason = None,
) -> Membership:
    """Prices in the caller's channel: a mirror's store price, the shop's online price,
    and the member price from the tier's discount (rounded half up to the cent)."""
    skus = list(dict.fromkeys(sku or []))  # each once, in the order asked
    if len(skus) > MAX_MEMBERSHIP_SKUS:
        raise ApiError(
            422,
            "validation_error",
            f"ask for at most {MAX_MEMBERSHIP_SKUS} SKUs at a time (got {len(skus)})",
            "query.sku",
        )
    members.authorize(conn, caller, Action.MEMBERSHIP_READ, member_id, hub.clock(), reason)
    channel: PriceChannel = "online" if caller.role == "shop" else "store"
    return membership.read(conn, member_id, channel, skus)
