"""The authorization matrix, generated from `kiosk.hub.policy.POLICY`: every principal x
action (each of its endpoints) x situation (own location, a pickup partner, another
store, the warehouse; a hold or photo it made or another kiosk made; with, without or with
a wrong pickup code), called on the real hub (SQLite and PostgreSQL), each answer compared
with what the table says.

The expected status is worked out here from the table's scopes by this module's own
reading of them (`_within`), not by calling `require`: a router that passes the wrong
context, or a `require` that reads a scope wrongly, fails a case. A refusal about a hold or
photo the caller may not see is 404 (it must not learn that it exists), any other refusal
403 (docs/hub.md, "Who may do what").

Skipped actions (no generator here; helper "members" covers them with the member and staff
endpoints): member.lookup_code, member.lookup_number, member.code_issue, consent.record,
consent.withdraw, member.history, staff.sign_in; and lookbook.save_to_member, lookbook.list
(tests/hub/test_lookbooks.py: they turn on the member's presence, a staff reason, consent);
and a member's wishlist, looks, membership and suggestions (tests/hub/test_one_shopper.py,
`test_access_to_a_members_things_follows_the_table`, for the same reasons).

Then the attacks of issue 13 one by one, and the table in docs/hub.md.
"""

from __future__ import annotations

import functools
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine, write_tx
from kiosk.hub.pins import hash_secret
from kiosk.hub.policy import MOVEMENT_KINDS, POLICY, PRINCIPALS, Action, Scope, markdown_table
from kiosk.hub.tokens import issue_token
from tests.helpers import TESTDATA
from tests.hub.day import health_report
from tests.hub_credentials import mover
from tests.hub_server import REPO, RunningHub

SKIPPED = {
    Action.MEMBER_LOOKUP_CODE,
    Action.MEMBER_LOOKUP_NUMBER,
    Action.MEMBER_CODE_ISSUE,
    Action.CONSENT_RECORD,
    Action.CONSENT_WITHDRAW,
    Action.MEMBER_HISTORY,
    Action.STAFF_SIGN_IN,
    Action.LOOKBOOK_SAVE_TO_MEMBER,
    Action.LOOKBOOK_LIST,
    Action.WISHLIST_READ,
    Action.WISHLIST_WRITE,
    Action.LOOKS_READ,
    Action.LOOKS_DELETE,
    Action.MEMBERSHIP_READ,
    Action.SUGGESTIONS_READ,
}
HOME = {  # where each principal's credential is bound
    "kiosk": "SH-JINGAN",
    "kiosk+staff": "SH-JINGAN",
    "pos": "SH-JINGAN",
    "backoffice": "SH-JINGAN",
    "shop": "WH-ONLINE",
}
PARTNERS = {"SH-JINGAN": {"SH-XINTIANDI", "SH-XUJIAHUI", "SH-LUJIAZUI"}}  # demo.json
KINDS = {"SH-JINGAN": "store", "SH-XINTIANDI": "store", "SZ-GUANQIAN": "store"}
KINDS["WH-ONLINE"] = "warehouse"
HOLD_SKU, MOVE_SKU, UNITS = "TOP-005-M", "LIP-012", 900
HOLD_PLACES = ("SH-JINGAN", "SH-XINTIANDI", "SZ-GUANQIAN")  # own, partner, far (Suzhou)
MOVE_PLACES = ("SH-JINGAN", "SH-XINTIANDI", "WH-ONLINE")
FACE = TESTDATA / "lips" / "celebamask_0.jpg"


# ---- what the table says ---------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """The situation a case sets up, as the scopes read it."""

    location: str | None = None  # where the action happens (a hold's store, a movement's)
    mine: bool | None = None  # the caller made the hold / photo
    code: bool | None = None  # the right pickup code was sent
    movement_kind: str | None = None
    member: bool | None = None  # the lookbook is on a member's account


