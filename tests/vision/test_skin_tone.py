"""The skin-tone reading on real faces with the real face model: steady under a light's
cast, ordered like the faces' described skin, and lit by the eyes, not by the skin."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from benchmarks.skin_tone import CLASS_GAP, matched, render
from kiosk.render.lighting import estimate_light
from kiosk.vision import skin_tone as st
from kiosk.vision.face import FaceTracker

# Faces of the shared data whose skin the manifest describes, lightest first.
DESCRIBED = {
    "face_celebahq_29883": "light skin",
    "face_celebahq_25807": "olive skin",
    "face_celebahq_26768": "tanned",
    "face_fasseg_v2_test_40": "medium-brown skin",
    "face_celebahq_23071": "dark skin",
}
# For the casts: depths from fair to deep, all three undertones.
CAST_FACES = (
    "face_celebahq_15064",
    "face_celebahq_29883",
    "face_celebahq_29642",
    "face_celebahq_25807",
    "face_celebahq_26768",
    "face_fasseg_v2_test_40",
    "face_celebahq_23071",
)
TURNED = "face_fasseg_v3_personne01150p0p60"  # head turned 60 degrees, its left cheek to us

Faces = dict[str, tuple[np.ndarray, np.ndarray]]


@pytest.fixture(scope="module")
def faces(face_model: Path, testdata: Path) -> Faces:
    """Image and landmarks (the real face model, image mode) of each face used here."""
    out: Faces = {}
    with FaceTracker(face_model, mode="image") as tracker:
        for name in {*DESCRIBED, *CAST_FACES, TURNED}:
            image = cv2.imread(str(testdata / "lips_dev" / "img" / f"{name}.jpg"))
            assert image is not None, f"{name}.jpg missing from lips_dev/img"
            result = tracker.detect(image)
            assert result.found, name
            out[name] = (image, result.faces[0].landmarks)
    return out


def read(faces: Faces, name: str, gain: np.ndarray | None = None) -> st.SkinTone:
    image, landmarks = faces[name]
    tone = st.measure_skin_tone(image if gain is None else render(image, gain), landmarks)
    assert tone is not None, name
    return tone


def test_depth_follows_the_described_skin(faces: Faces) -> None:
    tones = {name: read(faces, name) for name in DESCRIBED}
    itas = [tones[name].ita for name in DESCRIBED]
    assert itas == sorted(itas, reverse=True), {n: round(t.ita, 1) for n, t in tones.items()}
    assert tones["face_celebahq_29883"].depth in ("fair", "light")
    assert tones["face_celebahq_23071"].depth == "deep"
    assert all(t.confidence >= 0.4 for t in tones.values())
    assert all(t.illuminant.source.startswith("sclera") for t in tones.values())


@pytest.mark.parametrize("kelvin", [3200.0, 6500.0])
@pytest.mark.parametrize("name", CAST_FACES)
def test_a_lights_cast_keeps_the_undertone_and_the_depth(
    faces: Faces, name: str, kelvin: float
) -> None:
    """A known von Kries cast (warm 3200 K, cool 6500 K against 5000 K, at the same
    exposure): the undertone class stays, ITA moves far less than a depth class."""
    neutral_gain, cast_gain = matched(kelvin)
    neutral, cast = read(faces, name, neutral_gain), read(faces, name, cast_gain)
    assert cast.undertone == neutral.undertone, (neutral.hue, cast.hue)
    assert abs(cast.ita - neutral.ita) < CLASS_GAP / 3, (neutral.ita, cast.ita)
    assert abs(cast.hue - neutral.hue) < 2.0


def test_the_eye_whites_recover_a_known_cast(faces: Faces) -> None:
    image, landmarks = faces["face_celebahq_29883"]
    for kelvin in (3200.0, 6500.0):
        neutral_gain, cast_gain = matched(kelvin)
        truth = st.log_chroma(cast_gain)
        before = st.sclera_cue(render(image, neutral_gain), landmarks)
        after = st.sclera_cue(render(image, cast_gain), landmarks)
        assert before is not None and after is not None
        moved = after.chroma - before.chroma
        assert np.linalg.norm(moved - truth) < 0.05 * np.linalg.norm(truth), (kelvin, moved, truth)
        # and so does the combined estimate, scene cue included
        light = st.estimate_illuminant(render(image, cast_gain), landmarks)
        base = st.estimate_illuminant(render(image, neutral_gain), landmarks)
        moved = light.chroma - base.chroma
        cos = moved @ truth / (np.linalg.norm(moved) * np.linalg.norm(truth))
        assert cos > 0.99 and light.source == "sclera+scene" and light.confidence > 0.5


def test_the_scene_cue_alone_sees_the_cast_direction(faces: Faces) -> None:
    """Grey-edge outside the face: the fallback when no eye white shows."""
    image, landmarks = faces["face_celebahq_25807"]
    neutral_gain, cast_gain = matched(3200.0)
    a = st.scene_cue(render(image, neutral_gain), landmarks)
    b = st.scene_cue(render(image, cast_gain), landmarks)
    assert a is not None and b is not None
    truth = st.log_chroma(cast_gain)
    moved = b.chroma - a.chroma
    assert moved @ truth / (np.linalg.norm(moved) * np.linalg.norm(truth)) > 0.98


def test_closed_eyes_fall_back_to_the_scene(faces: Faces) -> None:
    image, landmarks = faces["face_celebahq_25807"]
    shut = landmarks.copy()
    for loop in (st.RIGHT_EYE, st.LEFT_EYE):  # lower lid onto the upper lid
        shut[list(loop[9:]), 1] = shut[list(loop[1:8]), 1][::-1]
    assert all(len(px) == 0 for px in st.sclera_pixels(image, shut))
    assert st.sclera_cue(image, shut) is None
    tone = st.measure_skin_tone(image, shut)
    assert tone is not None and tone.illuminant.source == "scene"
    assert tone.confidence < read(faces, "face_celebahq_25807").confidence


def test_the_renderers_light_would_erase_the_undertone(faces: Faces) -> None:
    """Why the reading has its own light: the renderer's comes from the skin itself, so
    undoing it pulls a cool and a warm face to the same hue."""
    names = ("face_celebahq_26768", "face_fasseg_v2_test_40")  # cool, warm
    tones = [read(faces, n) for n in names]
    assert [t.undertone for t in tones] == ["cool", "warm"]
    hues = []
    for name in names:
        image, landmarks = faces[name]
        found = st.cheeks(image, landmarks)
        assert found is not None
        gain = estimate_light(image, landmarks).gain
        hues.append(st.read_lab(found.rgb * gain)[2])
    assert abs(hues[0] - hues[1]) < 0.5 * abs(tones[0].hue - tones[1].hue)


def test_a_turned_head_is_read_on_the_cheek_that_faces_the_camera(faces: Faces) -> None:
    image, landmarks = faces[TURNED]
    found = st.cheeks(image, landmarks)
    assert found is not None and found.side == "left"
    assert read(faces, TURNED).side == "left"
    # the far cheek's patches, squeezed against the face's edge, read something else
    far = st.cheek_side(image, landmarks, st.RIGHT_CHEEK, 1.0)
    assert far is not None
    assert abs(st.read_lab(far.rgb)[0] - st.read_lab(found.rgb)[0]) > CLASS_GAP


def test_no_cheeks_no_reading(faces: Faces) -> None:
    image, landmarks = faces["face_celebahq_25807"]
    assert st.measure_skin_tone(image, landmarks[:468]) is None  # no iris points
    gone = landmarks.copy()
    gone[:, 0] += 5000  # the face left the frame
    assert st.measure_skin_tone(image, gone) is None


def test_classes_and_the_light_clamp() -> None:
    assert [st.depth_of(a) for a in (70, 55.1, 50, 41, 30, 10.5, 0, -50)] == [
        "fair", "fair", "light", "medium", "medium", "tan", "deep", "deep",
    ]  # fmt: skip
    lo, hi = st.HUE_BOUNDS
    assert [st.undertone_of(h) for h in (lo - 5, lo, hi - 0.1, hi, hi + 5)] == [
        "cool", "neutral", "neutral", "warm", "warm",
    ]  # fmt: skip
    on_locus = st.log_chroma(st.cast_gain(3200.0))
    assert np.allclose(st.plausible(on_locus), on_locus)
    green = np.array([-0.6, -0.6], np.float32)  # a green wall is not a lamp
    pulled = st.plausible(green)
    assert np.linalg.norm(pulled - green) > 0.3
    assert st.combine(None, None).source == "none" and st.combine(None, None).confidence == 0


def test_colour_maths_match_the_renderers() -> None:
    """vision repeats the few colour lines it needs (it may not import render)."""
    from kiosk.render import color

    codes = np.arange(256, dtype=np.uint8).reshape(-1, 1).repeat(3, axis=1)
    assert np.allclose(st.bgr_to_linear(codes), color.bgr_to_linear(codes), rtol=1e-6, atol=0)
    assert np.array_equal(st.RGB_TO_XYZ, color.RGB_TO_XYZ)
    rgb = np.random.default_rng(7).uniform(0.001, 1.0, (500, 3)).astype(np.float32)
    assert np.abs(st.linear_to_lab(rgb) - color.linear_to_lab(rgb)).max() < 0.05
