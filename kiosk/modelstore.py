"""Fetch, verify and hand out the MediaPipe model files the kiosk runs on.

Model files are never committed: they come from MediaPipe's official storage, or
from KIOSK_MODEL_MIRROR (a folder or an http(s) base URL) on machines that cannot
reach it. Every file is checked against a known size and sha256 before use, so a
partial download or a tampered copy is refused rather than fed to MediaPipe.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from kiosk import paths
from kiosk.errors import ModelError

CHUNK = 1 << 20  # 1 MiB: bounded memory for hashing and downloading
MIRROR_ENV = "KIOSK_MODEL_MIRROR"
INSTALL_CMD = "kiosk models install"
FIX = f"run `{INSTALL_CMD}` (offline machine: `{MIRROR_ENV}=<folder> {INSTALL_CMD}`)"
OFFICIAL_BASE = "https://storage.googleapis.com/mediapipe-models"


@dataclass(frozen=True)
class ModelSpec:
    """One model file and every digest known to be good for it.

    Bundles are zips republished with new timestamps, so one model can have
    several valid sha256s; any of them is accepted.
    """

    name: str
    url: str
    sha256s: tuple[str, ...]
    size: int
    purpose: str


def official(path: str, size: int, purpose: str, *sha256s: str) -> ModelSpec:
    """A spec for a file under MediaPipe's model storage; the name is the last path part."""
    return ModelSpec(path.rsplit("/", 1)[-1], f"{OFFICIAL_BASE}/{path}", sha256s, size, purpose)


FACE_LANDMARKER = "face_landmarker.task"
POSE_LANDMARKER = "pose_landmarker_full.task"
HAND_LANDMARKER = "hand_landmarker.task"

# One line per model: official(<path under mediapipe-models>, size, purpose, *sha256s).
# fmt: off
_SPECS = (
    official("face_landmarker/face_landmarker/float16/1/face_landmarker.task", 3758596, "face mesh + blendshapes for make-up", "64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff"),  # noqa: E501
    official("pose_landmarker/pose_landmarker_full/float16/1/pose_landmarker_full.task", 9398198, "33 body landmarks + person mask for garments", "5134a3aad27a58b93da0088d431f366da362b44e3ccfbe3462b3827a839011b1", "4eaa5eb7a98365221087693fcc286334cf0858e2eb6e15b506aa4a7ecdcec4ad"),  # noqa: E501
    official("hand_landmarker/hand_landmarker/float16/1/hand_landmarker.task", 7819105, "21 hand landmarks for touchless gestures", "fbc2a30080c3c557093b5ddfc334698132eb341044ccee322ccf8bcf3607cde1"),  # noqa: E501
)
# fmt: on
MANIFEST: dict[str, ModelSpec] = {spec.name: spec for spec in _SPECS}


