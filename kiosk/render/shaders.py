"""Compiles the GLSL in shaders/ to Qt's .qsb format, cached by source hash.

Qt Quick needs shaders baked by `qsb` (shipped with PySide6). The kiosk bakes
at start-up into the per-user cache and reuses the result until the source
changes; a shader that does not compile is reported with its file and line,
and the kiosk falls back to the CPU reference renderer.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.paths import shaders_dir, user_cache_dir

log = logging.getLogger(__name__)
# GLSL 1.30+ for the sparkle hash (unsigned integers); HLSL and MSL for other platforms.
TARGETS = ("--glsl", "300es,330", "--hlsl", "50", "--msl", "12")
_LINE = re.compile(r"(?:ERROR|error):\s*(?:\S*?):?(\d+):\s*(.*)")


class ShaderError(KioskError):
    """A shader failed to compile, or the shader baker is missing."""


def qsb_tool() -> str:
    """The `qsb` baker: PySide6's wrapper beside the interpreter, or on PATH."""
    beside = Path(sys.executable).parent / "pyside6-qsb"
    if beside.exists():
        return str(beside)
    found = shutil.which("pyside6-qsb") or shutil.which("qsb")
    if not found:
        raise ShaderError(
            "the Qt shader baker (pyside6-qsb) is not installed", "pip install pyside6"
        )
    return found


def bake(source: Path, cache: Path | None = None) -> Path:
    """The .qsb for `source`, compiled now if the cached one is missing or stale."""
    text = source.read_bytes()
    digest = hashlib.sha256(text + " ".join(TARGETS).encode()).hexdigest()[:16]
    out_dir = cache or user_cache_dir() / "shaders"
    out = out_dir / f"{source.stem}.{digest}.qsb"
    if out.exists():
        if _looks_whole(out):
            return out
        # A cut-off write or a damaged disk: Qt would load nothing and the lips stay bare.
        log.warning("cached shader %s is damaged; baking it again", out)
        out.unlink(missing_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".part")
    result = subprocess.run(
        [qsb_tool(), *TARGETS, "-o", str(tmp), str(source)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not tmp.exists():
        tmp.unlink(missing_ok=True)
        detail = (result.stderr or result.stdout).strip()
        match = _LINE.search(detail)
        where = f"{source.name} line {match.group(1)}: {match.group(2)}" if match else source.name
        raise ShaderError(
            f"shader {where} does not compile",
            f"fix {source}; the compiler said: {detail.splitlines()[0] if detail else 'nothing'}",
        )
    tmp.replace(out)
    log.info("baked shader %s -> %s", source.name, out)
    return out


def _looks_whole(path: Path) -> bool:
    """Whether a .qsb is intact: Qt's serialized shader is a big-endian length followed by
    that many bytes zlib-compressed (qCompress); a truncated or corrupt file fails this."""
    try:
        data = path.read_bytes()
        (size,) = struct.unpack(">I", data[:4])
        return size > 0 and len(zlib.decompress(data[4:])) == size
    except (OSError, struct.error, zlib.error):
        return False


def bake_lipstick(cache: Path | None = None) -> Path:
    return bake(shaders_dir() / "lipstick.frag", cache)


def bake_makeup(cache: Path | None = None) -> Path:
    """The eye, cheek and brow compositor (shaders/makeup.frag), baked like the lips'."""
    return bake(shaders_dir() / "makeup.frag", cache)
