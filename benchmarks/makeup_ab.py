"""Alternating A/B of the full look's CPU side: this tree against another.

The mirror pass of `benchmarks/makeup_render.py` (talk_d13, the real tracker between
frames, landmarks smoothed and regions kept as the mirror does) is run for each tree in
turn, each run in a fresh process, for a number of pairs; each pair's medians and their
ratio are printed, then the median ratio. A shared machine's speed can swing by a third
from one minute to the next: one run of each says little, the ratio of alternating pairs
much more. Where both trees' benchmarks give each frame's time (`measure` returns them),
each frame's fastest pass is taken for each tree too (every pass does the same work per
frame) and the medians of those compared: the steadiest figure of the two.

Run: .venv/bin/python benchmarks/makeup_ab.py OTHER_TREE [--pairs 8]
  OTHER_TREE: the other code, e.g. `git archive <commit> | tar -x -C /tmp/base`
  (its benchmarks/makeup_render.py must have `measure(video, frames, smoothed)`).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# One mirror pass of a tree's own benchmark, in a fresh process; its median on one line.
DRIVER = """
import contextlib, io, re, sys
sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[1] + "/benchmarks")
import makeup_render as mr
out = io.StringIO()
with contextlib.redirect_stdout(out):
    frames = mr.measure(mr.DATA / "videos" / "talk_d13.mp4", 300, smoothed=True)
found = re.search(r"CPU side of the GPU path.*?median\\s+([\\d.]+)", out.getvalue())
print("MEDIAN", found.group(1) if found else "nan")
if frames:  # (a tree whose measure() returns each frame's time)
    print("FRAMES", " ".join(f"{t:.4f}" for t in frames))
"""


def one_pass(tree: Path) -> tuple[float, list[float] | None]:
    """The median ms of one mirror pass of `tree`'s code, and each frame's ms (None: the
    tree's benchmark does not give them)."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(tree)],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    found = re.search(r"^MEDIAN (\S+)$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{tree}: the pass failed\n{done.stderr[-2000:]}")
    frames = re.search(r"^FRAMES (.+)$", done.stdout, re.MULTILINE)
    return float(found.group(1)), [float(t) for t in frames.group(1).split()] if frames else None


def fastest(passes: list[list[float] | None]) -> float | None:
    """The median over frames of each frame's least time over `passes` (each frame does the
    same work every pass: the tracker's landmarks are the same), or None without them."""
    if not passes or any(p is None or len(p) != len(passes[0] or ()) for p in passes):
        return None
    return statistics.median(min(times) for times in zip(*passes, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="the other source tree")
    parser.add_argument("--pairs", type=int, default=8)
    args = parser.parse_args()
    if not (args.other / "benchmarks" / "makeup_render.py").is_file():
        raise SystemExit(f"{args.other}: no benchmarks/makeup_render.py there")
    ratios = []
    frames: dict[Path, list[list[float] | None]] = {REPO: [], args.other: []}
    for k in range(args.pairs):
        # (the order flipped each pair: a machine slowing down favours neither side)
        trees = (REPO, args.other) if k % 2 == 0 else (args.other, REPO)
        got = {}
        for tree in trees:
            got[tree], each = one_pass(tree)
            frames[tree].append(each)
        ratios.append(got[REPO] / got[args.other])
        print(f"pair {k + 1}: this {got[REPO]:.2f} ms, other {got[args.other]:.2f} ms,"
              f" ratio {ratios[-1]:.3f}", flush=True)  # fmt: skip
    print(f"median ratio this / other over {len(ratios)} pairs: {statistics.median(ratios):.3f}")
    this, other = fastest(frames[REPO]), fastest(frames[args.other])
    if this is not None and other is not None:
        print(f"each frame's fastest of its {args.pairs} passes, median over frames: this"
              f" {this:.2f} ms, other {other:.2f} ms, ratio {this / other:.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
