"""Run a command the way systemd would run it for one of the package's services, where no
systemd runs (packaging/deb/smoke.sh, inside the chroot it installed the package into).

    python3 unit_run.py exec UNIT [-- CMD ARG...]     CMD (default: the unit's ExecStart)
    python3 unit_run.py probe UNIT URL                ExecStart, until URL answers 200
    python3 unit_run.py notify UNIT [NAME=VALUE...]   ExecStart, until READY=1 and WATCHDOG=1

What it takes from the unit's [Service]: User=, Group=, SupplementaryGroups= (those that
exist), Environment= and EnvironmentFile= (read in that order, later wins, as systemd
does), StateDirectory=/CacheDirectory=/LogsDirectory= (made and chowned to the user with
their *Mode=, as at start), PAMName= (pam_systemd's /run/user/UID as XDG_RUNTIME_DIR),
UMask=, and ExecStart= with systemd's expansion: `${NAME}` is the value as one word, a lone
`$NAME` is split on whitespace (empty: no word at all). Everything else (sandboxing, the
TTY, restart) is systemd's own and not imitated.

`probe` starts ExecStart, waits for URL (`${NAME}` expanded from the unit's environment)
to answer, says which user the process runs as, then stops it with SIGTERM, as `systemctl
stop` does, and fails unless it ends cleanly within TimeoutStopSec=. `notify` is for a
Type=notify unit: it listens on a $NOTIFY_SOCKET of its own (and sets $WATCHDOG_USEC from
WatchdogSec=), starts ExecStart (NAME=VALUE added to its environment last) and fails
unless READY=1 comes within TimeoutStartSec= and then WATCHDOG=1 within WatchdogSec=;
then SIGTERM to the whole process group (KillMode=control-group), as `systemctl stop`.

Standard library only: it runs with the chroot's own python3, before or without the venv.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

UNITS = Path("/lib/systemd/system")
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"  # systemd's default
# A service that ends by one of these signals stopped cleanly, to systemd (SuccessExitStatus=).
CLEAN = {0, -signal.SIGHUP, -signal.SIGINT, -signal.SIGTERM, -signal.SIGPIPE}
VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
LONE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def service(unit: Path) -> list[tuple[str, str]]:
    """The [Service] section's (key, value) lines in order (a key may repeat)."""
    found, section = [], ""
    for raw in unit.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "Service":
            key, _, value = line.partition("=")
            found.append((key.strip(), value.strip()))
    return found


def last(lines: list[tuple[str, str]], key: str, default: str = "") -> str:
    values = [v for k, v in lines if k == key]
    return values[-1] if values else default


def environment_file(path: Path) -> dict[str, str]:
    env = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        key, _, value = line.partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        env[key.strip()] = value
    return env


def unit_environment(lines: list[tuple[str, str]], user: pwd.struct_passwd) -> dict[str, str]:
    env = {
        "PATH": PATH,
        "LANG": "C.UTF-8",
        "HOME": user.pw_dir,
        "USER": user.pw_name,
        "LOGNAME": user.pw_name,
        "SHELL": user.pw_shell,
    }
    for key, value in lines:
        if key == "Environment":
            for word in shlex.split(value):
                name, _, val = word.partition("=")
                env[name] = val
    for key, value in lines:  # EnvironmentFile= wins over Environment=, whatever the order
        if key == "EnvironmentFile":
            path = Path(value.removeprefix("-"))
            if path.exists() or not value.startswith("-"):
                env.update(environment_file(path))
    return env


def expand(command: str, env: dict[str, str]) -> list[str]:
    """ExecStart= as systemd splits and expands it (no specifiers: the units here use
    none but %i, which only the template has)."""
    argv = []
    for word in shlex.split(command):
        lone = LONE.fullmatch(word)
        if lone:
            argv.extend(env.get(lone[1], "").split())
        else:
            argv.append(VAR.sub(lambda m: env.get(m[1], ""), word))
    return argv


def prepare(unit_name: str) -> tuple[list[str], dict[str, str], Callable[[], None], int]:
    """(ExecStart's argv, environment, a preexec function dropping to the user, stop timeout)."""
    lines = service(UNITS / unit_name)
    user = pwd.getpwnam(last(lines, "User", "root"))
    group = grp.getgrnam(last(lines, "Group", "") or user.pw_name)
    env = unit_environment(lines, user)
    for key, base in (("State", "/var/lib"), ("Cache", "/var/cache"), ("Logs", "/var/log")):
        for name in last(lines, f"{key}Directory").split():
            folder = Path(base, name)
            mode = int(last(lines, f"{key}DirectoryMode", "0755"), 8)
            if not folder.exists():
                folder.mkdir(parents=True, mode=mode)
                folder.chmod(mode)
            os.chown(folder, user.pw_uid, group.gr_gid)
            env[f"{key.upper()}_DIRECTORY"] = str(folder)
    extra = []
    for name in last(lines, "SupplementaryGroups").split():
        try:
            extra.append(grp.getgrnam(name).gr_gid)
        except KeyError:
            print(f"unit_run: group {name} does not exist here; left out", file=sys.stderr)
    if last(lines, "PAMName"):  # pam_systemd: the user's runtime folder, made by logind
        runtime = Path(f"/run/user/{user.pw_uid}")
        runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chown(runtime, user.pw_uid, user.pw_gid)
        env["XDG_RUNTIME_DIR"] = str(runtime)
    umask = int(last(lines, "UMask", "0022"), 8)

    def drop() -> None:
        os.setsid()  # a process group of its own: stopped as a whole, as systemd's cgroup
        os.setgroups(extra)
        os.setgid(group.gr_gid)
        os.setuid(user.pw_uid)
        os.umask(umask)
        os.chdir(last(lines, "WorkingDirectory", "/"))

    stop_s = seconds(last(lines, "TimeoutStopSec", "90s"))
    return expand(last(lines, "ExecStart"), env), env, drop, stop_s


