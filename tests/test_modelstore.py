"""The model installer against real files: the shared mirror folder and loopback HTTP.

Nothing here may reach the internet: every store either has a mirror set or a
manifest whose URLs point at 127.0.0.1.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import http.server
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.errors import ModelError
from kiosk.modelstore import FACE_LANDMARKER, MANIFEST, ModelSpec, ModelStore

# The store mechanics are tested on one model; the real manifest is tested once below.
FACE_ONLY = {FACE_LANDMARKER: MANIFEST[FACE_LANDMARKER]}

SPEC = MANIFEST[FACE_LANDMARKER]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Server:
    """A folder served over HTTP on 127.0.0.1, recording the paths asked for."""

    def __init__(self, folder: Path, cut_at: int | None = None) -> None:
        self.requests: list[str] = []
        requests = self.requests

        class Handler(http.server.SimpleHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                if cut_at is None:
                    return super().do_GET()
                # Promise the whole file, send part of it, hang up: an interrupted download.
                data = (folder / self.path.lstrip("/")).read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[:cut_at])
                self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass

        handler = functools.partial(Handler, directory=str(folder))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback requests must not be routed through a proxy from the environment."""
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)


Serve = Callable[..., _Server]


@pytest.fixture
def serve() -> Iterator[Serve]:
    servers: list[_Server] = []

    def start(folder: Path, cut_at: int | None = None) -> _Server:
        servers.append(_Server(folder, cut_at))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def installed(tmp_path: Path, models_mirror: Path) -> Path:
    """A cache holding a verified face_landmarker.task."""
    cache = tmp_path / "cache"
    ModelStore(cache, mirror=str(models_mirror), manifest=FACE_ONLY).install()
    return cache / FACE_LANDMARKER


@pytest.fixture
def tampered_dir(tmp_path: Path, models_mirror: Path) -> Path:
    """A mirror folder whose face_landmarker.task has one byte flipped."""
    folder = tmp_path / "evil"
    folder.mkdir()
    data = bytearray((models_mirror / FACE_LANDMARKER).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / FACE_LANDMARKER).write_bytes(bytes(data))
    return folder


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def assert_nothing_accepted(cache: Path) -> None:
    assert not (cache / FACE_LANDMARKER).exists()
    assert not (cache / (FACE_LANDMARKER + ".part")).exists()
    with pytest.raises(ModelError):
        ModelStore(cache, manifest=FACE_ONLY).path(FACE_LANDMARKER)


def test_manifest_entry() -> None:
    assert SPEC.name == FACE_LANDMARKER
    assert SPEC.size == 3758596
    assert SPEC.url.startswith("https://storage.googleapis.com/mediapipe-models/")
    assert SPEC.url.endswith("/float16/1/face_landmarker.task")
    assert "64184e229b263107bc2b804c6625db1341ff2bb731874b0bcc2fe6544e0bc9ff" in SPEC.sha256s


def test_install_from_mirror_folder(tmp_path: Path, models_mirror: Path) -> None:
    messages: list[str] = []
    store = ModelStore(tmp_path / "cache", mirror=str(models_mirror), manifest=FACE_ONLY)
    paths = store.install(progress=messages.append)
    assert paths == [tmp_path / "cache" / FACE_LANDMARKER]
    assert store.path(FACE_LANDMARKER) == paths[0]
    assert sha(paths[0]) in SPEC.sha256s
    assert sha(paths[0]) == sha(models_mirror / FACE_LANDMARKER)
    assert messages and any("installed" in m for m in messages)
    assert not (tmp_path / "cache" / (FACE_LANDMARKER + ".part")).exists()


def test_install_is_noop_when_valid(installed: Path, tmp_path: Path) -> None:
    before = installed.stat().st_mtime_ns
    empty = tmp_path / "empty"
    empty.mkdir()
    # A mirror with nothing in it proves nothing is fetched.
    assert ModelStore(installed.parent, mirror=str(empty), manifest=FACE_ONLY).install() == [
        installed
    ]
    assert installed.stat().st_mtime_ns == before


def test_ensure_installs_then_returns_paths(tmp_path: Path, models_mirror: Path) -> None:
    store = ModelStore(tmp_path / "cache", mirror=str(models_mirror), manifest=FACE_ONLY)
    assert store.ensure([FACE_LANDMARKER]) == [tmp_path / "cache" / FACE_LANDMARKER]
    assert store.ensure() == [store.path(FACE_LANDMARKER)]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError) as err:
        ModelStore(tmp_path, manifest=FACE_ONLY).path(FACE_LANDMARKER)
    text = str(err.value)
    assert FACE_LANDMARKER in text and str(tmp_path) in text
    assert "kiosk models install" in err.value.fix
    assert "KIOSK_MODEL_MIRROR=<folder>" in err.value.fix


