"""Cold start: from a new `kiosk run` process to the window on screen and the first face
tracked, stage by stage, over several starts.

Each round starts a fresh process on a video, as systemd starts the mirror (its notify
socket: READY=1 when the window has drawn its first frame, "tracking a face" when a face is
followed), and reads the stages the mirror logs for its own start (kiosk/ops/startup.py:
"started: 2.71 s from process start (settings 0.62, ...)"); then stops it with SIGTERM.

As installed in a store (the PyInstaller bundle, or pip), Python's modules are compiled
once; a developer's environment may forbid writing bytecode (PYTHONDONTWRITEBYTECODE) and
then recompiles every module on every start (about 0.5 s here). So the child gets a
bytecode folder of its own (PYTHONPYCACHEPREFIX), filled by a first start that is not
counted; `--no-bytecode` measures without it. The models are installed before (the
mirror's folder or KIOSK_MODEL_MIRROR). Run under a display (xvfb-run here):

    xvfb-run -a -s "-screen 0 1920x2000x24" .venv/bin/python benchmarks/cold_start.py \\
        [--rounds 5] [--source ../shared/testdata/videos/talk_d10.mp4] [--profile kiosk]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.restart import SHARED, Notifications  # noqa: E402

STAGE = re.compile(r"([a-zA-Z][a-zA-Z ,]*?) (\d+\.\d+)(?:,|\))")


def stages_logged(log: Path) -> dict[str, float] | None:
    """The stages of the last "started:" line in a kiosk.jsonl, in seconds."""
    if not log.is_file():
        return None
    found = None
    for line in log.read_text(encoding="utf-8").splitlines():
        message = json.loads(line).get("message", "")
        if message.startswith("started: "):
            found = message
    if found is None:
        return None
    head, _, rest = found.partition(" s from process start (")
    out = {"total": float(head.removeprefix("started: "))}
    out.update((name.strip(), float(value)) for name, value in STAGE.findall(rest))
    return out


def one_start(
    source: Path, profile: str, folder: Path, bytecode: Path | None, timeout: float
) -> dict[str, float]:
    """One fresh process timed from the outside (notify socket) and from its own log."""
    notify = Notifications(folder)
    env = {
        **os.environ,
        "NOTIFY_SOCKET": str(notify.path),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CACHE_HOME": str(folder / "cache"),
        "KIOSK_LOGGING__HEALTH_PORT": "0",
        "KIOSK_LOGGING__LEVEL": "INFO",
    }
    if bytecode is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    command = [sys.executable, "-m", "kiosk", "run", "--profile", profile, "--windowed"]
    command += ["--source", str(source)]
    began = time.monotonic()
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        ready = notify.wait_for("READY=1", began + timeout)
        face = notify.wait_for("STATUS=tracking a face", began + timeout)
        if ready is None or face is None:
            raise RuntimeError(f"no window and tracked face within {timeout:.0f} s")
        time.sleep(0.3)  # the log line is written just before the status is sent
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        notify.sock.close()
        notify.path.unlink(missing_ok=True)
    logged = stages_logged(folder / "cache" / "kiosk" / "logs" / "kiosk.jsonl") or {}
    (folder / "cache" / "kiosk" / "logs" / "kiosk.jsonl").unlink(missing_ok=True)
    return {"window (outside)": ready - began, "face (outside)": face - began, **logged}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--source", type=Path, default=SHARED / "testdata/videos/talk_d10.mp4")
    parser.add_argument("--profile", default="developer", choices=("developer", "kiosk"))
    parser.add_argument("--no-bytecode", action="store_true", help="recompile every start")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args()
    rows: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        bytecode = None if args.no_bytecode else folder / "bytecode"
        if bytecode is not None:
            one_start(args.source, args.profile, folder, bytecode, args.timeout)  # compiles
        for n in range(args.rounds):
            row = one_start(args.source, args.profile, folder, bytecode, args.timeout)
            rows.append(row)
            print(
                f"start {n + 1}: window {row['window (outside)']:.2f} s, face tracked "
                f"{row['face (outside)']:.2f} s (own clock {row.get('total', float('nan')):.2f} s)",
                flush=True,
            )
    names = list(dict.fromkeys(name for row in rows for name in row))
    compiled = "no bytecode cache" if args.no_bytecode else "modules compiled beforehand"
    print(f"\ncold start, {args.rounds} starts, {args.profile} profile, {compiled}:")
    for name in names:
        values = [row[name] for row in rows if name in row]
        print(
            f"  {name:<38} median {statistics.median(values):5.2f} s  "
            f"min {min(values):5.2f}  max {max(values):5.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
