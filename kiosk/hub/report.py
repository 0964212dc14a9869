"""Sales started at mirrors: orders, units and revenue per store, staff member and day, with
the try-on sessions and hand-offs beside them. One query module for
`GET /v1/reports/sales` and `kiosk hub report`.

Days are local days in the report's time zone (`tz`, an IANA name; UTC unless asked: the
hub keeps no time zone per store). The grouping runs in the database, on both SQLite and
PostgreSQL, as the date of `time + offset`: the range is cut where the zone's UTC offset
changes (daylight saving), so each piece has one offset and every instant falls on its
own local day.

What counts: orders credited to a store (`kiosk.hub.orders`), by the day they were placed,
units from their lines, revenue from their totals (per currency); sessions are
`tryon.session.started` events, hand-offs the hub's own (kept `--retention-days` after
they expire, so older days show none). Each is credited to the staff member the hub
vouched for (the staff session's), else to no one.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Connection, Date, cast, func, literal_column, select
from sqlalchemy.sql.elements import ColumnElement

from kiosk.hub import tables as t
from kiosk.hub.errors import ApiError
from kiosk.storeapi.contract import REPORT_MAX_DAYS, Money, SalesFigures, SalesReport, SalesRow

DEFAULT_DAYS = 7
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]{0,30}(/[A-Za-z0-9_+-]{1,30}){0,2}")
_STEP_S = 3600  # the zone's offset is looked at every hour, then the change found to the second


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    tz: ZoneInfo

    @property
    def start(self) -> datetime:
        return _local_midnight(self.first, self.tz)

    @property
    def end(self) -> datetime:
        return _local_midnight(self.last + timedelta(days=1), self.tz)


def period(
    first: str | None, last: str | None, tz_name: str, today: datetime, prefix: str = "query."
) -> Period:
    """The report's days from text (YYYY-MM-DD; default the last 7 days to today in the
    zone), or 422 naming the field."""
    try:
        if not _ZONE.fullmatch(tz_name):
            raise ValueError(tz_name)
        tz = ZoneInfo(tz_name)
    except (ValueError, ZoneInfoNotFoundError):
        raise _bad(
            f"{prefix}tz", f"{tz_name[:64]!r} is not a time zone; use e.g. UTC or Asia/Shanghai"
        ) from None
    end = _day(last, f"{prefix}to") if last else today.astimezone(tz).date()
    begin = _day(first, f"{prefix}from") if first else end - timedelta(days=DEFAULT_DAYS - 1)
    if begin > end:
        raise _bad(f"{prefix}from", f"from ({begin}) is after to ({end}); swap them")
    if (end - begin).days + 1 > REPORT_MAX_DAYS:
        raise _bad(f"{prefix}from", f"at most {REPORT_MAX_DAYS} days in one report; ask for less")
    return Period(begin, end, tz)


def _day(text: str, where: str) -> date:
    try:
        if not _DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise _bad(where, f"{text[:40]!r} is not a day; write YYYY-MM-DD") from None


def _bad(where: str, message: str) -> ApiError:
    return ApiError(422, "validation_error", message, where)


def _local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)


Run = tuple[datetime, datetime, int]  # [from, to) and the zone's UTC offset in seconds


def offset_runs(tz: ZoneInfo, start: datetime, end: datetime) -> list[Run]:
    """[start, end) cut where `tz`'s UTC offset changes: (from, to, offset in seconds)."""

    def offset(at: int) -> int:
        delta = datetime.fromtimestamp(at, UTC).astimezone(tz).utcoffset()
        return int(delta.total_seconds()) if delta is not None else 0

    lo_s, end_s = int(start.timestamp()), int(end.timestamp())
    runs: list[Run] = []
    run_start, current, at = lo_s, offset(lo_s), lo_s
    while at < end_s:
        step = min(at + _STEP_S, end_s)
        if offset(step) != current and step < end_s:
            old, new = at, step  # the change lies in (old, new]: bisect to the second
            while new - old > 1:
                mid = (old + new) // 2
                old, new = (mid, new) if offset(mid) == current else (old, mid)
            runs.append((_utc(run_start), _utc(new), current))
            run_start, current = new, offset(new)
        at = step
    runs.append((_utc(run_start), _utc(end_s), current))
    return runs


