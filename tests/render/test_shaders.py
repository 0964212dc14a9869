"""Shader baking: compiled once per source version, errors name the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.paths import shaders_dir
from kiosk.render.shaders import ShaderError, bake


def test_every_shader_in_the_project_compiles(tmp_path: Path) -> None:
    sources = sorted(shaders_dir().glob("*.frag"))
    assert sources, "shaders/ should hold the compositing shaders"
    for source in sources:
        baked = bake(source, tmp_path)
        assert baked.read_bytes()[:4] == b"qsb\x00" or baked.stat().st_size > 1000


def test_baked_shader_is_reused_until_the_source_changes(tmp_path: Path) -> None:
    source = tmp_path / "tint.frag"
    source.write_text((shaders_dir() / "lipstick.frag").read_text())
    first = bake(source, tmp_path / "cache")
    mtime = first.stat().st_mtime_ns
    assert bake(source, tmp_path / "cache") == first
    assert first.stat().st_mtime_ns == mtime
    source.write_text(source.read_text() + "\n// changed\n")
    assert bake(source, tmp_path / "cache") != first


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
