"""`kiosk doctor`: what a store PC needs to run the mirror, each checked for real.

Each check says what it found and, when something is wrong, how to fix it; nothing
here changes the machine. The display and OpenGL are probed in a child process (a
Qt platform that cannot start aborts its process), the camera by reading one frame,
a remote hub by its health endpoint, whose Date header also tells the clock's skew.
"""

from __future__ import annotations

import email.utils
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk import paths
from kiosk.config import Settings

MIN_FREE_MB = 500  # below this the logs, outbox and photos may fill the disk
MAX_SKEW_S = 120.0  # hand-off links, tokens and reservations expire by the clock
PROBE_TIMEOUT_S = 20.0
CAMERA_TIMEOUT_S = 8.0
# The display probe: a QGuiApplication on the platform Qt would pick, then the GL renderer.
_DISPLAY_PROBE = (
    "import sys\n"
    "from PySide6.QtGui import QGuiApplication\n"
    "app = QGuiApplication(sys.argv[:1])\n"
    "from kiosk.ui.gl_probe import is_software, opengl_renderer\n"
    "name = opengl_renderer()\n"
    "print(app.platformName(), '|', name or '', '|', 'software' if is_software(name) else 'gpu')\n"
)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""

    def lines(self) -> list[str]:
        head = f"{self.name}: {'OK' if self.ok else 'PROBLEM'}: {self.detail}"
        return [head] + ([f"  fix: {self.fix}"] if self.fix and not self.ok else [])


def no_screen() -> Check | None:
    """A failed display check when there is plainly no screen (Linux, no X or Wayland
    display, no Qt platform chosen), else None. Qt itself would abort the process with
    a message about a missing xcb library, which sends people to the wrong fix."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        return Check(
            "display",
            False,
            "no screen to draw on (neither DISPLAY nor WAYLAND_DISPLAY is set)",
            "run it on the store PC's own screen (the tryon-kiosk service starts it in cage), "
            "or from a desktop session; over SSH to a PC with a screen, set DISPLAY=:0",
        )
    return None


def display() -> Check:
    """Whether Qt can open a window here, and whether OpenGL is drawn by a GPU."""
    missing = no_screen()
    if missing is not None:
        return missing
    try:
        done = subprocess.run(
            [sys.executable, "-c", _DISPLAY_PROBE],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Check(
            "display", False, "Qt did not start within 20 s", "check the screen and its driver"
        )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return Check(
            "display",
            False,
            f"Qt could not open the screen ({last})",
            "check that the screen is on and this user may use it (the 'video' and 'render' "
            "groups); `kiosk doctor` under the kiosk's own user and session tells the truth",
        )
    platform_name, renderer, kind = (p.strip() for p in done.stdout.strip().split("|"))
    if not renderer:
        return Check(
            "display",
            False,
            f"{platform_name}: no OpenGL",
            "install the GPU's OpenGL driver (Mesa)",
        )
    if kind == "software":
        return Check(
            "display",
            True,
            f"{platform_name}, OpenGL drawn by the CPU ({renderer}): the lipstick is painted on "
            "the CPU, and the compare grid and before/after are not offered",
            "install the GPU's driver for the full mirror",
        )
    return Check("display", True, f"{platform_name}, OpenGL on the GPU ({renderer})")


def camera(source: str, read_frame: Callable[[str], bool] | None = None) -> Check:
    """The configured source gives a frame (a camera) or exists (a file)."""
    if not source.startswith("camera:") and not source.startswith("/dev/video"):
        found = Path(source).expanduser().is_file()
        return Check(
            "camera",
            found,
            f"source is the file {source}" + ("" if found else ", not found"),
            "set capture.source to camera:0 or an existing video file",
        )
    reader = read_frame or _one_frame
    if reader(source):
        return Check("camera", True, f"{source} gives pictures")
    return Check(
        "camera",
        False,
        f"{source} gives no picture",
        "check the camera's cable and that no other program uses it; `v4l2-ctl "
        "--list-devices` lists the cameras, capture.source picks one (camera:N)",
    )


def _one_frame(source: str) -> bool:
    import cv2

    device = source.removeprefix("camera:")
    index: int | str = int(device) if device.isdigit() else device
    cap = cv2.VideoCapture(index)
    try:
        deadline = time.monotonic() + CAMERA_TIMEOUT_S
        while cap.isOpened() and time.monotonic() < deadline:
            ok, frame = cap.read()
            if ok and frame is not None and frame.size:
                return True
        return False
    finally:
        cap.release()


def hub_and_clock(settings: Settings) -> list[Check]:
    """A remote hub answers its health endpoint; our clock agrees with its clock."""
    url = settings.hub.url
    if not url:
        return [
            Check("hub", True, "embedded (started by the kiosk, on this PC)"),
            _clock_sanity(),
        ]
    import httpx

    try:
        answer = httpx.get(f"{url.rstrip('/')}/v1/health", timeout=5.0)
    except httpx.HTTPError as exc:
        from kiosk.client.tls import TRUST_FIX, untrusted_certificate

        why = untrusted_certificate(exc)
        failed = (
            Check("hub", False, f"{url} has a certificate this kiosk does not trust ({why})",
                  TRUST_FIX)
            if why is not None
            else Check(
                "hub", False, f"{url} does not answer ({type(exc).__name__})",
                "check the network and hub.url; on the hub machine `systemctl status tryon-hub`",
            )
        )  # fmt: skip
        return [failed, _clock_sanity()]
    hub = Check(
        "hub",
        answer.status_code == 200,
        f"{url} answers {answer.status_code}",
        "see the hub's log: `journalctl -u tryon-hub`",
    )
    date = answer.headers.get("date")
    if not date:
        return [hub, _clock_sanity()]
    skew = time.time() - email.utils.parsedate_to_datetime(date).timestamp()
    clock = Check(
        "clock",
        abs(skew) <= MAX_SKEW_S,
        f"{skew:+.0f} s from the hub's clock",
        "turn on time sync (`timedatectl set-ntp true`): links and holds expire by the clock",
    )
    return [hub, clock]


def _clock_sanity() -> Check:
    now = datetime.now(UTC)
    return Check(
        "clock",
        now.year >= 2025,
        f"{now:%Y-%m-%d %H:%M} UTC (no remote hub to compare with)",
        "set the date and turn on time sync (`timedatectl set-ntp true`)",
    )


def disk(folder: Path | None = None) -> Check:
    """Free space where the kiosk writes (data, logs, outbox)."""
    where = folder or paths.user_data_dir()
    probe = where
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    free_mb = shutil.disk_usage(probe).free / 1e6
    return Check(
        "disk",
        free_mb >= MIN_FREE_MB,
        f"{free_mb:,.0f} MB free at {where}",
        f"free at least {MIN_FREE_MB} MB (old logs, photos) or move the data folder",
    )
