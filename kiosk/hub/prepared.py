"""Prebuilt SELECTs run on the DBAPI cursor: the hot read path without SQLAlchemy's
per-execute machinery.

A stock lookup is three small indexed SELECTs that SQLite answers in about 25 us together;
through `Connection.execute` each one also paid for a cache key, an execution context and a
result object (about 60 us each, more than the queries themselves). `Prepared` compiles its
statement once per dialect, keeps the SQL text, the parameter order, the constant
parameters and the column types' bind and result processors, and then runs it straight on
the request connection's DBAPI cursor: same SQL, same values in and out (UTCDateTime stays
aware UTC), same transaction as the `Connection` it is given. DBAPI errors are raised as
SQLAlchemy's (so `OperationalError` still answers 503), and a lost connection is
invalidated as `Connection.execute` would.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError

Processor = Callable[[Any], Any]


@dataclass
class _Compiled:
    sql: str
    names: tuple[str, ...] | None  # positional dialects: the parameters in order
    constants: dict[str, Any]  # literal values the statement binds itself ('held', LIMIT 1)
    binds: dict[str, Processor]
    types: tuple[Any, ...]  # the selected columns' types
    row: Any  # a namedtuple class over the selected columns
    # Set at the first execution: some drivers' processors depend on the type the
    # database reports (PostgreSQL's numeric OIDs), as in SQLAlchemy's own result.
    results: tuple[Processor | None, ...] | None = None


class Prepared:
    """One SELECT, compiled once per dialect and executed on the DBAPI cursor."""

    def __init__(self, statement: Select[Any]) -> None:
        self.statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def _compile(self, dialect: Dialect) -> _Compiled:
        key = f"{dialect.name}+{dialect.driver}:{dialect.paramstyle}"
        done = self._by_dialect.get(key)
        if done is not None:
            return done
        compiled = self.statement.compile(dialect=dialect)
        if "POSTCOMPILE" in str(compiled):
            raise ValueError("Prepared does not take expanding (IN) parameters")
        columns = list(self.statement.selected_columns)
        binds: dict[str, Processor] = {}
        for name, bind in compiled.binds.items():
            proc = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if proc is not None:
                binds[name] = proc
        names = (
            tuple(compiled.positiontup) if compiled.positional and compiled.positiontup else None
        )
        done = _Compiled(
            sql=str(compiled),
            names=names,
            constants={
                k: v for k, v in compiled.construct_params(_check=False).items() if v is not None
            },
            binds=binds,
            types=tuple(c.type.dialect_impl(dialect) for c in columns),
            row=namedtuple("Row", [c.key for c in columns], rename=True),  # type: ignore[misc]
        )
        self._by_dialect[key] = done
        return done

    def all(self, conn: Connection, params: Mapping[str, Any] | None = None) -> list[Any]:
        """Every row, as named tuples (`row.column`), on `conn`'s DBAPI connection."""
        c = self._compile(conn.dialect)
        values = dict(c.constants)
        if params:
            values.update(params)
        for name, proc in c.binds.items():
            if name in values:
                values[name] = proc(values[name])
        args: Any = values if c.names is None else [values[n] for n in c.names]
        dbapi_conn = conn.connection.dbapi_connection
        assert dbapi_conn is not None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(c.sql, args)
            raw = cursor.fetchall()
            if c.results is None:
                described = [d[1] for d in cursor.description]
                c.results = tuple(
                    t.result_processor(conn.dialect, coltype)
                    for t, coltype in zip(c.types, described, strict=True)
                )
        except conn.dialect.loaded_dbapi.Error as exc:
            disconnect = conn.dialect.is_disconnect(exc, dbapi_conn, cursor)
            if disconnect:
                conn.invalidate(exc)
            raise DBAPIError.instance(
                c.sql,
                args,
                exc,
                conn.dialect.loaded_dbapi.Error,
                hide_parameters=True,  # a token's hash, a SKU: nothing for the log
                connection_invalidated=disconnect,
            ) from exc
        finally:
            cursor.close()
        results, make = c.results or (), c.row._make
        if not any(results):
            return [make(r) for r in raw]
        return [
            make([v if p is None else p(v) for p, v in zip(results, r, strict=True)]) for r in raw
        ]

    def first(self, conn: Connection, params: Mapping[str, Any] | None = None) -> Any | None:
        rows = self.all(conn, params)
        return rows[0] if rows else None
