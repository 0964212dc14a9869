"""The Debian package for stores without internet (build.sh --wheelhouse) as dpkg sees it,
the maintainer scripts' venv layout, and the tools of packaging/deb/smoke.sh (the real
install, upgrade, removal and purge in a Debian 12 chroot: root and minutes, so not here).
tests/packaging/test_units.py covers the plain package, its units and conffiles."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path
from types import ModuleType
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEB = ROOT / "packaging" / "deb"
SYSTEMD = ROOT / "packaging" / "systemd"
SHELLCHECK = shutil.which("shellcheck")
FAKE_WHEELS = (
    "numpy-2.4.6-cp311-cp311-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl",
    "shiboken6-6.12.0-cp310-abi3-manylinux_2_34_x86_64.whl",
    "qrcode-8.2-py3-none-any.whl",
)


def _missing(why: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(why)
    pytest.skip(why)


def build(out: Path, wheelhouse: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("dpkg-deb") is None:
        _missing("dpkg-deb is missing (apt install dpkg): cannot build the package")
    return subprocess.run(
        ["bash", str(DEB / "build.sh"), "--out", str(out), "--version", "0.1.0-7",
         "--wheelhouse", str(wheelhouse)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip


def wheelhouse(folder: Path, names: tuple[str, ...]) -> Path:
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: only copied
    return folder


@pytest.fixture(scope="module")
def offline_deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("offline")
    built = build(tmp / "out", wheelhouse(tmp / "wheels", FAKE_WHEELS))
    assert built.returncode == 0, built.stderr
    return Path(built.stdout.strip().splitlines()[-1])


def control(deb: Path) -> dict[str, str]:
    text = subprocess.run(["dpkg-deb", "--field", str(deb)], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    return dict(re.findall(r"^(\S+): (.*)$", text, re.M))


def ar_members(deb: Path) -> list[str]:
    """The members of the .deb's ar archive, read by hand (binutils' ar may be missing)."""
    data, names, at = deb.read_bytes(), [], 8
    assert data[:8] == b"!<arch>\n"
    while at < len(data):
        header = data[at : at + 60]
        names.append(header[:16].decode().strip().rstrip("/"))
        at += 60 + int(header[48:58]) + (int(header[48:58]) % 2)
    return names


def test_the_offline_package_is_for_this_machine_and_its_python(offline_deb: Path) -> None:
    fields = control(offline_deb)
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()  # fmt: skip
    assert fields["Architecture"] == arch  # binary wheels
    depends = [d.strip() for d in fields["Depends"].split(",")]
    # cp311-cp311 wheels install on CPython 3.11 alone: apt refuses another Python.
    assert depends[:2] == ["python3 (>= 3.11)", "python3 (<< 3.12)"]
    # What OpenCV, MediaPipe and Qt on Wayland load from the system (a minimal Debian 12
    # has none of it), and a font for the Chinese screens.
    libs = ["libgl1", "libegl1", "libgles2", "libglib2.0-0", "libxcb1", "libxkbcommon0",
            "libfontconfig1", "libdbus-1-3", "libwayland-client0", "libwayland-egl1"]  # fmt: skip
    assert [lib for lib in libs if lib not in depends] == []
    assert "fonts-wqy-microhei | fonts-noto-cjk" in depends
    # Debian 12's cage does not start without Xwayland.
    assert {"cage", "xwayland"} <= {r.strip() for r in fields["Recommends"].split(",")}


def test_the_offline_package_ships_the_wheels_and_the_pins_uncompressed(
    offline_deb: Path,
) -> None:
    listing = subprocess.run(["dpkg-deb", "--contents", str(offline_deb)], capture_output=True,
                             text=True, check=True).stdout  # fmt: skip
    names = {line.split()[-1].removeprefix(".") for line in listing.splitlines()}
    for wheel in FAKE_WHEELS:
        assert f"/opt/tryon-kiosk/wheels/{wheel}" in names
    assert "/opt/tryon-kiosk/wheels/OFFLINE" in names  # the postinst installs --no-index
    assert "/opt/tryon-kiosk/constraints.txt" in names  # and the versions the suite passed
    # Wheels are zip files: packed as they are, not through xz again.
    assert "data.tar" in ar_members(offline_deb)


def test_a_wheelhouse_for_two_pythons_is_refused(tmp_path: Path) -> None:
    names = (*FAKE_WHEELS, "numpy-2.4.6-cp312-cp312-manylinux_2_27_x86_64.whl")
    built = build(tmp_path / "out", wheelhouse(tmp_path / "wheels", names))
    assert built.returncode == 1
    assert "several Pythons" in built.stderr
    assert not list((tmp_path / "out").glob("*.deb"))


def maintainer_script(deb: Path, name: str, folder: Path) -> Path:
    subprocess.run(["dpkg-deb", "--control", str(deb), str(folder)], check=True)
    return folder / name


def test_the_postinst_makes_the_venv_in_its_own_folder_from_the_pins(
    offline_deb: Path, tmp_path: Path
) -> None:
    """A venv cannot be moved (its scripts' #! lines name its python by path): the postinst
    makes it where it stays and renames the venv symlink over to it."""
    text = maintainer_script(offline_deb, "postinst", tmp_path).read_text()
    assert re.search(r'^\s*new=\$\(mktemp -d "\$OPT/venv-XXXXXX"\)$', text, re.M)
    assert re.search(r'^\s*python3 -m venv "\$new"$', text, re.M)
    assert '-c "$OPT/constraints.txt"' in text
    moves = [line.strip() for line in text.splitlines() if re.match(r"\s*mv ", line)]
    assert moves == ['mv -T "$OPT/venv.link" "$OPT/venv"']  # the link moves, never a venv


def _postrm(script: Path, root: Path, action: str, path: str) -> None:
    env = {**os.environ, "DPKG_ROOT": str(root), "PATH": path}
    subprocess.run(["sh", str(script), action], env=env, check=True)


def test_remove_takes_the_venv_folders_and_opt_purge_leaves_the_host_alone(
    offline_deb: Path, tmp_path: Path
) -> None:
    postrm = maintainer_script(offline_deb, "postrm", tmp_path / "control")
    root = tmp_path / "root"
    opt = root / "opt/tryon-kiosk"
    (opt / "venv-Ab12Cd/bin").mkdir(parents=True)
    (opt / "venv-Ab12Cd/bin/python").write_text("x")
    (opt / "venv-Old999/bin").mkdir(parents=True)  # left by an upgrade that was cut short
    (opt / "venv").symlink_to("venv-Ab12Cd")
    data = root / "var/lib/tryon-kiosk/outbox.sqlite"
    data.parent.mkdir(parents=True)
    data.write_text("x")
    # deb-systemd-helper works on / alone: it must not run for an install into DPKG_ROOT.
    shims = tmp_path / "bin"
    shims.mkdir()
    called = tmp_path / "called"
    helper = shims / "deb-systemd-helper"
    helper.write_text(f'#!/bin/sh\necho "$@" >>"{called}"\n')
    helper.chmod(0o755)
    path = f"{shims}:{os.environ['PATH']}"

    _postrm(postrm, root, "remove", path)
    assert not opt.exists() and not opt.is_symlink()  # dpkg left it: the venv was in it
    assert data.exists()
    _postrm(postrm, root, "purge", path)
    assert not data.exists()
    assert not called.exists()


# ---- the smoke's own tools -------------------------------------------------------------


def test_the_smoke_script_passes_bash_n_and_shellcheck() -> None:
    script = DEB / "smoke.sh"
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    if SHELLCHECK is None:
        _missing("shellcheck is not installed (apt install shellcheck)")
    out = subprocess.run([SHELLCHECK, str(script)], capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout


@pytest.fixture(scope="module")
def unit_run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("unit_run", DEB / "unit_run.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def exec_start(unit_run: ModuleType, name: str) -> str:
    return str(unit_run.last(unit_run.service(SYSTEMD / name), "ExecStart"))


def test_unit_run_expands_exec_start_as_systemd_does(unit_run: ModuleType) -> None:
    """systemd.service(5): ${NAME} is one word, a lone $NAME splits on whitespace and is no
    word at all when empty."""
    hub = exec_start(unit_run, "tryon-hub.service")
    env = {"HUB_HOST": "127.0.0.1", "HUB_PORT": "8700", "HUB_ARGS": ""}
    assert unit_run.expand(hub, env) == [
        "/opt/tryon-kiosk/venv/bin/kiosk", "hub", "--host", "127.0.0.1", "--port", "8700",
    ]  # fmt: skip
    env["HUB_ARGS"] = "--public-url http://10.0.0.5:8700  --seed none"
    assert unit_run.expand(hub, env)[6:] == ["--public-url", "http://10.0.0.5:8700", "--seed",
                                             "none"]  # fmt: skip
    mirror = exec_start(unit_run, "tryon-kiosk.service")
    session = ["--", "/opt/tryon-kiosk/bin/tryon-session"]
    assert unit_run.expand(mirror, {"CAGE_ARGS": "-r"}) == ["/usr/bin/cage", "-d", "-r", *session]
    assert unit_run.expand(mirror, {"CAGE_ARGS": ""}) == ["/usr/bin/cage", "-d", *session]


def test_unit_run_reads_environment_files_over_environment_lines(
    unit_run: ModuleType, tmp_path: Path
) -> None:
    site = tmp_path / "site.env"
    site.write_text('# comment\nHUB_PORT=8800\nHUB_ARGS="--seed none"\n')
    unit = tmp_path / "x.service"
    unit.write_text(
        "[Service]\n"
        f"EnvironmentFile={site}\n"
        f"EnvironmentFile=-{tmp_path}/missing.env\n"
        'Environment=HUB_PORT=8700 "GREETING=a b"\n'
    )
    user = unit_run.pwd.getpwuid(os.getuid())
    env = unit_run.unit_environment(unit_run.service(unit), user)
    assert env["HUB_PORT"] == "8800"  # the file wins, wherever it is listed
    assert env["HUB_ARGS"] == "--seed none" and env["GREETING"] == "a b"
    assert env["HOME"] == user.pw_dir and env["USER"] == user.pw_name
