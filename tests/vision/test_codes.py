"""Member QR codes and product barcodes held up to the mirror, in real video frames.

The codes are drawn by zxing-cpp (not OpenCV, which reads them) on a phone-like screen,
warped into frames of real clips from ../shared/testdata as if held tilted in front of
the camera, and degraded like a screen seen by a webcam (see code_frames.py).
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.config import RecordsSettings
from kiosk.errors import KioskError
from kiosk.vision.codes import (
    DEFAULT_MEMBER_PATTERN,
    CodeKind,
    CodeScanner,
    classify,
    ean13_valid,
    product_ean,
)
from tests.vision.code_frames import Holding, draw_code, hold_up, read_frame

MEMBER = "KMEMBER:1:Q7X4B9ZC2RTA"  # the hub's demo member code
EAN = "4006381333931"
CLIPS = [("talk_d13.mp4", 40), ("body_openpose_street.mp4", 30), ("body_s20_upperbody.mp4", 60)]
PHONE = Holding(width_frac=0.28, yaw=0.2, roll_deg=8, contrast=0.5, blur_sigma=1.0)
BOX = Holding(width_frac=0.5, yaw=0.1, roll_deg=4, contrast=0.6, blur_sigma=0.8)


@pytest.fixture(scope="module")
def frames(testdata: Path) -> list[np.ndarray]:
    return [read_frame(testdata / "videos" / name, i) for name, i in CLIPS]


@pytest.mark.parametrize("clip", range(len(CLIPS)))
def test_member_qr_on_a_phone_in_a_real_frame(frames: list[np.ndarray], clip: int) -> None:
    image = hold_up(frames[clip], draw_code(MEMBER, "qr"), PHONE, seed=clip)
    reads = CodeScanner(interval_ms=0).scan(image, 0)
    assert [(r.kind, r.payload, r.symbology) for r in reads] == [(CodeKind.MEMBER, MEMBER, "QR")]
    corners = reads[0].corners
    h, w = image.shape[:2]
    assert corners.shape == (4, 2)
    assert abs(corners[:, 0].mean() / w - PHONE.center[0]) < 0.1  # found where it was held
    assert abs(corners[:, 1].mean() / h - PHONE.center[1]) < 0.1


def test_mirrored_camera_image_still_reads(frames: list[np.ndarray]) -> None:
    image = cv2.flip(hold_up(frames[0], draw_code(MEMBER, "qr"), PHONE, seed=5), 1)
    reads = CodeScanner(interval_ms=0).scan(image, 0)
    assert [(r.kind, r.payload) for r in reads] == [(CodeKind.MEMBER, MEMBER)]


@pytest.mark.parametrize("clip", [0, 1])
def test_product_barcode_in_a_real_frame(frames: list[np.ndarray], clip: int) -> None:
    image = hold_up(frames[clip], draw_code(EAN, "ean", scale=3), BOX, seed=clip)
    scanner = CodeScanner(interval_ms=0, qr=False)
    reads = scanner.scan(image, 0)
    assert [(r.kind, r.payload, r.symbology) for r in reads] == [(CodeKind.PRODUCT, EAN, "EAN_13")]


@pytest.mark.parametrize(
    "payload",
    ["https://example.com/promo?id=7", "KMEMBER:", "hello", "4006381333932"],
    ids=["other-url", "empty-member-code", "text", "ean-with-bad-check-digit"],
)
def test_unknown_and_garbled_payloads_are_unknown(frames: list[np.ndarray], payload: str) -> None:
    image = hold_up(frames[1], draw_code(payload, "qr"), PHONE, seed=11)
    reads = CodeScanner(interval_ms=0).scan(image, 0)
    assert [(r.kind, r.payload) for r in reads] == [(CodeKind.UNKNOWN, payload)]


@pytest.mark.slow
def test_no_codes_in_plain_footage(testdata: Path) -> None:
    scanner = CodeScanner(interval_ms=0)
    cap = cv2.VideoCapture(str(testdata / "videos" / "body_openpose_street.mp4"))
    try:
        for index in range(0, 60, 3):
            cap.set(cv2.CAP_PROP_POS_FRAMES, index)
            ok, frame = cap.read()
            assert ok
            assert scanner.scan(frame, index * 20) == []
    finally:
        cap.release()
    assert scanner.scans == 20


def test_a_held_code_fires_once_and_again_after_it_was_away(frames: list[np.ndarray]) -> None:
    held = hold_up(frames[0], draw_code(MEMBER, "qr"), PHONE, seed=1)
    empty = frames[0]
    scanner = CodeScanner(interval_ms=0, forget_after_ms=1000, barcodes=False)
    fired = [len(scanner.scan(held, t)) for t in range(0, 3000, 200)]  # held up for 3 s
    assert fired == [1] + [0] * 14
    assert scanner.scan(empty, 3200) == []  # taken away...
    assert scanner.scan(held, 3600) == []  # ...but back within 1 s: still the same showing
    assert scanner.scan(empty, 4000) == []
    assert len(scanner.scan(held, 4700)) == 1  # away for 1.1 s: a new showing
    scanner.request_reset()  # session end
    assert len(scanner.scan(held, 4800)) == 1


def test_rate_limit_and_turn_taking(frames: list[np.ndarray]) -> None:
    qr = hold_up(frames[1], draw_code(MEMBER, "qr"), PHONE, seed=2)
    scanner = CodeScanner(interval_ms=150)
    assert scanner.due(0) and scanner.scan(qr, 0)  # first scan: QR's turn
    assert not scanner.due(100) and scanner.scan(qr, 100) == []  # skipped, not scanned
    assert scanner.scans == 1
    assert scanner.scan(qr, 150) == []  # barcodes' turn: the QR is not looked for
    assert scanner.scans == 2
    scanner.request_reset()
    assert len(scanner.scan(qr, 300)) == 1  # QR's turn again
    assert scanner.last_cost_ms > 0


@pytest.mark.parametrize(
    ("payload", "kind", "value"),
    [
        (EAN, CodeKind.PRODUCT, EAN),
        ("036000291452", CodeKind.PRODUCT, "0036000291452"),  # UPC-A
        ("https://id.gs1.org/01/04006381333931", CodeKind.PRODUCT, EAN),  # GS1 Digital Link
        ("https://brand.example/01/04006381333931/21/abc", CodeKind.PRODUCT, EAN),
        (MEMBER, CodeKind.MEMBER, MEMBER),
        ("MEMBER:abc123", CodeKind.MEMBER, "MEMBER:abc123"),
        ("4006381333932", CodeKind.UNKNOWN, "4006381333932"),
        ("KMEMBER:1:two words", CodeKind.UNKNOWN, "KMEMBER:1:two words"),
        ("", CodeKind.UNKNOWN, ""),
    ],
)
def test_classify(payload: str, kind: CodeKind, value: str) -> None:
    assert classify(payload) == (kind, value)


def test_ean_check_digit() -> None:
    assert ean13_valid("4006381333931") and ean13_valid("9780306406157")
    assert not ean13_valid("4006381333930") and not ean13_valid("400638133393")
    assert product_ean("12345") is None


def test_member_payload_stays_out_of_reprs(frames: list[np.ndarray]) -> None:
    image = hold_up(frames[0], draw_code(MEMBER, "qr"), PHONE, seed=4)
    (read,) = CodeScanner(interval_ms=0).scan(image, 0)
    assert MEMBER not in repr(read) and "member" in repr(read)


def test_custom_member_pattern_and_bad_arguments() -> None:
    scanner = CodeScanner(member_pattern=r"LOYAL-\d{6}")
    assert scanner.member_pattern == r"LOYAL-\d{6}"
    assert classify("LOYAL-123456", scanner.member_pattern)[0] is CodeKind.MEMBER
    with pytest.raises(ValueError):
        CodeScanner(max_side=10)
    with pytest.raises(KioskError) as info:
        CodeScanner(member_pattern="KMEMBER:(")
    assert "records.member_code_pattern" in info.value.message


def test_settings_build_the_scanner() -> None:
    records = RecordsSettings()
    scanner = CodeScanner.from_settings(records)
    assert scanner.member_pattern == DEFAULT_MEMBER_PATTERN == records.member_code_pattern
    assert (scanner.interval_ms, scanner.max_side) == (150, 960)
