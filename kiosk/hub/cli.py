"""`kiosk hub`: serve the Store API; `kiosk hub token`: issue or revoke kiosk tokens;
`kiosk hub openapi`: print or write the OpenAPI document.

Importing this module costs only argparse: the hub's dependencies load when a hub
command actually runs, and never Qt, MediaPipe, OpenCV or NumPy.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError

FLAGS = {
    "db": "--db",
    "host": "--host",
    "port": "--port",
    "workers": "--workers",
    "threads": "--threads",
    "seed": "--seed",
    "ready_file": "--ready-file",
    "public_url": "--public-url",
    "handoff_links": "--handoff-links",
    "fleet_dir": "--fleet-dir",
    "checkout_template": "--checkout-template",
    "shop_url": "--shop-url",
    "handoff_ttl_minutes": "--handoff-ttl",
    "photo_ttl_minutes": "--photo-ttl",
    "lookbook_ttl_minutes": "--lookbook-ttl",
    "sweep_seconds": "--sweep-seconds",
    "header_timeout_s": "--header-timeout",
    "body_timeout_s": "--body-timeout",
    "max_connections": "--max-connections",
    "db_read_timeout_s": "--db-read-timeout",
    "retention_days": "--retention-days",
    "event_retention_days": "--event-retention-days",
}
ENV_DB_URL = "KIOSK_HUB_DB_URL"
ENV_WEBHOOK_SECRET = "KIOSK_HUB_WEBHOOK_SECRET"


def add_hub_parser(sub: Any) -> argparse.ArgumentParser:
    """Register `hub` (and its actions) on the kiosk command's subparsers."""
    hub = sub.add_parser(
        "hub",
        help="serve the Store API (reference hub) over SQLite or PostgreSQL",
        description="Serve the Store API. Migrations are applied at start.",
    )
    hub.add_argument("--db", help="sqlite:///path or postgresql://user:pass@host/db "
                     f"(default: ${ENV_DB_URL}, else SQLite in the user data folder)")  # fmt: skip
    hub.add_argument("--db-file", type=Path, help="read the database URL from this file's "
                     "first line (keeps a password off the command line)")  # fmt: skip
    hub.add_argument("--host", help="address to listen on (default 127.0.0.1, loopback only)")
    hub.add_argument("--port", type=int, help="TCP port (default 8700; 0 picks a free one)")
    hub.add_argument("--workers", type=int, help="worker processes (default 1)")
    hub.add_argument("--threads", type=int, help="handler threads per worker (default 4)")
    hub.add_argument(
        "--seed", choices=["demo", "none"], help="seed an empty database (default demo)"
    )
    hub.add_argument("--ready-file", type=Path, help="write {url, pid} JSON here once serving")
    hub.add_argument("--public-url", help="base of hand-off short URLs as phones reach the hub")
    hub.add_argument(
        "--handoff-links",
        choices=["auto", "short", "direct"],
        help="QR links: short (the hub's /h/CODE), direct (the checkout URL itself, for a hub "
        "phones cannot reach), auto (default: direct with no --public-url on a loopback or "
        "0.0.0.0 --host)",
    )
    hub.add_argument(
        "--checkout-template",
        help="shopify (default), generic, or a template with {shop} {cart} {items} {store} "
        "{kiosk} {staff} {session} {code}",
    )
    hub.add_argument("--shop-url", help="the online shop's base URL for checkout redirects")
    hub.add_argument(
        "--fleet-dir",
        type=Path,
        help="settings overlays for the kiosks: DIR/store/<store>.toml, DIR/kiosk/<kiosk>.toml",
    )
    hub.add_argument(
        "--handoff-ttl",
        dest="handoff_ttl_minutes",
        type=int,
        help="minutes a hand-off code stays valid (30)",
    )
    hub.add_argument(
        "--photo-ttl",
        dest="photo_ttl_minutes",
        type=int,
        help="minutes a shopper's photo stays on the hub (1440 = 24 h)",
    )
    hub.add_argument(
        "--lookbook-ttl",
        dest="lookbook_ttl_minutes",
        type=int,
        help="minutes a lookbook's QR link stays valid (10080 = 7 days)",
    )
    hub.add_argument("--sweep-seconds", type=float, help="seconds between expiry sweeps (30)")
    for flag, dest, kind, text in (
        ("--header-timeout", "header_timeout_s", float,
         "seconds a client has to send a request's headers (10)"),
        ("--body-timeout", "body_timeout_s", float,
         "seconds a client has to send a request's body (30)"),
        ("--max-connections", "max_connections", int,
         "open connections per worker (1000, fewer if `ulimit -n` is low)"),
        ("--db-read-timeout", "db_read_timeout_s", float,
         "seconds a read or health probe waits for a locked database (1)"),
        ("--retention-days", "retention_days", int,
         "days ended hand-offs, holds, sessions and codes are kept (30)"),
        ("--event-retention-days", "event_retention_days", int,
         "days try-on records (events) are kept, for the dashboards' year on year (400)"),
    ):  # fmt: skip
        hub.add_argument(flag, dest=dest, type=kind, help=text)
    hub.add_argument(
        "--webhook-secret-file",
        type=Path,
        help="the online shop's webhook signing secret, one a line (two while rotating; "
        f"default: ${ENV_WEBHOOK_SECRET}); without one every order delivery is refused",
    )
    actions = hub.add_subparsers(dest="hub_action", metavar="ACTION")
    _add_token_parser(actions)
    code = actions.add_parser(
        "member-code",
        help="print a fresh member code for a member (what their app shows; demos and tests)",
    )
    code.add_argument("--member", required=True, help="the member id")
    code.add_argument("--db", dest="token_db", help="database URL (as for `kiosk hub --db`)")
    openapi = actions.add_parser("openapi", help="print the OpenAPI document (or --out FILE)")
    openapi.add_argument("--out", type=Path, help="write to this file instead of stdout")
    _add_report_parser(actions)
    _add_user_parser(actions)
    _add_simulate_parser(actions)
    assert isinstance(hub, argparse.ArgumentParser)
    return hub


