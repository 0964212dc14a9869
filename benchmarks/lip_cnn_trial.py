"""A trial, not a product part: does a small convolutional network on mesh-aligned mouth
crops find the lips better than the shipped edge model (issue 14)?

Three steps, cross-validated by the folds `tests/lip_truth.fold_of` gives (5):

1. `prep` (the project's venv): each annotated face of `lips/` and `lips_dev/` tracked by
   the FaceLandmarker; a 256x192 crop turned and scaled so the mesh's mouth corners lie
   level, 160 px apart; with it the mesh's outer and inner lip polygons and the annotation.
2. `train` (a venv with PyTorch, numpy and opencv-python-headless; PyTorch is not a
   project dependency: `python -m venv /tmp/tv && /tmp/tv/bin/pip install torch==2.13.0
   numpy opencv-python-headless`): a U-Net of 54k weights (8-16-32-32 channels) on
   128x96 inputs: CIELAB, CIELAB relative to the mesh ring's median lip colour and the
   colour outside it, and the two mesh masks. Trained on the four other folds with
   augmentation (turn, scale, the mesh a little off the image, mirror, a lipstick worn,
   lightness and hue shifts, low resolution, noise), BCE + Dice, 1000 steps of 16;
   each held-out face's lip probability mapped back into its photo.
3. `score` (the project's venv): IoU against the annotation of the mesh alone, the shipped
   coverage (edge model of the other folds, teeth and occluder gates), the network's
   (p > 0.5), and the mean of the shipped coverage and the network's probability (> 0.4).

Result (2026-12-02, 2-core machine, about 8 minutes a fold), lip IoU mean (min) over the 49
faces, each from the folds it is not in: mesh alone 0.761 (0.485), shipped 0.816 (0.558), the
network 0.800 (0.317: it lost `sean_28054`'s lips), the mean of the two 0.823 (0.421; its
threshold 0.4 was picked on fold 0, where it gained most: 0.801 -> 0.820). Not worth a
dependency, a model file and a second lip region to keep in step with the shader.
Run: python benchmarks/lip_cnn_trial.py prep|train|score [--work DIR] [--folds 0,1,...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CW, CH, MW = 256, 192, 160  # crop size and mouth width in it (twice the net's input)
W, H = 128, 96  # the net's input
FOLDS = 5


def _affine(outer: np.ndarray) -> np.ndarray:
    """Image -> crop: the mesh's mouth corners (loop points 0 and half-way) level, MW apart."""
    left, right = outer[0], outer[len(outer) // 2]
    v = right - left
    s = MW / float(np.linalg.norm(v))
    ang = -float(np.arctan2(v[1], v[0]))
    m = np.array([[np.cos(ang) * s, -np.sin(ang) * s, 0.0],
                  [np.sin(ang) * s, np.cos(ang) * s, 0.0]])  # fmt: skip
    m[:, 2] = np.array([CW / 2, CH / 2]) - m[:, :2] @ outer.mean(axis=0)
    return m


def _poly(loop: np.ndarray, m: np.ndarray) -> np.ndarray:
    pts = loop @ m[:, :2].T + m[:, 2]
    mask = np.zeros((CH, CW), np.uint8)
    cv2.fillPoly(mask, [np.round(pts * 16).astype(np.int32)], 255, cv2.LINE_AA, 4)
    return mask


def prep(work: Path) -> None:
    from benchmarks.train_lip_edge import tracked_lip_photos
    from kiosk.vision.face import FaceTracker
    from tests.helpers import SHARED
    from tests.lip_truth import fold_of

    out = []
    with FaceTracker(SHARED / "models/face_landmarker.task", mode="image") as tracker:
        for photo, lips in tracked_lip_photos(tracker):
            m = _affine(lips.outer)
            scale = float(np.hypot(m[0, 0], m[0, 1]))
            src = cv2.GaussianBlur(photo.image, (0, 0), 0.5 / scale) if scale < 1 else photo.image
            img = cv2.warpAffine(src, m, (CW, CH), borderMode=cv2.BORDER_REFLECT)
            truth = cv2.warpAffine(photo.lips.astype(np.uint8) * 255, m, (CW, CH))
            out.append({
                "name": photo.name, "fold": fold_of(photo, FOLDS), "M": m, "img": img,
                "lips": truth, "outer": _poly(lips.outer, m), "inner": _poly(lips.inner, m),
                "shape": photo.image.shape[:2],
            })  # fmt: skip
    work.mkdir(parents=True, exist_ok=True)
    np.save(work / "crops.npy", np.array(out, dtype=object), allow_pickle=True)
    print(f"{len(out)} faces -> {work / 'crops.npy'}")


def _features(img: np.ndarray, outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    lab = cv2.cvtColor(img, cv2.COLOR_BGR2Lab).astype(np.float32)
    lab[..., 0] *= 100 / 255
    lab[..., 1:] -= 128
    o, i = outer.astype(np.float32) / 255, inner.astype(np.float32) / 255
    ring = (o > 0.5) & (i < 0.5)
    lip = np.median(lab[ring], axis=0) if ring.sum() > 20 else lab.reshape(-1, 3).mean(0)
    skin = np.median(lab[o < 0.5], axis=0)
    contrast = max(float(np.linalg.norm((lip - skin)[1:])), 4.0)
    scaled = lab / np.array([50, 30, 30], np.float32) - np.array([1, 0, 0], np.float32)
    return np.concatenate([scaled, (lab - lip) / contrast, o[..., None], i[..., None]], axis=2)


def _sample(d: dict[str, Any], rng: np.random.Generator | None) -> tuple[np.ndarray, np.ndarray]:
    img, outer, inner, lips = d["img"], d["outer"], d["inner"], d["lips"]
    if rng is not None:
        m = cv2.getRotationMatrix2D((CW / 2 + rng.uniform(-8, 8), CH / 2 + rng.uniform(-8, 8)),
                                    rng.uniform(-10, 10), rng.uniform(0.88, 1.12))  # fmt: skip
        img = cv2.warpAffine(img, m, (CW, CH), borderMode=cv2.BORDER_REFLECT)
        lips = cv2.warpAffine(lips, m, (CW, CH))
        off = cv2.getRotationMatrix2D((CW / 2, CH / 2), rng.uniform(-3, 3), 1.0)  # the mesh off
        off[:, :2] = off[:, :2] @ np.diag([rng.uniform(0.95, 1.05), rng.uniform(0.92, 1.08)])
        off[:, 2] += rng.uniform(-4, 4, 2)
        both = (np.vstack([off, [0, 0, 1]]) @ np.vstack([m, [0, 0, 1]]))[:2]
        outer, inner = cv2.warpAffine(outer, both, (CW, CH)), cv2.warpAffine(inner, both, (CW, CH))
        if rng.random() < 0.5:
            img, outer, inner, lips = img[:, ::-1], outer[:, ::-1], inner[:, ::-1], lips[:, ::-1]
        lab = cv2.cvtColor(np.ascontiguousarray(img), cv2.COLOR_BGR2Lab).astype(np.float32)
        if rng.random() < 0.3:  # a lipstick worn
            worn = cv2.GaussianBlur(lips.astype(np.float32) / 255, (0, 0), 1.0)[..., None] * 0.8
            shade = np.array([rng.uniform(-5, 60), rng.uniform(-10, 40)], np.float32) + 128
            lab[..., 1:] = lab[..., 1:] * (1 - worn) + shade * worn
        lab[..., 0] = np.clip(lab[..., 0] * rng.uniform(0.75, 1.2) + rng.uniform(-20, 20), 0, 255)
        t = np.deg2rad(rng.uniform(-15, 15))
        turn = np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]], np.float32)
        ab = (lab[..., 1:] - 128) @ turn.T * rng.uniform(0.8, 1.2)
        lab[..., 1:] = np.clip(ab + 128 + rng.uniform(-6, 6, 2), 0, 255)
        img = cv2.cvtColor(lab.astype(np.uint8), cv2.COLOR_Lab2BGR)
        if rng.random() < 0.35:
            k = rng.uniform(2, 5)
            small = cv2.resize(img, (int(CW / k), int(CH / k)), interpolation=cv2.INTER_AREA)
            img = cv2.resize(small, (CW, CH), interpolation=cv2.INTER_LINEAR)
        if rng.random() < 0.3:
            noise = rng.normal(0, rng.uniform(2, 6), img.shape)
            img = np.clip(img + noise, 0, 255).astype(np.uint8)
    small = [cv2.resize(np.ascontiguousarray(a), (W, H), interpolation=cv2.INTER_AREA)
             for a in (img, outer, inner, lips)]  # fmt: skip
    x = _features(small[0], small[1], small[2]).transpose(2, 0, 1)
    return np.ascontiguousarray(x), (small[3].astype(np.float32) / 255)[None]


