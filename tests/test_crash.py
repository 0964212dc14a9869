"""A crash leaves a report (stacks only) that the next start keeps and names; a clean
exit leaves none."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO

CRASHING = """
import sys, faulthandler
from pathlib import Path
from kiosk.ops import crash
logs = Path(sys.argv[1])
crash.arm(logs)
if sys.argv[2] == "native":
    faulthandler._sigsegv()          # as a driver or native library would
elif sys.argv[2] == "python":
    raise RuntimeError("the mirror's main loop broke")
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
