"""How soon the mirror is back after a crash, as systemd brings it back.

Plays systemd's part for `packaging/systemd/tryon-kiosk.service`: a notify socket
($NOTIFY_SOCKET, as with Type=notify), and `Restart=always` after the unit's own
`RestartSec=`. Starts `kiosk run` on a video, waits for READY=1 (the window has drawn its
first frame, kiosk/ops/watchdog.py) and for the status "tracking a face"; then kills it
with SIGSEGV (a crash: faulthandler writes its report, nothing closes cleanly), waits
RestartSec as systemd would, starts it again, and times the crash to READY=1 and to the
first tracked face of the fresh process. cage's own start (a few tens of ms) is not in it.
Run under a display (xvfb-run here):

    xvfb-run -a -s "-screen 0 1920x2000x24" .venv/bin/python benchmarks/restart.py \\
        [--rounds 5] [--source ../shared/testdata/videos/talk_d10.mp4]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "packaging" / "systemd" / "tryon-kiosk.service"
SHARED = Path(os.environ.get("KIOSK_SHARED_DIR", ROOT.parent / "shared"))


def restart_sec(unit: Path = UNIT) -> float:
    """The unit's RestartSec= in seconds ("2", "500ms", "1s")."""
    match = re.search(r"^RestartSec=(\d+(?:\.\d+)?)(ms|s)?\s*$", unit.read_text(), re.M)
    if match is None:
        return 0.1  # systemd's default
    value = float(match.group(1))
    return value / 1000 if match.group(2) == "ms" else value


class Notifications:
    """The service manager's end of $NOTIFY_SOCKET."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "notify.sock"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(self.path))

    def wait_for(self, field: str, deadline: float) -> float | None:
        """The time `field` (e.g. READY=1) arrived, or None by the deadline."""
        while (left := deadline - time.monotonic()) > 0:
            self.sock.settimeout(left)
            try:
                message = self.sock.recv(4096).decode(errors="replace")
            except TimeoutError:
                return None
            if field in message.split("\n"):
                return time.monotonic()
        return None


def start(source: Path, notify: Notifications, data: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "NOTIFY_SOCKET": str(notify.path),
        "XDG_DATA_HOME": str(data / "data"),
        "XDG_CACHE_HOME": str(data / "cache"),
        "KIOSK_LOGGING__HEALTH_PORT": "0",
    }
    command = [sys.executable, "-m", "kiosk", "run", "--source", str(source), "--windowed"]
    return subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--source", type=Path, default=SHARED / "testdata/videos/talk_d10.mp4")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    pause = restart_sec()
    with tempfile.TemporaryDirectory() as folder:
        notify = Notifications(Path(folder))
        began = time.monotonic()
        process = start(args.source, notify, Path(folder))
        cold = notify.wait_for("READY=1", began + args.timeout)
        face = notify.wait_for("STATUS=tracking a face", began + args.timeout)
        if cold is None or face is None:
            process.kill()
            print("restart: the first start never reached READY=1 and a tracked face")
            return 1
        print(f"first start: window {cold - began:.2f} s, face tracked {face - began:.2f} s")
        to_ready, to_face = [], []
        for n in range(args.rounds):
            crashed = time.monotonic()
            process.send_signal(signal.SIGSEGV)
            process.wait(30)
            time.sleep(pause)  # Restart=always, after RestartSec
            process = start(args.source, notify, Path(folder))
            ready = notify.wait_for("READY=1", crashed + args.timeout)
            face = notify.wait_for("STATUS=tracking a face", crashed + args.timeout)
            if ready is None or face is None:
                process.kill()
                print(f"round {n + 1}: not back within {args.timeout:.0f} s")
                return 1
            to_ready.append(ready - crashed)
            to_face.append(face - crashed)
            print(
                f"round {n + 1}: crash -> window {to_ready[-1]:.2f} s, "
                f"-> face tracked {to_face[-1]:.2f} s"
            )
        process.terminate()
        process.wait(30)
    print(
        f"RestartSec {pause:g} s; crash -> window: median {statistics.median(to_ready):.2f} s, "
        f"max {max(to_ready):.2f} s; crash -> face tracked: median "
        f"{statistics.median(to_face):.2f} s, max {max(to_face):.2f} s ({args.rounds} rounds)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
