"""The embedded hub's launch from a frozen bundle, tested without building one.

A frozen program (PyInstaller) has no `python -c` or `-m`: the kiosk starts its hub as the
bundle's own program with a private flag, which the bundle's entry script
(packaging/bundle/kiosk_main.py) turns into `kiosk hub ...` after the launcher's
die-with-parent step. Here a two-line "bundle" runs that entry script with this Python.
Building and running the real bundle is packaging/bundle/check.sh (minutes: not here).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.client import embedded
from kiosk.client.embedded import EmbeddedHub
from kiosk.client.hub_launcher import FROZEN_FLAG, LAUNCH_CODE, hub_command, kiosk_command
from tests.helpers import REPO, eventually

ENTRY = REPO / "packaging" / "bundle" / "kiosk_main.py"
HUB_ARGS = ["--db", "sqlite:///hub.db", "--port", "0"]


def alive(pid: int) -> bool:
    """A process that exists and is not a zombie waiting for its reaper."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def gone_pid() -> int:
    """The pid of a process that has exited: nobody's parent."""
    done = subprocess.Popen(["true"])
    done.wait()
    return done.pid


def fake_bundle(folder: Path) -> Path:
    """A program that behaves as the bundle's: the entry script, with this Python."""
    program = folder / "kiosk"
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{ENTRY}" "$@"\n')
    program.chmod(0o755)
    return program


def test_the_commands_from_python_and_from_a_bundle() -> None:
    assert kiosk_command("/venv/bin/python", ["hub", "token"], frozen=False) == [
        "/venv/bin/python", "-m", "kiosk", "hub", "token",
    ]  # fmt: skip
    assert kiosk_command("/opt/tryon-kiosk/kiosk", ["hub", "token"], frozen=True) == [
        "/opt/tryon-kiosk/kiosk", "hub", "token",
    ]  # fmt: skip
    assert hub_command("/venv/bin/python", 4242, HUB_ARGS, frozen=False) == [
        "/venv/bin/python", "-c", LAUNCH_CODE, "4242", *HUB_ARGS,
    ]  # fmt: skip
    assert hub_command("/opt/tryon-kiosk/kiosk", 4242, HUB_ARGS, frozen=True) == [
        "/opt/tryon-kiosk/kiosk", FROZEN_FLAG, "4242", *HUB_ARGS,
    ]  # fmt: skip


def test_in_a_frozen_program_the_embedded_hub_starts_the_program_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []

    def popen(args: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        started.append(args)
        raise OSError("recorded, not started")

    monkeypatch.setattr(sys, "frozen", True, raising=False)  # as PyInstaller sets it
    monkeypatch.setattr(embedded.subprocess, "Popen", popen)
    hub = EmbeddedHub(data_dir=tmp_path, python="/opt/tryon-kiosk/kiosk")
    hub.start()
    try:
        eventually(lambda: started, "a start attempted")
    finally:
        hub.close()
    assert started[0][:3] == ["/opt/tryon-kiosk/kiosk", FROZEN_FLAG, str(os.getpid())]
    assert started[0][3:5] == ["--db", hub.db_url]


def test_a_launcher_whose_parent_is_gone_starts_nothing(tmp_path: Path) -> None:
    """Both ways in exit at once, 0, before the hub touches anything."""
    db, ready = tmp_path / "hub.db", tmp_path / "ready.json"
    args = ["--db", f"sqlite:///{db}", "--port", "0", "--ready-file", str(ready)]
    program = fake_bundle(tmp_path)
    for frozen, python in ((False, sys.executable), (True, str(program))):
        cmd = hub_command(python, gone_pid(), args, frozen=frozen)
        done = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert not db.exists() and not ready.exists(), f"frozen={frozen} started the hub"


def test_the_frozen_child_asks_to_die_with_its_parent_then_runs_the_hub_command() -> None:
    code = textwrap.dedent(
        """
        import ctypes, os, sys
        from kiosk.client.hub_launcher import run_child

        def kiosk(argv):
            deathsig = ctypes.c_int()
            ctypes.CDLL(None).prctl(2, ctypes.byref(deathsig))  # 2 = PR_GET_PDEATHSIG
            print(argv, deathsig.value)
            return 7

        sys.exit(run_child([str(os.getppid()), "--port", "0"], kiosk))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 7, done.stderr
    assert done.stdout.split("] ") == ["['hub', '--port', '0'", f"{int(signal.SIGKILL)}\n"]


def test_a_bundles_hub_answers_and_dies_with_the_kiosk_killed_outright(tmp_path: Path) -> None:
    program = fake_bundle(tmp_path)
    kiosk = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        import httpx
        from kiosk.client.embedded import EmbeddedHub
        hub = EmbeddedHub(data_dir=Path({str(tmp_path / "data")!r}), python={str(program)!r},
                          frozen=True)
        hub.start()
        assert httpx.get(hub.url() + "/v1/health", timeout=10).status_code == 200
        assert hub.token()
        print(hub.pid, flush=True)
        time.sleep(120)  # the kiosk "runs" until the test kills it
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", kiosk], cwd=tmp_path, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        cmdline = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        assert FROZEN_FLAG.encode() in cmdline and str(ENTRY).encode() in cmdline
        parent.kill()  # SIGKILL: no atexit, no close(), nothing of ours runs
        parent.wait(10)
        eventually(lambda: not alive(child), "the orphaned hub gone")
    finally:
        parent.kill()


def test_the_bundles_program_runs_python_code_as_python_c_does(tmp_path: Path) -> None:
    """`kiosk doctor` probes the screen with `sys.executable -c CODE` in a child."""
    program = fake_bundle(tmp_path)
    code = "import sys; print(sys.argv); sys.exit(3)"
    done = subprocess.run(
        [str(program), "-c", code, "a", "b"], capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout) == (3, "['-c', 'a', 'b']\n"), done.stderr


def test_the_bundles_scripts_pass_shellcheck() -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:  # .ci/run installs it: a failure there, a skip on a laptop
        why = "shellcheck is not installed (apt install shellcheck)"
        if os.environ.get("CI") == "true":
            pytest.fail(why)
        pytest.skip(why)
    scripts = sorted(str(p) for p in (REPO / "packaging" / "bundle").glob("*.sh"))
    out = subprocess.run([shellcheck, *scripts], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout
