"""Member QR codes and product barcodes held up to the mirror, read on the vision thread.

A shopper signs in by showing their member QR (from the brand's app) to the camera, or
tries a product by showing its EAN-13 barcode. Reading must cost the tracking little,
so the scanner runs at most every `interval_ms` and looks for codes in a grey copy
shrunk to `max_side`; a found code is decoded from the full-resolution pixels around
it (a phone screen is small in a 720p frame). OpenCV reads mirrored codes too, so a
mirrored camera image needs no flip.

Each read is classified (member code, product EAN with a valid check digit, or unknown)
and reported once: a code held up keeps being seen without firing again; once it has
been out of sight for `forget_after_ms` it fires again if shown again. Plain Python,
one owner thread; `request_reset()` may be called from any thread (session end).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

import cv2
import numpy as np

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.config import RecordsSettings

# A brand app's member code: a prefix, then an opaque token the hub resolves.
DEFAULT_MEMBER_PATTERN = r"(?:KMEMBER|MEMBER|MBR):[A-Za-z0-9._:@-]{4,190}"
_GS1_LINK = re.compile(r"https?://[^/\s]+(?:/[^\s]*)?/01/(\d{14})(?:[/?#]\S*)?")
_PAD = 0.15  # margin around a detected code, as a fraction of its size, for the decode
_QR_CROP_MAX = 400  # px: >= 8 px per module even for a version-6 code


class CodeKind(Enum):
    MEMBER = "member"  # ask the hub: GET /v1/members/lookup?code=<payload>
    PRODUCT = "product"  # an EAN-13: GET /v1/variants?barcode=<payload>
    UNKNOWN = "unknown"  # tell the shopper the code is not one the mirror knows


@dataclass(frozen=True)
class CodeRead:
    kind: CodeKind
    payload: str  # for PRODUCT: the EAN-13 digits
    symbology: str  # "QR" or OpenCV's barcode type ("EAN_13", "UPC_A", ...)
    timestamp_ms: int
    corners: np.ndarray = field(compare=False, repr=False)  # (4, 2) float32, frame pixels

    def __repr__(self) -> str:  # a member payload is personal: keep it out of logs
        shown = self.payload if self.kind is CodeKind.PRODUCT else f"<{len(self.payload)} chars>"
        return f"CodeRead({self.kind.value}, {shown}, {self.symbology}, t={self.timestamp_ms})"


def ean13_valid(digits: str) -> bool:
    """A 13-digit string whose GS1 check digit is right."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def product_ean(payload: str) -> str | None:
    """The EAN-13 in a payload: bare EAN-13, UPC-A (12 digits) or a GS1 Digital Link QR."""
    text = payload.strip()
    if len(text) == 12 and text.isdigit():
        text = "0" + text  # UPC-A is EAN-13 with a leading zero
    if ean13_valid(text):
        return text
    link = _GS1_LINK.fullmatch(text)
    if link and link.group(1).startswith("0") and ean13_valid(link.group(1)[1:]):
        return link.group(1)[1:]
    return None


def classify(payload: str, member_pattern: str = DEFAULT_MEMBER_PATTERN) -> tuple[CodeKind, str]:
    """What a decoded payload is, and the payload to act on."""
    ean = product_ean(payload)
    if ean is not None:
        return CodeKind.PRODUCT, ean
    if re.fullmatch(member_pattern, payload.strip()):
        return CodeKind.MEMBER, payload.strip()
    return CodeKind.UNKNOWN, payload


