"""A chain's hub as several processes on one PostgreSQL, the way packaging/systemd's
`tryon-hub@.service` template runs them: the unit verifies, and two instances started
with its own command line (port = instance name) serve one stock pool on loopback."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import httpx
import pytest

from kiosk.hub.tokens import issue_token
from tests.helpers import REPO, eventually
from tests.hub_server import fresh_pg_schema, start_hub

TEMPLATE = REPO / "packaging" / "systemd" / "tryon-hub@.service"
ANALYZE = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"


def _exec_start() -> str:
    (line,) = re.findall(r"^ExecStart=(.+)$", TEMPLATE.read_text(), flags=re.M)
    return line


def test_the_template_verifies_as_an_instance(tmp_path: Path) -> None:
    if not os.access(ANALYZE, os.X_OK):
        if os.environ.get("CI") == "true":
            pytest.fail(f"systemd-analyze not found at {ANALYZE}")
        pytest.skip(f"systemd-analyze not found at {ANALYZE}")
    program = _exec_start().split()[0]
    unit = tmp_path / "tryon-hub@8701.service"
    unit.write_text(TEMPLATE.read_text().replace(program, shutil.which("true") or "/bin/true"))
    out = subprocess.run(
        [ANALYZE, "verify", "--man=no", str(unit)], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0 and out.stderr == "", out.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _instance(port: int, db_url: str, log: Path) -> subprocess.Popen[bytes]:
    """One instance as systemd would start it: the template's ExecStart with %i = port,
    the venv's `kiosk` as this interpreter's module, hub.env's defaults."""
    args = _exec_start().split()[1:]
    args = [a.replace("%i", str(port)).replace("${HUB_HOST}", "127.0.0.1") for a in args]
    args = [a for a in args if a != "$HUB_ARGS"]
    env = {**os.environ, "KIOSK_HUB_DB_URL": db_url, "XDG_DATA_HOME": str(log.parent)}
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "kiosk", *args], cwd=REPO, env=env,
                                stdout=out, stderr=out)  # fmt: skip


def test_two_instances_of_the_template_serve_one_stock_pool(tmp_path: Path, pg_base: str) -> None:
    with fresh_pg_schema(pg_base) as url:
        with start_hub(tmp_path / "seed", url):  # whoever creates the database seeds it once
            pass
        ports = [_free_port(), _free_port()]
        procs = [_instance(p, url, tmp_path / f"hub-{p}.log") for p in ports]
        try:
            for port, proc in zip(ports, procs, strict=True):

                def up(port: int = port, proc: subprocess.Popen[bytes] = proc) -> bool:
                    assert proc.poll() is None, (tmp_path / f"hub-{port}.log").read_text()
                    try:
                        return httpx.get(f"http://127.0.0.1:{port}/v1/health").status_code == 200
                    except httpx.TransportError:
                        return False

                eventually(up, f"instance {port} serving", timeout=60)
            token = issue_token(url, "chain-kiosk")
            headers = {"Authorization": f"Bearer {token}"}
            one, two = (f"http://127.0.0.1:{p}" for p in ports)

            def available(base: str) -> int:
                report = httpx.get(f"{base}/v1/stock/LIP-001", headers=headers).json()
                own = [c for c in report["channels"] if c.get("location_id") == "SH-JINGAN"]
                return int(own[0]["available"])

            before = available(two)
            held = httpx.post(
                f"{one}/v1/reservations",
                json={"sku": "LIP-001", "quantity": 1},
                headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
            )
            assert held.status_code == 201, held.text
            assert available(two) == before - 1  # the hold made on one is seen on the other
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(20)
