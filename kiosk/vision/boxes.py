"""Boxes of a frame (x0, y0, x1, y1, whole pixels, x1 and y1 past the end): the few
things the face's regions do with them, in one place."""

from __future__ import annotations

from collections.abc import Sequence

Box = tuple[int, int, int, int]


def union(boxes: Sequence[Box]) -> Box:
    """The smallest box holding every one of `boxes` (at least one)."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def overlap(a: Box, b: Box) -> tuple[tuple[slice, slice], tuple[slice, slice]] | None:
    """Where `a` and `b` meet, as (rows, columns) slices into an array over `a` and into
    one over `b`; None when they do not meet."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[2], b[2]), min(a[3], b[3])
    if x1 <= x0 or y1 <= y0:
        return None
    return (
        (slice(y0 - a[1], y1 - a[1]), slice(x0 - a[0], x1 - a[0])),
        (slice(y0 - b[1], y1 - b[1]), slice(x0 - b[0], x1 - b[0])),
    )
