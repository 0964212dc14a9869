"""The "Buy online" QR: the hub's short URL drawn so a phone scans it off the mirror.

Numbers (docs/records.md has the reasoning):
- Error correction Q (25 % of codewords recoverable) by default: the code sits behind
  mirror glass, where a ceiling light's reflection or a fingerprint can wipe out a patch;
  the short URL keeps the cost at one version step (version 3 -> 4, 29 -> 33 modules).
- Quiet zone 4 modules (the QR standard's minimum), always light: the mirror is dark.
- Module size from millimetres and the screen's DPI, rounded to whole pixels so module
  edges stay sharp: 3.5 mm at 51 dpi (43-inch 1080x1920) = 7 px; a 35-39 character short
  URL gives version 4-Q, 41 modules with the quiet zone = 287 px = 143 mm on screen, which
  a phone camera 40-60 cm away sees at about 5-7 camera pixels per module.
Returns NumPy RGBA or PNG bytes; no Qt here (the UI turns the array into a texture).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import cv2
import numpy as np
import qrcode
import qrcode.constants

from kiosk.errors import KioskError

QUIET_ZONE = 4
MM_PER_INCH = 25.4
_LEVELS = {
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
MAX_VERSION = 6  # 41 modules: keeps modules big; a short URL needs version 3-5
# A long link (the cart itself) may go to this at M (57 modules): the modules keep their
# physical size, the code grows (about 230 mm on a 43-inch portrait screen).
MAX_LONG_VERSION = 10
DARK = (0, 0, 0, 255)
LIGHT = (255, 255, 255, 255)


def module_pixels(module_mm: float, screen_dpi: float) -> int:
    """Whole screen pixels per module for a wanted physical module size (at least 2)."""
    return max(2, round(module_mm * screen_dpi / MM_PER_INCH))


@dataclass(frozen=True)
class HandoffQr:
    """A drawn QR code and the numbers that say how big it is."""

    url: str
    version: int
    error_correction: str
    modules: int  # symbol width in modules, without the quiet zone
    border: int  # quiet zone in modules, each side
    module_px: int
    rgba: np.ndarray  # (size_px, size_px, 4) uint8

    @property
    def size_px(self) -> int:
        return (self.modules + 2 * self.border) * self.module_px

    def module_mm(self, screen_dpi: float) -> float:
        return self.module_px * MM_PER_INCH / screen_dpi

    def size_mm(self, screen_dpi: float) -> float:
        """Width on the screen including the quiet zone."""
        return self.size_px * MM_PER_INCH / screen_dpi

    def png(self) -> bytes:
        ok, data = cv2.imencode(".png", cv2.cvtColor(self.rgba, cv2.COLOR_RGBA2BGRA))
        if not ok:  # pragma: no cover - OpenCV always encodes a uint8 image
            raise KioskError("could not encode the QR image as PNG", "report this as a bug")
        return bytes(data.tobytes())

    def describe(self, screen_dpi: float) -> str:
        return (
            f"version {self.version}-{self.error_correction}, {self.modules} modules "
            f"(+{self.border} quiet each side), {self.module_px} px/module = "
            f"{self.module_mm(screen_dpi):.2f} mm at {screen_dpi:g} dpi, "
            f"{self.size_px} px = {self.size_mm(screen_dpi):.0f} mm wide"
        )


def qr_matrix(url: str, error_correction: str = "Q") -> tuple[np.ndarray, int, str]:
    """The symbol's modules (True = dark), without quiet zone, its version and the error
    correction level it was drawn at (M when a long link would not fit otherwise)."""
    if error_correction not in _LEVELS:
        raise ValueError(
            f"error correction must be one of {sorted(_LEVELS)}, got {error_correction!r}"
        )
    if not url.startswith(("https://", "http://")):
        raise KioskError(
            f"the hand-off URL {url!r} is not an http(s) URL",
            "check the hub's public_url setting (it makes the short URLs)",
        )
    code = _fitted(url, error_correction)
    version = int(code.version)
    level = error_correction
    if version > MAX_VERSION and error_correction != "M":
        # A checkout link itself (a hub phones cannot reach hands out the cart, not a short
        # code) is 130-170 characters: M keeps it at version 8-9 instead of Q's 10-11.
        code, level = _fitted(url, "M"), "M"
        version = int(code.version)
    if version > MAX_LONG_VERSION:
        raise KioskError(
            f"the hand-off URL is {len(url)} characters: its QR (version {version}) would be "
            "too dense to scan from a phone at arm's length",
            "give the hub a shorter public_url (e.g. https://brand.example); the code adds 16",
        )
    return np.array(code.get_matrix(), dtype=bool), version, level


def _fitted(url: str, error_correction: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=_LEVELS[error_correction], border=0, box_size=1)
    code.add_data(url)
    code.make(fit=True)
    return code


def make_qr(
    url: str,
    module_px: int = 7,
    error_correction: str = "Q",
    border: int = QUIET_ZONE,
    dark: tuple[int, int, int, int] = DARK,
    light: tuple[int, int, int, int] = LIGHT,
) -> HandoffQr:
    """Draw `url` as an RGBA QR code with whole-pixel modules and a light quiet zone."""
    if module_px < 1:
        raise ValueError("module_px must be at least 1")
    if border < QUIET_ZONE:
        raise ValueError(f"the quiet zone must be at least {QUIET_ZONE} modules")
    matrix, version, level = qr_matrix(url, error_correction)
    padded = np.pad(matrix, border, constant_values=False)
    scaled = np.kron(padded, np.ones((module_px, module_px), dtype=bool))
    rgba = np.empty((*scaled.shape, 4), dtype=np.uint8)
    rgba[...] = light
    rgba[scaled] = dark
    return HandoffQr(
        url=url,
        version=version,
        error_correction=level,
        modules=int(matrix.shape[0]),
        border=border,
        module_px=module_px,
        rgba=rgba,
    )


def make_qr_for_screen(
    url: str, module_mm: float, screen_dpi: float, error_correction: str = "Q"
) -> HandoffQr:
    """The QR at a physical module size (records.qr_module_mm at records.screen_dpi)."""
    return make_qr(url, module_pixels(module_mm, screen_dpi), error_correction)


def display_until(created: datetime, hub_expires_at: datetime, show_minutes: int) -> datetime:
    """When the kiosk takes the QR off the screen: its own limit or the hub's expiry."""
    return min(hub_expires_at, created + timedelta(minutes=show_minutes))
