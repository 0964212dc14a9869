"""Soak: the real mirror for half an hour on a looping video, its hub going away and
coming back, sampled every minute for memory, frame rate, threads and open files.

A store's mirror runs for days. What grows a little every minute (a cache without a bound,
a thread per reconnect, a socket never closed) is invisible in a test and fatal in a week.
This starts a real hub (SQLite, demo data, on loopback) and `kiosk run` on a video that
loops, wearing a shade (and a garment with --garment), pointed at that hub; then, on a
cycle, the hub is stopped cleanly, kept away for a while (the mirror sees it unreachable),
started again, later killed (SIGKILL, as a crash) and started again. Every `--every`
seconds it reads the mirror's process from /proc (resident memory, threads, open files)
and its health endpoint (the tracking frame rate, whether it reaches the hub).

At the end it prints the table and the growth from the first sample (taken after the
warm-up) to the last: memory (MB), threads and open files, against the targets of issue 20
(memory growth <= 20 MB over 30 minutes; no growth in threads or open files). Exit 1 when
a target is missed or the mirror dies. Run under a display (xvfb-run here):

    xvfb-run -a -s "-screen 0 1920x2000x24" .venv/bin/python benchmarks/soak.py \\
        [--minutes 30] [--every 60] [--hub-cycle 300] [--hub-down 60] [--garment]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hub_server import RunningHub, start_hub  # noqa: E402

SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", ROOT.parent / "shared"))
WARM_UP_S = 60.0  # models warmed, caches filled, the shade on: then the first sample
RSS_GROWTH_MB = 20.0


@dataclass
class Sample:
    minute: float
    rss_mb: float
    threads: int
    files: int
    fps: float | None
    hub: str  # "reachable", "unreachable" or "?" (health endpoint silent)
    hub_state: str  # what the soak did to the hub: "up", "stopped", "killed"


def proc_reading(pid: int) -> tuple[float, int, int]:
    """Resident memory (MB), threads and open file descriptors of a process."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.split()
    rss_mb = int(fields["VmRSS"][0]) / 1024
    threads = int(fields["Threads"][0])
    files = len(os.listdir(f"/proc/{pid}/fd"))
    return rss_mb, threads, files