def test_truncated_file(installed: Path) -> None:
    installed.write_bytes(installed.read_bytes()[:1000])
    with pytest.raises(ModelError) as err:
        ModelStore(installed.parent, manifest=FACE_ONLY).path(FACE_LANDMARKER)
    assert "1000" in err.value.message and str(SPEC.size) in err.value.message
    assert "kiosk models install" in err.value.fix


def test_flipped_byte(installed: Path) -> None:
    data = bytearray(installed.read_bytes())
    data[12345] ^= 0x01
    installed.write_bytes(bytes(data))
    with pytest.raises(ModelError) as err:
        ModelStore(installed.parent, manifest=FACE_ONLY).path(FACE_LANDMARKER)
    assert SPEC.sha256s[0] in err.value.message
    assert sha(installed) in err.value.message
    assert "kiosk models install" in err.value.fix


def test_install_repairs_bad_file(installed: Path, models_mirror: Path) -> None:
    installed.write_bytes(b"junk")
    ModelStore(installed.parent, mirror=str(models_mirror), manifest=FACE_ONLY).install()
    assert sha(installed) in SPEC.sha256s


def test_mirror_folder_without_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ModelError) as err:
        ModelStore(tmp_path / "cache", mirror=str(empty), manifest=FACE_ONLY).install()
    assert str(empty) in err.value.message and FACE_LANDMARKER in err.value.message
    assert_nothing_accepted(tmp_path / "cache")


def test_tampered_mirror_folder(tmp_path: Path, tampered_dir: Path) -> None:
    with pytest.raises(ModelError) as err:
        ModelStore(tmp_path / "cache", mirror=str(tampered_dir), manifest=FACE_ONLY).install()
    assert str(tampered_dir) in err.value.message
    assert SPEC.sha256s[0] in err.value.message
    assert sha(tampered_dir / FACE_LANDMARKER) in err.value.message
    assert_nothing_accepted(tmp_path / "cache")


def test_install_from_http_mirror(tmp_path: Path, models_mirror: Path, serve: Serve) -> None:
    server = serve(models_mirror)
    store = ModelStore(tmp_path / "cache", mirror=server.url + "/", manifest=FACE_ONLY)
    [path] = store.install()
    assert sha(path) == sha(models_mirror / FACE_LANDMARKER)
    assert store.path(FACE_LANDMARKER) == path
    assert server.requests == [f"/{FACE_LANDMARKER}"]


def test_tampered_http_mirror_is_refused(tmp_path: Path, tampered_dir: Path, serve: Serve) -> None:
    server = serve(tampered_dir)
    with pytest.raises(ModelError) as err:
        ModelStore(tmp_path / "cache", mirror=server.url, manifest=FACE_ONLY).install()
    assert f"{server.url}/{FACE_LANDMARKER}" in err.value.message
    assert SPEC.sha256s[0] in err.value.message
    assert sha(tampered_dir / FACE_LANDMARKER) in err.value.message
    assert_nothing_accepted(tmp_path / "cache")


def test_refused_download_leaves_existing_file(installed: Path, tampered_dir: Path) -> None:
    """A refused download never replaces what is there (here a truncated file stays put)."""
    installed.write_bytes(installed.read_bytes()[:10])
    with pytest.raises(ModelError):
        ModelStore(installed.parent, mirror=str(tampered_dir), manifest=FACE_ONLY).install()
    assert installed.read_bytes() and installed.stat().st_size == 10


def test_truncated_http_mirror_is_refused(
    tmp_path: Path, models_mirror: Path, serve: Serve
) -> None:
    short = tmp_path / "short"
    short.mkdir()
    (short / FACE_LANDMARKER).write_bytes((models_mirror / FACE_LANDMARKER).read_bytes()[:5000])
    server = serve(short)
    with pytest.raises(ModelError) as err:
        ModelStore(tmp_path / "cache", mirror=server.url, manifest=FACE_ONLY).install()
    assert "5000 bytes" in err.value.message and str(SPEC.size) in err.value.message
    assert_nothing_accepted(tmp_path / "cache")


def test_interrupted_download_leaves_nothing(
    tmp_path: Path, models_mirror: Path, serve: Serve
) -> None:
    server = serve(models_mirror, cut_at=1_500_000)
    with pytest.raises(ModelError) as err:
        ModelStore(tmp_path / "cache", mirror=server.url, manifest=FACE_ONLY).install()
    assert f"{server.url}/{FACE_LANDMARKER}" in err.value.message
    assert "KIOSK_MODEL_MIRROR" in err.value.fix
    assert_nothing_accepted(tmp_path / "cache")


