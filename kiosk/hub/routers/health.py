"""GET /v1/health: is the hub up and can it reach its database (no token needed)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from kiosk.storeapi.contract import Health
from kiosk.hub.context import HubDep
from kiosk.hub.db import read_conn

router = APIRouter(tags=["health"])


@router.get("/v1/health", response_model=Health, responses={503: {"model": Health}})
def health(hub: HubDep) -> Health | JSONResponse:
    try:
        with read_conn(hub.engine) as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        body = Health(status="degraded", db="down", version=hub.settings.version)
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ok", db="ok", version=hub.settings.version)
