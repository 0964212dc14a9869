"""The translation files: `.ts` sources in the repo, `.qm` built from them by pyside6-lrelease.

`kiosk translations build` (called by packaging/dev.sh) and the app at start both go
through `ensure_built`, which rebuilds a `.qm` only when it is missing or older than its
`.ts`, so a fresh clone, a test run and CI need no extra step. When the package folder is
read-only (an installed kiosk), the `.qm` files go to the user cache instead.
`kiosk translations update` re-extracts the Python strings with pyside6-lupdate.
No Qt import here: the tools run as subprocesses.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from kiosk import paths
from kiosk.errors import KioskError

log = logging.getLogger(__name__)
I18N_DIR = Path(__file__).resolve().parent / "i18n"
PY_LANGUAGES = ("zh_CN", "en")  # the .ts suffixes of kiosk_py_<lang>.ts
# Where the Python strings are marked (QT_TRANSLATE_NOOP): what lupdate reads.
PY_SOURCES = ("session",)


def tool(name: str) -> str | None:
    """A PySide6 tool (pyside6-lrelease, pyside6-lupdate): beside this Python, else on PATH."""
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return str(beside)
    return shutil.which(name)


def qm_name(language: str) -> str:
    """ "zh-CN" -> "zh_CN" (the suffix Qt's files use)."""
    return language.replace("-", "_")


def _stale(ts: Path, qm: Path) -> bool:
    return not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime or qm.stat().st_size == 0


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK)


def ensure_built(force: bool = False, sources: Path = I18N_DIR) -> Path:
    """Build every stale `.qm` from `sources`/*.ts; the folder that holds them fresh.

    Raises KioskError when a `.qm` is needed and pyside6-lrelease is missing or fails.
    """
    out = sources if _writable(sources) else paths.user_cache_dir() / "i18n"
    out.mkdir(parents=True, exist_ok=True)
    todo = [
        (ts, out / ts.with_suffix(".qm").name)
        for ts in sorted(sources.glob("*.ts"))
        if force or _stale(ts, out / ts.with_suffix(".qm").name)
    ]
    if not todo:
        return out
    lrelease = tool("pyside6-lrelease")
    if lrelease is None:
        raise KioskError(
            "pyside6-lrelease was not found, so the screen's translations cannot be built",
            "install the kiosk's Python packages (bash packaging/dev.sh) and run "
            "`kiosk translations build`",
        )
    for ts, qm in todo:
        # Built beside it and moved into place, so a kiosk starting meanwhile never loads
        # half a file.
        part = qm.with_name(f".{qm.name}.{os.getpid()}.part")
        done = subprocess.run(
            [lrelease, "-silent", str(ts), "-qm", str(part)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not part.exists() or part.stat().st_size == 0:
            part.unlink(missing_ok=True)
            raise KioskError(
                f"pyside6-lrelease could not build {qm.name}: {done.stderr.strip()}",
                f"fix {ts} (it must be a valid Qt .ts file) and run `kiosk translations build`",
            )
        os.replace(part, qm)
        log.info("built translation %s", qm.name)
    return out


def update_sources(root: Path = I18N_DIR.parent.parent) -> list[Path]:
    """Re-extract the marked Python strings into kiosk_py_<lang>.ts (new ones unfinished,
    vanished ones dropped); returns the files written."""
    lupdate = tool("pyside6-lupdate")
    if lupdate is None:
        raise KioskError("pyside6-lupdate was not found", "install the kiosk's Python packages")
    files = sorted(str(p) for folder in PY_SOURCES for p in (root / folder).glob("*.py"))
    written = []
    for lang in PY_LANGUAGES:
        ts = I18N_DIR / f"kiosk_py_{lang}.ts"
        subprocess.run(
            [lupdate, "-silent", "-locations", "none", "-no-obsolete", "-target-language",
             lang, *files, "-ts", str(ts)],
            check=True,
            capture_output=True,
        )  # fmt: skip
        written.append(ts)
    return written
