"""Who is calling: the bearer token resolved once per request into a `Caller`.

Handlers declare `caller: CallerDep` (and `conn: ReadConn` when they read the database);
FastAPI resolves the token once per request, on the request's one read connection, which
the handler then reads on: one pool checkout per request, as before the dependency.

The request holds that connection while it waits for a handler thread, so the number of
requests holding one is capped (`Hub.request_slots`, below the pool's size): otherwise
requests holding every pooled connection could wait for threads that wait for a
connection. A token without a store serves the hub's default store.

A kiosk may also carry a staff session (`X-Staff-Session`, opened with a staff PIN on
that kiosk): the caller is then `kiosk+staff` for `kiosk.hub.policy`, which decides what
every caller may do.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Annotated, TypeVar

import anyio
from fastapi import Depends, Header, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, Engine, bindparam, select
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool

from kiosk.hub import tables as t
from kiosk.hub.context import Hub, HubDep
from kiosk.hub.db import open_read
from kiosk.hub.errors import ApiError
from kiosk.hub.pins import hash_secret
from kiosk.hub.policy import Caller
from kiosk.hub.prepared import Prepared
from kiosk.hub.tokens import hash_token

__all__ = [
    "Caller",
    "CallerDep",
    "NeedsThread",
    "ReadConn",
    "StaffSession",
    "Token",
    "authenticate",
    "read_on_loop_or_thread",
    "with_pickup_stores",
]

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="kioskToken",
    description="A kiosk token from `kiosk hub token --kiosk ID`.",
)
CHALLENGE = {"WWW-Authenticate": "Bearer"}
T = TypeVar("T")


def missing_token() -> ApiError:
    """The 401 for a request without a bearer token (every route's, word for word)."""
    return ApiError(
        401,
        "unauthorized",
        "this endpoint needs 'Authorization: Bearer <token>'; "
        "issue one with `kiosk hub token --kiosk ID`",
        "header.Authorization",
        CHALLENGE,
    )


async def bearer_token(
    creds: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> str:
    """The presented token (checked against the database next, in a handler thread)."""
    if creds is None or not creds.credentials:
        raise missing_token()
    return creds.credentials


Token = Annotated[str, Depends(bearer_token)]
StaffSession = Annotated[
    str | None,
    Header(
        alias="X-Staff-Session",
        max_length=200,
        description="a staff session opened with a PIN on this kiosk (POST /v1/staff/sessions)",
    ),
]


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
    t.tokens.c.role,
    t.tokens.c.expires_at,
    _DEFAULT_STORE.scalar_subquery().label("default_store"),
).where(t.tokens.c.token_hash == bindparam("token_hash"))


_STAFF = select(t.staff_sessions.c.staff_id).where(
    t.staff_sessions.c.session_hash == bindparam("session_hash"),
    t.staff_sessions.c.kiosk_id == bindparam("kiosk_id"),
    t.staff_sessions.c.expires_at > bindparam("now"),
    t.staff_sessions.c.ended_at.is_(None),
)
_TOKEN_RUN = Prepared(_TOKEN)  # on the DBAPI cursor: every request runs these
_STAFF_RUN = Prepared(_STAFF)
_PARTNERS = select(t.pickup_partners.c.partner_id).where(
    t.pickup_partners.c.store_id == bindparam("store_id")
)


def authenticate(
    conn: Connection, token: str, now: datetime, staff_session: str | None = None
) -> Caller:
    """The caller, or 401 for an unknown, revoked or expired token or staff session."""
    row = _TOKEN_RUN.first(conn, {"token_hash": hash_token(token)})
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
    if row.expires_at is not None and row.expires_at <= now:
        raise ApiError(
            401,
            "token_expired",
            "this credential has expired; ask the operator for a new one (`kiosk hub token`)",
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
    caller = Caller(kiosk_id=row.kiosk_id, store_id=str(store), role=row.role)
    if staff_session:
        staff_id = None
        if caller.role == "kiosk":
            staff = _STAFF_RUN.first(
                conn,
                {
                    "session_hash": hash_secret(staff_session),
                    "kiosk_id": caller.kiosk_id,
                    "now": now,
                },
            )
            staff_id = None if staff is None else staff.staff_id
        if staff_id is None:
            raise ApiError(
                401,
                "staff_session_expired",
                "the staff session has ended or belongs to another kiosk; "
                "sign in again with the staff PIN",
                "header.X-Staff-Session",
            )
        caller = replace(caller, staff_id=str(staff_id))
    return caller


def with_pickup_stores(conn: Connection, caller: Caller) -> Caller:
    """`caller` with the stores it may also hold at (the chain's pickup partners)."""
    rows = conn.execute(_PARTNERS, {"store_id": caller.store_id}).scalars().all()
    return replace(caller, pickup_stores=frozenset(str(r) for r in rows))


# ---- the dependencies ----------------------------------------------------------------


@dataclass(frozen=True)
class _Authenticated:
    caller: Caller
    conn: Connection  # the request's read connection; the token was checked on it


def _check(engine: Engine, token: str, now: datetime, staff_session: str | None) -> _Authenticated:
    """In a handler thread: open the request's read connection and check the token on it."""
    conn = open_read(engine)
    try:
        return _Authenticated(authenticate(conn, token, now, staff_session), conn)
    except BaseException:
        conn.close()
        raise


async def _authenticated(
    token: Token, hub: HubDep, staff_session: StaffSession = None
) -> AsyncIterator[_Authenticated]:
    """The token checked on the request's read connection, which is closed once the handler
    returns (on the event loop: closing a read connection does no I/O, see `open_read`).

    `token` comes first: a request without one is refused before it waits for a slot or
    touches the database. The slot caps the requests that hold a connection while they
    wait for a handler thread below the pool's size, so they cannot take every pooled
    connection while the threads that would finish them wait for one.
    """
    async with hub.request_slots:
        with anyio.CancelScope(shield=True):  # a connection once opened is always closed
            auth = await run_in_threadpool(_check, hub.engine, token, hub.clock(), staff_session)
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


# ---- the hot path: token check and handler on the loop or in one thread -----------------


class NeedsThread(Exception):
    """Raised by work running on the event loop that has to write or wait (a lazy
    expiry, say): it runs again, from the start, in a handler thread."""


Work = Callable[[Connection, Caller, bool], T]  # (conn, caller, on_loop) -> answer
# A read on the event loop that failed, or took longer than a lookup ever should (SQLite
# sleeps inside a read while another process holds the WAL index's locks, whatever the
# busy timeout), sends reads to handler threads for a while.
LOOP_SLOW_S = 0.05  # wall time: a preempted process can look slow, a sleeping read does
LOOP_PAUSE_S = 10.0


def _check_and_run(
    engine: Engine,
    token: str,
    now: datetime,
    staff_session: str | None,
    work: Work[T],
    on_loop: bool,
) -> T:
    conn = open_read(engine)
    try:
        return work(conn, authenticate(conn, token, now, staff_session), on_loop)
    finally:
        conn.close()


async def read_on_loop_or_thread(
    hub: Hub, token: str, staff_session: str | None, work: Work[T]
) -> T:
    """`work(conn, caller, on_loop)` after the token check, on one read connection.

    For hot read endpoints (GET /stock/{sku}). `CallerDep` and a sync handler cost two
    thread hops per request and close the connection on the event loop; here:
    - SQLite: on the event loop itself, on `Hub.loop_reads()` (one connection that never
      waits: busy timeout 0, read-only). If the database is busy or locked, or `work`
      raises `NeedsThread`, everything runs again in a handler thread; after a failed or
      slow loop read, reads go to threads for `LOOP_PAUSE_S`;
    - otherwise (PostgreSQL, or that retry): in one handler thread, on a connection
      opened and closed in that thread. Nothing holds a connection between threads, so
      no request slot is needed (a thread waiting for a connection waits only for other
      threads, which return theirs without waiting).
    The same `authenticate` decides either way: same errors, same order, one checkout."""
    reader = hub.loop_reads()
    if reader is not None:
        start = time.perf_counter()
        try:
            answer = _check_and_run(reader, token, hub.clock(), staff_session, work, True)
        except NeedsThread:
            pass
        except DBAPIError:  # busy, locked or unreadable: the thread waits as any read would
            hub.pause_loop_reads(LOOP_PAUSE_S)
        else:
            if time.perf_counter() - start > LOOP_SLOW_S:
                hub.pause_loop_reads(LOOP_PAUSE_S)
            return answer
    return await run_in_threadpool(
        _check_and_run, hub.engine, token, hub.clock(), staff_session, work, False
    )
