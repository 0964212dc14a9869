"""Bearer-token authentication: who is calling (kiosk id) and for which store.

The token check runs on the handler's own database connection (one pool checkout per
request); a token without a store serves the hub's default store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, bindparam, select

from kiosk.hub import tables as t
from kiosk.hub.errors import ApiError
from kiosk.hub.tokens import hash_token

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="kioskToken",
    description="A kiosk token from `kiosk hub token --kiosk ID`.",
)
CHALLENGE = {"WWW-Authenticate": "Bearer"}


@dataclass(frozen=True)
class Caller:
    kiosk_id: str
    store_id: str


async def bearer_token(
    creds: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> str:
    """The presented token (checked against the database later, on the handler's thread)."""
    if creds is None or not creds.credentials:
        raise ApiError(
            401,
            "unauthorized",
            "this endpoint needs 'Authorization: Bearer <token>'; "
            "issue one with `kiosk hub token --kiosk ID`",
            "header.Authorization",
            CHALLENGE,
        )
    return creds.credentials


Token = Annotated[str, Depends(bearer_token)]


_DEFAULT_STORE = (
    select(t.locations.c.location_id)
    .where(t.locations.c.kind == "store")
    .order_by(t.locations.c.is_default.desc(), t.locations.c.location_id)
    .limit(1)
)
# One prebuilt statement per request: the token, its kiosk and the store it serves.
_TOKEN = select(
    t.tokens.c.kiosk_id,
    t.tokens.c.store_id,
    t.tokens.c.revoked_at,
    _DEFAULT_STORE.scalar_subquery().label("default_store"),
).where(t.tokens.c.token_hash == bindparam("token_hash"))


def authenticate(conn: Connection, token: str) -> Caller:
    """The calling kiosk, or 401 for an unknown or revoked token."""
    row = conn.execute(_TOKEN, {"token_hash": hash_token(token)}).first()
    if row is None:
        raise ApiError(
            401,
            "unauthorized",
            "the bearer token is not known to this hub; issue one with `kiosk hub token`",
            "header.Authorization",
            CHALLENGE,
        )
    if row.revoked_at is not None:
        raise ApiError(
            401,
            "token_revoked",
            "this kiosk's token was revoked; ask the operator for a new one (`kiosk hub token`)",
            "header.Authorization",
            CHALLENGE,
        )
    store = row.store_id or row.default_store
    if store is None:
        raise ApiError(
            409,
            "no_store",
            "this hub has no stores yet; start it with --seed demo or load locations",
            None,
        )
    return Caller(kiosk_id=row.kiosk_id, store_id=str(store))