def _within(scope: Scope | None, principal: str, facts: Facts) -> bool:
    """This module's reading of a scope (docs/hub.md), independent of `require`."""
    home = HOME[principal]
    here = facts.location == home
    rules: dict[Scope, Callable[[], bool]] = {
        Scope.ANY: lambda: True,
        Scope.OWN_STORE: lambda: here,
        Scope.PICKUP: lambda: here or facts.location in PARTNERS.get(home, set()),
        Scope.OWN_HOLDS: lambda: bool(facts.mine),
        Scope.OWN: lambda: bool(facts.mine),
        Scope.OWN_HOLDS_CODE: lambda: bool(facts.mine and facts.code),
        Scope.STORE_HOLDS: lambda: here,
        Scope.OWN_OR_STORE_HOLDS: lambda: bool(facts.mine) or here,
        Scope.STORE_HOLDS_CODE: lambda: bool(here and facts.code),
        Scope.WAREHOUSES: lambda: KINDS.get(facts.location or "") == "warehouse",
        Scope.MEMBER: lambda: bool(facts.member),  # the shop, for a member's own things
        Scope.OWN_STORE_OR_HQ: lambda: here or KINDS.get(home) == "warehouse",
    }
    return scope is not None and rules[scope]()


def expected(action: Action, principal: str, facts: Facts, ok: int) -> int:
    scope = POLICY[action].get(principal)
    allowed = _within(scope, principal, facts)
    if action is Action.MOVEMENT_POST:
        allowed = allowed and facts.movement_kind in MOVEMENT_KINDS.get(principal, frozenset())
    if allowed:
        return ok
    if action in (Action.HOLD_READ, Action.HOLD_CANCEL, Action.HOLD_COLLECT):
        read = POLICY[Action.HOLD_READ].get(principal)
        return 403 if _within(read, principal, facts) else 404
    if action in (Action.PHOTO_DELETE, Action.LOOKBOOK_DELETE) and scope is not None:
        return 404  # another kiosk's photo or lookbook does not exist for it
    return 403


@dataclass(frozen=True)
class Case:
    principal: str
    action: Action
    endpoint: str
    facts: Facts
    status: int

    @property
    def label(self) -> str:
        f = self.facts
        bits = [self.principal, self.action.value, self.endpoint]
        if f.movement_kind:
            bits.append(f.movement_kind)
        if f.location:
            bits.append(f"at {f.location}")
        if f.mine is not None:
            bits.append("mine" if f.mine else "theirs")
        if f.code is not None:
            bits.append("code" if f.code else "no-code")
        if f.member is not None:
            bits.append("member's" if f.member else "anonymous")
        return " ".join(bits) + f" -> {self.status}"


def _can_create_hold(principal: str, location: str) -> bool:
    scope = POLICY[Action.HOLD_CREATE].get(principal)
    return _within(scope, principal, Facts(location=location))