def health(port: int) -> tuple[float | None, str]:
    """The mirror's tracking frame rate and whether it reaches its hub (/healthz)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            body = json.loads(answer.read())
    except urllib.error.HTTPError as degraded:  # 503: the same report, with its problems
        try:
            body = json.loads(degraded.read())
        except ValueError:
            return None, "?"
    except (OSError, ValueError):
        return None, "?"
    reachable = body.get("hub", {}).get("reachable")
    return body.get("tracking_fps"), "reachable" if reachable else "unreachable"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_mirror(
    hub: RunningHub, folder: Path, source: Path, port: int, wear: list[str]
) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env.update(
        XDG_CACHE_HOME=str(folder / "cache"),
        XDG_DATA_HOME=str(folder / "data"),
        KIOSK_MODEL_MIRROR=os.environ.get("KIOSK_MODEL_MIRROR", str(SHARED / "models")),
    )
    command = [sys.executable, "-m", "kiosk", "run", "--windowed", "--source", str(source)]
    command += ["--set", f"hub.url={hub.url}", "--set", f"hub.token={hub.token}"]
    command += ["--set", f"hub.kiosk_id={hub.kiosk_id}"]
    command += ["--set", f"logging.health_port={port}", "--set", "capture.loop=true"]
    for sku in wear:
        command += ["--wear", sku]
    log = (folder / "mirror.log").open("wb")
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)


def last_words(folder: Path) -> str:
    """What a mirror that died left: its crash report (faulthandler's stacks of every
    thread, kiosk/ops/crash.py) and the end of its output."""
    logs = folder / "cache" / "kiosk" / "logs"
    reports = sorted(logs.glob("crash-*.txt"), key=lambda p: p.stat().st_mtime)
    crash = reports[-1].read_text(errors="replace")[-6000:] if reports else "(no crash report)"
    tail = (folder / "mirror.log").read_text(errors="replace")[-3000:]
    jsonl = logs / "kiosk.jsonl"
    logged = jsonl.read_text(errors="replace")[-4000:] if jsonl.is_file() else ""
    return f"{crash}\n--- its output ---\n{tail}\n--- its log ---\n{logged}"


class HubCycle:
    """Every `cycle` seconds the hub goes away for `down` seconds: stopped cleanly one
    time, killed the next; then started again on the same port and database."""

    def __init__(self, hub: RunningHub, cycle: float, down: float) -> None:
        self.hub, self.cycle, self.down = hub, cycle, down
        self.state = "up"
        self.rounds = 0
        self.next_change = time.monotonic() + cycle

    def step(self, now: float) -> None:
        if now < self.next_change:
            return
        if self.state == "up":
            self.rounds += 1
            if self.rounds % 2:
                self.hub.stop()
                self.state = "stopped"
            else:
                self.hub.kill()
                self.state = "killed"
            self.next_change = now + self.down
        else:
            self.hub.start()
            self.state = "up"
            self.next_change = now + self.cycle - self.down


def report(samples: list[Sample], died: str | None, warm_up: float) -> int:
    print(f"\n{'min':>5} {'RSS MB':>8} {'threads':>8} {'files':>6} {'fps':>6}  hub (mirror sees)")
    for s in samples:
        fps = "-" if s.fps is None else f"{s.fps:.1f}"
        print(
            f"{s.minute:5.1f} {s.rss_mb:8.1f} {s.threads:8d} {s.files:6d} {fps:>6}  "
            f"{s.hub_state} ({s.hub})"
        )
    if died:
        print(f"\nthe mirror stopped: {died}")
        return 1
    if len(samples) < 2:
        print("\ntoo short to say anything: run for a few sample periods at least")
        return 1
    first, last = samples[0], samples[-1]
    growth = last.rss_mb - first.rss_mb
    # The last third against the first: growth that keeps on, not one settling step.
    third = max(1, len(samples) // 3)
    late = statistics.median(s.rss_mb for s in samples[-third:])
    early = statistics.median(s.rss_mb for s in samples[:third])
    threads = last.threads - first.threads
    files = last.files - first.files
    fps = [s.fps for s in samples if s.fps is not None]
    minutes = last.minute - first.minute
    print(
        f"\nover {minutes:.1f} min after a {warm_up:.0f} s warm-up: RSS {first.rss_mb:.1f} -> "
        f"{last.rss_mb:.1f} MB ({growth:+.1f}; median of the last third vs the first "
        f"{late - early:+.1f}), peak {max(s.rss_mb for s in samples):.1f} MB; threads "
        f"{first.threads} -> {last.threads} (max {max(s.threads for s in samples)}); open "
        f"files {first.files} -> {last.files} (max {max(s.files for s in samples)}); tracking "
        f"fps median {statistics.median(fps) if fps else float('nan'):.1f}"
    )
    verdicts = [
        (f"RSS growth <= {RSS_GROWTH_MB:.0f} MB", growth <= RSS_GROWTH_MB),
        ("no growth in threads", threads <= 0),
        ("no growth in open files", files <= 0),
    ]
    for name, ok in verdicts:
        print(f"  {'met ' if ok else 'MISSED'}  {name}")
    return 0 if all(ok for _, ok in verdicts) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0)
    parser.add_argument("--every", type=float, default=60.0, help="seconds between samples")
    parser.add_argument("--hub-cycle", type=float, default=300.0, help="seconds per hub cycle")
    parser.add_argument("--hub-down", type=float, default=60.0, help="seconds the hub is away")
    parser.add_argument("--source", type=Path, default=SHARED / "testdata/videos/talk_d10.mp4")
    parser.add_argument("--garment", action="store_true", help="wear a garment too (TOP-004)")
    parser.add_argument("--warm-up", type=float, default=WARM_UP_S, help="seconds before sampling")
    args = parser.parse_args()
    wear = ["LIP-001", *(["TOP-004"] if args.garment else [])]
    samples: list[Sample] = []
    died = None
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        with start_hub(folder / "hub") as hub:
            port = free_port()
            mirror = start_mirror(hub, folder, args.source, port, wear)
            cycle = HubCycle(hub, args.hub_cycle, args.hub_down)
            began = time.monotonic()
            first_sample = began + args.warm_up
            end = first_sample + args.minutes * 60
            next_sample = first_sample
            try:
                while (now := time.monotonic()) <= end + 0.5:
                    if mirror.poll() is not None:
                        kept = Path(tempfile.mkdtemp(prefix="soak-died-"))
                        shutil.copytree(folder / "cache" / "kiosk" / "logs", kept / "logs")
                        shutil.copy(folder / "mirror.log", kept)
                        died = (
                            f"exit code {mirror.returncode}; its logs kept in {kept}\n"
                            f"{last_words(folder)}"
                        )
                        break
                    cycle.step(now)
                    if now >= next_sample:
                        rss, threads, files = proc_reading(mirror.pid)
                        fps, seen = health(port)
                        minute = (now - first_sample) / 60
                        samples.append(Sample(minute, rss, threads, files, fps, seen, cycle.state))
                        print(
                            f"{minute:5.1f} min: RSS {rss:.1f} MB, {threads} threads, "
                            f"{files} files, {fps} fps, hub {cycle.state} ({seen})",
                            flush=True,
                        )
                        next_sample += args.every
                    time.sleep(0.5)
            finally:
                if mirror.poll() is None:
                    mirror.terminate()
                    try:
                        mirror.wait(30)
                    except subprocess.TimeoutExpired:
                        mirror.kill()
                if cycle.state != "up":
                    cycle.hub.start()  # so the context manager stops a running hub
    return report(samples, died, args.warm_up)


if __name__ == "__main__":
    sys.exit(main())
