"""Who is looking at the dashboard: a back-office user's browser session, never a token.

The session is an HttpOnly cookie (`Secure` when the hub is reached over HTTPS, `SameSite=
Strict`, path `/dashboard`) holding a random secret whose SHA-256 is the session's row
(`kiosk.hub.backoffice_users`). A request carrying `Authorization` is refused outright: a
kiosk's or any other token never opens the dashboard.

Cross-site requests: the cookie is `SameSite=Strict` (a browser does not send it from
another site), the only changes are POSTs (sign in, sign out), and every POST must come from
the hub's own origin: its `Origin` (else its `Referer`) must name the host the request was
sent to, or the hub's `--public-url`. A POST with neither header is not from a browser and
cannot ride on a browser's cookie.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request

from kiosk.hub.backoffice_users import User, session_user
from kiosk.hub.context import Hub
from kiosk.hub.db import read_conn
from kiosk.hub.errors import ApiError

COOKIE = "kiosk_dashboard"
COOKIE_PATH = "/dashboard"


def is_https(request: Request, hub: Hub) -> bool:
    """The browser reached the hub over HTTPS (directly, through a proxy that says so, or
    the hub's public URL is HTTPS): the cookie is then `Secure`."""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    public = hub.settings.public_url or ""
    return request.url.scheme == "https" or forwarded == "https" or public.startswith("https://")


def _origin(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin(request: Request, hub: Hub) -> bool:
    """Whether a POST comes from a page of this hub (see the module's note)."""
    sent = request.headers.get("origin")
    if sent is None:
        referer = request.headers.get("referer")
        if referer is None:
            return True  # not a browser: no cookie of a browser's rides along
        sent = referer
    origin = _origin(sent)
    if origin is None:  # "null" (a sandboxed frame, a file), or unreadable
        return False
    host = request.headers.get("host", "").lower()
    allowed = {f"http://{host}", f"https://{host}"} if host else set()
    public = _origin(hub.settings.public_url or "")
    if public:
        allowed.add(public)
    return origin in allowed


def cross_site() -> ApiError:
    return ApiError(
        403,
        "cross_site_request",
        "this form must be sent from the dashboard's own pages; open /dashboard/login",
        "header.Origin",
    )


def no_tokens() -> ApiError:
    return ApiError(
        401,
        "unauthorized",
        "the dashboard takes no bearer token; sign in with a back-office user at "
        "/dashboard/login (`kiosk hub user add`)",
        "header.Authorization",
    )


def signed_out() -> ApiError:
    return ApiError(
        401,
        "signed_out",
        "sign in at /dashboard/login; the session has ended or never began",
        "cookie." + COOKIE,
    )


def session_secret(request: Request) -> str | None:
    return request.cookies.get(COOKIE) or None


def user_of(request: Request, hub: Hub) -> User:
    """The signed-in user (run in a handler thread), or 401: a bearer token is never
    accepted, and the session must be live."""
    if "authorization" in request.headers:
        raise no_tokens()
    secret = session_secret(request)
    if secret is None:
        raise signed_out()
    with read_conn(hub.engine) as conn:
        user = session_user(conn, secret, hub.clock())
    if user is None:
        raise signed_out()
    return user


def visible_stores(user: User, asked: str | None) -> tuple[str, ...] | None:
    """The stores the figures cover: a store manager's own store (asking for another is a
    403), or for head office the one asked for, else every store (None)."""
    if user.store_id is not None:
        if asked is not None and asked != user.store_id:
            raise ApiError(
                403,
                "forbidden",
                f"{user.username} manages {user.store_id} and sees that store only",
                "query.store",
            )
        return (user.store_id,)
    return (asked,) if asked is not None else None