def generate() -> list[Case]:
    """Every principal x endpoint x situation the table speaks about."""
    out: list[Case] = []
    for action in Action:
        if action in SKIPPED:
            continue
        for p in PRINCIPALS:

            def add(endpoint: str, facts: Facts, ok: int, a: Action = action, p: str = p) -> None:
                out.append(Case(p, a, endpoint, facts, expected(a, p, facts, ok)))

            if action is Action.CATALOG_READ:
                add("GET /v1/products", Facts(), 200)
                add("GET /v1/variants/{sku}", Facts(), 200)
                add("GET /v1/variants?barcode=", Facts(), 200)
            elif action is Action.STOCK_READ:
                add("GET /v1/stock/{sku}", Facts(), 200)
            elif action is Action.HOLD_CREATE:
                for where in HOLD_PLACES:
                    add("POST /v1/reservations", Facts(location=where), 201)
            elif action in (Action.HOLD_READ, Action.HOLD_CANCEL, Action.HOLD_COLLECT):
                endpoint = {
                    Action.HOLD_READ: "GET /v1/reservations/{id}",
                    Action.HOLD_CANCEL: "POST /v1/reservations/{id}/cancel",
                    Action.HOLD_COLLECT: "POST /v1/reservations/{id}/collect",
                }[action]
                codes: tuple[bool | None, ...] = (
                    (True, False) if action is Action.HOLD_COLLECT else (None,)
                )
                for where in HOLD_PLACES[:2]:
                    for mine in (True, False):
                        if mine and not _can_create_hold(p, where):
                            continue  # it cannot have made a hold there
                        for code in codes:
                            add(endpoint, Facts(location=where, mine=mine, code=code), 200)
            elif action is Action.MOVEMENT_POST:
                for kind in sorted({k for ks in MOVEMENT_KINDS.values() for k in ks}):
                    for where in MOVE_PLACES:
                        add("POST /v1/movements", Facts(location=where, movement_kind=kind), 200)
            elif action is Action.HANDOFF_CREATE:
                add("POST /v1/handoffs", Facts(location=HOME[p]), 201)
            elif action is Action.PHOTO_CREATE:
                add("POST /v1/photos", Facts(location=HOME[p]), 201)
            elif action is Action.PHOTO_DELETE:
                can_take = POLICY[Action.PHOTO_CREATE].get(p) is not None
                for mine in (True, False) if can_take else (False,):
                    add("DELETE /v1/photos/{id}", Facts(mine=mine), 204)
            elif action is Action.LOOKBOOK_CREATE:
                add("POST /v1/lookbooks", Facts(location=HOME[p]), 201)
            elif action is Action.LOOKBOOK_DELETE:
                can_make = POLICY[Action.LOOKBOOK_CREATE].get(p) is not None
                for mine in (True, False) if can_make else (False,):
                    add("DELETE /v1/lookbooks/{id}", Facts(mine=mine, member=False), 204)
                add("DELETE /v1/lookbooks/{id}", Facts(mine=False, member=True), 204)
            elif action is Action.EVENTS_POST:
                add("POST /v1/events", Facts(location=HOME[p]), 200)
            elif action is Action.METRICS_READ:
                add("GET /v1/metrics", Facts(), 200)
            elif action is Action.CONFIG_READ:
                add("GET /v1/config", Facts(location=HOME[p]), 200)
            elif action is Action.REPORT_READ:
                for where in HOLD_PLACES[:2]:  # its own store, another one
                    add("GET /v1/reports/sales?store=", Facts(location=where), 200)
            elif action is Action.KIOSK_REPORT:
                for mine in (True, False):  # its own id, another kiosk's
                    add("PUT /v1/kiosks/{id}/report", Facts(mine=mine), 204)
            else:  # a new action: teach this generator to call it, or list it in SKIPPED
                raise AssertionError(f"the matrix does not know how to call {action.value}")
    return out


CASES = generate()


# ---- the credentials and the stock the cases need --------------------------------------------


@dataclass
class World:
    hub: RunningHub
    who: dict[str, dict[str, str]]  # principal -> headers
    others: dict[str, dict[str, str]]  # store -> headers of another kiosk there
    ids: dict[str, str]  # principal -> its principal id

    def call(self, method: str, path: str, headers: dict[str, str], **kw: Any) -> httpx.Response:
        return httpx.request(method, f"{self.hub.url}{path}", headers=headers, timeout=30, **kw)

    def hold(self, headers: dict[str, str], where: str) -> dict[str, Any]:
        made = self.call(
            "POST",
            "/v1/reservations",
            {**headers, "Idempotency-Key": str(uuid.uuid4())},
            json={"sku": HOLD_SKU, "quantity": 1, "location_id": where},
        )
        assert made.status_code == 201, made.text
        return dict(made.json())

    def release(self, headers: dict[str, str], hold: dict[str, Any]) -> None:
        """The maker cancels its hold if still held (keeps per-kiosk hold caps clear)."""
        self.call("POST", f"/v1/reservations/{hold['reservation_id']}/cancel", headers)

    def photo(self, headers: dict[str, str]) -> str:
        made = self.call(
            "POST", "/v1/photos", {**headers, "Content-Type": "image/jpeg"}, content=face()
        )
        assert made.status_code == 201, made.text
        return str(made.json()["photo_id"])

    def lookbook(self, headers: dict[str, str], member: bool) -> str:
        """An anonymous lookbook, or one on Chen Jie's account (consented in the demo data;
        present at the maker's kiosk once her code is looked up there)."""
        body: dict[str, Any] = {"session_id": "mx", "looks": [{"items": [{"sku": "LIP-001"}]}]}
        if member:
            seen = self.call("GET", "/v1/members/lookup", headers, params={"code": "16180339"})
            assert seen.status_code == 200, seen.text
            body["member_id"] = "M-R5J9VL2QFA"
        made = self.call("POST", "/v1/lookbooks", headers, json=body)
        assert made.status_code == 201, made.text
        return str(made.json()["lookbook_id"])


