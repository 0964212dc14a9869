"""GET /health: is the hub up and can it reach its database (no token needed)."""

from __future__ import annotations

from fastapi.responses import JSONResponse
from sqlalchemy import text

from kiosk.hub.context import HubDep
from kiosk.hub.db import read_conn
from kiosk.hub.routers import api_router
from kiosk.storeapi.contract import Health

router = api_router("health")


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
def health(hub: HubDep) -> Health | JSONResponse:
    try:
        with read_conn(hub.engine) as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        body = Health(status="degraded", db="down", version=hub.settings.version)
        return JSONResponse(body.model_dump(), status_code=503)
    return Health(status="ok", db="ok", version=hub.settings.version)