def _add_token_parser(actions: Any) -> None:
    """`kiosk hub token`: issue (printed alone on stdout), rotate or revoke a credential."""
    token = actions.add_parser(
        "token",
        help="issue a credential (printed alone), rotate or revoke one",
        description="Issue a bearer token for a kiosk, a till (pos), back office or the "
        "online shop, bound to one location; rotate it (old tokens keep working for a grace "
        "period) or revoke every token of a principal. Who may do what: docs/hub.md.",
    )
    which = token.add_mutually_exclusive_group(required=True)
    which.add_argument("--kiosk", metavar="ID", help="the principal (kiosk, till...) to issue for")
    which.add_argument(
        "--rotate", metavar="ID", help="issue a new token like ID's newest; old ones expire"
    )
    which.add_argument("--revoke", metavar="ID", help="revoke every token of this principal")
    token.add_argument(
        "--store",
        help="the location it acts for: a store (kiosk, pos) or a store or warehouse "
        "(backoffice, shop); default: the hub's default store",
    )
    token.add_argument(
        "--role",
        choices=["kiosk", "pos", "backoffice", "shop"],
        default="kiosk",
        help="what the credential may do (default kiosk; see docs/hub.md)",
    )
    token.add_argument(
        "--expires-days",
        type=_positive_int,
        help="days until the token expires (default: never for kiosk, 180 for the others)",
    )
    token.add_argument(
        "--grace-hours",
        type=_positive_int,
        default=24,
        help="with --rotate: hours the old tokens keep working (default 24)",
    )
    token.add_argument("--db", dest="token_db", help="database URL (as for `kiosk hub --db`)")


def _add_report_parser(actions: Any) -> None:
    """`kiosk hub report`: sales started at mirrors per store, staff member and day."""
    report = actions.add_parser(
        "report",
        help="sales started at mirrors per store, staff member and day",
        description="Orders the online shop reported (its webhook), credited to the store, "
        "staff member and day they started at a mirror, with units, revenue, try-on sessions "
        "and hand-offs. Reads the database directly (as GET /v1/reports/sales answers).",
    )
    report.add_argument("--db", dest="token_db", help="database URL (as for `kiosk hub --db`)")
    report.add_argument("--from", dest="first_day", help="first day, YYYY-MM-DD (default: 6 "
                        "days before --to)")  # fmt: skip
    report.add_argument("--to", dest="last_day", help="last day, YYYY-MM-DD (default: today)")
    report.add_argument("--store", help="one store (default: every store)")
    report.add_argument("--tz", default="UTC", help="time zone the days are counted in, e.g. "
                        "Asia/Shanghai (default UTC)")  # fmt: skip
    report.add_argument("--format", choices=["table", "csv", "json"], default="table")