def _utc(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _local_day(conn: Connection, column: Any, offset_s: int) -> ColumnElement[Any]:
    """The local date of a UTC timestamp column at a fixed offset, in SQL (the offset is an
    int, written into the statement so SELECT and GROUP BY are the same expression)."""
    seconds = int(offset_s)
    if conn.dialect.name == "postgresql":
        shifted = func.timezone(literal_column("'UTC'"), column) + literal_column(
            f"interval '{seconds} seconds'"
        )
        return cast(shifted, Date)
    return func.date(column, literal_column(f"'{seconds:+d} seconds'"))


@dataclass
class _Tally:
    orders: int = 0
    units: int = 0
    revenue: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    sessions: int = 0
    handoffs: int = 0

    def add(self, other: _Tally) -> None:
        self.orders += other.orders
        self.units += other.units
        for currency, amount in other.revenue.items():
            self.revenue[currency] += amount
        self.sessions += other.sessions
        self.handoffs += other.handoffs

    def figures(self) -> dict[str, Any]:
        return {
            "orders": self.orders,
            "units": self.units,
            "revenue": [Money(currency=c, cents=v) for c, v in sorted(self.revenue.items())],
            "sessions": self.sessions,
            "handoffs": self.handoffs,
        }


Key = tuple[date, str, str | None]  # (day, store, staff)


def sales(conn: Connection, when: Period, store: str | None = None) -> SalesReport:
    """The report for `when`, one store or every store (None)."""
    tally: dict[Key, _Tally] = defaultdict(_Tally)
    for start, end, offset in offset_runs(when.tz, when.start, when.end):
        for key, values in _rows(conn, start, end, offset, store):
            tally[key].add(values)
    names = _staff_names(conn, {k[2] for k in tally if k[2] is not None})
    total = _Tally()
    rows = []
    for key in sorted(tally, key=lambda k: (k[0], k[1], k[2] is None, k[2] or "")):
        day, store_id, staff_id = key
        total.add(tally[key])
        rows.append(
            SalesRow(
                day=day, store_id=store_id, staff_id=staff_id, staff_name=names.get(staff_id or ""),
                **tally[key].figures(),
            )
        )  # fmt: skip
    return SalesReport(
        first_day=when.first,
        last_day=when.last,
        time_zone=when.tz.key,
        store_id=store,
        rows=rows,
        totals=SalesFigures(**total.figures()),
    )


def _rows(
    conn: Connection, start: datetime, end: datetime, offset: int, store: str | None
) -> Iterator[tuple[Key, _Tally]]:
    """Each measure grouped by (local day, store, staff) over [start, end) at `offset`."""
    o, ol, e, h = t.orders, t.order_lines, t.events, t.handoffs

    def grouped(
        table: Any,
        moment: Any,
        *measures: Any,
        by: tuple[Any, ...] = (),
        where: tuple[Any, ...] = (),
        source: Any = None,
    ) -> Any:
        """`measures` by (local day, store, staff, *by) of `table`'s rows in the run."""
        day = _local_day(conn, moment, offset)
        keys = (day, table.c.store_id, table.c.staff_id, *by)
        scope = [moment >= start, moment < end, table.c.store_id.is_not(None), *where]
        if store is not None:
            scope.append(table.c.store_id == store)
        query = select(*keys, *measures).where(*scope).group_by(*keys)
        if source is not None:
            query = query.select_from(source)
        return conn.execute(query).all()

    money = (func.count(), func.sum(o.c.total_cents))
    for d, s, staff, currency, n, cents in grouped(o, o.c.placed_at, *money, by=(o.c.currency,)):
        revenue = defaultdict(int, {str(currency): int(cents or 0)})
        yield (_as_date(d), s, staff), _Tally(orders=int(n), revenue=revenue)
    lines = o.join(ol, (ol.c.source == o.c.source) & (ol.c.order_id == o.c.order_id))
    for d, s, staff, n in grouped(o, o.c.placed_at, func.sum(ol.c.quantity), source=lines):
        yield (_as_date(d), s, staff), _Tally(units=int(n or 0))
    started = (e.c.type == "tryon.session.started",)
    for d, s, staff, n in grouped(e, e.c.time, func.count(), where=started):
        yield (_as_date(d), s, staff), _Tally(sessions=int(n))
    for d, s, staff, n in grouped(h, h.c.created_at, func.count()):
        yield (_as_date(d), s, staff), _Tally(handoffs=int(n))


def _as_date(value: Any) -> date:
    """SQLite's date() is text, PostgreSQL's a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _staff_names(conn: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    s = t.staff
    rows = conn.execute(select(s.c.staff_id, s.c.display_name).where(s.c.staff_id.in_(ids)))
    return {str(r.staff_id): str(r.display_name) for r in rows}


# ---- printing (`kiosk hub report`) ----------------------------------------------------------

COLUMNS = ("day", "store_id", "staff_id", "staff_name", "orders", "units", "revenue",
           "sessions", "handoffs")  # fmt: skip


def money_text(revenue: list[Money]) -> str:
    """'CNY 458.00' (several currencies joined with ' + ')."""
    return " + ".join(f"{m.currency} {m.cents // 100:,}.{m.cents % 100:02d}" for m in revenue)


def render(report: SalesReport, fmt: str) -> str:
    """The report as a table (for people), CSV (one line per row; revenue as cents and
    currency, ';'-joined when a row has several) or JSON (the API's answer)."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*COLUMNS[:6], "revenue_cents", "currency", *COLUMNS[7:]])
        for r in report.rows:
            writer.writerow(
                [r.day.isoformat(), r.store_id, r.staff_id or "", r.staff_name or "", r.orders,
                 r.units, ";".join(str(m.cents) for m in r.revenue),
                 ";".join(m.currency for m in r.revenue), r.sessions, r.handoffs]
            )  # fmt: skip
        return out.getvalue()
    where = report.store_id or "every store"
    head = (
        f"Sales started at mirrors, {report.first_day} to {report.last_day} "
        f"(days in {report.time_zone}), {where}"
    )
    table = [[c.replace("_id", "").replace("_", " ") for c in COLUMNS]]
    for r in report.rows:
        table.append(
            [r.day.isoformat(), r.store_id, r.staff_id or "-", r.staff_name or "", str(r.orders),
             str(r.units), money_text(r.revenue), str(r.sessions), str(r.handoffs)]
        )  # fmt: skip
    f = report.totals
    table.append(
        ["total", "", "", "", str(f.orders), str(f.units), money_text(f.revenue),
         str(f.sessions), str(f.handoffs)]
    )  # fmt: skip
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    numeric = {4, 5, 6, 7, 8}
    lines = [head, ""]
    for row in table:
        cells = [
            cell.rjust(w) if i in numeric else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    if not report.rows:
        lines.append("(no sales, sessions or hand-offs in these days)")
    return "\n".join(lines) + "\n"


def run_cli(
    db_url: str, first: str | None, last: str | None, store: str | None, tz: str, fmt: str
) -> str:
    """`kiosk hub report`: the same report, read from the database directly."""
    from kiosk.errors import KioskError
    from kiosk.hub.db import make_engine, read_tx
    from kiosk.hub.migrate import prepare_database

    try:
        when = period(first, last, tz, datetime.now(UTC), prefix="--")
    except ApiError as exc:
        raise KioskError(f"{exc.field}: {exc.message}", "see kiosk hub report --help") from None
    engine = make_engine(db_url, 1)
    try:
        prepare_database(engine, "none")  # an older hub's database gets the orders tables
        with read_tx(engine) as conn:
            if store is not None and not is_store(conn, store):
                raise KioskError(
                    f"--store {store!r} is not a store in this hub",
                    "leave --store out for every store, or name one of the chain's stores",
                )
            return render(sales(conn, when, store), fmt)
    finally:
        engine.dispose()


def is_store(conn: Connection, store: str) -> bool:
    loc = t.locations
    found = conn.execute(
        select(loc.c.location_id).where(loc.c.location_id == store, loc.c.kind == "store")
    ).first()
    return found is not None