@functools.cache
def face() -> bytes:
    """A real camera JPEG (read when the first photo case runs)."""
    return FACE.read_bytes()


def _staff_session(db_url: str, kiosk_id: str) -> str:
    """A staff session of S-JA-01 on `kiosk_id`, as the PIN sign-in would store it."""
    secret = secrets.token_urlsafe(24)
    now = datetime.now(UTC)
    engine = make_engine(db_url, pool_size=1)
    try:
        with write_tx(engine) as conn:
            conn.execute(
                t.staff_sessions.insert().values(
                    session_hash=hash_secret(secret),
                    staff_id="S-JA-01",
                    store_id="SH-JINGAN",
                    kiosk_id=kiosk_id,
                    created_at=now,
                    expires_at=now + timedelta(hours=4),
                )
            )
    finally:
        engine.dispose()
    return secret


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def world(hub: RunningHub) -> World:
    db = hub.db_url
    ids = {p: f"mx-{p.replace('+', '-')}" for p in PRINCIPALS}
    roles = {"kiosk": "kiosk", "kiosk+staff": "kiosk", "pos": "pos"}
    roles |= {"backoffice": "backoffice", "shop": "shop"}
    who = {p: _bearer(issue_token(db, ids[p], HOME[p], role=roles[p])) for p in PRINCIPALS}
    who["kiosk+staff"]["X-Staff-Session"] = _staff_session(db, ids["kiosk+staff"])
    others = {
        store: _bearer(issue_token(db, f"mx-other-{store.lower()}", store)) for store in HOLD_PLACES
    }
    for store in HOLD_PLACES:
        move = {"movement_id": f"mx-{uuid.uuid4()}", "kind": "count", "sku": HOLD_SKU}
        body = {"movements": [{**move, "location_id": store, "quantity": UNITS}]}
        counted = httpx.post(
            f"{hub.url}/v1/movements", json=body, headers=mover(db, "count", store)
        )
        assert counted.status_code == 200, counted.text
    return World(hub, who, others, ids)


# ---- the matrix --------------------------------------------------------------------------------


def test_the_matrix_covers_every_principal_and_every_callable_action() -> None:
    assert {c.principal for c in CASES} == set(PRINCIPALS)
    assert {c.action for c in CASES} == set(Action) - SKIPPED
    statuses = {c.status for c in CASES}
    assert {200, 201, 204, 403, 404} <= statuses  # every kind of answer is exercised
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[c.label for c in CASES])
def test_matrix(world: World, case: Case) -> None:
    got, cleanup = _run(world, case)
    try:
        assert got.status_code == case.status, (case.label, got.text[:400])
        if case.status >= 400:
            error = got.json()["error"]
            assert error["code"] in (
                "forbidden",
                "not_found",
                "photo_not_found",
                "lookbook_not_found",
            ), error
            assert error["message"], error
    finally:
        cleanup()


