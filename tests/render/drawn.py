"""Garments drawn by the tests themselves (no product photo needed): a plain tee."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.render.garment import PreparedGarment, prepare_garment

TEE_BGR = (200, 120, 40)


def drawn_tee(long_sleeves: bool = True) -> PreparedGarment:
    """A tee drawn here (600x800, front view: the wearer's left on the right)."""
    g = np.zeros((800, 600, 4), np.uint8)
    if long_sleeves:
        outline = [[200, 120], [250, 100], [350, 100], [400, 120], [470, 140], [560, 430],
                   [510, 450], [430, 250], [430, 640], [170, 640], [170, 250], [90, 450],
                   [40, 430], [130, 140]]  # fmt: skip
        sleeves = {
            "left_elbow": (500.0, 290.0),
            "right_elbow": (100.0, 290.0),
            "left_sleeve_end": (535.0, 440.0),
            "right_sleeve_end": (65.0, 440.0),
        }
    else:
        outline = [[200, 120], [250, 100], [350, 100], [400, 120], [470, 140], [505, 260],
                   [455, 280], [430, 250], [430, 640], [170, 640], [170, 250], [145, 280],
                   [95, 260], [130, 140]]  # fmt: skip
        sleeves = {"left_sleeve_end": (480.0, 270.0), "right_sleeve_end": (120.0, 270.0)}
    cv2.fillPoly(g, [np.array(outline, np.int32)], (*TEE_BGR, 255), cv2.LINE_AA)
    anchors = {
        "neck": (300.0, 105.0), "left_shoulder": (420.0, 125.0), "right_shoulder": (180.0, 125.0),
        "left_hip": (430.0, 630.0), "right_hip": (170.0, 630.0), **sleeves,
    }  # fmt: skip
    return prepare_garment(g, anchors)


def drawn_camisole() -> PreparedGarment:
    """A camisole drawn here (600x800): thin straps, much narrower than its chest,
    over a neckline that dips well below them."""
    g = np.zeros((800, 600, 4), np.uint8)
    body = [[150, 260], [300, 300], [450, 260], [465, 640], [135, 640]]
    cv2.fillPoly(g, [np.array(body, np.int32)], (*TEE_BGR, 255), cv2.LINE_AA)
    for x0, x1 in ((220, 200), (380, 400)):
        cv2.line(g, (x0, 100), (x1, 270), (*TEE_BGR, 255), 8, cv2.LINE_AA)
    anchors = {
        "neck": (300.0, 300.0), "left_shoulder": (380.0, 100.0), "right_shoulder": (220.0, 100.0),
        "left_hip": (460.0, 630.0), "right_hip": (140.0, 630.0),
    }  # fmt: skip
    return prepare_garment(g, anchors)