def seconds(value: str) -> int:
    return int(value.removesuffix("s"))


def run_exec(unit_name: str, command: list[str]) -> int:
    argv, env, drop, _ = prepare(unit_name)
    return subprocess.run(command or argv, env=env, preexec_fn=drop, check=False).returncode


def probe(unit_name: str, url: str, wait_s: float = 60) -> int:
    argv, env, drop, stop_s = prepare(unit_name)
    url = VAR.sub(lambda m: env.get(m[1], ""), url)
    print(f"unit_run: {unit_name}: {shlex.join(argv)}", flush=True)
    proc = subprocess.Popen(argv, env=env, preexec_fn=drop)
    ok, answer, deadline = False, "no answer", time.monotonic() + wait_s
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as reply:
                    answer = f"{reply.status} {reply.read(300).decode(errors='replace')}"
                    ok = reply.status == 200
                    break
            except OSError as exc:
                answer = str(exc)
                time.sleep(0.5)
        status = Path(f"/proc/{proc.pid}/status").read_text() if proc.poll() is None else ""
        uid = re.search(r"^Uid:\s+(\d+)", status, re.M)
        runs_as = pwd.getpwuid(int(uid[1])).pw_name if uid else "(not running)"
        print(f"unit_run: GET {url}: {answer}", flush=True)
        print(f"unit_run: the process runs as {runs_as}", flush=True)
        ok = ok and runs_as == last(service(UNITS / unit_name), "User", "root")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(timeout=stop_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
            print(f"unit_run: did not stop within {stop_s} s of SIGTERM", flush=True)
            ok = False
    print(f"unit_run: stopped by SIGTERM, exit code {code}", flush=True)
    return 0 if ok and code in CLEAN else 1


def notify(unit_name: str, extra: list[str]) -> int:
    argv, env, drop, stop_s = prepare(unit_name)
    lines = service(UNITS / unit_name)
    start_s = seconds(last(lines, "TimeoutStartSec", "90s"))
    watchdog_s = seconds(last(lines, "WatchdogSec", "0"))
    path = Path("/run/unit_run-notify")
    path.unlink(missing_ok=True)
    heard: list[str] = []
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(str(path))
        path.chmod(0o777)  # as systemd's own /run/systemd/notify: any user may speak
        env["NOTIFY_SOCKET"] = str(path)
        if watchdog_s:
            env["WATCHDOG_USEC"] = str(watchdog_s * 1_000_000)
        for item in extra:
            name, _, value = item.partition("=")
            env[name] = value
        print(f"unit_run: {unit_name}: {shlex.join(argv)}", flush=True)
        started = time.monotonic()
        proc = subprocess.Popen(argv, env=env, preexec_fn=drop)

        def wait_for(field: str, within_s: float) -> float | None:
            deadline = time.monotonic() + within_s
            while proc.poll() is None and time.monotonic() < deadline:
                sock.settimeout(max(0.1, min(1.0, deadline - time.monotonic())))
                try:
                    message = sock.recv(4096).decode(errors="replace").split("\n")
                except TimeoutError:
                    continue
                heard.extend(message)
                if field in message:
                    return time.monotonic() - started
            return None

        try:
            ready = wait_for("READY=1", start_s)
            print(f"unit_run: READY=1 after {ready:.1f} s" if ready else "unit_run: no READY=1")
            ping = wait_for("WATCHDOG=1", watchdog_s) if ready and watchdog_s else None
            print(f"unit_run: WATCHDOG=1 after {ping:.1f} s" if ping else "unit_run: no WATCHDOG=1")
        finally:
            if proc.poll() is None:  # KillMode=: the whole group, or (mixed) the main process
                if last(lines, "KillMode", "control-group") == "control-group":
                    os.killpg(proc.pid, signal.SIGTERM)
                else:
                    proc.send_signal(signal.SIGTERM)
            try:
                code = proc.wait(timeout=stop_s)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                code = proc.wait()
                print(f"unit_run: did not stop within {stop_s} s of SIGTERM", flush=True)
            path.unlink(missing_ok=True)
    print(f"unit_run: stopped by SIGTERM, exit code {code}; heard {sorted(set(heard) - {''})}")
    return 0 if ready and (ping or not watchdog_s) else 1


def main(args: list[str]) -> int:
    if len(args) >= 2 and args[0] == "exec":
        rest = args[2:]
        return run_exec(args[1], rest[1:] if rest[:1] == ["--"] else rest)
    if len(args) == 3 and args[0] == "probe":
        return probe(args[1], args[2])
    if len(args) >= 2 and args[0] == "notify" and all("=" in a for a in args[2:]):
        return notify(args[1], args[2:])
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
