"""Settings load from real TOML files and explain every mistake a person can make."""

from __future__ import annotations

import dataclasses
import itertools
import textwrap
import tomllib
from pathlib import Path

import pytest

from kiosk import paths
from kiosk.config import (
    Settings,
    available_profiles,
    load_settings,
    parse_override,
    settings_to_toml,
)
from kiosk.errors import ConfigError

REPO_CONFIG = Path(__file__).resolve().parent.parent / "config"


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def cfg(tmp_path: Path) -> Path:
    """An empty config folder: code defaults only, until a test writes files into it."""
    folder = tmp_path / "config"
    folder.mkdir()
    return folder


def config_error(**kwargs: object) -> str:
    kwargs.setdefault("env", {})
    with pytest.raises(ConfigError) as info:
        load_settings(**kwargs)  # type: ignore[arg-type]
    return str(info.value)


# --- defaults and profiles -------------------------------------------------------------


def test_default_toml_equals_dataclass_defaults() -> None:
    with (REPO_CONFIG / "default.toml").open("rb") as fh:
        on_disk = tomllib.load(fh)
    in_code = dataclasses.asdict(Settings())
    assert on_disk == in_code
    # 80 == 80.0 in Python, so compare types too: a float key must be written as a float.
    assert {s: {k: type(v) for k, v in t.items()} for s, t in on_disk.items()} == {
        s: {k: type(v) for k, v in t.items()} for s, t in in_code.items()
    }


def test_every_key_in_default_toml_is_documented() -> None:
    lines = (REPO_CONFIG / "default.toml").read_text(encoding="utf-8").splitlines()
    for before, line in itertools.pairwise(lines):
        if line and line[0].isalpha():
            assert before.startswith("# "), f"no comment above {line!r}"


def test_defaults_load_from_repo_config() -> None:
    assert load_settings(env={}, config_dir=REPO_CONFIG) == Settings()


def test_missing_default_toml_falls_back_to_code_defaults(cfg: Path) -> None:
    assert load_settings(env={}, config_dir=cfg) == Settings()


def test_developer_profile() -> None:
    kiosk = load_settings("developer", env={}, config_dir=REPO_CONFIG).kiosk
    assert (kiosk.mode, kiosk.fullscreen, kiosk.debug_overlay) == ("developer", False, True)


def test_kiosk_profile() -> None:
    s = load_settings("kiosk", env={}, config_dir=REPO_CONFIG)
    assert (s.kiosk.mode, s.kiosk.fullscreen, s.kiosk.debug_overlay) == ("kiosk", True, False)
    assert (s.kiosk.window_width, s.kiosk.window_height) == (1080, 1920)
    assert s.capture.mirror is True


def test_available_profiles() -> None:
    assert {"developer", "kiosk"} <= set(available_profiles(REPO_CONFIG))
    assert "default" not in available_profiles(REPO_CONFIG)


def test_custom_profile_file_is_a_profile(cfg: Path) -> None:
    write(cfg / "window.toml", "[kiosk]\nwindow_width = 400\n")
    assert load_settings("window", env={}, config_dir=cfg).kiosk.window_width == 400


def test_settings_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().capture.width = 1  # type: ignore[misc]


# --- layering ------------------------------------------------------------------------


def test_layers_later_wins(cfg: Path, tmp_path: Path) -> None:
    write(
        cfg / "default.toml",
        """
        [capture]
        width = 800
        height = 600
        fps = 10
        loop = false
        rotate = 0
        """,
    )
    write(cfg / "store.toml", "[capture]\nwidth = 900\nfps = 20\nrotate = 90\n")
    first = write(tmp_path / "first.toml", "[capture]\nwidth = 1000\nfps = 25\nheight = 640\n")
    second = write(tmp_path / "second.toml", "[capture]\nheight = 700\nwidth = 1010\n")
    s = load_settings(
        "store",
        files=[first, second],
        env={"KIOSK_CAPTURE__WIDTH": "1100", "KIOSK_CAPTURE__HEIGHT": "710"},
        overrides={"capture.width": "1200"},
        config_dir=cfg,
    )
    c = s.capture
    assert c.width == 1200  # command line beats everything
    assert c.height == 710  # env beats files
    assert c.fps == 25  # extra file beats profile
    assert c.rotate == 90  # profile beats default.toml
    assert c.loop is False  # default.toml beats code
    assert c.mirror is True  # code default where nobody set it


