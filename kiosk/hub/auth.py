"""Who is calling: the bearer token resolved once per request into a `Caller`.

Handlers declare `caller: CallerDep` (and `conn: ReadConn` when they read the database);
FastAPI resolves the token once per request, on the request's one read connection, which
the handler then reads on: one pool checkout per request, as before the dependency.

The request holds that connection while it waits for a handler thread, so the number of
requests holding one is capped (`Hub.request_slots`, below the pool's size): otherwise
requests holding every pooled connection could wait for threads that wait for a
connection. A token without a store serves the hub's default store.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Literal

import anyio
from fastapi import Depends, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, Engine, bindparam, select
from starlette.concurrency import run_in_threadpool

from kiosk.hub import tables as t
from kiosk.hub.context import HubDep
from kiosk.hub.db import open_read
from kiosk.hub.errors import ApiError
from kiosk.hub.tokens import hash_token

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="kioskToken",
    description="A kiosk token from `kiosk hub token --kiosk ID`.",
)
CHALLENGE = {"WWW-Authenticate": "Bearer"}

# The principals the hub knows. Today every token is a kiosk's; POS, back-office, staff
# and shop credentials become further roles here.
Role = Literal["kiosk"]


@dataclass(frozen=True)
class Caller:
    """Who is calling, for which store, in which role: what every handler receives."""

    kiosk_id: str
    store_id: str
    role: Role = "kiosk"


async def bearer_token(
    creds: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> str:
    """The presented token (checked against the database next, in a handler thread)."""
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


# ---- the dependencies ----------------------------------------------------------------


@dataclass(frozen=True)
class _Authenticated:
    caller: Caller
    conn: Connection  # the request's read connection; the token was checked on it


def _check(engine: Engine, token: str) -> _Authenticated:
    """In a handler thread: open the request's read connection and check the token on it."""
    conn = open_read(engine)
    try:
        return _Authenticated(authenticate(conn, token), conn)
    except BaseException:
        conn.close()
        raise


async def _authenticated(token: Token, hub: HubDep) -> AsyncIterator[_Authenticated]:
    """The token checked on the request's read connection, which is closed once the handler
    returns (on the event loop: closing a read connection does no I/O, see `open_read`).

    `token` comes first: a request without one is refused before it waits for a slot or
    touches the database. The slot caps the requests that hold a connection while they
    wait for a handler thread below the pool's size, so they cannot take every pooled
    connection while the threads that would finish them wait for one.
    """
    async with hub.request_slots:
        with anyio.CancelScope(shield=True):  # a connection once opened is always closed
            auth = await run_in_threadpool(_check, hub.engine, token)
        try:
            yield auth
        finally:
            auth.conn.close()


_Auth = Annotated[_Authenticated, Depends(_authenticated, scope="function")]


async def current_caller(auth: _Auth) -> Caller:
    """The authenticated caller (401 `unauthorized` / `token_revoked` otherwise)."""
    return auth.caller


async def request_conn(auth: _Auth) -> Connection:
    """The request's read connection (`kiosk.hub.db.open_read`), after the token check."""
    return auth.conn


CallerDep = Annotated[Caller, Depends(current_caller)]
ReadConn = Annotated[Connection, Depends(request_conn)]
