"""Who may do what, where: the hub's one authorization table, and the one place that reads it.

Every handler calls `require(caller, action, ...)` with what the action touches (a location,
the principal that owns a hold); nothing else in the hub decides who may act. `docs/hub.md`
prints this table (`markdown_table`, checked by a test) and the authorization matrix test
is generated from it, so the three cannot drift apart.

Principals: a kiosk token (bound to its store), the same kiosk while a staff member has
signed in on it with their PIN (`kiosk+staff`), a POS or back-office credential (bound to
one location), and the online shop's credential.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from kiosk.hub.errors import ApiError

Role = Literal["kiosk", "pos", "backoffice", "shop"]
ROLES: tuple[Role, ...] = ("kiosk", "pos", "backoffice", "shop")
Principal = Literal["kiosk", "kiosk+staff", "pos", "backoffice", "shop"]
PRINCIPALS: tuple[Principal, ...] = ("kiosk", "kiosk+staff", "pos", "backoffice", "shop")


class Action(StrEnum):
    CATALOG_READ = "catalog.read"
    STOCK_READ = "stock.read"
    HOLD_CREATE = "hold.create"
    HOLD_READ = "hold.read"
    HOLD_CANCEL = "hold.cancel"
    HOLD_COLLECT = "hold.collect"
    MOVEMENT_POST = "movement.post"
    HANDOFF_CREATE = "handoff.create"
    PHOTO_CREATE = "photo.create"
    PHOTO_DELETE = "photo.delete"
    LOOKBOOK_CREATE = "lookbook.create"
    LOOKBOOK_SAVE_TO_MEMBER = "lookbook.save_to_member"
    LOOKBOOK_LIST = "lookbook.list"
    LOOKBOOK_DELETE = "lookbook.delete"
    MEMBER_LOOKUP_CODE = "member.lookup_code"
    MEMBER_LOOKUP_NUMBER = "member.lookup_number"
    MEMBER_CODE_ISSUE = "member.code_issue"
    CONSENT_RECORD = "consent.record"
    CONSENT_WITHDRAW = "consent.withdraw"
    MEMBER_HISTORY = "member.history"
    EVENTS_POST = "events.post"
    METRICS_READ = "metrics.read"
    STAFF_SIGN_IN = "staff.sign_in"
    CONFIG_READ = "config.read"
    REPORT_READ = "report.read"
    KIOSK_REPORT = "kiosk.report"
    WISHLIST_READ = "wishlist.read"
    WISHLIST_WRITE = "wishlist.write"
    LOOKS_READ = "looks.read"
    LOOKS_DELETE = "looks.delete"
    MEMBERSHIP_READ = "membership.read"
    SUGGESTIONS_READ = "suggestions.read"


class Scope(StrEnum):
    """How far an allowed principal reaches. `require` checks each against its context."""

    ANY = "any"  # anywhere in the chain
    OWN_STORE = "own store"  # the location the credential is bound to
    PICKUP = "own store + pickup partners"  # the chain's config (`pickup_partners`)
    OWN_HOLDS = "holds it made"  # the same principal created it
    OWN_HOLDS_CODE = "holds it made, with the pickup code"
    STORE_HOLDS = "its store's holds"
    # A stylist signed in on a kiosk sees what the kiosk alone sees, and their store's holds.
    OWN_OR_STORE_HOLDS = "holds it made + its store's holds"
    STORE_HOLDS_CODE = "its store's holds, with the pickup code"
    WAREHOUSES = "online warehouses"
    MEMBER_PRESENT = "member present (their fresh code, looked up on this kiosk)"
    STAFF_REASON = "with a reason"  # staff reaching a member: the reason is recorded
    # Staff acting for a member: with a reason, or the member there (their code looked up
    # on this kiosk, which is reason enough).
    STAFF_FOR_MEMBER = "with a reason, or the member present"
    MEMBER = "the member's own account"  # the shop acts for a signed-in member
    OWN = "its own"  # photos the kiosk took, lookbooks it made, its own health report
    # Back office in a store sees that store; bound to a warehouse (the chain's central
    # office) it is head office and sees every store.
    OWN_STORE_OR_HQ = "own store; every store from head office (bound to a warehouse)"


# The table. A principal missing from an action's row may not do it (403 `forbidden`).
# POS credentials post sales and returns at their store; back office runs counts, receipts
# and transfers at its location; the shop posts online orders and picks at warehouses.
POLICY: dict[Action, dict[Principal, Scope]] = {
    Action.CATALOG_READ: {p: Scope.ANY for p in PRINCIPALS},
    Action.STOCK_READ: {p: Scope.ANY for p in PRINCIPALS},
    Action.HOLD_CREATE: {
        "kiosk": Scope.PICKUP,
        "kiosk+staff": Scope.PICKUP,
        "pos": Scope.OWN_STORE,
        "shop": Scope.ANY,
    },
    Action.HOLD_READ: {
        "kiosk": Scope.OWN_HOLDS,
        "kiosk+staff": Scope.OWN_OR_STORE_HOLDS,
        "pos": Scope.STORE_HOLDS,
        "backoffice": Scope.STORE_HOLDS,
        "shop": Scope.OWN_HOLDS,
    },
    Action.HOLD_CANCEL: {
        "kiosk": Scope.OWN_HOLDS,
        "kiosk+staff": Scope.OWN_OR_STORE_HOLDS,
        "pos": Scope.STORE_HOLDS,
        "shop": Scope.OWN_HOLDS,
    },
    Action.HOLD_COLLECT: {
        "kiosk": Scope.STORE_HOLDS_CODE,
        "kiosk+staff": Scope.STORE_HOLDS,
        "pos": Scope.STORE_HOLDS_CODE,
    },
    Action.MOVEMENT_POST: {
        "pos": Scope.OWN_STORE,
        "backoffice": Scope.OWN_STORE,
        "shop": Scope.WAREHOUSES,
    },
    Action.HANDOFF_CREATE: {"kiosk": Scope.OWN_STORE, "kiosk+staff": Scope.OWN_STORE},
    Action.PHOTO_CREATE: {"kiosk": Scope.OWN_STORE, "kiosk+staff": Scope.OWN_STORE},
    Action.PHOTO_DELETE: {"kiosk": Scope.OWN, "kiosk+staff": Scope.OWN},
    # A styling session's looks: anyone's by QR, or on a member's account under the rules
    # that record try-ons against a member (and their consent, which the handler checks).
    Action.LOOKBOOK_CREATE: {"kiosk": Scope.OWN_STORE, "kiosk+staff": Scope.OWN_STORE},
    Action.LOOKBOOK_SAVE_TO_MEMBER: {
        "kiosk": Scope.MEMBER_PRESENT,
        "kiosk+staff": Scope.STAFF_FOR_MEMBER,
    },
    Action.LOOKBOOK_LIST: {"kiosk+staff": Scope.STAFF_FOR_MEMBER, "shop": Scope.MEMBER},
    Action.LOOKBOOK_DELETE: {"kiosk": Scope.OWN, "kiosk+staff": Scope.OWN, "shop": Scope.MEMBER},
    Action.MEMBER_LOOKUP_CODE: {"kiosk": Scope.ANY, "kiosk+staff": Scope.ANY},
    Action.MEMBER_LOOKUP_NUMBER: {"kiosk+staff": Scope.STAFF_REASON, "shop": Scope.MEMBER},
    Action.MEMBER_CODE_ISSUE: {"shop": Scope.MEMBER},
    Action.CONSENT_RECORD: {
        "kiosk": Scope.MEMBER_PRESENT,
        "kiosk+staff": Scope.STAFF_FOR_MEMBER,
        "shop": Scope.MEMBER,
    },
    Action.CONSENT_WITHDRAW: {
        "kiosk": Scope.MEMBER_PRESENT,
        "kiosk+staff": Scope.STAFF_FOR_MEMBER,
        "shop": Scope.MEMBER,
    },
    Action.MEMBER_HISTORY: {
        "kiosk": Scope.MEMBER_PRESENT,
        "kiosk+staff": Scope.STAFF_FOR_MEMBER,
        "shop": Scope.MEMBER,
    },
    # Each posts its own event types only (EVENT_TYPES below); the online shop's events are
    # its signed-in members' (no presence at a kiosk: consent alone gates the member id).
    Action.EVENTS_POST: {
        "kiosk": Scope.OWN_STORE,
        "kiosk+staff": Scope.OWN_STORE,
        "shop": Scope.OWN_STORE,
    },
    Action.METRICS_READ: {"backoffice": Scope.ANY},
    # A kiosk reads the settings overlays of its own store and its own id, nothing else.
    Action.CONFIG_READ: {"kiosk": Scope.OWN_STORE, "kiosk+staff": Scope.OWN_STORE},
    Action.STAFF_SIGN_IN: {"kiosk": Scope.OWN_STORE, "kiosk+staff": Scope.OWN_STORE},
    # Sales started at mirrors (orders credited to stores, staff and days).
    Action.REPORT_READ: {"backoffice": Scope.OWN_STORE_OR_HQ},
    # A mirror's health report for the managers' dashboard: each kiosk reports for itself.
    Action.KIOSK_REPORT: {"kiosk": Scope.OWN, "kiosk+staff": Scope.OWN},
    # One shopper across channels (issue 18). The wishlist, looks and suggestions also need
    # the member's consent at a mirror (wishlist and looks: not for the shop, whose member
    # keeps them in the app; suggestions: for everyone), which the handlers check. The
    # membership (tier, points, member prices) needs none: nothing about the visit is kept.
    Action.WISHLIST_READ: {
        "kiosk": Scope.MEMBER_PRESENT,
        "kiosk+staff": Scope.STAFF_FOR_MEMBER,
        "shop": Scope.MEMBER,
    },
    Action.WISHLIST_WRITE: {
        "kiosk": Scope.MEMBER_PRESENT,
        "kiosk+staff": Scope.MEMBER_PRESENT,
        "shop": Scope.MEMBER,
    },
    Action.LOOKS_READ: {
        "kiosk": Scope.MEMBER_PRESENT,
        "kiosk+staff": Scope.STAFF_FOR_MEMBER,
        "shop": Scope.MEMBER,
    },
    Action.LOOKS_DELETE: {"shop": Scope.MEMBER},
    Action.MEMBERSHIP_READ: {
        "kiosk": Scope.MEMBER_PRESENT,
        "kiosk+staff": Scope.STAFF_FOR_MEMBER,
        "shop": Scope.MEMBER,
    },
    Action.SUGGESTIONS_READ: {
        "kiosk": Scope.MEMBER_PRESENT,
        "kiosk+staff": Scope.STAFF_FOR_MEMBER,
        "shop": Scope.MEMBER,
    },
}

# Movement kinds each principal may post (within its scope above).
MOVEMENT_KINDS: dict[Principal, frozenset[str]] = {
    "pos": frozenset({"pos_sale"}),
    "backoffice": frozenset({"transfer_out", "transfer_in", "count", "receipt"}),
    "shop": frozenset({"online_order", "pick"}),
}

# The event types each principal may post (prefixes): a mirror's try-on events, the online
# shop's own. A batch with one type outside the caller's is refused whole.
EVENT_TYPES: dict[Principal, tuple[str, ...]] = {
    "kiosk": ("tryon.",),
    "kiosk+staff": ("tryon.",),
    "shop": ("shop.",),
}


@dataclass(frozen=True)
class Caller:
    """Who is calling: the credential's principal id (a kiosk id, a POS id...), its role,
    the location it is bound to, the stores it may hold at, and the staff member signed in
    on it (kiosks only)."""

    kiosk_id: str
    store_id: str
    role: Role = "kiosk"
    pickup_stores: frozenset[str] = field(default_factory=frozenset)  # partners, not its own
    staff_id: str | None = None

    @property
    def principal(self) -> Principal:
        if self.role == "kiosk" and self.staff_id is not None:
            return "kiosk+staff"
        return self.role


def forbidden(message: str, field_name: str | None = None) -> ApiError:
    return ApiError(403, "forbidden", message, field_name)


def allowed(caller: Caller, action: Action) -> Scope | None:
    """The scope `caller` has for `action` (None: not at all)."""
    return POLICY[action].get(caller.principal)


def require(
    caller: Caller,
    action: Action,
    *,
    location: str | None = None,
    location_kind: str | None = None,
    owner: str | None = None,
    pickup_code_ok: bool | None = None,
    member_present: bool | None = None,
    reason: str | None = None,
    movement_kind: str | None = None,
    home_kind: str | None = None,
) -> Scope:
    """Allow `caller` to do `action` on what the keywords describe, or raise 403.

    `location`: where it happens; `location_kind`: "store" or "warehouse"; `owner`: the
    principal id that made the hold or photo; `pickup_code_ok`: the right pickup code was
    given; `member_present`: the member's presence on this kiosk is live; `reason`: why
    staff reach a member; `movement_kind`: the stock movement's kind; `home_kind`: the kind
    of the location the caller's credential is bound to ("store" or "warehouse"). A check
    whose context the caller left as None fails closed (`location` None with
    OWN_STORE_OR_HQ: every store).
    """
    scope = allowed(caller, action)
    who = caller.principal
    if scope is None:
        raise forbidden(f"a {who} credential may not do {action.value}; {_who_may(action)}")
    if scope is Scope.ANY:
        ok = True
    elif scope is Scope.OWN_STORE:
        ok = location is not None and location == caller.store_id
    elif scope is Scope.PICKUP:
        ok = location is not None and (
            location == caller.store_id or location in caller.pickup_stores
        )
    elif scope is Scope.OWN_HOLDS or scope is Scope.OWN:
        ok = owner is not None and owner == caller.kiosk_id
    elif scope is Scope.OWN_HOLDS_CODE:
        ok = owner == caller.kiosk_id and pickup_code_ok is True
    elif scope is Scope.OWN_OR_STORE_HOLDS:
        ok = (owner is not None and owner == caller.kiosk_id) or (
            location is not None and location == caller.store_id
        )
    elif scope is Scope.STORE_HOLDS:
        ok = location is not None and location == caller.store_id
    elif scope is Scope.STORE_HOLDS_CODE:
        ok = location == caller.store_id and pickup_code_ok is True
    elif scope is Scope.WAREHOUSES:
        ok = location_kind == "warehouse"
    elif scope is Scope.MEMBER_PRESENT:
        ok = member_present is True
    elif scope is Scope.STAFF_FOR_MEMBER:
        ok = member_present is True or bool(reason and reason.strip())
    elif scope is Scope.STAFF_REASON:
        ok = bool(reason and reason.strip())
    elif scope is Scope.MEMBER:
        ok = True  # the shop signs its members in itself
    elif scope is Scope.OWN_STORE_OR_HQ:
        ok = home_kind == "warehouse" or (location is not None and location == caller.store_id)
    else:  # pragma: no cover - every Scope is handled above
        ok = False
    if not ok:
        raise forbidden(f"a {who} credential may do {action.value} only for {scope.value}")
    if action is Action.MOVEMENT_POST:
        kinds = MOVEMENT_KINDS.get(who, frozenset())
        if movement_kind is None or movement_kind not in kinds:
            raise forbidden(
                f"a {who} credential may not post {movement_kind or 'unnamed'} movements; "
                f"it posts {', '.join(sorted(kinds))}"
            )
    return scope


def require_event_types(caller: Caller, types: Sequence[str]) -> None:
    """403 naming the first event whose type is not the caller's to post (the batch is
    refused whole: nothing in it is stored)."""
    who = caller.principal
    prefixes = EVENT_TYPES.get(who, ())
    for i, kind in enumerate(types):
        if not (prefixes and kind.startswith(prefixes)):
            mine = ", ".join(f"{p}*" for p in prefixes) or "none"
            raise forbidden(
                f"a {who} credential may not post {kind} events (it posts {mine}); nothing "
                "in this batch was stored: send it again without that event",
                f"body.events.{i}.type",
            )


def may(caller: Caller, action: Action, **context: Any) -> bool:
    """Whether `require(caller, action, **context)` would allow it (no exception)."""
    try:
        require(caller, action, **context)
    except ApiError:
        return False
    return True


def require_seen(
    caller: Caller, action: Action, *, seen_by: Action, hidden: ApiError, **context: Any
) -> Scope:
    """`require`, except that a thing outside what the caller may see is `hidden` (a 404).

    `seen_by` is the action that shows such things (`hold.read` for holds). A caller who
    may see some of them but not this one hears that it does not exist: a 403 would tell
    a kiosk that another kiosk's hold exists. A caller who may see this one but not do
    `action` on it, or who may see none at all, gets the 403.
    """
    try:
        return require(caller, action, **context)
    except ApiError:
        if allowed(caller, seen_by) is not None and not may(caller, seen_by, **context):
            raise hidden from None
        raise


def _who_may(action: Action) -> str:
    names = ", ".join(POLICY[action]) or "nobody"
    return f"it needs one of: {names}"


def markdown_table(actions: Collection[Action] = tuple(Action)) -> str:
    """The table as `docs/hub.md` prints it (principal columns, action rows)."""
    head = "| action | " + " | ".join(PRINCIPALS) + " |"
    rule = "|---|" + "---|" * len(PRINCIPALS)
    rows = [
        f"| `{a.value}` | "
        + " | ".join(POLICY[a][p].value if p in POLICY[a] else "-" for p in PRINCIPALS)
        + " |"
        for a in actions
    ]
    kinds = ", ".join(f"{p}: {', '.join(sorted(k))}" for p, k in MOVEMENT_KINDS.items())
    types = ", ".join(f"{p}: {', '.join(f'{x}*' for x in t)}" for p, t in EVENT_TYPES.items())
    return "\n".join(
        [
            head,
            rule,
            *rows,
            "",
            f"Movement kinds by principal: {kinds}.",
            "",
            f"Event types by principal: {types}.",
        ]
    )
