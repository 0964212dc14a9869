"""The kiosk's store cache: a real SQLite file, survives restarts, shrugs off damage."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.client.cache import StoreCache


class Wall:
    def __init__(self, now: float = 1_780_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_catalog_round_trip_with_fetched_at(tmp_path: Path) -> None:
    wall = Wall()
    cache = StoreCache(tmp_path / "c.sqlite", clock=wall)
    assert cache.load_catalog() is None
    saved = cache.save_catalog('{"products": []}')
    assert saved.fetched_at == datetime.fromtimestamp(wall.now, tz=UTC)
    wall.now += 60
    cache.save_catalog('{"products": [1]}')
    loaded = cache.load_catalog()
    assert loaded is not None
    assert loaded.payload == '{"products": [1]}'
    assert loaded.fetched_at == datetime.fromtimestamp(wall.now, tz=UTC)


def test_stock_per_sku_with_etag_and_touch(tmp_path: Path) -> None:
    wall = Wall()
    cache = StoreCache(tmp_path / "c.sqlite", clock=wall)
    cache.save_stock("LIP-001", '{"a": 1}', '"v1"')
    cache.save_stock("LIP-002", '{"b": 2}', None)
    wall.now += 30
    touched = cache.touch_stock("LIP-001")
    assert touched is not None
    assert (touched.payload, touched.etag) == ('{"a": 1}', '"v1"')
    assert touched.fetched_at == datetime.fromtimestamp(wall.now, tz=UTC)
    other = cache.load_stock("LIP-002")
    assert other is not None and other.etag is None
    assert other.fetched_at == datetime.fromtimestamp(wall.now - 30, tz=UTC)
    assert cache.load_stock("LIP-999") is None
    assert cache.touch_stock("LIP-999") is None


def test_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "c.sqlite"
    first = StoreCache(path)
    first.save_catalog("catalog")
    first.save_stock("LIP-001", "stock", '"e"')
    first.close()
    again = StoreCache(path)
    catalog, stock = again.load_catalog(), again.load_stock("LIP-001")
    assert catalog is not None and catalog.payload == "catalog"
    assert stock is not None and stock.etag == '"e"'
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_damaged_file_is_moved_aside_and_replaced(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database, it is a shopping list" * 100)
    cache = StoreCache(path, clock=Wall())
    assert cache.load_catalog() is None
    cache.save_catalog("fresh")
    assert cache.load_catalog() is not None
    assert [p.name for p in tmp_path.glob("c.sqlite.damaged-*")]


def test_unwritable_place_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = StoreCache(blocker / "sub" / "c.sqlite")  # a file where a folder should be
    cache.save_stock("LIP-001", "s", None)
    entry = cache.load_stock("LIP-001")
    assert entry is not None and entry.payload == "s"


def test_threads_share_it(tmp_path: Path) -> None:
    cache = StoreCache(tmp_path / "c.sqlite")

    def work(n: int) -> None:
        for i in range(50):
            cache.save_stock(f"SKU-{n}", f"{i}", None)
            assert cache.load_stock(f"SKU-{n}") is not None

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [cache.load_stock(f"SKU-{n}").payload for n in range(4)] == ["49"] * 4  # type: ignore[union-attr]


def test_closed_cache_reports_nothing_instead_of_crashing(tmp_path: Path) -> None:
    cache = StoreCache(tmp_path / "c.sqlite")
    cache.save_catalog("x")
    cache.close()
    with pytest.raises(sqlite3.ProgrammingError):
        cache._db.execute("SELECT 1")
    assert cache.load_catalog() is None  # logged, not raised
    cache.save_catalog("y")  # logged, not raised
