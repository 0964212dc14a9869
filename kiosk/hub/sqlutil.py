"""Small SQL helpers that read the same on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Table, case, literal
from sqlalchemy.dialects import postgresql, sqlite


def floor0(expr: ColumnElement[Any]) -> ColumnElement[Any]:
    """max(0, expr) in portable SQL."""
    return case((expr < 0, literal(0)), else_=expr)


def least(a: ColumnElement[Any], b: ColumnElement[Any]) -> ColumnElement[Any]:
    """min(a, b) in portable SQL."""
    return case((a < b, a), else_=b)


def insert_ignore(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], conflict: Sequence[str]
) -> list[tuple[Any, ...]]:
    """INSERT ... ON CONFLICT DO NOTHING; returns the conflict-key columns of the rows that
    were inserted (RETURNING, since psycopg reports no rowcount for a skipped insert)."""
    if not rows:
        return []
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(table)
        .on_conflict_do_nothing(index_elements=list(conflict))
        .returning(*(table.c[c] for c in conflict))
    )
    if len(rows) == 1:
        return [tuple(r) for r in conn.execute(stmt, dict(rows[0])).all()]
    return [tuple(r) for r in conn.execute(stmt, list(rows)).all()]
