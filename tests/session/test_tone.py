"""The session's skin-tone sampler: a median of agreeing readings, then forgotten."""

from __future__ import annotations

import pytest

from kiosk.session.tone import MIN_AGREEING, SteadyTone, ToneSampler
from kiosk.vision.skin_tone import Illuminant, SkinTone, depth_of, undertone_of


def tone(ita: float, hue: float, confidence: float = 0.8) -> SkinTone:
    return SkinTone(
        ita=ita,
        lightness=60.0,
        hue=hue,
        chroma=20.0,
        depth=depth_of(ita),
        undertone=undertone_of(hue),
        confidence=confidence,
        illuminant=Illuminant(),
        side="both",
    )


def test_the_reading_is_the_median_of_agreeing_samples() -> None:
    sampler = ToneSampler()
    itas = [33.0, 35.0, 31.0, 36.0]
    for ita in itas:
        assert sampler.add(tone(ita, 52.0)) is None  # not yet enough
    steady = sampler.add(tone(34.0, 53.0))
    assert isinstance(steady, SteadyTone)
    assert steady.ita == 34.0 and steady.hue == 52.0 and steady.samples == MIN_AGREEING
    assert steady.words == ("medium", "neutral") and steady.confidence == pytest.approx(0.8)
    assert not sampler.wants_more
    assert sampler.add(tone(80.0, 20.0)) is steady  # done: later frames change nothing


def test_outliers_are_left_out_and_disagreement_gives_no_reading() -> None:
    sampler = ToneSampler()
    for ita, hue in [(40, 50), (12, 50), (41, 50), (39, 58), (40, 51), (42, 50)]:
        sampler.add(tone(ita, hue))  # a hand over the cheek, a warm glance of light
    assert sampler.reading is None  # four agree so far
    steady = sampler.add(tone(41, 50.5))
    assert steady is not None and steady.samples == 5
    assert (steady.ita, steady.hue) == (41, 50) and steady.confidence == pytest.approx(0.8 * 5 / 7)
    # readings that never settle: no steady reading, and the sampler gives up
    restless = ToneSampler(max_samples=10)
    for i in range(12):
        restless.add(tone(20.0 + 15.0 * (i % 3), 45.0 + 6.0 * (i % 2)))
    assert restless.reading is None and not restless.wants_more


def test_agreement_needs_both_ita_and_hue() -> None:
    sampler = ToneSampler(min_agreeing=3)
    sampler.add(tone(40, 50))
    sampler.add(tone(40, 58))  # same depth, another undertone
    sampler.add(tone(55, 50))  # same undertone, another depth
    assert sampler.reading is None
    sampler.add(tone(41, 50.5))
    sampler.add(tone(39, 49.5))
    steady = sampler.reading
    assert steady is not None and steady.samples == 3 and steady.ita == 40
    assert steady.confidence == pytest.approx(0.8 * 3 / 5)


def test_unsure_or_missing_readings_do_not_count() -> None:
    sampler = ToneSampler(min_agreeing=2, max_samples=6)
    sampler.add(None)
    sampler.add(tone(30, 50, confidence=0.1))
    sampler.add(tone(30, 50, confidence=0.2))
    assert sampler.reading is None and sampler.wants_more
    sampler.add(tone(30, 50))
    assert sampler.add(tone(31, 50)) is not None


def test_forget_drops_everything_about_the_shopper() -> None:
    sampler = ToneSampler(min_agreeing=2)
    sampler.add(tone(30, 50))
    sampler.add(tone(31, 50))
    assert sampler.reading is not None
    sampler.forget()
    assert sampler.reading is None and sampler.wants_more
    held = [v for v in vars(sampler).values() if not isinstance(v, int | float)]
    assert all(not v for v in held), held  # nothing left but the settings
    sampler.add(tone(60, 44))
    assert sampler.add(tone(61, 44)) == sampler.reading
    assert sampler.reading is not None and sampler.reading.depth == "fair"


def test_settings_are_checked() -> None:
    with pytest.raises(ValueError, match="min_agreeing"):
        ToneSampler(min_agreeing=0)
    with pytest.raises(ValueError, match="min_agreeing"):
        ToneSampler(min_agreeing=9, max_samples=5)
