"""The store PC's services (packaging/systemd) as systemd reads them, and the Debian
package that installs them (packaging/deb/build.sh) as dpkg sees it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from kiosk.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
SYSTEMD = ROOT / "packaging" / "systemd"
BUILD = ROOT / "packaging" / "deb" / "build.sh"
UNITS = ("tryon-kiosk.service", "tryon-hub.service")
ANALYZE = shutil.which("systemd-analyze") or "/usr/bin/systemd-analyze"
SHELLCHECK = shutil.which("shellcheck")


def _missing(why: str) -> None:
    """A tool the test needs: skipped on a developer's machine, a failure in CI (.ci/run
    installs it)."""
    if os.environ.get("CI") == "true":
        pytest.fail(why)
    pytest.skip(why)


def entries(unit: Path) -> list[tuple[str, str, str]]:
    """(section, key, value) of every line, in order (a key may repeat: After=, Environment=)."""
    section, found = "", []
    for raw in unit.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        found.append((section, key.strip(), value.strip()))
    return found


def values(unit: Path, section: str, key: str) -> list[str]:
    return [v for s, k, v in entries(unit) if s == section and k == key]


def one(unit: Path, section: str, key: str) -> str:
    found = values(unit, section, key)
    assert len(found) == 1, f"{unit.name}: [{section}] {key}= appears {len(found)} times"
    return found[0]


def verify(*units: Path) -> subprocess.CompletedProcess[str]:
    if not os.access(ANALYZE, os.X_OK):
        _missing(f"systemd-analyze not found at {ANALYZE}")
    return subprocess.run(
        [ANALYZE, "verify", "--man=no", *map(str, units)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


def with_existing_binaries(folder: Path) -> list[Path]:
    """The units copied with each ExecStart's program (cage, the venv's kiosk: not on a
    build machine) swapped for one that exists; everything else, arguments too, as is."""
    true = shutil.which("true")
    assert true
    copies = []
    for name in UNITS:
        text = (SYSTEMD / name).read_text()
        text, count = re.subn(r"^(ExecStart=)(\S+)", rf"\g<1>{true}", text, flags=re.M)
        assert count == 1, name
        (folder / name).write_text(text)
        copies.append(folder / name)
    return copies


def test_systemd_analyze_verify_has_no_complaints(tmp_path: Path) -> None:
    out = verify(*with_existing_binaries(tmp_path))
    assert out.returncode == 0 and out.stderr == "" and out.stdout == "", out.stderr


def test_the_only_complaints_about_the_real_units_are_the_missing_programs() -> None:
    out = verify(*(SYSTEMD / name for name in UNITS))
    complaints = sorted(line for line in out.stderr.splitlines() if line.strip())
    programs = {
        "tryon-kiosk.service": "/usr/bin/cage",
        "tryon-hub.service": "/opt/tryon-kiosk/venv/bin/kiosk",
    }
    expected = sorted(
        f"{unit}: Command {program} is not executable: No such file or directory"
        for unit, program in programs.items()
        if not os.access(program, os.X_OK)
    )
    assert complaints == expected, out.stderr


@pytest.mark.parametrize(
    ("line", "replacement", "complaint"),
    [
        ("WatchdogSec=30s", "WatchdogSecs=30s", "Unknown key"),
        ("Restart=always", "Restart=alway", "restart specifier"),
        ("RestartSec=1", "RestartSec=one", "Failed to parse"),
    ],
)
def test_verify_catches_a_broken_unit(
    tmp_path: Path, line: str, replacement: str, complaint: str
) -> None:
    """The check above can fail: systemd-analyze exits 0 on these, and says so on stderr."""
    unit = with_existing_binaries(tmp_path)[0]
    text = unit.read_text()
    assert line in text
    unit.write_text(text.replace(line, replacement))
    assert complaint in verify(unit).stderr


def test_the_mirror_unit_runs_in_cage_with_notify_and_the_watchdog() -> None:
    unit = SYSTEMD / "tryon-kiosk.service"
    assert one(unit, "Service", "Type") == "notify"
    assert one(unit, "Service", "NotifyAccess") == "all"  # the mirror is cage's child
    watchdog_s = one(unit, "Service", "WatchdogSec")
    assert re.fullmatch(r"\d+s", watchdog_s) and 10 <= int(watchdog_s[:-1]) <= 120
    assert one(unit, "Service", "Restart") == "always"
    assert one(unit, "Service", "RestartSec") == "1"
    assert one(unit, "Unit", "StartLimitIntervalSec") == "0"  # never gives up
    assert one(unit, "Service", "User") == "kiosk"
    assert set(one(unit, "Service", "SupplementaryGroups").split()) == {"video", "render", "input"}
    assert one(unit, "Service", "PAMName") == "tryon-kiosk"
    assert one(unit, "Service", "TTYPath") == "/dev/tty1"
    assert "getty@tty1.service" in values(unit, "Unit", "Conflicts")
    assert "QT_QPA_PLATFORM=wayland" in values(unit, "Service", "Environment")
    assert one(unit, "Service", "EnvironmentFile") == "/etc/tryon-kiosk/kiosk.env"
    exec_start = one(unit, "Service", "ExecStart").split()
    assert exec_start[0] == "/usr/bin/cage" and "-s" not in exec_start  # no VT switching
    assert exec_start[-2:] == ["--", "/opt/tryon-kiosk/bin/tryon-session"]
    session = (SYSTEMD / "tryon-session").read_text()
    assert "exec /opt/tryon-kiosk/venv/bin/kiosk run --profile kiosk" in session
    # Hardening that would hide the camera, the GPU or cage's Wayland socket stays out.
    keys = {k for s, k, _ in entries(unit) if s == "Service"}
    assert not keys & {"PrivateDevices", "DevicePolicy", "DeviceAllow", "ProtectHome"}
    assert one(unit, "Service", "ProtectSystem") in {"full", "yes"}
    assert one(unit, "Service", "NoNewPrivileges") == "yes"


def test_the_hub_unit_is_its_own_service_with_its_own_user_and_state() -> None:
    unit = SYSTEMD / "tryon-hub.service"
    assert one(unit, "Service", "Type") in {"simple", "notify"}
    assert one(unit, "Service", "Restart") == "always"
    assert one(unit, "Service", "User") == "tryon-hub"
    assert one(unit, "Service", "StateDirectory") == "tryon-hub"
    env = values(unit, "Service", "Environment")
    assert "KIOSK_HUB_DB_URL=sqlite:////var/lib/tryon-hub/hub.sqlite" in env
    exec_start = one(unit, "Service", "ExecStart").split()
    assert exec_start[:2] == ["/opt/tryon-kiosk/venv/bin/kiosk", "hub"]
    assert one(unit, "Service", "EnvironmentFile") == "/etc/tryon-kiosk/hub.env"


def env_file(path: Path) -> dict[str, str]:
    """A systemd EnvironmentFile: KEY=VALUE lines and comments, nothing else."""
    found = {}
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)", line)
        assert match, f"{path.name}: not KEY=VALUE: {line!r}"
        found[match[1]] = match[2]
    return found


def test_site_settings_files_are_what_the_units_and_the_kiosk_read() -> None:
    kiosk_env = env_file(SYSTEMD / "kiosk.env")
    assert kiosk_env["CAGE_ARGS"] == "-r"  # portrait: cage turns the picture 90 degrees cw
    # Every variable the unit or tryon-session reads from it is there to edit.
    assert {"CAGE_ARGS", "KIOSK_OUTPUT_TRANSFORM", "KIOSK_OUTPUT", "KIOSK_RUN_ARGS"} <= set(
        kiosk_env
    )
    hub_env = env_file(SYSTEMD / "hub.env")
    hub_exec = one(SYSTEMD / "tryon-hub.service", "Service", "ExecStart")
    for name in ("HUB_HOST", "HUB_PORT", "HUB_ARGS"):
        assert name in hub_env and name in hub_exec
    # The site's kiosk.toml is a valid overlay of the kiosk profile, as shipped.
    settings = load_settings(profile="kiosk", files=[SYSTEMD / "kiosk.toml"], env={})
    assert settings.kiosk.mode == "kiosk" and settings.kiosk.fullscreen


def test_touch_is_turned_with_the_picture() -> None:
    rule = (SYSTEMD / "99-tryon-touch-rotate.rules").read_text()
    active = [line for line in rule.splitlines() if line and not line.startswith("#")]
    assert len(active) == 1
    assert 'ENV{ID_INPUT_TOUCHSCREEN}=="1"' in active[0]
    match = re.search(r'ENV\{LIBINPUT_CALIBRATION_MATRIX\}="([^"]+)"', active[0])
    assert match
    a, b, c, d, e, f = map(float, match[1].split())
    m = np.array([[a, b, c], [d, e, f], [0, 0, 1]])
    # A touch in the panel's normalised coordinates lands on the picture turned 90 degrees
    # clockwise (cage -r): the panel's top-left corner becomes the top-right, and the
    # unit square maps onto itself.
    corners = {(0, 0): (1, 0), (1, 0): (1, 1), (1, 1): (0, 1), (0, 1): (0, 0)}
    for (x, y), (tx, ty) in corners.items():
        assert np.allclose(m @ [x, y, 1], [tx, ty, 1]), ((x, y), m @ [x, y, 1])


def test_session_and_build_scripts_pass_shellcheck() -> None:
    if SHELLCHECK is None:
        _missing("shellcheck is not installed (apt install shellcheck)")
    out = subprocess.run(
        [SHELLCHECK, str(BUILD), str(SYSTEMD / "tryon-session")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stdout


# ---- the Debian package ----------------------------------------------------------------


@pytest.fixture(scope="module")
def deb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("dpkg-deb") is None:
        _missing("dpkg-deb is missing (apt install dpkg): cannot build the package")
    out = tmp_path_factory.mktemp("deb")
    built = subprocess.run(
        ["bash", str(BUILD), "--out", str(out)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    path = Path(built.stdout.strip().splitlines()[-1])
    assert path.is_file() and path.parent == out
    return path


def dpkg_deb(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], capture_output=True, text=True, check=True).stdout


def test_the_package_holds_the_units_conffiles_wheel_and_scripts(deb: Path) -> None:
    info = dpkg_deb("--info", str(deb))
    assert re.search(r"^ Package: tryon-kiosk$", info, re.M)
    assert re.search(r"^ Depends: .*python3-venv", info, re.M)
    for script in ("postinst", "prerm", "postrm", "conffiles"):
        assert re.search(rf"^\s+\d+ bytes,\s+\d+ lines\s+\*?\s*{script}\b", info, re.M), script
    listing = {}
    for line in dpkg_deb("--contents", str(deb)).splitlines():
        mode, *_, name = line.split()
        listing[name.removeprefix(".")] = mode
    for name in UNITS:
        assert listing[f"/lib/systemd/system/{name}"] == "-rw-r--r--"
    assert listing["/opt/tryon-kiosk/bin/tryon-session"] == "-rwxr-xr-x"
    wheels = [n for n in listing if re.fullmatch(r"/opt/tryon-kiosk/wheels/tryon_kiosk-.+\.whl", n)]
    assert len(wheels) == 1
    conffiles = dpkg_deb("--info", str(deb), "conffiles").split()
    assert sorted(conffiles) == sorted(
        [
            "/etc/tryon-kiosk/kiosk.env",
            "/etc/tryon-kiosk/hub.env",
            "/etc/tryon-kiosk/kiosk.toml",
            "/etc/pam.d/tryon-kiosk",
            "/etc/udev/rules.d/99-tryon-touch-rotate.rules",
        ]
    )
    assert all(name in listing for name in conffiles)


@pytest.fixture(scope="module")
def unpacked(deb: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("unpacked")
    subprocess.run(["dpkg-deb", "--raw-extract", str(deb), str(folder)], check=True)
    return folder


def test_the_package_ships_the_units_as_they_are_checked_here(unpacked: Path) -> None:
    for name in UNITS:
        shipped = unpacked / "lib/systemd/system" / name
        assert shipped.read_bytes() == (SYSTEMD / name).read_bytes()
    wheel = next((unpacked / "opt/tryon-kiosk/wheels").glob("tryon_kiosk-*.whl"))
    postinst = (unpacked / "DEBIAN/postinst").read_text()
    assert f"$OPT/wheels/{wheel.name}" in postinst  # the venv is made from the shipped wheel
    for script in ("postinst", "prerm", "postrm"):
        path = unpacked / "DEBIAN" / script
        assert os.access(path, os.X_OK)
        assert subprocess.run(["sh", "-n", str(path)], check=False).returncode == 0, script
        if SHELLCHECK:
            out = subprocess.run([SHELLCHECK, "-s", "sh", str(path)], capture_output=True,
                                 text=True, check=False)  # fmt: skip
            assert out.returncode == 0, out.stdout


def _fake_install(root: Path) -> dict[str, Path]:
    kept = {
        "kiosk data": root / "var/lib/tryon-kiosk/kiosk/outbox.sqlite",
        "hub database": root / "var/lib/tryon-hub/hub.sqlite",
        "site settings": root / "etc/tryon-kiosk/kiosk.env",
    }
    gone_on_purge = {
        "models": root / "var/cache/tryon-kiosk/kiosk/models/face_landmarker.task",
        "logs": root / "var/log/tryon-kiosk/kiosk.jsonl",
    }
    venv = {"venv": root / "opt/tryon-kiosk/venv/bin/python"}
    for path in (*kept.values(), *gone_on_purge.values(), *venv.values()):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    return {**kept, **gone_on_purge, **venv}


def _postrm(unpacked: Path, root: Path, action: str) -> None:
    env = {**os.environ, "DPKG_ROOT": str(root)}
    subprocess.run(["sh", str(unpacked / "DEBIAN/postrm"), action], env=env, check=True)


def test_remove_and_upgrade_keep_data_and_config_only_purge_deletes_them(
    unpacked: Path, tmp_path: Path
) -> None:
    """The real postrm, run into a scratch root through $DPKG_ROOT."""
    files = _fake_install(tmp_path)
    _postrm(unpacked, tmp_path, "upgrade")
    assert all(path.exists() for path in files.values())
    _postrm(unpacked, tmp_path, "remove")
    assert not files["venv"].exists()  # the program goes with the package
    assert all(path.exists() for name, path in files.items() if name != "venv")
    _postrm(unpacked, tmp_path, "purge")
    assert not [name for name, path in files.items() if path.exists()]
    assert not (tmp_path / "opt/tryon-kiosk").exists()
