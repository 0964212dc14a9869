"""The layering declared in pyproject.toml ([tool.importlinter]) holds, and is enforced.

The contracts say who may import whom: the Store API contract stands alone, the hub never
imports the mirror, vision and render know no Qt, only ui/ and app.py import PySide6, and
the kiosk's packages form layers. The second test plants a violation in a copy of the
package to show the check really fails when someone breaks a rule.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LINT = [sys.executable, "-c", "from importlinter.cli import lint_imports_command as c; c()"]


def _lint(cwd: Path, pythonpath: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    return subprocess.run(
        [*LINT, "--no-cache"], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_import_contracts_are_kept() -> None:
    done = _lint(REPO, REPO)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout and "6 kept" in done.stdout, done.stdout[-1500:]


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("vision/face.py", "import PySide6.QtGui", "Vision and render know nothing of Qt"),
        ("hub/db.py", "import kiosk.client.cache", "The hub is its own program"),
        ("storeapi/contract.py", "import kiosk.errors", "The Store API contract stands alone"),
        ("render/color.py", "import kiosk.pipeline", "The kiosk's layers"),
    ],
)
def test_a_planted_violation_breaks_the_build(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    shutil.copytree(
        REPO / "kiosk", tmp_path / "kiosk", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "kiosk" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # planted\n")
    done = _lint(tmp_path, tmp_path)
    assert done.returncode != 0
    broken = done.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, done.stdout[-2000:]