def test_http_mirror_without_file(tmp_path: Path, serve: Serve) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    server = serve(empty)
    with pytest.raises(ModelError) as err:
        ModelStore(tmp_path / "cache", mirror=server.url, manifest=FACE_ONLY).install()
    assert f"{server.url}/{FACE_LANDMARKER}" in err.value.message and "404" in err.value.message
    assert_nothing_accepted(tmp_path / "cache")


def test_unreachable_source_suggests_mirror(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/{FACE_LANDMARKER}"
    manifest = {FACE_LANDMARKER: dataclasses.replace(SPEC, url=url)}
    with pytest.raises(ModelError) as err:
        ModelStore(tmp_path / "cache", manifest=manifest, timeout_s=5).install()
    assert url in err.value.message
    assert "KIOSK_MODEL_MIRROR" in err.value.fix
    assert_nothing_accepted(tmp_path / "cache")


def test_official_url_used_without_mirror(
    tmp_path: Path, models_mirror: Path, serve: Serve
) -> None:
    server = serve(models_mirror)
    spec = dataclasses.replace(SPEC, url=f"{server.url}/{FACE_LANDMARKER}")
    [path] = ModelStore(tmp_path / "cache", manifest={FACE_LANDMARKER: spec}).install()
    assert sha(path) in SPEC.sha256s
    assert server.requests == [f"/{FACE_LANDMARKER}"]


def test_mirror_set_never_touches_official_url(
    tmp_path: Path, models_mirror: Path, serve: Serve
) -> None:
    official = serve(models_mirror)
    spec = dataclasses.replace(SPEC, url=f"{official.url}/{FACE_LANDMARKER}")
    empty = tmp_path / "empty"
    empty.mkdir()
    store = ModelStore(tmp_path / "cache", mirror=str(empty), manifest={FACE_LANDMARKER: spec})
    with pytest.raises(ModelError):
        store.install()
    assert official.requests == []


def test_any_known_digest_is_accepted(tmp_path: Path, tampered_dir: Path) -> None:
    spec = ModelSpec(
        FACE_LANDMARKER, SPEC.url, ("0" * 64, sha(tampered_dir / FACE_LANDMARKER)), SPEC.size, "t"
    )
    store = ModelStore(tmp_path, mirror=str(tampered_dir), manifest={FACE_LANDMARKER: spec})
    assert store.ensure() == [tmp_path / FACE_LANDMARKER]


def test_unknown_name(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"nope\.task"):
        ModelStore(tmp_path, manifest=FACE_ONLY).path("nope.task")


def test_status_reports_each_state(installed: Path) -> None:
    store = ModelStore(installed.parent, manifest=FACE_ONLY)
    assert store.status() == [(FACE_LANDMARKER, "ok")]

    good = installed.read_bytes()
    installed.write_bytes(good[:1000])
    [(name, state)] = store.status()
    assert name == FACE_LANDMARKER and state.startswith("partial") and "1000" in state

    flipped = bytearray(good)
    flipped[0] ^= 0xFF
    installed.write_bytes(bytes(flipped))
    [(_, state)] = store.status()
    assert state.startswith("corrupt") and sha(installed) in state

    installed.unlink()
    [(_, state)] = store.status()
    assert state.startswith("missing")


def test_from_env_reads_mirror(
    tmp_path: Path, models_mirror: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KIOSK_MODEL_MIRROR", str(models_mirror))
    store = ModelStore.from_env(tmp_path / "cache", None)
    assert store.mirror == str(models_mirror)
    assert store.cache_dir == tmp_path / "cache"
    assert sha(store.install()[0]) in SPEC.sha256s
    assert ModelStore.from_env(tmp_path, "/elsewhere").mirror == "/elsewhere"


def test_from_env_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_MODEL_MIRROR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    store = ModelStore.from_env(None, None)
    assert store.mirror is None
    assert store.cache_dir == tmp_path / "kiosk" / "models"


def test_install_copies_from_read_only_mirror(tmp_path: Path, models_mirror: Path) -> None:
    """The cached copy is writable even though the shared mirror is read-only."""
    ro = tmp_path / "ro"
    ro.mkdir()
    shutil.copy(models_mirror / FACE_LANDMARKER, ro / FACE_LANDMARKER)
    (ro / FACE_LANDMARKER).chmod(0o444)
    [path] = ModelStore(tmp_path / "cache", mirror=str(ro), manifest=FACE_ONLY).install()
    path.write_bytes(b"x")  # a later repair can overwrite it


def test_the_real_manifest_installs_every_model_from_the_mirror(
    tmp_path: Path, models_mirror: Path
) -> None:
    paths = ModelStore(tmp_path / "cache", mirror=str(models_mirror)).install()
    assert sorted(p.name for p in paths) == sorted(MANIFEST)
    assert {"face_landmarker.task", "pose_landmarker_full.task", "hand_landmarker.task"} <= set(
        MANIFEST
    )