def _add_user_parser(actions: Any) -> None:
    """`kiosk hub user`: the dashboard's back-office users (store managers, head office)."""
    user = actions.add_parser(
        "user",
        help="add, re-password, disable or list the dashboard's users",
        description="Users of the managers' dashboard (/dashboard): a store manager sees one "
        "store (--store), head office (no --store) every store. Passwords are read from "
        "standard input's first line, or asked twice on a terminal; never given as a flag.",
    )
    which = user.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    add = which.add_parser("add", help="add a user (password from stdin or asked)")
    add.add_argument("--username", required=True)
    add.add_argument("--name", required=True, help="the person's name, shown on the dashboard")
    add.add_argument("--store", help="the store they manage (default: head office, every store)")
    for name, text in (
        ("password", "set a new password (ends their open sessions)"),
        ("disable", "stop them signing in (ends their open sessions)"),
    ):
        one = which.add_parser(name, help=text)
        one.add_argument("--username", required=True)
    which.add_parser("list", help="print every user: username, name, store, state")
    for parser in which.choices.values():
        parser.add_argument("--db", dest="token_db", help="database URL (as for `kiosk hub --db`)")


def _add_simulate_parser(actions: Any) -> None:
    """`kiosk hub simulate-shop`: a simulated shop's members, events and orders, for demos
    and for measuring the suggestions (kiosk.hub.simulate)."""
    sim = actions.add_parser(
        "simulate-shop",
        help="fill a hub database with a simulated shop (members, try-ons, orders)",
        description="Simulate members with known tastes shopping at the mirrors and online "
        "over the hub's catalog for some days up to now (seeded: the same seed gives the same "
        "shop), and write them into the database as the hub would hold them: members, "
        "consents, events (a non-consenting member's without the member), wishlists, saved "
        "looks and orders (source 'simulated'). Migrates the database first and seeds the "
        "demo data into an empty one. Not for a live shop's database.",
    )
    sim.add_argument(
        "--db",
        "--database",
        dest="token_db",
        metavar="URL",
        help="database URL (as for `kiosk hub --db`); never the default one",
    )
    sim.add_argument("--members", type=_positive_int, default=3000, metavar="N", help="(3000)")
    sim.add_argument("--days", type=_positive_int, default=90, metavar="N", help="up to now (90)")
    sim.add_argument("--seed", dest="sim_seed", type=int, default=7, metavar="N", help="(7)")
    sim.add_argument(
        "--consent-share",
        type=_share,
        default=0.7,
        metavar="SHARE",
        help="share of members who consent to their data being kept (0.7)",
    )


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is below 1")
    return value


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "hub_action", None)
    if action == "token":
        return _token(args)
    if action == "member-code":
        from kiosk.hub.members import issue_code_cli
        from kiosk.hub.settings import default_db_url

        issued = issue_code_cli(
            args.token_db or db_url_from_args(args) or default_db_url(), args.member
        )
        print(issued.code)  # the digits to type
        print(issued.qr)  # the payload the app's QR carries
        return 0
    if action == "report":
        from kiosk.hub.report import run_cli
        from kiosk.hub.settings import default_db_url

        db = args.token_db or db_url_from_args(args) or default_db_url()
        sys.stdout.write(
            run_cli(db, args.first_day, args.last_day, args.store, args.tz, args.format)
        )
        return 0
    if action == "user":
        from kiosk.hub.backoffice_users import run_cli as users
        from kiosk.hub.settings import default_db_url

        return users(args, args.token_db or db_url_from_args(args) or default_db_url())
    if action == "simulate-shop":
        from kiosk.hub.simulate import run_cli as simulate_shop

        db = args.token_db or db_url_from_args(args)
        if not db:  # thousands of made-up members never land in a hub's default database
            raise KioskError(
                "simulate-shop needs the database to fill, named",
                "give --db URL (e.g. sqlite:////tmp/shop.db) of a demo or test database",
            )
        sys.stdout.write(
            simulate_shop(db, args.members, args.days, args.sim_seed, args.consent_share)
        )
        return 0
    if action == "openapi":
        from kiosk.hub.openapi import render

        text = render()
        if args.out:
            args.out.write_text(text, encoding="utf-8")
            print(args.out)
        else:
            sys.stdout.write(text)
        return 0
    from kiosk.hub.server import serve

    return serve(settings_from_args(args))


