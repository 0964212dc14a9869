"""Back-office users: store managers and head office signing in to the dashboard in a browser.

A user has a username, a display name, a password (salted scrypt, as staff PINs:
`kiosk.hub.pins`) and a store: a store manager sees that store only, a user without one is
head office and sees every store. `kiosk hub user add|password|disable|list` manages them
on the database directly (the operator's path; no endpoint creates users).

Signing in opens a browser session: a 256-bit random secret in an HttpOnly cookie, of which
the database keeps only the SHA-256 (`backoffice_sessions`), so a copy of the database signs
nobody in. Sessions end at logout, after `SESSION_HOURS`, and when the user is disabled or
their password changes. An unknown username costs the same scrypt time as a wrong password,
so the answer's timing does not tell which usernames exist.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import re
import secrets
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, delete, insert, select, update

from kiosk.errors import KioskError
from kiosk.hub import tables as t
from kiosk.hub.db import make_engine, write_tx
from kiosk.hub.migrate import prepare_database
from kiosk.hub.pins import hash_pin, hash_secret, verify_pin

SESSION_HOURS = 12  # a working day; then the manager signs in again
SESSION_BYTES = 32  # 256 random bits in the cookie
KEEP_ENDED_DAYS = 30  # ended or expired sessions are deleted this long after (at a login)
MIN_PASSWORD = 10
MAX_PASSWORD = 200
USERNAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._@-]{0,127}"


@functools.cache
def _dummy_hash() -> str:
    """Checked when the username is unknown: a wrong username takes as long as a wrong
    password."""
    return hash_pin(secrets.token_urlsafe(16))


@dataclass(frozen=True)
class User:
    """A signed-in user: who, and what they see (`store_id` None: every store)."""

    username: str
    display_name: str
    store_id: str | None

    @property
    def head_office(self) -> bool:
        return self.store_id is None


# ---- signing in (the hub's routes) ----------------------------------------------------------


def check_password(conn: Connection, username: str, password: str) -> User | None:
    """The active user whose password this is, else None (same scrypt cost either way)."""
    u = t.backoffice_users
    row = None
    if re.fullmatch(USERNAME_PATTERN, username) and len(password) <= MAX_PASSWORD:
        row = conn.execute(
            select(u.c.username, u.c.display_name, u.c.store_id, u.c.password_hash).where(
                u.c.username == username, u.c.active.is_(True)
            )
        ).first()
    stored = row.password_hash if row is not None else _dummy_hash()
    ok = verify_pin(password[:MAX_PASSWORD], stored)
    if row is None or not ok:
        return None
    return User(row.username, row.display_name, row.store_id)


def open_session(engine: Engine, user: User, now: datetime) -> tuple[str, datetime]:
    """A new session for `user`: (the cookie's secret, when it expires). Sessions that ended
    long ago are deleted on the way (a login is rare enough to pay for it)."""
    secret = secrets.token_urlsafe(SESSION_BYTES)
    expires = now + timedelta(hours=SESSION_HOURS)
    s = t.backoffice_sessions
    with write_tx(engine) as conn:
        old = now - timedelta(days=KEEP_ENDED_DAYS)
        conn.execute(delete(s).where(s.c.expires_at < old))
        conn.execute(
            insert(s).values(
                session_hash=hash_secret(secret),
                username=user.username,
                created_at=now,
                expires_at=expires,
                ended_at=None,
            )
        )
    return secret, expires


_SESSION = (
    select(
        t.backoffice_users.c.username,
        t.backoffice_users.c.display_name,
        t.backoffice_users.c.store_id,
    )
    .select_from(
        t.backoffice_sessions.join(
            t.backoffice_users,
            t.backoffice_users.c.username == t.backoffice_sessions.c.username,
        )
    )
    .where(t.backoffice_users.c.active.is_(True), t.backoffice_sessions.c.ended_at.is_(None))
)


def session_user(conn: Connection, secret: str, now: datetime) -> User | None:
    """The user of a live session (not ended, not expired, the user still active)."""
    if not secret or len(secret) > 200:
        return None
    s = t.backoffice_sessions
    row = conn.execute(
        _SESSION.where(s.c.session_hash == hash_secret(secret), s.c.expires_at > now)
    ).first()
    return None if row is None else User(row.username, row.display_name, row.store_id)


def end_session(engine: Engine, secret: str, now: datetime) -> None:
    s = t.backoffice_sessions
    with write_tx(engine) as conn:
        conn.execute(
            update(s)
            .where(s.c.session_hash == hash_secret(secret), s.c.ended_at.is_(None))
            .values(ended_at=now)
        )


# ---- the operator's commands (`kiosk hub user ...`) -------------------------------------------


def check_new_password(password: str) -> str:
    """The password if it is long enough to stand guessing (rate limits stop online guesses;
    length stops offline ones), else KioskError."""
    if len(password) < MIN_PASSWORD:
        raise KioskError(
            f"the password has {len(password)} characters; it needs at least {MIN_PASSWORD}",
            "choose a longer one (a few words make a memorable one)",
        )
    if len(password) > MAX_PASSWORD:
        raise KioskError(
            f"the password is longer than {MAX_PASSWORD} characters", "choose a shorter one"
        )
    return password


def _check_username(username: str) -> None:
    if not re.fullmatch(USERNAME_PATTERN, username):
        raise KioskError(
            f"--username {username!r} is not a valid username",
            "use letters, digits and . _ @ - (up to 128 characters, a letter or digit first)",
        )


def _engine(db_url: str) -> Engine:
    engine = make_engine(db_url, pool_size=1)
    prepare_database(engine)  # an older hub's database gets the users' tables
    return engine


def add_user(
    db_url: str,
    username: str,
    display_name: str,
    password: str,
    store_id: str | None,
    now: datetime | None = None,
) -> User:
    """A new active user; `store_id` must be one of the chain's stores (None: head office)."""
    _check_username(username)
    name = display_name.strip()
    if not name or len(name) > 200:
        raise KioskError("--name must be 1 to 200 characters", "give the person's name")
    check_new_password(password)
    engine = _engine(db_url)
    try:
        with write_tx(engine) as conn:
            if store_id is not None:
                _check_store(conn, store_id)
            u = t.backoffice_users
            if conn.execute(select(u.c.username).where(u.c.username == username)).first():
                raise KioskError(
                    f"the user {username!r} exists already",
                    "choose another username, or `kiosk hub user password` for a new password",
                )
            conn.execute(
                insert(u).values(
                    username=username,
                    display_name=name,
                    password_hash=hash_pin(password),
                    store_id=store_id,
                    active=True,
                    created_at=now or datetime.now(UTC),
                )
            )
    finally:
        engine.dispose()
    return User(username, name, store_id)


def set_password(db_url: str, username: str, password: str, now: datetime | None = None) -> int:
    """A new password (the user is active again); their open sessions end. Returns how many."""
    check_new_password(password)
    return _change(db_url, username, now, password_hash=hash_pin(password), active=True)


def disable_user(db_url: str, username: str, now: datetime | None = None) -> int:
    """The user can no longer sign in; their open sessions end at once. Returns how many."""
    return _change(db_url, username, now, active=False)


def _change(db_url: str, username: str, now: datetime | None, **values: object) -> int:
    _check_username(username)
    when = now or datetime.now(UTC)
    engine = _engine(db_url)
    try:
        with write_tx(engine) as conn:
            u, s = t.backoffice_users, t.backoffice_sessions
            changed = conn.execute(update(u).where(u.c.username == username).values(**values))
            if changed.rowcount == 0:
                raise KioskError(
                    f"there is no user {username!r}", "see `kiosk hub user list` for the users"
                )
            ended = conn.execute(
                update(s)
                .where(s.c.username == username, s.c.ended_at.is_(None), s.c.expires_at > when)
                .values(ended_at=when)
            )
            return int(ended.rowcount or 0)
    finally:
        engine.dispose()


def list_users(db_url: str) -> list[tuple[str, str, str | None, bool]]:
    """(username, display name, store or None, active) for every user, by username."""
    engine = _engine(db_url)
    try:
        with engine.connect() as conn:
            u = t.backoffice_users
            rows = conn.execute(
                select(u.c.username, u.c.display_name, u.c.store_id, u.c.active).order_by(
                    u.c.username
                )
            ).all()
    finally:
        engine.dispose()
    return [(r.username, r.display_name, r.store_id, bool(r.active)) for r in rows]


def _check_store(conn: Connection, store_id: str) -> None:
    loc = t.locations
    kind = conn.execute(
        select(loc.c.kind).where(loc.c.location_id == store_id)
    ).scalar_one_or_none()
    if kind != "store":
        stores = conn.execute(
            select(loc.c.location_id).where(loc.c.kind == "store").order_by(loc.c.location_id)
        ).scalars()
        raise KioskError(
            f"--store {store_id!r} is not a store of this hub",
            f"name one of {', '.join(stores) or '(none yet)'}, or leave --store out for "
            "head office (every store)",
        )


def run_cli(args: argparse.Namespace, db_url: str) -> int:
    """`kiosk hub user add|password|disable|list`. A password is read from standard input
    (its first line) when that is not a terminal, else asked twice without echo: never
    from the command line, where `ps` and the shell's history would keep it."""
    action = args.user_action
    if action == "list":
        for username, name, store, active in list_users(db_url):
            where = store or "head office (every store)"
            print(f"{username}\t{name}\t{where}\t{'active' if active else 'disabled'}")
        return 0
    if action == "disable":
        ended = disable_user(db_url, args.username)
        print(f"disabled {args.username}; {ended} open session(s) ended", file=sys.stderr)
        return 0
    password = read_password()
    if action == "password":
        ended = set_password(db_url, args.username, password)
        print(f"new password for {args.username}; {ended} open session(s) ended", file=sys.stderr)
        return 0
    user = add_user(db_url, args.username, args.name, password, args.store)
    sees = f"store {user.store_id}" if user.store_id else "every store (head office)"
    print(f"added {user.username} ({user.display_name}), who sees {sees}", file=sys.stderr)
    return 0


def read_password() -> str:
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return check_new_password(line.rstrip("\r\n"))
    first = check_new_password(getpass.getpass("Password: "))
    if getpass.getpass("Again: ") != first:
        raise KioskError("the two passwords differ", "run the command again")
    return first