def _run(w: World, case: Case) -> tuple[httpx.Response, Callable[[], None]]:
    """Set the situation up, make the call; also what undoes the situation."""
    me = w.who[case.principal]
    f = case.facts
    nothing: Callable[[], None] = lambda: None  # noqa: E731
    a = case.action
    if a is Action.CATALOG_READ:
        if case.endpoint == "GET /v1/products":
            return w.call("GET", "/v1/products", me), nothing
        if case.endpoint == "GET /v1/variants/{sku}":
            return w.call("GET", "/v1/variants/LIP-001", me), nothing
        barcode = w.call("GET", "/v1/variants/LIP-001", w.others["SH-JINGAN"]).json()["barcode"]
        return w.call("GET", f"/v1/variants?barcode={barcode}", me), nothing
    if a is Action.STOCK_READ:
        return w.call("GET", "/v1/stock/LIP-001", me), nothing
    if a is Action.HOLD_CREATE:
        got = w.call(
            "POST",
            "/v1/reservations",
            {**me, "Idempotency-Key": str(uuid.uuid4())},
            json={"sku": HOLD_SKU, "quantity": 1, "location_id": f.location},
        )
        if got.status_code == 201:
            return got, lambda: w.release(me, got.json())
        return got, nothing
    if a in (Action.HOLD_READ, Action.HOLD_CANCEL, Action.HOLD_COLLECT):
        assert f.location is not None
        maker = me if f.mine else w.others[f.location]
        held = w.hold(maker, f.location)
        rid = held["reservation_id"]
        cleanup = lambda: w.release(maker, held)  # noqa: E731
        if a is Action.HOLD_READ:
            return w.call("GET", f"/v1/reservations/{rid}", me), cleanup
        if a is Action.HOLD_CANCEL:
            return w.call("POST", f"/v1/reservations/{rid}/cancel", me), cleanup
        body = {"pickup_code": held["pickup_code"]} if f.code else None
        return w.call("POST", f"/v1/reservations/{rid}/collect", me, json=body), cleanup
    if a is Action.MOVEMENT_POST:
        move = {"movement_id": f"mx-{uuid.uuid4()}", "kind": f.movement_kind, "sku": MOVE_SKU}
        body = {"movements": [{**move, "location_id": f.location, "quantity": 1}]}
        got = w.call("POST", "/v1/movements", me, json=body)
        if got.status_code == 403:
            field = got.json()["error"]["field"]
            assert field in ("body.movements.0.location_id", "body.movements.0.kind"), field
        return got, nothing
    if a is Action.HANDOFF_CREATE:
        body = {"items": [{"sku": "LIP-001", "quantity": 1}], "session_id": "mx"}
        return w.call("POST", "/v1/handoffs", me, json=body), nothing
    if a is Action.PHOTO_CREATE:
        got = w.call("POST", "/v1/photos", {**me, "Content-Type": "image/jpeg"}, content=face())
        return got, nothing
    if a is Action.PHOTO_DELETE:
        photo = w.photo(me if f.mine else w.others["SH-JINGAN"])
        return w.call("DELETE", f"/v1/photos/{photo}", me), nothing
    if a is Action.LOOKBOOK_CREATE:
        body = {"session_id": "mx", "looks": [{"items": [{"sku": "LIP-001"}]}]}
        return w.call("POST", "/v1/lookbooks", me, json=body), nothing
    if a is Action.LOOKBOOK_DELETE:
        book = w.lookbook(me if f.mine else w.others["SH-JINGAN"], bool(f.member))
        return w.call("DELETE", f"/v1/lookbooks/{book}", me), nothing
    if a is Action.EVENTS_POST:
        kind = "shop.product.viewed" if case.principal == "shop" else "tryon.session.started"
        event = {"specversion": "1.0", "id": f"mx-{uuid.uuid4()}", "source": "urn:mx",
                 "type": kind, "time": "2025-06-01T10:00:00Z", "data": {}}  # fmt: skip
        return w.call("POST", "/v1/events", me, json={"events": [event]}), nothing
    if a is Action.METRICS_READ:
        return w.call("GET", "/v1/metrics", me), nothing
    if a is Action.CONFIG_READ:
        return w.call("GET", "/v1/config", me), nothing
    if a is Action.REPORT_READ:
        return w.call("GET", "/v1/reports/sales", me, params={"store": f.location}), nothing
    if a is Action.KIOSK_REPORT:
        kiosk_id = w.ids[case.principal] if f.mine else "mx-other-sh-jingan"
        return w.call("PUT", f"/v1/kiosks/{kiosk_id}/report", me, json=health_report()), nothing
    raise AssertionError(f"no call for {case.label}")


