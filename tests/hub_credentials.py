"""Test helper: the right credential for a hub call that a kiosk token may not make.

    from tests.hub_credentials import headers, mover
    httpx.post(f"{hub.url}/v1/movements", json=body, headers=mover(hub.db_url, "count"))
    httpx.get(f"{hub.url}/v1/metrics", headers=headers(hub.db_url, "backoffice"))

Tokens are issued once per (database, role, location) through `kiosk.hub.tokens` (the
operator's path), bound as `kiosk.hub.policy` expects: tills and back office to the store
they serve, the online shop to the warehouse.
"""

from __future__ import annotations

import functools

from kiosk.hub.policy import MOVEMENT_KINDS, Role

# Which role posts each movement kind (`kiosk.hub.policy.MOVEMENT_KINDS`, inverted).
POSTED_BY: dict[str, Role] = {
    kind: principal  # type: ignore[misc]
    for principal, kinds in MOVEMENT_KINDS.items()
    for kind in kinds
}


@functools.cache
def token(db_url: str, role: Role, location: str | None = "SH-JINGAN") -> str:
    """A token of `role` bound to `location` on the hub at `db_url` (issued once)."""
    from kiosk.hub.tokens import issue_token

    principal = f"test-{role}-{location or 'default'}".lower()
    return issue_token(db_url, principal, location, role=role)


def headers(db_url: str, role: Role, location: str | None = "SH-JINGAN") -> dict[str, str]:
    return {"Authorization": f"Bearer {token(db_url, role, location)}"}


def mover(db_url: str, kind: str, location: str = "SH-JINGAN") -> dict[str, str]:
    """Headers of a credential that may post a `kind` movement at `location`: a till for
    sales, back office for counts, receipts and transfers, the shop for online orders and
    picks (which happen at warehouses)."""
    role = POSTED_BY[kind]
    return headers(db_url, role, "WH-ONLINE" if role == "shop" else location)
