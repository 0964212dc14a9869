"""A cancel and a collect of the same hold, racing through two hub processes on one
database (SQLite and PostgreSQL): exactly one wins, the other is told the actual status.

Before closes were one conditional UPDATE, PostgreSQL answered the loser 200 with the
winner's status (a "cancel" that said `collected`) in 3 of 4 runs.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

import httpx

from tests.hub.test_stock_integrity import collect, credential, held, hold, move, stock
from tests.hub_server import RunningHub, start_hub

ROUNDS, SKU = 40, "TOP-006-M"
TARGET = {"cancel": "cancelled", "collect": "collected"}


def _together(*calls: Callable[[], httpx.Response]) -> list[httpx.Response]:
    """Run the calls in threads released at the same instant."""
    gate = threading.Barrier(len(calls))
    out: list[httpx.Response | None] = [None] * len(calls)

    def run(i: int) -> None:
        gate.wait()
        out[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert all(r is not None for r in out)
    return [r for r in out if r is not None]


def test_cancel_and_collect_racing_on_two_hub_processes(hub: RunningHub, tmp_path: Path) -> None:
    with (
        start_hub(tmp_path, hub.db_url) as second,
        credential(hub, "backoffice") as office,
        credential(hub, "kiosk", f"race-{uuid.uuid4().hex[:6]}") as one,
    ):
        other = httpx.Client(base_url=second.url, headers=dict(one.headers), timeout=30)
        assert move(office, "count", SKU, ROUNDS).status_code == 200
        wins: Counter[str] = Counter()
        for i in range(ROUNDS):
            h = held(one, SKU)
            cancel_via, collect_via = (one, other) if i % 2 else (other, one)
            answers = _together(
                partial(cancel_via.post, f"/v1/reservations/{h.reservation_id}/cancel"),
                partial(collect, collect_via, h),
            )
            by_action = dict(zip(("cancel", "collect"), answers, strict=True))
            ok = [a for a, r in by_action.items() if r.status_code == 200]
            assert len(ok) == 1, {a: (r.status_code, r.text) for a, r in by_action.items()}
            winner = ok[0]
            loser = "collect" if winner == "cancel" else "cancel"
            assert by_action[winner].json()["status"] == TARGET[winner]
            refused = by_action[loser]
            assert refused.status_code == 409, refused.text
            assert refused.json()["error"]["code"] == "reservation_not_active"
            assert f"is {TARGET[winner]}" in refused.json()["error"]["message"]
            wins[winner] += 1
        other.close()
        assert stock(one, SKU) == (ROUNDS - wins["collect"], 0), wins
        print(f"\n{hub.db_url.split(':')[0]}: {ROUNDS} races, wins {dict(wins)}")


def test_one_kiosk_racing_for_holds_gets_the_cap_and_no_more(
    hub: RunningHub, tmp_path: Path
) -> None:
    """12 simultaneous holds of one SKU from one kiosk, through two hub processes: exactly
    3 (the per-SKU cap), however they interleave."""
    sku = "TOP-006-L"
    with (
        start_hub(tmp_path, hub.db_url) as second,
        credential(hub, "backoffice") as office,
        credential(hub, "kiosk") as one,
    ):
        other = httpx.Client(base_url=second.url, headers=dict(one.headers), timeout=30)
        assert move(office, "count", sku, 50).status_code == 200
        answers = _together(*(partial(hold, (one, other)[i % 2], sku) for i in range(12)))
        other.close()
        outcome = Counter(
            (r.status_code, r.json().get("status") or r.json()["error"]["code"]) for r in answers
        )
        assert outcome == {(201, "held"): 3, (409, "hold_limit"): 9}, outcome
        assert stock(one, sku) == (50, 3)