# ---- the attacks of issue 13, one by one ---------------------------------------------------------


def _status(w: World, rid: str, headers: dict[str, str]) -> str:
    return str(w.call("GET", f"/v1/reservations/{rid}", headers).json()["status"])


def _on_hand(w: World, sku: str, where: str) -> int:
    report = w.call("GET", f"/v1/stock/{sku}", w.others["SH-JINGAN"]).json()
    for channel in report["channels"]:
        if channel.get("location_id") == where:
            return int(channel["on_hand"])
    raise AssertionError(f"{where} not in the stock report of {sku}")


def test_a_kiosk_cannot_cancel_or_collect_another_stores_holds(world: World) -> None:
    """Kiosk A (SH-JINGAN) against kiosk B's hold at SH-XINTIANDI: it does not exist for A,
    whether A knows the pickup code or not, and B's hold stays held."""
    a, b = world.who["kiosk"], world.others["SH-XINTIANDI"]
    held = world.hold(b, "SH-XINTIANDI")
    rid = held["reservation_id"]
    unknown = world.call("GET", "/v1/reservations/R0123456789ABCDEF", a)
    for method, path, body in [
        ("GET", f"/v1/reservations/{rid}", None),
        ("POST", f"/v1/reservations/{rid}/cancel", None),
        ("POST", f"/v1/reservations/{rid}/collect", None),
        ("POST", f"/v1/reservations/{rid}/collect", {"pickup_code": held["pickup_code"]}),
    ]:
        got = world.call(method, path, a, json=body)
        assert got.status_code == 404, (path, got.text)
        same = unknown.json()["error"]["message"].replace("R0123456789ABCDEF", rid)
        assert got.json()["error"] == {**unknown.json()["error"], "message": same}
    assert _status(world, rid, b) == "held"
    world.release(b, held)


def test_a_kiosk_cannot_post_stock_movements(world: World) -> None:
    """The issue's pos_sale at SH-XINTIANDI and count of 0 at WH-ONLINE: 403, nothing moves."""
    kiosk = world.who["kiosk"]
    before = (_on_hand(world, HOLD_SKU, "SH-XINTIANDI"), _on_hand(world, MOVE_SKU, "WH-ONLINE"))
    for kind, sku, where, n in [
        ("pos_sale", HOLD_SKU, "SH-XINTIANDI", 3),
        ("count", MOVE_SKU, "WH-ONLINE", 0),
        ("pos_sale", HOLD_SKU, "SH-JINGAN", 1),  # not even at its own store
    ]:
        body = {"movements": [{"movement_id": f"atk-{uuid.uuid4()}", "kind": kind, "sku": sku,
                               "location_id": where, "quantity": n}]}  # fmt: skip
        got = world.call("POST", "/v1/movements", kiosk, json=body)
        assert got.status_code == 403, got.text
        assert got.json()["error"]["field"] == "body.movements.0.location_id"
    after = (_on_hand(world, HOLD_SKU, "SH-XINTIANDI"), _on_hand(world, MOVE_SKU, "WH-ONLINE"))
    assert after == before


