"""The outbox soak, short: a few cycles of kill -9 on the sender process and the hub going
down and up while a writer process appends; every written event at the hub exactly once.
The full run (>= 50 cycles) is `benchmarks/outbox_soak.py`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hub_server import REPO


@pytest.mark.slow
def test_short_soak_every_event_exactly_once(tmp_path: Path) -> None:
    cmd = [sys.executable, str(REPO / "benchmarks" / "outbox_soak.py"), "--cycles", "4",
           "--seed", "2", "--rate", "100", "--workdir", str(tmp_path), "--json"]  # fmt: skip
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=240)
    assert done.stdout.strip(), done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["cycles"] == 4
    assert result["sender_kills"] >= 4
    assert result["hub_kills"] + result["hub_stops"] >= 1  # seed 2 takes the hub down
    assert result["written"] > 100 and result["written_member"] > 0
    assert (result["lost"], result["duplicated"], result["unexpected"]) == (0, 0, 0)
    assert result["at_hub"] == result["written"]
    assert result["member_ids_at_hub"] == result["written_member"]
    assert result["redacted"] == 0 and result["dropped_by_cap"] == 0
    assert result["notes"] == []
    assert done.returncode == 0
