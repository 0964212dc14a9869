"""Learn the lip-edge model of `kiosk/vision/lip_fit.py` from annotated faces.

For each annotated face (`tests/lip_truth.py`: the four `lips/` photos and the 46 of
`lips_dev/`) the face mesh gives the outer and inner lip lines; along the normal of
each of their points the annotation says where the lip really ends (the inner line
only on open mouths whose inner mouth is annotated). Each model is a logistic
regression that scores each candidate offset from the colour samples around it
(relative to the face's own lip and skin) and the offset itself; balanced per
face, lightly ridge-regularised. `kiosk/vision/lip_fit.py` then picks the offsets
of all points of a line together.

Reported cross-validated only: the faces are split into K folds by name, each fold is
fitted on the others and scored on itself (the painted-region IoU against the
annotation and the share of the annotated inner mouth painted, mesh alone vs fitted).
Then the model is fitted on all faces and written to `kiosk/vision/lip_edge_model.py`
(with `--write`).

Run: .venv/bin/python benchmarks/train_lip_edge.py [--folds 5] [--write]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kiosk.vision.face import FaceTracker
from kiosk.vision.lip_fit import (
    CANDIDATES,
    OFFSETS,
    STEP,
    TEETH_MARGIN,
    EdgeModel,
    best_offsets,
    edge_maps,
    moved,
    outward_normals,
    profile_features,
    smooth_loop,
)
from kiosk.vision.lips import LipContours, lip_alpha, lip_contours
from tests.helpers import SHARED
from tests.lip_truth import LipPhoto, fold_of, lip_photos

ROOT = Path(__file__).resolve().parent.parent
RIDGE = 1e-3


@dataclass(frozen=True)
class Line:
    """One lip line of one face: its edge-model features and the annotated edge."""

    features: np.ndarray  # (points, candidates, features)
    edge: np.ndarray  # annotated edge offset per point (x mouth width), NaN: none found


@dataclass(frozen=True)
class Sample:
    photo: LipPhoto
    lips: LipContours
    outer: Line
    inner: Line | None  # open mouths with an annotated inner mouth only


def annotated_edge(loop: np.ndarray, width: float, truth: np.ndarray, outer: bool) -> np.ndarray:
    """Per point of `loop`, the offset along its outward normal where the annotated
    lip ends (outer line: lip to outside; inner line: mouth to lip), the change
    nearest the mesh's line (NaN where there is none)."""
    normals = outward_normals(loop)
    reach = OFFSETS * np.float32(width)
    xs = (loop[:, 0, None] + normals[:, 0, None] * reach[None]).astype(np.float32)
    ys = (loop[:, 1, None] + normals[:, 1, None] * reach[None]).astype(np.float32)
    lip = cv2.remap(truth.astype(np.float32), xs, ys, cv2.INTER_LINEAR, borderValue=0) > 0.5
    out = np.full(len(loop), np.nan, np.float32)
    for i, row in enumerate(lip):
        ends = np.nonzero(row[:-1] & ~row[1:])[0] if outer else np.nonzero(~row[:-1] & row[1:])[0]
        if len(ends):
            out[i] = OFFSETS[ends[np.argmin(np.abs(OFFSETS[ends]))]] + STEP / 2
    return out


def tracked_lip_photos(tracker: FaceTracker) -> Iterator[tuple[LipPhoto, LipContours]]:
    """Each annotated face with the mesh's lip lines (faces not found are said and left out)."""
    for photo in lip_photos():
        found = tracker.detect(photo.image)
        if not found.found:
            print(f"{photo.name}: no face found, left out")
            continue
        yield photo, lip_contours(found.faces[0])


def collect(tracker: FaceTracker) -> list[Sample]:
    samples = []
    for photo, lips in tracked_lip_photos(tracker):
        maps = edge_maps(photo.image, lips)
        if maps is None:
            continue
        width = lips.mouth_width
        outer = Line(profile_features(maps, maps.outer),
                     annotated_edge(lips.outer, width, photo.lips, outer=True))  # fmt: skip
        inner = None
        if lips.mouth_open and photo.mouth is not None and photo.mouth.any():
            inner = Line(profile_features(maps, maps.inner),
                         annotated_edge(lips.inner, width, photo.lips, outer=False))  # fmt: skip
        samples.append(Sample(photo, lips, outer, inner))
    return samples


def train(lines: list[Line], ridge: float = RIDGE) -> np.ndarray:
    """Logistic regression: is the edge at this candidate? Each face weighs the same,
    and within a face the edge candidates weigh as much as all the others."""
    xs, ys, ws = [], [], []
    for s in lines:
        known = ~np.isnan(s.edge)
        hit = (np.abs(CANDIDATES[None, :] - s.edge[:, None]) <= 0.75 * STEP) & known[:, None]
        miss = ~hit & known[:, None]
        w = np.where(hit, 1.0 / max(int(hit.sum()), 1), 1.0 / max(int(miss.sum()), 1))
        xs.append(s.features[known].reshape(-1, s.features.shape[-1]))
        ys.append(hit[known].reshape(-1).astype(np.float64))
        ws.append(w[known].reshape(-1))
    x = np.concatenate(xs).astype(np.float64)
    y, w = np.concatenate(ys), np.concatenate(ws)
    w *= len(w) / w.sum()
    beta = np.zeros(x.shape[1])
    reg = ridge * len(y) * np.eye(x.shape[1])
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ beta, -30, 30)))
        grad = x.T @ (w * (y - p)) - reg @ beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + reg
        step = np.linalg.solve(hess, grad)
        beta += step
        if np.abs(step).max() < 1e-6:
            break
    return beta.astype(np.float32)


