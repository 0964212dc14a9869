"""`kiosk hub` flags for transport and retention reach the settings; the database URL
comes from --db, else --db-file's first line, else $KIOSK_HUB_DB_URL."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from kiosk.errors import KioskError
from kiosk.hub.cli import add_hub_parser, settings_from_args


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_hub_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args(["hub", *argv])


def test_flags_reach_the_settings() -> None:
    settings = settings_from_args(
        _parse(
            "--db", "sqlite:///x.sqlite3", "--handoff-ttl", "7", "--header-timeout", "4",
            "--body-timeout", "12", "--max-connections", "300", "--db-read-timeout", "0.5",
            "--retention-days", "90",
        )
    )  # fmt: skip
    assert settings.handoff_ttl_minutes == 7
    assert (settings.header_timeout_s, settings.body_timeout_s) == (4, 12)
    assert settings.max_connections == 300
    assert settings.db_read_timeout_s == 0.5
    assert settings.retention_days == 90


def test_database_url_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_HUB_DB_URL", "sqlite:///from-env.sqlite3")
    assert settings_from_args(_parse()).db_url == "sqlite:///from-env.sqlite3"
    url_file = tmp_path / "db-url"
    url_file.write_text("  sqlite:///from-file.sqlite3  \nignored\n")
    assert settings_from_args(_parse("--db-file", str(url_file))).db_url.endswith(
        "from-file.sqlite3"
    )
    given = _parse("--db", "sqlite:///given.sqlite3", "--db-file", str(url_file))
    assert settings_from_args(given).db_url == "sqlite:///given.sqlite3"


def test_a_missing_or_empty_db_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KioskError, match="cannot read"):
        settings_from_args(_parse("--db-file", str(tmp_path / "nope")))
    empty = tmp_path / "empty"
    empty.write_text("")
    with pytest.raises(KioskError, match="empty"):
        settings_from_args(_parse("--db-file", str(empty)))
