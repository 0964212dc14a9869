"""One TLS context for the process's HTTP clients.

Each `httpx.Client` made with the default `verify=True` loads the CA bundle into a context of
its own: 50-80 ms on a 2-core store PC, three times while the mirror starts (the store client,
the event sender, the health reporter), on the thread that builds the screen. A hub spoken to
over plain HTTP (the embedded hub on loopback, a hub on the store's LAN) needs no context at
all; an https hub gets the one context, built on first need and shared (an SSLContext serves
many connections from many threads).
"""

from __future__ import annotations

import functools
import ssl
from collections.abc import Callable

import httpx


@functools.cache
def shared_context() -> ssl.SSLContext:
    """httpx's default verification (certifi's CAs, SSL_CERT_FILE/DIR honoured), once."""
    return httpx.create_ssl_context()


def verify_for(base_url: str | Callable[[], str]) -> ssl.SSLContext | bool:
    """What to give `httpx.Client(verify=...)` for a hub at `base_url`: nothing to verify
    for a fixed plain-HTTP URL (no TLS is spoken, and redirects are not followed), else the
    shared context (a URL read from a getter may be either)."""
    if isinstance(base_url, str) and base_url.lower().startswith("http://"):
        return False
    return shared_context()


TRUST_FIX = (
    "Give the hub a certificate from a public CA, or put the store's CA certificate in a "
    "file on this kiosk and set SSL_CERT_FILE to it in the kiosk's service."
)


def untrusted_certificate(error: BaseException) -> str | None:
    """Why the hub's certificate was refused, when that is what `error` (an httpx error,
    with the ssl error somewhere in its chain) comes down to; None for anything else."""
    seen: set[int] = set()
    cause: BaseException | None = error
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLCertVerificationError):
            return str(cause.verify_message or cause.reason or cause)
        cause = cause.__cause__ or cause.__context__
    if "CERTIFICATE_VERIFY_FAILED" in str(error):  # a wrapper that kept only the text
        return str(error).split("certificate verify failed:")[-1].strip(" ()") or "refused"
    return None
