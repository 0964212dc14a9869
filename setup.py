"""Packaging hook: the wheel carries the project's data folders inside the package.

config/, assets/ and shaders/ sit at the top of the repository (where people edit
them), so `build_py` copies them into `kiosk/_data/` of the built package;
`kiosk.paths` reads them from there with importlib.resources when the kiosk runs
from an installed wheel, and from the checkout otherwise. Everything else about the
package is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("config", "assets", "shaders")
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildWithData(build_py):
    """build_py, then the data folders copied into the built package's `_data`."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own folders
        target = Path(self.build_lib) / "kiosk" / "_data"
        for name in DATA_FOLDERS:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(ROOT / name, target / name, ignore=SKIPPED)


setup(cmdclass={"build_py": BuildWithData})