def train(work: Path, folds: list[int], steps: int) -> None:
    import torch
    import torch.nn.functional as F
    from torch import nn

    torch.set_num_threads(2)
    data = list(np.load(work / "crops.npy", allow_pickle=True))
    rng = np.random.default_rng(0)

    def block(i: int, o: int) -> nn.Module:
        layers = [nn.Conv2d(i, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU()]
        return nn.Sequential(*layers, nn.Conv2d(o, o, 3, padding=1), nn.BatchNorm2d(o), nn.ReLU())

    class UNet(nn.Module):
        def __init__(self, c: int = 8, w: int = 8) -> None:
            super().__init__()
            self.e1, self.e2 = block(c, w), block(w, 2 * w)
            self.e3, self.e4 = block(2 * w, 4 * w), block(4 * w, 4 * w)
            self.d3, self.d2, self.d1 = block(8 * w, 2 * w), block(4 * w, w), block(2 * w, w)
            self.out = nn.Conv2d(w, 1, 1)

        def forward(self, x: Any) -> Any:
            up = lambda t: F.interpolate(t, scale_factor=2, mode="bilinear")  # noqa: E731
            e1 = self.e1(x)
            e2 = self.e2(F.max_pool2d(e1, 2))
            e3 = self.e3(F.max_pool2d(e2, 2))
            e4 = self.e4(F.max_pool2d(e3, 2))
            d3 = self.d3(torch.cat([up(e4), e3], 1))
            d2 = self.d2(torch.cat([up(d3), e2], 1))
            return self.out(self.d1(torch.cat([up(d2), e1], 1)))

    def loss_of(logit: Any, y: Any) -> Any:
        p = torch.sigmoid(logit)
        dice = 1 - (2 * (p * y).sum((1, 2, 3)) + 1) / (p.sum((1, 2, 3)) + y.sum((1, 2, 3)) + 1)
        return F.binary_cross_entropy_with_logits(logit, y) + dice.mean()

    for fold in folds:
        torch.manual_seed(fold)
        seen = [d for d in data if d["fold"] != fold]
        net = UNet()
        opt = torch.optim.AdamW(net.parameters(), 2e-3, weight_decay=1e-4)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, 3e-3, total_steps=steps)
        start = time.time()
        for step in range(steps):
            batch = [_sample(seen[j], rng) for j in rng.integers(0, len(seen), 16)]
            x = torch.from_numpy(np.stack([b[0] for b in batch]))
            y = torch.from_numpy(np.stack([b[1] for b in batch]))
            net.train()
            opt.zero_grad()
            loss = loss_of(net(x), y)
            loss.backward()
            opt.step()
            sched.step()
            if step % 200 == 0:
                print(f"fold {fold} step {step} loss {loss.item():.3f} {time.time() - start:.0f} s")
        net.eval()
        held = {}
        for d in data:
            if d["fold"] == fold:
                x, _ = _sample(d, None)
                with torch.no_grad():
                    p = torch.sigmoid(net(torch.from_numpy(x)[None]))[0, 0].numpy()
                to_net = np.diag([W / CW, H / CH]) @ d["M"]  # image -> the net's input
                h, w = d["shape"]
                flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
                held[d["name"]] = cv2.warpAffine(p, to_net, (w, h), flags=flags)
        np.save(work / f"held_out_{fold}.npy", held, allow_pickle=True)  # type: ignore[arg-type]


