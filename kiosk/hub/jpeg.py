"""Is this upload a JPEG? A walk over its marker segments, without decoding it.

The hub has no image library (it installs without OpenCV or NumPy), and it needs none to
refuse what is not a photo: a JPEG starts with SOI, carries its size in a frame header
(SOFn) before the scan (SOS), and ends with EOI. Anything else (a PNG, an HTML page, a
truncated upload) is refused with the reason; a phone is then only ever served a JPEG.
"""

from __future__ import annotations

from dataclasses import dataclass

SOI, EOI, SOS = 0xD8, 0xD9, 0xDA
# SOF0..SOF15 without DHT (C4), JPG (C8) and DAC (CC), which share the range.
_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})  # TEM, RST0..7: no length
MAX_SIDE = 20_000


@dataclass(frozen=True)
class JpegInfo:
    width: int
    height: int


class NotAJpeg(ValueError):
    """The bytes are not a whole baseline or progressive JPEG; the message says why."""


def inspect_jpeg(data: bytes) -> JpegInfo:
    """The image's size, or NotAJpeg naming what is wrong."""
    if len(data) < 4 or data[0] != 0xFF or data[1] != SOI:
        raise NotAJpeg("the photo is not a JPEG (it does not start with the JPEG marker)")
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise NotAJpeg("the JPEG is cut short (it does not end with the end-of-image marker)")
    pos, size = 2, None
    while pos < len(data):
        if data[pos] != 0xFF:
            raise NotAJpeg(f"the JPEG is damaged (no marker at byte {pos})")
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= len(data):
            break
        marker = data[pos]
        pos += 1
        if marker in _STANDALONE:
            continue
        if marker in (SOI, EOI) or pos + 2 > len(data):
            break
        length = int.from_bytes(data[pos : pos + 2], "big")
        if length < 2 or pos + length > len(data):
            raise NotAJpeg(f"the JPEG is damaged (a segment runs past the end at byte {pos})")
        if marker in _FRAMES:
            if length < 8:
                raise NotAJpeg("the JPEG's frame header is too short")
            height = int.from_bytes(data[pos + 3 : pos + 5], "big")
            width = int.from_bytes(data[pos + 5 : pos + 7], "big")
            size = JpegInfo(width, height)
        if marker == SOS:
            if size is None:
                raise NotAJpeg("the JPEG has no frame header before its image data")
            if not (0 < size.width <= MAX_SIDE and 0 < size.height <= MAX_SIDE):
                raise NotAJpeg(f"the JPEG's size {size.width}x{size.height} is not a photo's")
            return size
        pos += length
    raise NotAJpeg("the JPEG has no image data")
