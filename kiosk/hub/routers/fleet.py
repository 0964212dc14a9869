"""GET /v1/config: the settings overlays the hub holds for the calling kiosk."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Response
from fastapi.concurrency import run_in_threadpool

from kiosk.hub import fleet
from kiosk.hub.auth import CallerDep
from kiosk.hub.context import HubDep
from kiosk.hub.policy import Action, require
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import FleetConfig

router = api_router("config")


@router.get("/config", response_model=FleetConfig, responses=errors(403))
async def fleet_config(
    hub: HubDep,
    caller: CallerDep,
    response: Response,
    if_none_match: Annotated[str | None, Header(max_length=100)] = None,
) -> FleetConfig | Response:
    """This kiosk's store and kiosk overlays (TOML text) and their version, also as the
    ETag: a kiosk polling with If-None-Match gets 304 until either changes."""
    require(caller, Action.CONFIG_READ, location=caller.store_id)
    found = await run_in_threadpool(fleet.overlays_for, hub.settings.fleet_dir, caller)
    etag = f'"{found.version}"'
    if if_none_match == etag:
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return found
