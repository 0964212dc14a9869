"""C++ noise on fd 2 goes to the log once; a native fatal error still reaches the console.

Each case is a fresh interpreter: fd 2 is process state."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = """
import logging, os, sys, time
logging.basicConfig(filename={log!r}, level=logging.INFO, format="%(name)s %(message)s")
from kiosk.ops.native_log import route_native_stderr
assert route_native_stderr()
for n in range(3):  # as glog writes them, straight to fd 2, with changing numbers
    os.write(2, f"W0000 00:00:17.{{n}} 1234 model_load.cc:402] Sparsity tensors\\n".encode())
print("python's own message", file=sys.stderr)
os.write(2, b"F1202 08:00:00.1 99 cpu_info.cc:42] Check failed: NumCPUs() > 0\\n")
time.sleep(0.5)
{end}
"""


def _run(tmp_path: Path, end: str) -> tuple[int, str, str]:
    log = tmp_path / "kiosk.log"
    code = textwrap.dedent(SCRIPT.format(log=str(log), end=end))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    return done.returncode, done.stderr, log.read_text(encoding="utf-8")


def test_noise_is_logged_once_and_kept_off_the_console(tmp_path: Path) -> None:
    code, console, logged = _run(tmp_path, "sys.exit(0)")
    assert code == 0
    assert "Sparsity" not in console and "python's own message" in console
    assert logged.count("Sparsity tensors") == 1  # three lines, one report
    assert "kiosk.native" in logged


def test_a_native_abort_is_seen_on_the_console(tmp_path: Path) -> None:
    code, console, logged = _run(tmp_path, "os.abort()")
    assert code != 0
    assert "Check failed: NumCPUs() > 0" in console  # the library's last words, echoed
    assert "Fatal Python error: Aborted" in console  # and where Python was when it died
    assert "Check failed" in logged
