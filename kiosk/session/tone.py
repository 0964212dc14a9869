"""The shopper's skin tone for one session: a steady reading from a few frames, then forgotten.

Plain Python, no Qt and no camera frames: `add()` takes the few numbers one frame's
reading gave (`kiosk.vision.skin_tone.measure_skin_tone`) over the first seconds of a
stable face; once `min_agreeing` confident readings agree (within half the narrowest depth
class in ITA, and a few degrees of hue), `reading` gives their median and the sampler
stops asking (`wants_more`). `forget()` at the session's end drops everything: nothing
about the shopper is written anywhere or kept for the next one.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from kiosk.vision.skin_tone import SkinTone, depth_of, undertone_of

MIN_CONFIDENCE = 0.4  # below: a reading with no light cue, a turned or shiny face
MIN_AGREEING = 5
MAX_SAMPLES = 15  # then it gives up until forgotten: this face will not read steadily
ITA_AGREE = 6.5  # degrees: half the narrowest depth class (13)
HUE_AGREE = 3.0  # degrees of h_ab: under half the neutral band (HUE_BOUNDS, 7 degrees)


@dataclass(frozen=True)
class SteadyTone:
    """The session's reading: classes from the median of the agreeing samples."""

    depth: str
    undertone: str
    ita: float
    hue: float
    samples: int  # how many agreed
    confidence: float  # their mean confidence x the share of all samples that agreed

    @property
    def words(self) -> tuple[str, str]:
        """(depth, undertone): the keys the reason line shows."""
        return self.depth, self.undertone


@dataclass(frozen=True)
class _Sample:
    ita: float
    hue: float
    confidence: float


class ToneSampler:
    """Collects one shopper's readings; see the module's doc."""

    def __init__(
        self,
        *,
        min_agreeing: int = MIN_AGREEING,
        max_samples: int = MAX_SAMPLES,
        min_confidence: float = MIN_CONFIDENCE,
    ) -> None:
        if not 1 <= min_agreeing <= max_samples:
            raise ValueError("need 1 <= min_agreeing <= max_samples")
        self.min_agreeing = min_agreeing
        self.max_samples = max_samples
        self.min_confidence = min_confidence
        self._samples: list[_Sample] = []
        self._seen = 0
        self._reading: SteadyTone | None = None

    @property
    def reading(self) -> SteadyTone | None:
        """The steady reading once enough samples agree, else None."""
        return self._reading

    @property
    def wants_more(self) -> bool:
        """Whether measuring another frame is still worth it."""
        return self._reading is None and self._seen < self.max_samples

    def add(self, tone: SkinTone | None) -> SteadyTone | None:
        """One frame's reading (None: no cheeks seen). Returns the steady reading, if any."""
        if not self.wants_more:
            return self._reading
        self._seen += 1
        if tone is not None and tone.confidence >= self.min_confidence:
            self._samples.append(_Sample(tone.ita, tone.hue, tone.confidence))
            self._reading = self._steady()
        return self._reading

    def forget(self) -> None:
        """The session is over: drop every sample and the reading."""
        self._samples.clear()
        self._seen = 0
        self._reading = None

    def _steady(self) -> SteadyTone | None:
        if len(self._samples) < self.min_agreeing:
            return None
        ita = statistics.median(s.ita for s in self._samples)
        hue = statistics.median(s.hue for s in self._samples)
        agree = [s for s in self._samples
                 if abs(s.ita - ita) <= ITA_AGREE and abs(s.hue - hue) <= HUE_AGREE]  # fmt: skip
        if len(agree) < self.min_agreeing:
            return None
        ita = statistics.median(s.ita for s in agree)
        hue = statistics.median(s.hue for s in agree)
        confidence = statistics.fmean(s.confidence for s in agree) * len(agree) / len(self._samples)
        return SteadyTone(depth_of(ita), undertone_of(hue), ita, hue, len(agree), confidence)