def score(work: Path) -> None:
    from benchmarks.train_lip_edge import collect, fold_models
    from kiosk.config import load_settings
    from kiosk.offline import render_array
    from kiosk.pipeline import Look
    from kiosk.render.lipstick import lip_coverage
    from kiosk.render.shade import Shade
    from kiosk.services import build_pipeline
    from kiosk.vision.face import FaceTracker
    from kiosk.vision.lip_fit import LipFitter
    from tests.helpers import SHARED
    from tests.lip_truth import fold_of, lip_photos

    held: dict[str, np.ndarray] = {}
    for path in sorted(work.glob("held_out_*.npy")):
        held.update(np.load(path, allow_pickle=True).item())
    crops = {d["name"]: d for d in np.load(work / "crops.npy", allow_pickle=True)}
    with FaceTracker(SHARED / "models/face_landmarker.task", mode="image") as tracker:
        models = fold_models(collect(tracker), FOLDS)
    stack, pipeline = build_pipeline(load_settings(), "image")
    rows = []
    print(f"{'photo':36s} {'mesh':>6s} {'shipped':>8s} {'net':>6s} {'mean':>6s}")
    with stack:
        for photo in lip_photos():
            if photo.name not in held:
                continue
            pipeline.refiner = LipFitter(model=models[fold_of(photo, FOLDS)])
            out = render_array(pipeline, photo.image, Look(Shade("#B0123A", "matte"), 1.0, 0.02))
            cover = lip_coverage(photo.image, out.lips[0], 0.02)
            assert cover is not None
            shipped = np.zeros(photo.lips.shape, np.float32)
            x0, y0, x1, y1 = cover.roi
            shipped[y0:y1, x0:x1] = cover.cover
            d = crops[photo.name]
            inv = cv2.invertAffineTransform(d["M"])
            h, w = photo.lips.shape
            ring = cv2.warpAffine(((d["outer"] > 127) & (d["inner"] < 128)).astype(np.uint8),
                                  inv, (w, h), flags=cv2.INTER_NEAREST) > 0  # fmt: skip
            truth, net = photo.lips, held[photo.name]

            def iou(m: np.ndarray, t: np.ndarray = truth) -> float:
                return float((m & t).sum() / max((m | t).sum(), 1))

            row = (iou(ring), iou(shipped > 0.25), iou(net > 0.5), iou((shipped + net) / 2 > 0.4))
            rows.append(row)
            print(f"{photo.name:36s} " + " ".join(f"{v:6.3f}" for v in row))
    table = np.array(rows)
    names = ("mesh alone", "shipped (edge model, gates)", "network", "mean of the two")
    for name, col in zip(names, table.T, strict=True):
        print(f"{name:28s} IoU mean {col.mean():.3f} min {col.min():.3f} (n={len(col)})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("step", choices=("prep", "train", "score"))
    ap.add_argument("--work", type=Path, default=Path("/tmp/lip_cnn_trial"))
    ap.add_argument("--folds", default=",".join(str(f) for f in range(FOLDS)))
    ap.add_argument("--steps", type=int, default=1000)
    args = ap.parse_args()
    if args.step == "prep":
        prep(args.work)
    elif args.step == "train":
        train(args.work, [int(f) for f in args.folds.split(",")], args.steps)
    else:
        score(args.work)


if __name__ == "__main__":
    main()
