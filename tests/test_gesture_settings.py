"""Touchless gestures from settings: on in the kiosk profile, off for developers unless set,
and built the way the kiosk builds them (hand model installed, direction from capture.mirror)."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.config import load_settings
from kiosk.errors import ConfigError, ModelError
from kiosk.services import build_gestures


def test_on_in_the_kiosk_profile_off_in_the_developer_profile_unless_set() -> None:
    assert load_settings(profile="kiosk", env={}).gestures.enabled
    assert not load_settings(profile="developer", env={}).gestures.enabled
    on = load_settings(profile="developer", env={"KIOSK_GESTURES__ENABLED": "yes"})
    assert on.gestures.enabled


def test_out_of_range_values_stop_start_up() -> None:
    with pytest.raises(ConfigError, match=r"gestures\.hold_s"):
        load_settings(overrides={"gestures.hold_s": "0"}, env={})
    with pytest.raises(ConfigError, match=r"gestures\.max_hands"):
        load_settings(overrides={"gestures.max_hands": "3"}, env={})


def test_built_from_settings_with_the_mirror_deciding_direction(
    tmp_path: Path, models_mirror: Path
) -> None:
    base = load_settings(
        profile="kiosk",
        overrides={"models.cache_dir": str(tmp_path), "gestures.hold_s": "0.8"},
        env={"KIOSK_MODEL_MIRROR": str(models_mirror)},
    )
    with ExitStack() as stack:
        watch = build_gestures(base, stack)
        assert watch is not None
        assert watch.reader.mirrored and watch.reader.params.hold_s == 0.8
        assert (tmp_path / "hand_landmarker.task").is_file()
        raw = build_gestures(replace(base, capture=replace(base.capture, mirror=False)), stack)
        assert raw is not None and not raw.reader.mirrored
        assert not watch.silent
        off = replace(base, gestures=replace(base.gestures, enabled=False))
        lips_only = build_gestures(off, stack)  # hands still kept unpainted on the lips
        assert lips_only is not None and lips_only.silent
        assert build_gestures(base, stack, "image").silent  # a photo has no gestures
        none = replace(off, lipstick=replace(off.lipstick, hands_in_front=False))
        assert build_gestures(none, stack) is None


def test_without_a_hand_model_the_lips_go_on_and_touchless_control_stops_start_up(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A mirror folder without the hand model (an offline store PC): keeping paint off a
    hand is not worth stopping the mirror for, touchless control is."""
    empty = tmp_path / "mirror"
    empty.mkdir()
    env = {"KIOSK_MODEL_MIRROR": str(empty)}
    cache = {"models.cache_dir": str(tmp_path / "cache")}
    lips_only = load_settings(overrides=cache, env=env)
    with ExitStack() as stack, caplog.at_level("WARNING", logger="kiosk.services"):
        assert build_gestures(lips_only, stack) is None
    assert "hands in front of the lips will be painted" in caplog.text
    touchless = load_settings(profile="kiosk", overrides=cache, env=env)
    with ExitStack() as stack, pytest.raises(ModelError):
        build_gestures(touchless, stack)


def test_the_live_models_come_back_built_and_tracking_or_with_the_error(
    tmp_path: Path, models_mirror: Path, testdata: Path
) -> None:
    """`kiosk run` starts its models on a thread of their own before Qt is imported
    (start_live_models): they come back through a future, working on a real face; a model
    that cannot be had stops start-up with its own error, there and then."""
    import cv2

    from kiosk.services import start_live_models

    overrides = {"models.cache_dir": str(tmp_path / "cache")}
    settings = load_settings(
        profile="kiosk", overrides=overrides, env={"KIOSK_MODEL_MIRROR": str(models_mirror)}
    )
    models = start_live_models(settings).result(timeout=120)
    try:
        assert models.pose is not None and models.gestures is not None  # kiosk: both on
        assert not models.gestures.silent
        image = cv2.imread(str(testdata / "faces" / "mouth_open_d19.jpg"))
        assert models.tracker.detect(image, 1).found
    finally:
        models.close()
    # Face and pose models in place, no hand model: touchless control cannot start.
    partial = tmp_path / "mirror"
    partial.mkdir()
    for name in ("face_landmarker.task", "pose_landmarker_full.task"):
        (partial / name).symlink_to(models_mirror / name)
    overrides = {"models.cache_dir": str(tmp_path / "cache2")}
    no_hands = load_settings(
        profile="kiosk", overrides=overrides, env={"KIOSK_MODEL_MIRROR": str(partial)}
    )
    with pytest.raises(ModelError, match="hand_landmarker"):
        start_live_models(no_hands).result(timeout=120)