def test_env_defaults_to_os_environ(cfg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_CAPTURE__FPS", "12")
    assert load_settings(config_dir=cfg).capture.fps == 12


@pytest.mark.parametrize("text", ["true", "TRUE", "1", "yes", "On", " on "])
def test_env_true(cfg: Path, text: str) -> None:
    env = {"KIOSK_KIOSK__FULLSCREEN": text}
    assert load_settings(env=env, config_dir=cfg).kiosk.fullscreen is True


@pytest.mark.parametrize("text", ["false", "False", "0", "no", "OFF"])
def test_env_false(cfg: Path, text: str) -> None:
    env = {"KIOSK_CAPTURE__MIRROR": text}
    assert load_settings(env=env, config_dir=cfg).capture.mirror is False


def test_env_int_float_and_text(cfg: Path) -> None:
    env = {
        "KIOSK_FACE__MAX_FACES": " 3 ",
        "KIOSK_LIPSTICK__INTENSITY": "0.4",
        "KIOSK_SESSION__END_AFTER_S": "2",
        "KIOSK_CATALOG__PATH": "shop/catalog.json",
        "KIOSK_FACE__MIN_DETECTION_CONFIDENCE": "1e-1",
    }
    s = load_settings(env=env, config_dir=cfg)
    assert s.face.max_faces == 3
    assert s.lipstick.intensity == 0.4
    assert s.session.end_after_s == 2.0 and type(s.session.end_after_s) is float
    assert s.catalog.path == "shop/catalog.json"
    assert s.face.min_detection_confidence == pytest.approx(0.1)


def test_other_kiosk_variables_are_not_settings(cfg: Path) -> None:
    env = {"KIOSK_HOME": "/srv/kiosk", "KIOSK_SHARED_DIR": "/x", "HOME": "/root", "A__B": "1"}
    assert load_settings(env=env, config_dir=cfg) == Settings()


def test_toml_int_is_accepted_for_float(cfg: Path) -> None:
    write(cfg / "default.toml", "[lipstick]\nintensity = 1\n")
    value = load_settings(env={}, config_dir=cfg).lipstick.intensity
    assert value == 1.0 and type(value) is float


@pytest.mark.parametrize("source", ["camera:0", "camera:12", "camera:/dev/video2", "clip.mp4"])
def test_capture_sources(cfg: Path, source: str) -> None:
    s = load_settings(overrides={"capture.source": source}, env={}, config_dir=cfg)
    assert s.capture.source == source


# --- KIOSK_MODEL_MIRROR --------------------------------------------------------------


def test_model_mirror_variable_fills_models_mirror(cfg: Path) -> None:
    env = {"KIOSK_MODEL_MIRROR": "/srv/models"}
    assert load_settings(env=env, config_dir=cfg).models.mirror == "/srv/models"


def test_model_mirror_variable_beats_files(cfg: Path) -> None:
    write(cfg / "default.toml", '[models]\nmirror = "https://example.com/m"\n')
    assert load_settings(env={}, config_dir=cfg).models.mirror == "https://example.com/m"
    env = {"KIOSK_MODEL_MIRROR": "/srv/models"}
    assert load_settings(env=env, config_dir=cfg).models.mirror == "/srv/models"


def test_higher_layers_beat_model_mirror_variable(cfg: Path) -> None:
    env = {"KIOSK_MODEL_MIRROR": "/a", "KIOSK_MODELS__MIRROR": "/b"}
    assert load_settings(env=env, config_dir=cfg).models.mirror == "/b"
    s = load_settings(env=env, overrides={"models.mirror": "/c"}, config_dir=cfg)
    assert s.models.mirror == "/c"


def test_empty_model_mirror_variable_is_unset(cfg: Path) -> None:
    assert load_settings(env={"KIOSK_MODEL_MIRROR": ""}, config_dir=cfg).models.mirror == ""


# --- errors name key, value, source and what is allowed ----------------------------------


def test_unknown_key_suggests_closest(cfg: Path) -> None:
    path = write(cfg / "default.toml", "[capture]\nwidht = 640\n")
    msg = config_error(config_dir=cfg)
    assert "capture.widht = 640" in msg
    assert str(path) in msg
    assert "source, width, height, fps" in msg  # the valid keys
    assert "Did you mean 'width' under [capture]?" in msg


def test_unknown_key_from_env_suggests_variable_name(cfg: Path) -> None:
    msg = config_error(env={"KIOSK_SMOOTHING__BETTA": "3"}, config_dir=cfg)
    assert "smoothing.betta" in msg and '"3"' in msg
    assert "KIOSK_SMOOTHING__BETTA" in msg and "KIOSK_SMOOTHING__BETA?" in msg


def test_unknown_section(cfg: Path, tmp_path: Path) -> None:
    extra = write(tmp_path / "extra.toml", "[captur]\nwidth = 640\n")
    msg = config_error(files=[extra], config_dir=cfg)
    assert "[captur]" in msg and "width = 640" in msg and str(extra) in msg
    assert "kiosk, capture, face, bodies, smoothing" in msg
    assert "Did you mean 'width' under [capture]?" in msg


def test_key_outside_any_section(cfg: Path) -> None:
    write(cfg / "default.toml", "fullscreen = true\n")
    msg = config_error(config_dir=cfg)
    assert "fullscreen = true" in msg and "[kiosk]" in msg


def test_wrong_type_in_toml(cfg: Path) -> None:
    path = write(cfg / "default.toml", '[capture]\nwidth = "640"\n')
    msg = config_error(config_dir=cfg)
    assert "capture.width" in msg and '"640"' in msg and str(path) in msg
    assert "a whole number from 160 to 7680" in msg


def test_bool_is_not_an_int_in_toml(cfg: Path) -> None:
    write(cfg / "default.toml", "[capture]\nfps = true\n")
    msg = config_error(config_dir=cfg)
    assert "capture.fps" in msg and "true" in msg and "a whole number from 1 to 240" in msg


def test_float_is_not_an_int(cfg: Path) -> None:
    msg = config_error(overrides={"face.max_faces": "1.5"}, config_dir=cfg)
    assert "face.max_faces" in msg and '"1.5"' in msg and "command line" in msg
    assert "a whole number from 1 to 4" in msg


def test_out_of_range_from_env(cfg: Path) -> None:
    msg = config_error(env={"KIOSK_CAPTURE__FPS": "500"}, config_dir=cfg)
    assert "capture.fps" in msg and '"500"' in msg
    assert "environment variable KIOSK_CAPTURE__FPS" in msg
    assert "from 1 to 240" in msg


@pytest.mark.parametrize("text", ["nan", "inf", "1.5", "-0.1"])
def test_out_of_range_float(cfg: Path, text: str) -> None:
    msg = config_error(env={"KIOSK_LIPSTICK__INTENSITY": text}, config_dir=cfg)
    assert "lipstick.intensity" in msg and f'"{text}"' in msg and "a number from 0 to 1" in msg


def test_bad_bool_text(cfg: Path) -> None:
    msg = config_error(env={"KIOSK_CAPTURE__MIRROR": "maybe"}, config_dir=cfg)
    assert "capture.mirror" in msg and '"maybe"' in msg and "true or false" in msg


def test_bad_choice(cfg: Path) -> None:
    msg = config_error(overrides={"kiosk.mode": "store"}, config_dir=cfg)
    assert "kiosk.mode" in msg and '"store"' in msg and "command line" in msg
    assert 'one of "developer", "kiosk"' in msg


def test_bad_rotation(cfg: Path) -> None:
    write(cfg / "default.toml", "[capture]\nrotate = 45\n")
    msg = config_error(config_dir=cfg)
    assert "capture.rotate" in msg and "45" in msg and "one of 0, 90, 180, 270" in msg


def test_bad_camera_source(cfg: Path) -> None:
    msg = config_error(overrides={"capture.source": "camera:front"}, config_dir=cfg)
    assert "capture.source" in msg and '"camera:front"' in msg and "camera:/dev/videoN" in msg


def test_bad_toml_syntax_names_file_and_line(cfg: Path) -> None:
    path = write(cfg / "default.toml", "[capture]\nwidth = 640\nheight =\n")
    msg = config_error(config_dir=cfg)
    assert str(path) in msg and "line 3" in msg


def test_missing_extra_file(cfg: Path, tmp_path: Path) -> None:
    msg = config_error(files=[tmp_path / "nope.toml"], config_dir=cfg)
    assert "nope.toml" in msg


def test_unknown_profile_lists_available() -> None:
    msg = config_error(profile="store", config_dir=REPO_CONFIG)
    assert "'store'" in msg and "developer" in msg and "kiosk" in msg


def test_profile_name_cannot_escape_config_dir(cfg: Path) -> None:
    write(cfg.parent / "evil.toml", "[kiosk]\nfullscreen = true\n")
    assert "Unknown profile" in config_error(profile="../evil", config_dir=cfg)


def test_override_needs_a_section(cfg: Path) -> None:
    msg = config_error(overrides={"width": "640"}, config_dir=cfg)
    assert "'width'" in msg and "section.key=value" in msg


def test_reconnect_initial_cannot_exceed_max(cfg: Path) -> None:
    env = {"KIOSK_CAPTURE__RECONNECT_INITIAL_S": "10"}
    msg = config_error(env=env, config_dir=cfg)
    assert "reconnect_initial_s = 10.0" in msg and "KIOSK_CAPTURE__RECONNECT_INITIAL_S" in msg


# --- CLI helpers, rendering and paths ------------------------------------------------


def test_parse_override() -> None:
    assert parse_override("capture.width=640") == ("capture.width", "640")
    assert parse_override(" capture.source = a=b.mp4") == ("capture.source", "a=b.mp4")
    assert parse_override("models.mirror=") == ("models.mirror", "")


@pytest.mark.parametrize("text", ["capture.width", "=640", ""])
def test_parse_override_rejects(text: str) -> None:
    with pytest.raises(ConfigError, match=r"section\.key=value"):
        parse_override(text)


def test_settings_to_toml_round_trips(cfg: Path, tmp_path: Path) -> None:
    overrides = {
        "capture.source": 'odd "name"\\x.mp4',
        "capture.rotate": "270",
        "smoothing.min_cutoff": "0.0001",
        "kiosk.language": "zh-CN",
        "kiosk.fullscreen": "yes",
    }
    s = load_settings(overrides=overrides, env={}, config_dir=cfg)
    shown = write(tmp_path / "shown.toml", settings_to_toml(s))
    assert load_settings(files=[shown], env={}, config_dir=cfg) == s


def test_resolved_paths(cfg: Path, tmp_path: Path) -> None:
    s = Settings()
    assert s.catalog.resolved_path() == paths.project_root() / "assets" / "catalog.json"
    assert s.models.resolved_cache_dir() == paths.user_cache_dir() / "models"
    assert s.logging.resolved_dir() == paths.user_cache_dir() / "logs"
    overrides = {
        "catalog.path": str(tmp_path / "c.json"),
        "models.cache_dir": "cache/models",
        "logging.dir": str(tmp_path / "logs"),
    }
    s = load_settings(overrides=overrides, env={}, config_dir=cfg)
    assert s.catalog.resolved_path() == tmp_path / "c.json"
    assert s.models.resolved_cache_dir() == paths.project_root() / "cache" / "models"
    assert s.logging.resolved_dir() == tmp_path / "logs"
