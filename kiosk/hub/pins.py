"""Secrets people type (staff PINs) and secrets the hub hands out (member codes, sessions).

A PIN has few digits, so it is stored as a salted scrypt hash (slow on purpose: a stolen
database does not give PINs away in seconds); rate limits stop guessing online. Codes and
session secrets are long random strings or short-lived, so a plain SHA-256 is enough.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# scrypt cost: about 15 ms on one core of a small server (n=2**14, r=8, p=1, 16 MiB).
_N, _R, _P = 2**14, 8, 1


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hash_pin(pin: str) -> str:
    """`scrypt$n$r$p$salt$hash` for a new PIN."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches `stored` (constant-time compare; False for a malformed hash)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        got = hashlib.scrypt(
            pin.encode(), salt=_unb64(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, _unb64(digest))


def hash_secret(secret: str) -> str:
    """SHA-256 hex of a code or session secret (what the database keeps)."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()
