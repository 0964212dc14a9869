"""Whom a shade suits (catalog data) and the shades that suit a skin-tone reading."""

from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import product
from pathlib import Path

import pytest

from kiosk.catalog.shades import ShadeProduct, Suits, load_shades
from kiosk.catalog.tone_match import shades_for_tone
from kiosk.errors import KioskError
from kiosk.paths import assets_dir
from kiosk.session.wording import Wording
from kiosk.vision.skin_tone import DEPTHS, UNDERTONES
from tests.helpers import translate_in


@dataclass(frozen=True)
class Tone:
    depth: str
    undertone: str


def _shade(sku: str, suits: object = None) -> dict[str, object]:
    entry: dict[str, object] = {"sku": sku, "name": sku, "price": 1, "color": "#B0123A"}
    if suits is not None:
        entry["suits"] = suits
    return entry


def _load(tmp_path: Path, *entries: dict[str, object]) -> tuple[ShadeProduct, ...]:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"shades": list(entries)}), encoding="utf-8")
    return load_shades(path)


def test_every_demo_shade_says_whom_it_suits_and_every_skin_has_shades() -> None:
    shades = load_shades(assets_dir() / "catalog.json")
    assert len(shades) == 18 and all(s.suits is not None for s in shades)
    for depth, undertone in product(DEPTHS, UNDERTONES):
        matches = shades_for_tone(Tone(depth, undertone), shades)
        exact = [m for m in matches if m.why == "suits"]
        assert len(matches) == 5 and len(exact) >= 4, (depth, undertone)
    # the colour sense of the data: cool berries and pinks, warm corals and bronzes
    by_sku = {s.sku: s.suits for s in shades}
    assert by_sku["LIP-013"] == Suits(("light", "medium", "tan", "deep"), ("cool",))  # fuchsia
    assert by_sku["LIP-018"] is not None and by_sku["LIP-018"].undertones == ("warm",)  # bronze
    assert by_sku["LIP-014"] is not None and "fair" not in by_sku["LIP-014"].depths  # cocoa


def test_suits_is_optional_and_kept_in_class_order(tmp_path: Path) -> None:
    plain, fitted = _load(
        tmp_path,
        _shade("A"),
        _shade("B", {"depths": ["deep", "fair"], "undertones": ["warm", "cool"]}),
    )
    assert plain.suits is None
    assert fitted.suits == Suits(("fair", "deep"), ("cool", "warm"))


@pytest.mark.parametrize(
    ("suits", "needle", "fix"),
    [
        ({"depths": ["medum"], "undertones": ["warm"]}, "unknown name(s) 'medum'", "medium"),
        ({"depths": ["light"], "undertones": ["Warm"]}, "'suits.undertones'", "lower case"),
        ({"depths": ["light"]}, "exactly 'depths' and 'undertones'", '"suits": {'),
        ({"depths": [], "undertones": ["cool"]}, "non-empty list", "fair, light"),
        ({"depths": "light", "undertones": ["cool"]}, "non-empty list", "fair, light"),
        (["light", "cool"], "exactly 'depths' and 'undertones'", "undertones"),
    ],
)
def test_a_bad_suits_names_the_shade_the_problem_and_the_fix(
    tmp_path: Path, suits: object, needle: str, fix: str
) -> None:
    with pytest.raises(KioskError) as err:
        _load(tmp_path, _shade("A"), _shade("LIP-X9", suits))
    assert "shade #2 (LIP-X9)" in err.value.message and needle in err.value.message
    assert fix in err.value.fix


def test_ranking_exact_then_neighbouring_depth_then_undertone_only(tmp_path: Path) -> None:
    shades = _load(
        tmp_path,
        _shade("UNDERTONE", {"depths": ["fair"], "undertones": ["warm"]}),
        _shade("NEAR", {"depths": ["tan"], "undertones": ["warm"]}),
        _shade("BROAD", {"depths": list(DEPTHS), "undertones": list(UNDERTONES)}),
        _shade("EXACT", {"depths": ["medium"], "undertones": ["warm"]}),
        _shade("COOL", {"depths": ["medium"], "undertones": ["cool"]}),
        _shade("NONE"),
    )
    matches = shades_for_tone(Tone("medium", "warm"), shades, k=10)
    assert [m.product.sku for m in matches] == ["EXACT", "BROAD", "NEAR", "UNDERTONE"]
    assert [m.why for m in matches] == ["suits", "suits", "near", "undertone"]
    assert matches[0].reason == ("suits", "medium", "warm")
    assert [m.product.sku for m in shades_for_tone(Tone("medium", "warm"), shades, k=2)] == [
        "EXACT",
        "BROAD",
    ]
    assert shades_for_tone(Tone("fair", "neutral"), shades) == shades_for_tone(
        Tone("fair", "neutral"), shades
    )
    with pytest.raises(ValueError, match="unknown skin tone"):
        shades_for_tone(Tone("olive", "warm"), shades)


def test_one_line_reasons_in_english_and_chinese() -> None:
    """Every match's reason says itself in one line in both of the screen's languages."""
    zh = Wording("zh-CN", translate=translate_in("zh-CN"))
    for words in (Wording(), zh):
        for why, depth, undertone in product(("suits", "near", "undertone"), DEPTHS, UNDERTONES):
            line = words.text(
                f"foryou.tone_{why}",
                depth=words.text(f"tone.{depth}"),
                undertone=words.text(f"tone.{undertone}"),
            )
            assert "{" not in line and "\n" not in line and len(line) < 60
    medium_warm = {"depth": zh.text("tone.medium"), "undertone": zh.text("tone.warm")}
    assert zh.text("foryou.tone_suits", **medium_warm) == "适合中等肤色、暖调"
    assert Wording().text("foryou.tone_suits", depth="medium", undertone="warm undertone") == (
        "Suits medium skin, warm undertone"
    )