def test_one_forbidden_movement_rejects_the_whole_batch(world: World) -> None:
    till = world.who["pos"]
    before = _on_hand(world, HOLD_SKU, "SH-JINGAN")
    sale = {"movement_id": f"b-{uuid.uuid4()}", "kind": "pos_sale", "sku": HOLD_SKU,
            "location_id": "SH-JINGAN", "quantity": 1}  # fmt: skip
    elsewhere = dict(sale, movement_id=f"b-{uuid.uuid4()}", location_id="SH-XINTIANDI")
    got = world.call("POST", "/v1/movements", till, json={"movements": [sale, elsewhere]})
    assert got.status_code == 403 and got.json()["error"]["field"] == "body.movements.1.location_id"
    assert "nothing in this batch was applied" in got.json()["error"]["message"]
    counted = dict(sale, movement_id=f"b-{uuid.uuid4()}", kind="count", quantity=0)
    got = world.call("POST", "/v1/movements", till, json={"movements": [sale, counted]})
    assert got.status_code == 403 and got.json()["error"]["field"] == "body.movements.1.kind"
    assert _on_hand(world, HOLD_SKU, "SH-JINGAN") == before  # the allowed sale did not happen
    assert world.call("POST", "/v1/movements", till, json={"movements": [sale]}).status_code == 200
    assert _on_hand(world, HOLD_SKU, "SH-JINGAN") == before - 1


def test_a_kiosk_cannot_hold_in_suzhou(world: World) -> None:
    got = world.call(
        "POST",
        "/v1/reservations",
        {**world.who["kiosk"], "Idempotency-Key": str(uuid.uuid4())},
        json={"sku": HOLD_SKU, "quantity": 1, "location_id": "SZ-GUANQIAN"},
    )
    assert got.status_code == 403 and got.json()["error"]["field"] == "body.location_id"
    partner = world.hold(world.who["kiosk"], "SH-XINTIANDI")  # a pickup partner is fine
    world.release(world.who["kiosk"], partner)


def test_collecting_needs_the_pickup_code_or_staff(world: World) -> None:
    kiosk = world.who["kiosk"]
    held = world.hold(kiosk, "SH-JINGAN")
    url = f"/v1/reservations/{held['reservation_id']}/collect"
    for body in (None, {}, {"pickup_code": "ZZZZZZ"}):
        got = world.call("POST", url, kiosk, json=body)
        assert got.status_code == 403, got.text
        assert got.json()["error"]["field"] == "body.pickup_code"
        assert "pickup code" in got.json()["error"]["message"]
    assert _status(world, held["reservation_id"], kiosk) == "held"
    # Another kiosk of the same store with the code the shopper shows: handed over.
    done = world.call(
        "POST", url, world.others["SH-JINGAN"], json={"pickup_code": held["pickup_code"]}
    )
    assert done.status_code == 200 and done.json()["status"] == "collected"
    # A staff member signed in on a kiosk needs no code.
    staffed = world.who["kiosk+staff"]
    theirs = world.hold(kiosk, "SH-JINGAN")
    got = world.call("POST", f"/v1/reservations/{theirs['reservation_id']}/collect", staffed)
    assert got.status_code == 200 and got.json()["status"] == "collected"


def test_out_of_stock_refusals_are_counted(world: World) -> None:
    office = world.who["backoffice"]

    def counted() -> int:
        text = world.call("GET", "/v1/metrics", office).text
        line = next(
            x
            for x in text.splitlines()
            if x.startswith("kiosk_hub_reservations_out_of_stock_total{")
        )
        return int(float(line.rsplit(" ", 1)[1]))

    before = counted()
    refused = world.call(
        "POST",
        "/v1/reservations",
        {**world.who["kiosk"], "Idempotency-Key": str(uuid.uuid4())},
        json={"sku": "LIP-009", "quantity": 1},  # sold out everywhere (demo.json)
    )
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "out_of_stock"
    assert counted() == before + 1


# ---- the table in the docs -----------------------------------------------------------------------


def test_docs_print_the_table_as_the_code_has_it() -> None:
    docs = (REPO / "docs" / "hub.md").read_text(encoding="utf-8")
    table = markdown_table()
    assert table in docs, (
        "docs/hub.md: paste `python -c 'from kiosk.hub.policy import "
        "markdown_table; print(markdown_table())'` into 'Who may do what'"
    )
    assert docs.count("| action | ") == 1
