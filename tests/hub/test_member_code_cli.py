"""`kiosk hub member-code`: a fresh code (what the member's app shows) for demos and tests,
which a kiosk can then look up, once, within its lifetime; an unknown member is a clear
error with exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from tests.hub_server import start_hub


def _member_code(db_url: str, member: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "hub", "member-code", "--member", member, "--db", db_url],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_printed_code_signs_the_member_in(tmp_path: Path) -> None:
    with start_hub(tmp_path) as hub:
        done = _member_code(hub.db_url, "M-Z2C6G4X8WM")
        assert done.returncode == 0, done.stderr
        typed, qr = done.stdout.split()
        assert typed.isdigit() and len(typed) == 8 and qr.startswith("KMEMBER:")
        for code in (typed, qr):
            found = httpx.get(
                f"{hub.url}/v1/members/lookup", params={"code": code}, headers=hub.headers
            )
            assert found.status_code == 200 and found.json()["member_id"] == "M-Z2C6G4X8WM"
        unknown = _member_code(hub.db_url, "M-NOBODY")
        assert unknown.returncode == 2 and "M-NOBODY" in unknown.stderr
        assert "Traceback" not in unknown.stderr
