"""The built wheel, installed into a fresh virtual env outside the checkout, runs.

The checkout's own folders (config/, assets/, shaders/) are not there: the wheel must
carry them (setup.py copies them into kiosk/_data; kiosk.paths reads them with
importlib.resources). Built offline (`--no-build-isolation`: setuptools from the dev
set-up) and installed with `--no-index --no-deps`; the new env borrows the dev env's
third-party packages through a .pth line (which adds the folder to sys.path but does
not run the editable install's finder kept there), so nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import httpx
import pytest

from tests.helpers import REPO, TESTDATA, eventually

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 240) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    # the doctor's display check and the render need the test's screen (pytest-xvfb)
    assert done.returncode == 0, (
        f"{cmd[1:3]} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, models_mirror: Path) -> tuple[Path, dict]:
    """(the fresh env's bin folder, an environment for it) with the wheel installed."""
    root = tmp_path_factory.mktemp("wheel")
    # Built from a copy of the tracked files, as a clean checkout would be: setuptools
    # builds in the source tree, and a stale build/ there would hide what is missing.
    source = root / "source"
    tracked = subprocess.check_output(["git", "ls-files", "-z"], cwd=REPO).split(b"\0")
    for name in filter(None, (n.decode() for n in tracked)):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    dist = root / "dist"
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(source),
        ],
        root,
        dict(os.environ),
    )
    (wheel,) = dist.glob("tryon_kiosk-*.whl")
    env_dir = root / "env"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bin_dir = env_dir / "bin"
    fresh = Path(
        subprocess.check_output(
            [bin_dir / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            text=True,
        ).strip()
    )
    borrowed = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (fresh / "borrowed_deps.pth").write_text("\n".join(borrowed) + "\n")
    home = root / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIOSK_HOME", "PYTHON"))}
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        KIOSK_MODEL_MIRROR=str(models_mirror),
    )
    _run(
        [
            str(bin_dir / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-index",
            "--no-deps",
            str(wheel),
        ],
        root,
        env,
    )
    return bin_dir, env


def test_the_wheel_carries_the_data_and_runs_from_outside_the_checkout(
    installed: tuple[Path, dict], tmp_path: Path
) -> None:
    bin_dir, env = installed
    where = _run(
        [
            str(bin_dir / "python"),
            "-c",
            "import kiosk, kiosk.paths as p; print(kiosk.__file__); print(p.project_root())",
        ],
        tmp_path,
        env,
    ).split()
    package, root = Path(where[0]), Path(where[1])
    assert REPO not in package.parents, f"imported the checkout, not the wheel: {package}"
    assert root == package.parent / "_data"
    for part in (
        "config/default.toml",
        "assets/catalog.json",
        "assets/store/demo.json",
        "assets/garments/garments.json",
        "shaders/lipstick.frag",
    ):
        assert (root / part).is_file(), part

    _run([str(bin_dir / "kiosk"), "models", "install"], tmp_path, env)
    video = TESTDATA / "videos" / "talk_d0.mp4"
    doctor = _run(
        [str(bin_dir / "kiosk"), "doctor", "--set", f"capture.source={video}"], tmp_path, env
    )
    for line in (
        "config: OK",
        "model face_landmarker.task: OK",
        "catalog: OK: 18 shades, 18 eye, cheek and brow products, 5 looks, 8 garments",
        "camera: OK",
        "all good",
    ):
        assert line in doctor, doctor

    out = tmp_path / "render.png"
    _run(
        [
            str(bin_dir / "kiosk"),
            "render",
            "--image",
            str(TESTDATA / "faces" / "mouth_open_d19.jpg"),
            "--shade",
            "LIP-001",
            "--out",
            str(out),
        ],
        tmp_path,
        env,
    )
    assert out.is_file() and out.stat().st_size > 10_000


def test_the_hub_from_the_wheel_serves_its_seeded_store(
    installed: tuple[Path, dict], tmp_path: Path
) -> None:
    bin_dir, env = installed
    ready = tmp_path / "ready.json"
    cmd = [
        str(bin_dir / "kiosk"),
        "hub",
        "--db",
        f"sqlite:///{tmp_path / 'hub.db'}",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--ready-file",
        str(ready),
    ]
    log = tmp_path / "hub.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(cmd, cwd=tmp_path, env=env, stdout=sink, stderr=sink)
    try:

        def up() -> dict | None:
            assert proc.poll() is None, log.read_text(errors="replace")
            return json.loads(ready.read_text()) if ready.is_file() else None

        info = eventually(up, "the hub from the wheel ready", timeout=60)
        health = httpx.get(f"{info['url']}/v1/health", timeout=10)
        assert health.status_code == 200, health.text
        assert "demo dataset" not in log.read_text(errors="replace")
    finally:
        proc.terminate()
        proc.wait(20)
