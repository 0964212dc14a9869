"""Shader baking: compiled once per source version, errors name the file and line.

A .qsb is Qt's serialized QShader: a 4-byte big-endian length, then a qCompress'd (zlib)
QDataStream holding the QSB version, the shader stage, the reflection data and one entry per
variant (SPIR-V, GLSL, HLSL, MSL). The checks below read it with Qt's own loader,
`QShader.fromSerialized` (what Qt Quick does with the file), and with zlib independently.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QShader, QShaderKey, QShaderVersion

from kiosk.paths import shaders_dir
from kiosk.render.shaders import TARGETS, ShaderError, bake

SOURCE = {
    QShader.Source.SpirvShader: "SPIR-V",
    QShader.Source.GlslShader: "GLSL",
    QShader.Source.HlslShader: "HLSL",
    QShader.Source.MslShader: "MSL",
}


def expected_variants() -> set[str]:
    """What `bake` asks qsb for (TARGETS), plus the SPIR-V every .qsb carries."""
    wanted = {"SPIR-V 100"}
    for flag, versions in zip(TARGETS[::2], TARGETS[1::2], strict=True):
        language = flag.removeprefix("--").upper()
        for version in versions.split(","):
            number = version.removesuffix("es")
            wanted.add(f"{language} {number}{' es' if number != version else ''}")
    return wanted


def variant_name(key: QShaderKey) -> str:
    version = key.sourceVersion()
    es = QShaderVersion.Flag.GlslEs in version.flags()
    return f"{SOURCE[key.source()]} {version.version()}{' es' if es else ''}"


def load_qsb(path: Path) -> QShader:
    """The baked shader as Qt loads it; fails on anything Qt would not load."""
    shader = QShader.fromSerialized(QByteArray(path.read_bytes()))
    assert shader.isValid(), f"{path.name}: Qt cannot load this .qsb"
    return shader


def check_fragment_qsb(path: Path) -> None:
    """A fragment shader with every variant `bake` asks for, each with code in it."""
    shader = load_qsb(path)
    assert shader.stage() == QShader.Stage.FragmentStage, shader.stage()
    keys = shader.availableShaders()
    assert {variant_name(k) for k in keys} == expected_variants(), path.name
    for key in keys:
        code = bytes(shader.shader(key).shader().data())
        assert len(code) > 100, f"{path.name}: {variant_name(key)} is empty"
        if key.source() == QShader.Source.GlslShader:
            assert code.startswith(b"#version ") and b"void main()" in code, variant_name(key)
        if key.source() == QShader.Source.SpirvShader:
            assert code[:4] == struct.pack("<I", 0x07230203), "SPIR-V magic number"


def qsb_header(path: Path) -> tuple[int, int]:
    """(QSB version, stage) read with zlib alone: Qt's qCompress is a big-endian length
    followed by a zlib stream; the QDataStream starts with two big-endian int32s."""
    data = path.read_bytes()
    (length,) = struct.unpack(">I", data[:4])
    raw = zlib.decompress(data[4:])
    assert len(raw) == length, f"{path.name}: {len(raw)} bytes, the header says {length}"
    version, stage = struct.unpack(">ii", raw[:8])
    return version, stage


def test_every_shader_in_the_project_compiles(tmp_path: Path) -> None:
    sources = sorted(shaders_dir().glob("*.frag"))
    assert sources, "shaders/ should hold the compositing shaders"
    for source in sources:
        baked = bake(source, tmp_path)
        check_fragment_qsb(baked)
        version, stage = qsb_header(baked)
        assert stage == QShader.Stage.FragmentStage.value
        assert 1 <= version < 100, version  # Qt's loader judges the version; this, the layout


def test_baked_variants_are_the_ones_bake_asks_for() -> None:
    """The expectation the compile test holds a .qsb to, spelled out once."""
    assert TARGETS == ("--glsl", "300es,330", "--hlsl", "50", "--msl", "12")
    assert expected_variants() == {"SPIR-V 100", "GLSL 300 es", "GLSL 330", "HLSL 50", "MSL 12"}


@pytest.fixture(scope="module")
def baked(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return bake(shaders_dir() / "lipstick.frag", tmp_path_factory.mktemp("qsb")).read_bytes()


def flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


DAMAGE = {
    "truncated": lambda b: b[: len(b) // 2],
    "tail-cut": lambda b: b[:-16],
    "bit-flip": lambda b: flip(b, 2000),
    "bit-flip-at-end": lambda b: flip(b, len(b) - 2),
    "empty": lambda b: b"",
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_qsb_is_rejected(tmp_path: Path, baked: bytes, damage: str) -> None:
    intact = tmp_path / "intact.qsb"
    intact.write_bytes(baked)
    check_fragment_qsb(intact)  # the same checks pass on the file as baked
    path = tmp_path / "damaged.qsb"
    path.write_bytes(DAMAGE[damage](baked))
    with pytest.raises(AssertionError, match="Qt cannot load"):
        check_fragment_qsb(path)
    with pytest.raises((zlib.error, struct.error)):
        qsb_header(path)


def test_the_length_prefix_is_the_uncompressed_size(tmp_path: Path, baked: bytes) -> None:
    """Qt's loader ignores the prefix (it grows its buffer as it inflates); the zlib check
    does not: a .qsb never starts with a magic such as `qsb\\0`."""
    path = tmp_path / "relabelled.qsb"
    path.write_bytes(b"qsb\x00" + baked[4:])
    with pytest.raises(AssertionError, match="the header says"):
        qsb_header(path)


def test_baked_shader_is_reused_until_the_source_changes(tmp_path: Path) -> None:
    source = tmp_path / "tint.frag"
    source.write_text((shaders_dir() / "lipstick.frag").read_text())
    first = bake(source, tmp_path / "cache")
    mtime = first.stat().st_mtime_ns
    assert bake(source, tmp_path / "cache") == first
    assert first.stat().st_mtime_ns == mtime
    source.write_text(source.read_text() + "\n// changed\n")
    assert bake(source, tmp_path / "cache") != first


@pytest.mark.parametrize("damage", ["cut", "garbage", "empty"])
def test_a_damaged_cached_shader_is_baked_again(tmp_path: Path, damage: str) -> None:
    """A cut-off write or a bad disk must not leave the mirror with a shader Qt cannot load."""
    source = tmp_path / "tint.frag"
    source.write_text((shaders_dir() / "lipstick.frag").read_text())
    good = bake(source, tmp_path / "cache")
    whole = good.read_bytes()
    damaged = {"cut": whole[: len(whole) // 2], "garbage": whole[:4] + b"\x00" * 64, "empty": b""}
    good.write_bytes(damaged[damage])
    again = bake(source, tmp_path / "cache")
    assert again == good and again.read_bytes() != damaged[damage]
    check_fragment_qsb(again)


def test_compile_error_names_the_shader_and_line(tmp_path: Path) -> None:
    source = tmp_path / "broken.frag"
    source.write_text(
        "#version 440\nlayout(location = 0) out vec4 fragColor;\n"
        "void main() {\n    fragColor = vec4(undefinedThing);\n}\n"
    )
    with pytest.raises(ShaderError) as err:
        bake(source, tmp_path / "cache")
    assert "broken.frag line 4" in err.value.message
    assert not list((tmp_path / "cache").glob("*.qsb"))
