"""Camera frames with a code held up to the mirror, made from real footage.

A code (drawn by zxing-cpp, an encoder independent of OpenCV) is put on a phone-like
screen (grey-white, not paper white; dark bezel), warped in perspective into a real
video frame as if held tilted in front of the camera, then degraded the way a phone
screen looks to a webcam: lower contrast, defocus blur, sensor noise, JPEG.
Used by tests/vision/test_codes.py and benchmarks/code_scan.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import zxingcpp


def read_frame(video: Path, index: int) -> np.ndarray:
    """Frame `index` of a real clip (BGR)."""
    cap = cv2.VideoCapture(str(video))
    try:
        cap.set(cv2.CAP_PROP_POS_FRAMES, index)
        ok, frame = cap.read()
    finally:
        cap.release()
    if not ok:
        raise FileNotFoundError(f"cannot read frame {index} of {video}")
    return frame


def draw_code(payload: str, kind: str = "qr", scale: int = 6) -> np.ndarray:
    """The code as a grey image (zxing-cpp's encoder), with its quiet zone."""
    fmt = zxingcpp.BarcodeFormat.QRCode if kind == "qr" else zxingcpp.BarcodeFormat.EAN13
    image = np.array(
        zxingcpp.create_barcode(payload, fmt).to_image(scale=scale, add_quiet_zones=True)
    )
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


@dataclass(frozen=True)
class Holding:
    """How the code is held: its width in the frame, centre, tilt and the degradations."""

    width_frac: float = 0.22  # screen width as a fraction of frame width
    center: tuple[float, float] = (0.5, 0.62)  # fraction of frame (x, y)
    yaw: float = 0.2  # perspective squeeze of one side, 0 = facing the camera
    roll_deg: float = 8.0
    contrast: float = 0.55  # (white - black) / 255 on the screen
    blur_sigma: float = 1.0
    noise_sigma: float = 5.0
    jpeg_quality: int = 80


def hold_up(frame: np.ndarray, code: np.ndarray, how: Holding, seed: int = 0) -> np.ndarray:
    """`frame` with `code` shown on a phone screen held in front of the camera."""
    rng = np.random.default_rng(seed)
    h, w = frame.shape[:2]
    ch, cw = code.shape
    lo = 128 - 127 * how.contrast
    screen = (lo + code.astype(np.float32) / 255.0 * 255 * how.contrast).clip(0, 255)
    bezel = max(4, cw // 12)
    phone = np.full((ch + 2 * bezel + cw // 3, cw + 2 * bezel), 25, np.float32)
    phone[bezel + cw // 6 : bezel + cw // 6 + ch, bezel : bezel + cw] = screen
    ph, pw = phone.shape
    target_w = how.width_frac * w
    s = target_w / pw
    cx, cy = how.center[0] * w, how.center[1] * h
    half_w, half_h = pw * s / 2, ph * s / 2
    squeeze = 1 - how.yaw  # the far edge looks shorter
    corners = np.array(
        [
            [-half_w, -half_h],
            [half_w, -half_h * squeeze],
            [half_w, half_h * squeeze],
            [-half_w, half_h],
        ],
        np.float32,
    )
    angle = np.deg2rad(how.roll_deg)
    rot = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]], np.float32)
    dst = corners @ rot.T + np.array([cx, cy], np.float32)
    src = np.array([[0, 0], [pw, 0], [pw, ph], [0, ph]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(phone, matrix, (w, h), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.ones_like(phone), matrix, (w, h), flags=cv2.INTER_LINEAR)
    out = frame.astype(np.float32)
    out = out * (1 - mask[..., None]) + warped[..., None] * mask[..., None]
    if how.blur_sigma > 0:
        out = cv2.GaussianBlur(out, (0, 0), how.blur_sigma)
    out += rng.normal(0, how.noise_sigma, out.shape)
    image = out.clip(0, 255).astype(np.uint8)
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, how.jpeg_quality])
    assert ok
    return cv2.imdecode(data, cv2.IMREAD_COLOR)