def settings_from_args(args: argparse.Namespace) -> Any:
    from pydantic import ValidationError

    from kiosk.hub.settings import HubSettings

    given = {
        "db_url" if name == "db" else name: getattr(args, name)
        for name in FLAGS
        if getattr(args, name, None) is not None
    }
    db_url = db_url_from_args(args)
    if db_url is not None:
        given["db_url"] = db_url
    secrets = webhook_secrets_from_args(args)
    if secrets:
        given["webhook_secrets"] = secrets
    try:
        return HubSettings(**given)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        flag = FLAGS.get("db" if name == "db_url" else name, name)
        message = str(first["msg"]).removeprefix("Value error, ")
        raise KioskError(f"{flag}: {message}", f"correct {flag} (see kiosk hub --help)") from None


def db_url_from_args(args: argparse.Namespace) -> str | None:
    """The database URL: `--db`, else the first line of `--db-file`, else $KIOSK_HUB_DB_URL,
    else None (the default SQLite file). The last two keep a password out of `ps`."""
    import os

    if getattr(args, "db", None):
        return str(args.db)
    path: Path | None = getattr(args, "db_file", None)
    if path is not None:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise KioskError(
                f"--db-file: cannot read {path}: {exc.strerror}",
                "point --db-file at a readable file whose first line is the database URL",
            ) from None
        url = lines[0].strip() if lines else ""
        if not url:
            raise KioskError(
                f"--db-file: {path} is empty", "write the database URL on its first line"
            )
        return url
    return os.environ.get(ENV_DB_URL) or None


def webhook_secrets_from_args(args: argparse.Namespace) -> tuple[str, ...]:
    """The shop's webhook secrets: each non-empty line of `--webhook-secret-file`, else
    $KIOSK_HUB_WEBHOOK_SECRET, else none. Never on the command line itself (`ps` shows it)."""
    import os

    path: Path | None = getattr(args, "webhook_secret_file", None)
    if path is None:
        value = os.environ.get(ENV_WEBHOOK_SECRET, "").strip()
        return (value,) if value else ()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise KioskError(
            f"--webhook-secret-file: cannot read {path}: {exc.strerror}",
            "point it at a readable file (mode 0600) holding the shop's webhook secret",
        ) from None
    found = tuple(line.strip() for line in lines if line.strip())
    if not found:
        raise KioskError(
            f"--webhook-secret-file: {path} is empty",
            "write the secret Shopify shows under Settings > Notifications > Webhooks",
        )
    if len(found) > 8:
        raise KioskError(
            f"--webhook-secret-file: {path} holds {len(found)} secrets",
            "keep the current secret and at most one being rotated out",
        )
    return found


def _token(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime, timedelta

    from kiosk.hub.settings import default_db_url
    from kiosk.hub.tokens import default_expiry, issue_token, revoke_tokens, rotate_token

    db = args.token_db or db_url_from_args(args) or default_db_url()
    if args.revoke:
        count = revoke_tokens(db, args.revoke)
        print(f"revoked {count} token(s) of {args.revoke}", file=sys.stderr)
        return 0
    now = datetime.now(UTC)
    days = args.expires_days
    if args.rotate:
        if args.store is not None or args.role != "kiosk":
            raise KioskError(
                "--rotate keeps the principal's role and location",
                "leave out --store and --role (issue with --kiosk for another place or role)",
            )
        done = rotate_token(
            db,
            args.rotate,
            grace=timedelta(hours=args.grace_hours),
            expires_at=now + timedelta(days=days) if days else None,
            now=now,
        )
        print(done.token)
        print(
            f"rotated {args.rotate} ({done.role} at {done.store_id or 'the default store'}): "
            f"{done.old_tokens} older token(s) expire at {done.old_expire_at:%Y-%m-%d %H:%M} UTC"
            + (f"; the new one at {done.expires_at:%Y-%m-%d %H:%M} UTC" if done.expires_at else ""),
            file=sys.stderr,
        )
        return 0
    expires = now + timedelta(days=days) if days else default_expiry(args.role, now)
    print(issue_token(db, args.kiosk, args.store, role=args.role, expires_at=expires))
    if expires is not None:
        print(f"it expires at {expires:%Y-%m-%d %H:%M} UTC", file=sys.stderr)
    return 0