def fit_model(samples: list[Sample]) -> EdgeModel:
    return EdgeModel(
        outer=train([s.outer for s in samples]),
        inner=train([s.inner for s in samples if s.inner is not None]),
    )


def fitted(sample: Sample, model: EdgeModel) -> LipContours:
    """The sample's lips with both lines fitted the way `LipFitter` fits them."""
    outer = smooth_loop(best_offsets(sample.outer.features @ model.outer), sigma=1.5)
    inner = None
    if sample.lips.mouth_open:
        features = sample.inner.features if sample.inner is not None else None
        if features is None:
            maps = edge_maps(sample.photo.image, sample.lips)
            features = None if maps is None else profile_features(maps, maps.inner)
        if features is not None:
            inner = smooth_loop(best_offsets(features @ model.inner), sigma=1.5) + TEETH_MARGIN
    return moved(sample.lips, outer, inner)


def painted(lips: LipContours, shape: tuple[int, int]) -> np.ndarray:
    """The lip ring the renderer paints (coverage above a quarter), full image."""
    h, w = shape
    roi = lips.bounds(0.1 * lips.mouth_width, w, h)
    x0, y0, x1, y1 = roi
    mask = np.zeros((h, w), bool)
    mask[y0:y1, x0:x1] = lip_alpha(lips, roi, 0.02) > 0.25
    return mask


def painted_iou(lips: LipContours, truth: np.ndarray) -> float:
    mask = painted(lips, truth.shape)
    return float((mask & truth).sum() / max((mask | truth).sum(), 1))


def mouth_painted(lips: LipContours, photo: LipPhoto) -> float:
    """Share of the annotated inner mouth painted (NaN where none is annotated)."""
    if photo.mouth is None or not photo.mouth.any():
        return float("nan")
    return float((painted(lips, photo.lips.shape) & photo.mouth).sum() / photo.mouth.sum())


def fold_models(samples: list[Sample], folds: int) -> dict[int, EdgeModel]:
    """For each fold, the models fitted on every other fold."""
    return {
        k: fit_model([s for s in samples if fold_of(s.photo, folds) != k]) for k in range(folds)
    }


def _array(name: str, weights: np.ndarray) -> str:
    values = ",\n    ".join(
        ", ".join(f"{v: .6f}" for v in weights[i : i + 6]) for i in range(0, len(weights), 6)
    )
    return f"{name} = np.array([\n    {values},\n], np.float32)\n"


def render_weights_module(model: EdgeModel, note: str) -> str:
    return (
        '"""Weights of the lip-edge models (`kiosk/vision/lip_fit.py`), written by\n'
        "`benchmarks/train_lip_edge.py --write`; do not edit by hand.\n\n"
        f"{note}\n"
        '"""\n\n'
        "import numpy as np\n\n"
        "# lip to skin, along the outer line's normals\n"
        + _array("EDGE_WEIGHTS", model.outer)
        + "\n# mouth to lip, along the inner line's normals (open mouths)\n"
        + _array("INNER_WEIGHTS", model.inner)
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--write", action="store_true", help="write kiosk/vision/lip_edge_model.py")
    args = ap.parse_args()
    with FaceTracker(SHARED / "models/face_landmarker.task", mode="image") as tracker:
        samples = collect(tracker)
    by_fold = fold_models(samples, args.folds)
    rows = []
    for s in samples:
        lips = fitted(s, by_fold[fold_of(s.photo, args.folds)])
        rows.append((s.photo.name, painted_iou(s.lips, s.photo.lips),
                     painted_iou(lips, s.photo.lips), mouth_painted(s.lips, s.photo),
                     mouth_painted(lips, s.photo)))  # fmt: skip
    print(f"{'photo':36s} {'IoU mesh':>8s} {'fitted':>6s} {'mouth mesh':>10s} {'fitted':>6s}"
          "  (each photo scored by the model of the folds it is not in)")  # fmt: skip
    for name, a, b, c, d in rows:
        print(f"{name:36s} {a:8.3f} {b:6.3f} {c:10.3f} {d:6.3f}")
    a = np.array([r[1:] for r in rows], np.float64)
    summary = (
        f"Cross-validated ({args.folds} folds by photo name, {len(samples)} annotated faces):\n"
        f"painted-lip IoU mesh {a[:, 0].mean():.3f} mean / {a[:, 0].min():.3f} min, "
        f"fitted {a[:, 1].mean():.3f} / {a[:, 1].min():.3f};\n"
        f"annotated inner mouth painted, mean: mesh {np.nanmean(a[:, 2]):.3f}, "
        f"fitted {np.nanmean(a[:, 3]):.3f}."
    )
    print(summary)
    if args.write:
        target = ROOT / "kiosk/vision/lip_edge_model.py"
        target.write_text(render_weights_module(fit_model(samples), summary))
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
