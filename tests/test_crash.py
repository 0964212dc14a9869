"""A crash leaves a report (stacks only) that the next start keeps and names; a clean
exit leaves none."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO

CRASHING = """
import ctypes, faulthandler, os, sys
from pathlib import Path
from kiosk.ops import crash
from kiosk.ops.native_log import route_native_stderr
logs = Path(sys.argv[1])
route_native_stderr(logs / crash.NATIVE_STDERR)  # as kiosk run does
crash.arm(logs)
os.write(2, b"W0000 00:00:17.1 1234 model_load.cc:402] Sparsity tensors\\n")  # noise

def the_mirror_loop():
    if sys.argv[2] == "native":
        faulthandler._sigsegv()          # as a driver or native library would
    elif sys.argv[2] == "python":
        raise RuntimeError("the mirror's main loop broke")
    elif sys.argv[2] == "python-fatal":  # as PySide6 running out of references to None
        ctypes.pythonapi.Py_FatalError.argtypes = [ctypes.c_char_p]
        ctypes.pythonapi.Py_FatalError(b"none_dealloc: deallocating None")
    elif sys.argv[2] == "glog-fatal":    # LOG(FATAL): its line, then abort() at once
        os.write(2, b"F1203 09:00:00.1 99 calculator_graph.cc:42] Check failed: graph ok\\n")
        os.abort()

the_mirror_loop()
crash.disarm(logs)
"""


def _run(logs: Path, how: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", CRASHING, str(logs), how],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def test_a_native_crash_is_reported_and_kept_at_the_next_start(tmp_path: Path) -> None:
    from kiosk.ops import crash

    assert _run(tmp_path, "native").returncode != 0
    pending = (tmp_path / crash.PENDING).read_text()
    assert "Fatal Python error: Segmentation fault" in pending and "Current thread" in pending
    kept = crash.collect(tmp_path)
    assert (
        kept is not None
        and kept.name.startswith("crash-")
        and not (tmp_path / crash.PENDING).exists()
    )
    assert "Segmentation fault" in kept.read_text()
    assert crash.collect(tmp_path) is None  # reported once


def test_an_uncaught_python_error_is_reported_and_a_clean_exit_leaves_nothing(
    tmp_path: Path,
) -> None:
    from kiosk.ops import crash

    assert _run(tmp_path / "a", "python").returncode == 1
    assert (
        "RuntimeError: the mirror's main loop broke" in (tmp_path / "a" / crash.PENDING).read_text()
    )
    assert _run(tmp_path / "b", "clean").returncode == 0
    assert not (tmp_path / "b" / crash.PENDING).exists()
    assert crash.collect(tmp_path / "b") is None


def test_a_python_fatal_error_and_a_libraries_last_words_reach_the_report(
    tmp_path: Path,
) -> None:
    """Python's fatal errors turn faulthandler off and write to stderr, as glog's LOG(FATAL)
    does just before abort(): the next start finds them in the run's stderr file."""
    from kiosk.ops import crash

    assert _run(tmp_path / "a", "python-fatal").returncode != 0
    kept = crash.collect(tmp_path / "a")
    assert kept is not None
    report = kept.read_text()
    assert "Fatal Python error" in report and "none_dealloc: deallocating None" in report
    assert "the_mirror_loop" in report  # where Python was
    assert "Sparsity" not in report  # the noise before it stays out

    assert _run(tmp_path / "b", "glog-fatal").returncode != 0
    kept = crash.collect(tmp_path / "b")
    assert kept is not None
    report = kept.read_text()
    assert "Check failed: graph ok" in report  # the library's last words
    assert "Aborted" in report and "the_mirror_loop" in report  # and faulthandler's stacks
