"""Fleet settings overlays: the real hub serves each kiosk its store's and its own, the
kiosk checks a new version by loading its whole settings with it, keeps a good one
atomically and refuses a bad one with the running one untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest

from kiosk.client.fleet import FleetFiles, FleetSync
from kiosk.client.store_client import StoreClient
from kiosk.config import load_settings
from tests.helpers import REPO
from tests.hub_server import RunningHub, start_hub

HOME = "SH-JINGAN"  # the demo seed's default store: where the test hub's kiosk stands


@pytest.fixture()
def fleet_hub(tmp_path: Path) -> Iterator[tuple[RunningHub, Path]]:
    fleet = tmp_path / "fleet"
    (fleet / "store").mkdir(parents=True)
    (fleet / "kiosk").mkdir()
    with start_hub(tmp_path / "hub", extra_args=["--fleet-dir", str(fleet)]) as hub:
        yield hub, fleet


def _validate(files: Sequence[Path]) -> object:
    return load_settings(profile="kiosk", files=files, env={})


def _sync(hub: RunningHub, data: Path) -> tuple[FleetSync, FleetFiles, StoreClient]:
    client = StoreClient(hub.url, hub.token, sleep=lambda s: None)
    files = FleetFiles(data)
    return FleetSync(client.fleet_config, files, _validate), files, client


def test_a_good_overlay_is_kept_and_loads_a_bad_one_changes_nothing(
    fleet_hub: tuple[RunningHub, Path], tmp_path: Path
) -> None:
    hub, fleet = fleet_hub
    nothing = httpx.get(f"{hub.url}/v1/config", headers=hub.headers).json()
    assert nothing == {"version": nothing["version"], "store": "", "kiosk": ""}
    (fleet / "store" / f"{HOME}.toml").write_text("[lipstick]\nintensity = 0.6\n")
    (fleet / "kiosk" / f"{hub.kiosk_id}.toml").write_text('[kiosk]\nlanguage = "en"\n')
    (fleet / "kiosk" / "another-kiosk.toml").write_text('[kiosk]\nlanguage = "zh-CN"\n')
    sync, files, client = _sync(hub, tmp_path / "data")
    with client:
        kept = sync.check()
        assert kept.state == "kept", kept
        assert [p.name for p in files.files()] == ["store.toml", "kiosk.toml"]
        settings = load_settings(profile="kiosk", files=files.files(), env={})
        assert settings.lipstick.intensity == 0.6 and settings.kiosk.language == "en"
        assert sync.check().state == "unchanged"  # 304 on the same version

        # A bad value: refused, named, and what the kiosk runs with stays as it was.
        (fleet / "kiosk" / f"{hub.kiosk_id}.toml").write_text("[lipstick]\nintensity = 7\n")
        before = {p.name: p.read_text() for p in files.files()}
        refused = sync.check()
        assert refused.state == "refused" and "intensity" in refused.problem, refused
        assert files.version() == kept.version
        assert {p.name: p.read_text() for p in files.files()} == before
        assert sync.check().state == "unchanged"  # the same bad version is not fetched again

        # Not TOML at all: the hub refuses to serve it; the kiosk keeps what it has.
        (fleet / "kiosk" / f"{hub.kiosk_id}.toml").write_text("[kiosk\nlanguage = en\n")
        broken = sync.check()
        assert broken.state == "unreachable" and files.version() == kept.version

        # Mended: the next good version replaces the old one whole (the old folder goes).
        (fleet / "kiosk" / f"{hub.kiosk_id}.toml").write_text("[session]\nend_after_s = 9.0\n")
        mended = sync.check()
        assert mended.state == "kept" and files.version() == mended.version
        assert sorted(p.name for p in (tmp_path / "data").iterdir()) == [
            "fleet",
            f"fleet-{mended.version}",
        ]


def test_the_kiosk_command_runs_with_the_kept_overlay_and_local_settings_win(
    fleet_hub: tuple[RunningHub, Path], tmp_path: Path
) -> None:
    hub, fleet = fleet_hub
    (fleet / "store" / f"{HOME}.toml").write_text(
        "[lipstick]\nintensity = 0.6\n[capture]\nfps = 24\n"
    )
    data = tmp_path / "xdg-data"
    sync, _, client = _sync(hub, data / "kiosk")
    with client:
        assert sync.check().state == "kept"
    site = tmp_path / "site.toml"
    site.write_text("[capture]\nfps = 20\n")  # the store's own file, on this PC
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env["XDG_DATA_HOME"] = str(data)
    shown = subprocess.run(
        [sys.executable, "-m", "kiosk", "config", "show", "--profile", "kiosk",
         "--config", str(site)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    assert "intensity = 0.6" in shown.stdout and "fps = 20" in shown.stdout, shown.stdout
