"""Schema, migrations, seed data and the kept OpenAPI document."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import httpx
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.hub.migrate import prepare_database
from kiosk.hub.openapi import render
from kiosk.hub.seed import load_dataset
from kiosk.paths import assets_dir
from kiosk.storeapi.contract import is_valid_ean13
from tests.hub_server import REPO, RunningHub, fresh_pg_schema

KEPT = REPO / "docs" / "openapi.json"


def test_kept_openapi_document_matches_the_app() -> None:
    assert KEPT.read_text(encoding="utf-8") == render(), (
        "docs/openapi.json drifted from the app; run `python -m kiosk.hub.openapi` and review"
    )


def test_served_openapi_equals_the_kept_document(hub: RunningHub) -> None:
    served = httpx.get(f"{hub.url}/openapi.json").json()
    assert served == json.loads(KEPT.read_text(encoding="utf-8"))


HEAVY = "print(sorted(m for m in ('PySide6','mediapipe','cv2','numpy') if m in sys.modules))"


def test_importing_the_hub_loads_no_kiosk_ui_or_vision_libraries(tmp_path: Path) -> None:
    plain = "import sys; import kiosk.hub.main;" + HEAVY
    done = subprocess.run([sys.executable, "-c", plain], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    out = tmp_path / "o.json"
    via_cli = (
        "import sys; from kiosk.cli import main;"
        f"main(['hub', 'openapi', '--out', {str(out)!r}]); main(['hub', 'token', '--kiosk', 'k',"
        f" '--db', 'sqlite:///{tmp_path}/t.sqlite3']);" + HEAVY
    )
    done = subprocess.run(
        [sys.executable, "-c", via_cli], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert out.read_text() == KEPT.read_text()


def _no_drift(url: str) -> None:
    engine = make_engine(url, pool_size=1)
    try:
        prepare_database(engine)
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), t.metadata)
    finally:
        engine.dispose()
    assert diff == [], f"tables.py and the migrations disagree: {diff}"


def test_migrations_build_exactly_the_tables_on_sqlite(tmp_path: Path) -> None:
    _no_drift(f"sqlite:///{tmp_path / 'm.sqlite3'}")


def test_migrations_build_exactly_the_tables_on_postgresql(pg_base: str) -> None:
    with fresh_pg_schema(pg_base) as url:
        _no_drift(url)


def test_concurrent_starts_migrate_and_seed_once_on_postgresql(pg_base: str) -> None:
    with fresh_pg_schema(pg_base) as url:
        engine = make_engine(url, pool_size=6)
        errors: list[BaseException] = []

        def start() -> None:
            try:
                prepare_database(engine, "demo")
            except BaseException as exc:  # collected for the assertion below
                errors.append(exc)

        threads = [threading.Thread(target=start) for _ in range(6)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(60)
        with engine.connect() as conn:
            locations = conn.execute(select(func.count()).select_from(t.locations)).scalar_one()
        engine.dispose()
    assert errors == [] and locations == len(load_dataset().locations)


def test_demo_dataset_covers_the_catalog_and_the_cases() -> None:
    data = load_dataset()
    stores = [loc for loc in data.locations if loc.kind == "store"]
    assert len(stores) >= 3 and any(loc.kind == "warehouse" for loc in data.locations)
    assert sum(loc.default for loc in stores) == 1
    variants = {v.sku: v for p in data.products for v in p.variants}
    shipped = json.loads((assets_dir() / "catalog.json").read_text())
    beauty = [*shipped["shades"], *shipped["eyes"], *shipped["cheeks"], *shipped["brows"]]
    garments = json.loads((assets_dir() / "garments" / "garments.json").read_text())["garments"]
    expected = {s["sku"] for s in beauty} | {
        f"{g['product_id']}-{size}" for g in garments for size in g["sizes"]
    }
    assert set(variants) == expected
    assert all(is_valid_ean13(v.barcode) for v in variants.values())
    assert sum(v.prices["store"] != v.prices["online"] for v in variants.values()) == 1
    stock = {(s.sku, s.location_id): s for s in data.stock}
    assert {(sku, loc.location_id) for sku in variants for loc in data.locations} == set(stock)
    default = next(loc.location_id for loc in stores if loc.default)

    def free(sku: str, loc: str) -> int:
        s = stock[(sku, loc)]
        return max(0, s.on_hand - s.committed - s.safety_stock)

    everywhere_out = [sku for sku in variants if all(free(sku, loc.location_id) == 0
                                                     for loc in data.locations)]  # fmt: skip
    here_out_nearby = [sku for sku in variants if free(sku, default) == 0 and any(
        free(sku, s.location_id) > 0 for s in stores if s.location_id != default)]  # fmt: skip
    assert everywhere_out and here_out_nearby
    codes = [c for m in data.members for c in m.codes]
    assert any(c.expired for c in codes) and len(data.members) >= 3
