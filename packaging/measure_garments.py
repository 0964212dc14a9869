"""Compare the demo garments' texture and edges with real product photos.

An independent check on packaging/make_demo_garments.py: the same statistics on
our PNGs and on the product photos in the shared test data (never copied into
the project), each garment scaled to the same size (square root of its area
= 380 px) so that a texture's scale is compared like with like:

- fine: spread of lightness (Lab L, 0..100) above 1 px blur: yarn, grain, stitches;
- mid: spread between 1 and 4 px blurs: ribs, twill, seams, small wrinkles;
- folds: spread between 4 and 16 px blurs: drape and shading;
- edge: median 10-90 % rise of the silhouette edge across the outline, in px.

    .venv/bin/python packaging/measure_garments.py [DIR_OR_FILE ...]

Each argument is a folder (its .png and .jpg files) or one photo. With none it
measures assets/garments/*.png and $KIOSK_SHARED_DIR/testdata/garments/*.jpg.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.garments.segment import garment_mask  # noqa: E402

SIDE = 380.0  # px: sqrt of the garment's area after scaling


def load(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The photo composited on white (BGR float) and its garment mask (bool)."""
    img = cv2.imread(str(path), cv2.IMREAD_UNCHANGED)
    if img is None:
        raise SystemExit(f"cannot read {path}")
    if img.ndim == 3 and img.shape[2] == 4:
        a = img[..., 3:].astype(np.float32) / 255.0
        bgr = img[..., :3].astype(np.float32) * a + 255.0 * (1 - a)
        return bgr, img[..., 3] > 127
    return img[..., :3].astype(np.float32), garment_mask(img) > 0


def scaled(bgr: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both resized so the garment's area is SIDE^2 px (area-averaged when shrinking)."""
    k = SIDE / np.sqrt(max(mask.sum(), 1))
    size = (max(1, round(bgr.shape[1] * k)), max(1, round(bgr.shape[0] * k)))
    interp = cv2.INTER_AREA if k < 1 else cv2.INTER_CUBIC
    out = cv2.resize(bgr, size, interpolation=interp)
    m = cv2.resize(mask.astype(np.uint8), size, interpolation=cv2.INTER_NEAREST) > 0
    return out, m


def lightness(bgr: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(np.clip(bgr / 255.0, 0, 1).astype(np.float32), cv2.COLOR_BGR2Lab)[..., 0]


def band_spread(L: np.ndarray, inner: np.ndarray, s0: float, s1: float) -> float:
    a = L if s0 == 0 else cv2.GaussianBlur(L, (0, 0), s0)
    b = cv2.GaussianBlur(L, (0, 0), s1)
    return float(np.std((a - b)[inner]))


def edge_width(L: np.ndarray, mask: np.ndarray, reach: int = 6) -> float:
    """Median 10-90 % rise of lightness across the outline (normal from the mask)."""
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    pts = max(contours, key=cv2.contourArea).reshape(-1, 2).astype(np.float32)
    soft = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), 3)
    gy, gx = np.gradient(soft)
    widths = []
    steps = np.arange(-reach, reach + 0.01, 0.25, dtype=np.float32)
    for x, y in pts[:: max(1, len(pts) // 400)]:
        n = np.array([gx[int(y), int(x)], gy[int(y), int(x)]])
        if np.hypot(*n) < 1e-3:
            continue
        n /= np.hypot(*n)  # points into the garment
        xs = (x + steps * n[0]).astype(np.float32)[None, :]
        ys = (y + steps * n[1]).astype(np.float32)[None, :]
        prof = cv2.remap(L, xs, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)[0]
        out, inn = prof[:4].mean(), prof[-4:].mean()
        if abs(inn - out) < 15:  # too little contrast with the background to see an edge
            continue
        t = (prof - out) / (inn - out)
        try:
            i10 = np.flatnonzero(t >= 0.1)[0]
            i90 = np.flatnonzero(t >= 0.9)[0]
        except IndexError:
            continue
        widths.append(max(i90 - i10, 0) * 0.25)
    return float(np.median(widths)) if widths else float("nan")


def measure(path: Path) -> tuple[float, float, float, float]:
    bgr, mask = scaled(*load(path))
    L = lightness(bgr)
    inner = cv2.erode(mask.astype(np.uint8), np.ones((13, 13), np.uint8)) > 0
    return (
        band_spread(L, inner, 0, 1.0),
        band_spread(L, inner, 1.0, 4.0),
        band_spread(L, inner, 4.0, 16.0),
        edge_width(L, mask),
    )


def report(title: str, paths: list[Path]) -> np.ndarray:
    print(f"\n{title}")
    print(f"  {'image':34s} {'fine':>6s} {'mid':>6s} {'folds':>6s} {'edge':>6s}")
    rows = []
    for p in paths:
        row = measure(p)
        rows.append(row)
        print(f"  {p.name:34s} " + " ".join(f"{v:6.2f}" for v in row))
    arr = np.array(rows)
    print(f"  {'median':34s} " + " ".join(f"{v:6.2f}" for v in np.nanmedian(arr, axis=0)))
    return arr


def main(argv: list[str]) -> int:
    dirs = [Path(a) for a in argv]
    if not dirs:
        shared = Path(os.environ.get("KIOSK_SHARED_DIR", ROOT.parent / "shared"))
        dirs = [ROOT / "assets" / "garments", shared / "testdata" / "garments"]
    singles = [d for d in dirs if d.is_file()]
    for d in dirs:
        if d.is_dir():
            files = sorted(p for p in d.iterdir() if p.suffix in (".png", ".jpg"))
            report(str(d), [p for p in files if not p.stem.endswith("_mask")])
    if singles:
        report("photos", singles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