def sha256_of(path: Path) -> str:
    """Hash a file in 1 MiB chunks so large models never sit in memory whole."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _is_url(mirror: str) -> bool:
    return mirror.startswith(("http://", "https://"))


class ModelStore:
    """The per-user model cache: checks what is there and installs what is not."""

    def __init__(
        self,
        cache_dir: Path,
        mirror: str | None = None,
        manifest: Mapping[str, ModelSpec] = MANIFEST,
        timeout_s: float = 30.0,
    ) -> None:
        self.cache_dir = Path(cache_dir)
        self.mirror = mirror or None
        self.manifest = manifest
        self.timeout_s = timeout_s

    @classmethod
    def from_env(
        cls,
        cache_dir: Path | None = None,
        mirror: str | None = None,
        manifest: Mapping[str, ModelSpec] = MANIFEST,
    ) -> ModelStore:
        """Explicit arguments win; otherwise KIOSK_MODEL_MIRROR and the XDG cache."""
        return cls(
            cache_dir if cache_dir is not None else paths.user_cache_dir() / "models",
            mirror or os.environ.get(MIRROR_ENV) or None,
            manifest,
        )

    # --- checking -------------------------------------------------------------

    def _spec(self, name: str) -> ModelSpec:
        try:
            return self.manifest[name]
        except KeyError:
            known = ", ".join(sorted(self.manifest)) or "none"
            raise ModelError(f"unknown model {name!r} (known: {known})", FIX) from None

    def _specs(self, names: Iterable[str] | None) -> list[ModelSpec]:
        return [self._spec(n) for n in (self.manifest if names is None else names)]

    def _problem(self, spec: ModelSpec) -> tuple[str, str] | None:
        """(state, message) when the cached file is unusable; None when it is good."""
        file = self.cache_dir / spec.name
        if not file.is_file():
            return "missing", f"model {spec.name} is not installed (looked in {self.cache_dir})"
        size = file.stat().st_size
        if size != spec.size:
            return "partial", (
                f"model {spec.name} is incomplete: {size} bytes found, {spec.size} expected"
            )
        actual = sha256_of(file)
        if actual not in spec.sha256s:
            return "corrupt", (
                f"model {spec.name} does not match the manifest: "
                f"expected sha256 {' or '.join(spec.sha256s)}, got {actual}"
            )
        return None

    def path(self, name: str) -> Path:
        """The verified cached file; a missing, partial or altered file raises ModelError."""
        spec = self._spec(name)
        problem = self._problem(spec)
        if problem is not None:
            raise ModelError(problem[1], FIX)
        return self.cache_dir / spec.name

    def status(self) -> list[tuple[str, str]]:
        """(name, "ok" | "missing: …" | "partial: …" | "corrupt: …") for every model."""
        out = []
        for spec in self._specs(None):
            problem = self._problem(spec)
            out.append((spec.name, "ok" if problem is None else f"{problem[0]}: {problem[1]}"))
        return out

    # --- installing -----------------------------------------------------------

    def _source(self, spec: ModelSpec) -> str:
        """Where to fetch from: the mirror alone when one is set, else the official URL."""
        if self.mirror is None:
            return spec.url
        if _is_url(self.mirror):
            return f"{self.mirror.rstrip('/')}/{spec.name}"
        folder = Path(self.mirror).expanduser()
        if not (folder / spec.name).is_file():
            raise ModelError(
                f"model mirror folder {folder} has no {spec.name}",
                f"copy {spec.name} into {folder}, or point {MIRROR_ENV} at a folder that has it",
            )
        return str(folder / spec.name)

    def _chunks(self, source: str) -> Iterator[bytes]:
        if not _is_url(source):
            with open(source, "rb") as f:
                while chunk := f.read(CHUNK):
                    yield chunk
            return
        with (
            httpx.Client(timeout=self.timeout_s, follow_redirects=True) as client,
            client.stream("GET", source) as response,
        ):
            response.raise_for_status()
            yield from response.iter_bytes(CHUNK)

    def _download(self, spec: ModelSpec, source: str, part: Path) -> tuple[int, str]:
        """Stream source into part, hashing on the way; stops early once too big."""
        digest, size = hashlib.sha256(), 0
        with part.open("wb") as out:
            for chunk in self._chunks(source):
                size += len(chunk)
                if size > spec.size:
                    break
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        return size, digest.hexdigest()

    def _fetch(self, spec: ModelSpec, dest: Path) -> None:
        source = self._source(spec)
        part = dest.with_name(dest.name + ".part")
        try:
            try:
                size, actual = self._download(spec, source, part)
            except (httpx.HTTPError, OSError) as exc:
                raise ModelError(
                    f"could not fetch {spec.name} from {source}: {exc}",
                    f"check that {self.mirror} serves {spec.name}, or point {MIRROR_ENV} elsewhere"
                    if self.mirror
                    else f"check the network, or set {MIRROR_ENV}=<folder with the model files>",
                ) from exc
            if size != spec.size or actual not in spec.sha256s:
                got = f"{size} bytes, sha256 {actual}"
                if size > spec.size:  # _download stopped early; the digest is of a prefix
                    got = f"more than {spec.size} bytes"
                raise ModelError(
                    f"{spec.name} from {source} failed verification: expected {spec.size} bytes, "
                    f"sha256 {' or '.join(spec.sha256s)}; got {got}",
                    f"replace the copy in {self.mirror}, or point {MIRROR_ENV} elsewhere"
                    if self.mirror
                    else f"the download was altered on the way; retry, or set {MIRROR_ENV}",
                )
            os.replace(part, dest)  # atomic: dest is either the old file or a verified one
        finally:
            part.unlink(missing_ok=True)

    def install(
        self,
        names: Iterable[str] | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> list[Path]:
        """Fetch every listed model (default: all) whose cached copy is not valid."""
        say = progress or (lambda _msg: None)
        specs = self._specs(names)
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ModelError(
                f"cannot create the model cache {self.cache_dir}: {exc}",
                "set XDG_CACHE_HOME to a writable folder, or fix the folder's permissions",
            ) from exc
        for spec in specs:
            if self._problem(spec) is None:
                say(f"{spec.name}: ok")
                continue
            say(f"{spec.name}: fetching from {self.mirror or spec.url}")
            self._fetch(spec, self.cache_dir / spec.name)
            say(f"{spec.name}: installed")
        return [self.cache_dir / spec.name for spec in specs]

    def ensure(self, names: Iterable[str] | None = None) -> list[Path]:
        """Paths to verified models, installing any that are missing or invalid first."""
        specs = self._specs(names)
        self.install([spec.name for spec in specs])  # a no-op for files already valid
        return [self.path(spec.name) for spec in specs]  # re-verified: never a bad file