class CodeScanner:
    """Finds, decodes, classifies and de-duplicates codes in camera frames."""

    def __init__(
        self,
        interval_ms: int = 150,
        max_side: int = 960,
        forget_after_ms: int = 2000,
        member_pattern: str = DEFAULT_MEMBER_PATTERN,
        qr: bool = True,
        barcodes: bool = True,
    ) -> None:
        if interval_ms < 0 or max_side < 160 or forget_after_ms < 0:
            raise ValueError("interval_ms >= 0, max_side >= 160 and forget_after_ms >= 0")
        try:
            re.compile(member_pattern)  # fail now, not on the first code
        except re.error as exc:
            raise KioskError(
                f"records.member_code_pattern {member_pattern!r} is not a valid regular "
                f"expression: {exc}",
                'fix it in config/, e.g. "(?:KMEMBER|MEMBER):[A-Za-z0-9._:@-]{4,190}"',
            ) from None
        self.interval_ms = interval_ms
        self.max_side = max_side
        self.forget_after_ms = forget_after_ms
        self.member_pattern = member_pattern
        self._qr = cv2.QRCodeDetectorAruco() if qr else None
        classic = cv2.QRCodeDetector()
        wechat = cv2.wechat_qrcode.WeChatQRCode()  # without its CNN model files: zxing-based
        aruco = self._qr
        self._qr_decoders: list[Callable[[np.ndarray], str]] = [
            lambda crop: str(aruco.detectAndDecode(crop)[0] or "") if aruco else "",
            lambda crop: str(classic.detectAndDecode(crop)[0] or ""),
            lambda crop: str(next(iter(wechat.detectAndDecode(crop)[0]), "")),
        ]
        self._bar = cv2.barcode.BarcodeDetector() if barcodes else None
        self._last_scan_ms: int | None = None
        self._seen: dict[str, int] = {}
        self._reset = threading.Event()
        self.last_cost_ms = 0.0  # wall time of the last scan that ran (for the debug overlay)
        self.scans = 0

    @classmethod
    def from_settings(cls, records: RecordsSettings) -> CodeScanner:
        """The scanner the [records] section describes."""
        return cls(
            interval_ms=records.code_scan_interval_ms,
            max_side=records.code_scan_max_side,
            member_pattern=records.member_code_pattern,
        )

    def due(self, timestamp_ms: int) -> bool:
        """Whether a frame at this time would be scanned (the rate limit)."""
        last = self._last_scan_ms
        return last is None or timestamp_ms - last >= self.interval_ms or timestamp_ms < last

    def request_reset(self) -> None:
        """Forget codes seen so far (session end); safe from any thread."""
        self._reset.set()

    def scan(self, image: np.ndarray, timestamp_ms: int) -> list[CodeRead]:
        """New code reads in this frame; [] when none or when the frame is skipped.

        With both kinds on, scans take turns (QR, then barcodes) so no single frame
        pays for both detectors.
        """
        if self._reset.is_set():
            self._reset.clear()
            self._seen.clear()
        if not self.due(timestamp_ms):
            return []
        self._last_scan_ms = timestamp_ms
        kinds = ["qr", "bar"] if self._qr is not None and self._bar is not None else []
        only = kinds[self.scans % 2] if kinds else None
        start = time.perf_counter()
        found = self.decode_all(image, only=only)
        self.last_cost_ms = (time.perf_counter() - start) * 1000.0
        self.scans += 1
        return self._new_reads(found, timestamp_ms)

    def decode_all(
        self, image: np.ndarray, only: str | None = None
    ) -> list[tuple[str, str, np.ndarray]]:
        """Every (payload, symbology, corners) decodable in the image, no rate limit.

        `only` = "qr" or "bar" runs one detector.
        """
        gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        scale = min(1.0, self.max_side / max(gray.shape[:2]))
        small = (
            gray
            if scale == 1.0
            else cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        )
        found: list[tuple[str, str, np.ndarray]] = []
        if self._qr is not None and only in (None, "qr"):
            ok, points = self._qr.detect(small)
            if ok and points is not None:
                quad = points.reshape(4, 2) / scale
                text = self._decode_qr(gray, quad)
                if text:
                    found.append((text, "QR", quad.astype(np.float32)))
        if self._bar is not None and only in (None, "bar"):
            ok, points = self._bar.detect(small)
            if ok and points is not None:
                for quad in points.reshape(-1, 4, 2) / scale:
                    for text, kind in self._decode_bars(gray, quad):
                        found.append((text, kind, quad.astype(np.float32)))
        return found

    def _decode_qr(self, gray: np.ndarray, quad: np.ndarray) -> str:
        """Decode a found QR from the full-resolution pixels around it.

        Corners found in the shrunk image are too coarse to sample modules with, so the
        crop is searched again; three OpenCV decoders are tried in turn (each gives up
        on some blur, tilt or contrast the next one reads), all cheap on a small crop.
        """
        crop, _ = _crop(gray, quad)
        side = max(crop.shape[:2])
        if side > _QR_CROP_MAX:  # a big code has modules to spare; keep the decoders cheap
            f = _QR_CROP_MAX / side
            crop = cv2.resize(crop, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        for decoder in self._qr_decoders:
            text = decoder(crop)
            if text:
                return text
        return ""

    def _decode_bars(self, gray: np.ndarray, quad: np.ndarray) -> list[tuple[str, str]]:
        assert self._bar is not None
        crop, local = _crop(gray, quad)
        ok, infos, kinds = self._bar.decodeWithType(crop, local.reshape(1, 4, 2))
        if not ok:
            return []
        return [(t, k) for t, k in zip(infos, kinds, strict=False) if t]

    def _new_reads(
        self, found: list[tuple[str, str, np.ndarray]], timestamp_ms: int
    ) -> list[CodeRead]:
        reads: list[CodeRead] = []
        for text, symbology, quad in found:
            kind, payload = classify(text, self.member_pattern)
            if symbology != "QR" and kind is CodeKind.MEMBER:
                kind = CodeKind.UNKNOWN  # member codes are QR codes; a barcode is a product
            last = self._seen.get(payload)
            self._seen[payload] = timestamp_ms
            if last is None or timestamp_ms - last > self.forget_after_ms or timestamp_ms < last:
                reads.append(CodeRead(kind, payload, symbology, timestamp_ms, quad))
        cutoff = timestamp_ms - self.forget_after_ms
        self._seen = {p: t for p, t in self._seen.items() if t >= cutoff}
        return reads


def _crop(gray: np.ndarray, quad: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The full-resolution region around a quad (with a margin) and the quad inside it."""
    h, w = gray.shape[:2]
    lo, hi = quad.min(axis=0), quad.max(axis=0)
    pad = (hi - lo).max() * _PAD + 4
    x0, y0 = (max(0, int(v - pad)) for v in lo)
    x1, y1 = int(min(w, hi[0] + pad)), int(min(h, hi[1] + pad))
    local = (quad - np.array([x0, y0])).astype(np.float32)
    return gray[y0:y1, x0:x1], local
