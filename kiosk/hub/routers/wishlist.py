"""A member's wishlist: GET /members/{id}/wishlist, PUT and DELETE .../wishlist/{sku}.

The shop reads and changes its signed-in member's; a mirror reads it (and adds to it) with
the member present and their consent granted, staff at a mirror with a reason or the member
present, and consent (kiosk.hub.policy: wishlist.read, wishlist.write)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from fastapi.responses import Response

from kiosk.hub import members, wishlists
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.db import write_tx
from kiosk.hub.policy import Action, Caller
from kiosk.hub.routers import MemberId, Reason, errors, member_router
from kiosk.storeapi.contract import SKU_PATTERN, Wishlist, WishlistItem

router = member_router("wishlist")
SkuPath = Annotated[
    str,
    Path(pattern=SKU_PATTERN, description="a variant's SKU, or a garment's product id"),
]


def at_mirror(caller: Caller) -> bool:
    """A kiosk (with or without staff): the member's consent is needed to show or keep it."""
    return caller.role == "kiosk"


@router.get(
    "/members/{member_id}/wishlist",
    responses=errors(403, 404),
    summary="A member's wishlist from the app and the mirror, newest first",
)
def member_wishlist(
    hub: HubDep, caller: CallerDep, conn: ReadConn, member_id: MemberId, reason: Reason = None
) -> Wishlist:
    """At a mirror only with the member's consent (403 `consent_required`)."""
    members.authorize(conn, caller, Action.WISHLIST_READ, member_id, hub.clock(), reason)
    if at_mirror(caller):
        members.require_consent(conn, member_id)
    return wishlists.read(conn, member_id)


@router.put(
    "/members/{member_id}/wishlist/{sku}",
    responses=errors(403, 404),
    summary="Put a product on the member's wishlist (again: no change)",
)
def put_wishlist_item(
    hub: HubDep, caller: CallerDep, conn: ReadConn, member_id: MemberId, sku: SkuPath
) -> WishlistItem:
    """The shop for its member (channel online), or a mirror with the member present and
    consenting (channel mirror). 404 `unknown_sku` for a product the catalog lacks."""
    now = hub.clock()
    members.authorize(conn, caller, Action.WISHLIST_WRITE, member_id, now)
    ref = wishlists.require_known(conn, sku)
    with write_tx(hub.engine) as tx:
        if at_mirror(caller):
            members.require_consent(tx, member_id)
        wishlists.add(tx, member_id, sku, "mirror" if at_mirror(caller) else "online", now)
        return wishlists.entry(tx, member_id, ref)


@router.delete(
    "/members/{member_id}/wishlist/{sku}",
    status_code=204,
    responses=errors(403, 404),
    summary="Take a product off the member's wishlist (again: 204)",
)
def delete_wishlist_item(
    hub: HubDep, caller: CallerDep, conn: ReadConn, member_id: MemberId, sku: SkuPath
) -> Response:
    now = hub.clock()
    members.authorize(conn, caller, Action.WISHLIST_WRITE, member_id, now)
    wishlists.require_known(conn, sku)
    with write_tx(hub.engine) as tx:
        if at_mirror(caller):
            members.require_consent(tx, member_id)
        wishlists.remove(tx, member_id, sku)
    return Response(status_code=204)
