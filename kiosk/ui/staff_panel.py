"""The staff sign-in and menu on the mirror, and the mirror's own "closed" state.

The logic is kiosk.session.staff_access (plain Python); this bridge feeds it touches, the
clock and the hub's answers, and acts on what staff choose:
  - Restart: `kiosk run` ends with StaffExit.RESTART and the service starts it again with
    a fresh session (a developer's window just quits);
  - Close: the mirror shuts its camera off and shows a closed sign until staff open it
    again. It is kept as a flag file beside the mirror's data, so a closed mirror stays
    closed through a restart or a power cut; while closed, no camera frame is read.
  - Open (on a closed mirror): the flag goes and the mirror restarts with its camera.
QML reads `stage` ("closed" | "number" | "pin" | "checking" | "menu") and `problem`
("" | "wrong" | "locked" | "offline" | "failed") and words them itself (qsTr). Nothing
about the staff member is logged; their name is shown only in the open menu.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.client.errors import StoreError
from kiosk.client.service import StoreService
from kiosk.session.staff_access import StaffAccess, StaffExit, refusal
from kiosk.storeapi.contract import StaffSession
from kiosk.ui.mailbox import Mailbox

log = logging.getLogger(__name__)
QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its staff panel; QML receives it as a property."
CLOSED_FLAG = "closed-by-staff"  # in the mirror's data folder while staff keep it closed


@QmlElement
@QmlUncreatable(UNCREATABLE)
class StaffPanel(QObject):  # type: ignore[operator]
    changed = Signal()
    signedInChanged = Signal()  # a staff member signed in or out (kiosk.app: the visit's staff)
    stylingChanged = Signal()  # the stylist's panel opens or closes with the menu's Style
    # `kiosk run` ends with this exit code (StaffExit); kiosk.app.run connects it.
    exitRequested = Signal(int)

    def __init__(
        self,
        service: StoreService,
        data_dir: Path,
        *,
        supervised: bool = False,
        access: StaffAccess | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self._service, self._flag = service, data_dir / CLOSED_FLAG
        self._supervised = supervised
        self._access = access or StaffAccess()
        self._clock, self._wall_clock = clock, wall_clock
        self._mirror_closed = self._flag.exists()
        self._may_close_window = False
        self._mail = Mailbox(self)
        self._idle = QTimer(self)
        self._idle.setInterval(1000)
        self._idle.timeout.connect(self._check_idle)

    # ---- what QML shows ------------------------------------------------------------------
    @Property(str, notify=changed)
    def stage(self) -> str:
        return self._access.stage

    @Property(bool, notify=changed)
    def open(self) -> bool:
        """The sign-in pad or the staff menu is on screen (modal)."""
        return self._access.pad_open

    @Property(bool, notify=changed)
    def signedIn(self) -> bool:
        return self._access.signed_in_now

    @Property(bool, notify=changed)
    def styling(self) -> bool:
        """The stylist's panel is open (the menu hidden, the staff member signed in)."""
        return self._access.stage == "styling"

    @property
    def staff_id(self) -> str | None:
        """The signed-in staff member's id (for the visit's records), else None."""
        return self._access.staff_id if self._access.signed_in_now else None

    @Property(str, notify=changed)
    def problem(self) -> str:
        return self._access.problem

    @Property(int, notify=changed)
    def waitMinutes(self) -> int:
        """How long a locked-out sign-in must wait, in whole minutes (at least 1)."""
        return max(1, -(-self._access.wait_s // 60))

    @Property(str, notify=changed)
    def staffId(self) -> str:
        return self._access.staff_id

    @Property(str, notify=changed)
    def staffName(self) -> str:
        return self._access.name

    @Property(bool, notify=changed)
    def mirrorClosed(self) -> bool:
        """Staff closed this mirror: the closed sign, camera off, until they open it."""
        return self._mirror_closed

    @Property(bool, constant=True)
    def supervised(self) -> bool:
        """Run by a service that starts it again (Restart), else the app just quits."""
        return self._supervised

    @property
    def mirror_closed(self) -> bool:
        return self._mirror_closed

    @Property(bool, notify=changed)
    def windowMayClose(self) -> bool:
        """Whether the window may close: only as the app shuts down (QML's onClosing)."""
        return self._may_close_window

    def allow_close(self) -> None:
        """The app is shutting down: the window may close now."""
        self._may_close_window = True
        self.changed.emit()

    # ---- staff's intents -----------------------------------------------------------------
    @Slot()
    def hold(self) -> None:
        """The hidden corner was held long enough: the staff sign-in opens."""
        styling = self._access.stage == "styling"
        if self._access.hold(self._clock()):
            if styling:
                self.stylingChanged.emit()
            else:
                log.info("staff sign-in opened on the mirror")
            self._idle.start()
            self.changed.emit()

    @Slot()
    def style(self) -> None:
        """The menu's Style: the stylist's panel opens, the staff member stays signed in."""
        if self._access.style(self._clock()):
            self.changed.emit()
            self.stylingChanged.emit()

    @Slot()
    def backToMenu(self) -> None:
        """The stylist's panel closed: the menu again."""
        if self._access.stage == "styling":
            self._access.back_to_menu(self._clock())
            self.changed.emit()
            self.stylingChanged.emit()

    @Slot(str)
    def enterNumber(self, staff_id: str) -> None:
        if self._access.enter_number(staff_id, self._clock()):
            self.changed.emit()

    @Slot()
    def back(self) -> None:
        self._access.back(self._clock())
        self.changed.emit()

    @Slot(str)
    def submit(self, pin: str) -> None:
        attempt = self._access.submit(pin, self._clock())
        if attempt is None:
            return
        self.changed.emit()
        future = self._service.open_staff_session(self._access.staff_id, pin)
        self._mail.deliver(future, lambda done: self._answered(attempt, done))

    @Slot()
    def touched(self) -> None:
        """A key pressed on the pad or menu: it stays open a while longer."""
        self._access.touch(self._clock())

    @Slot()
    def cancel(self) -> None:
        """Close the pad or menu (signs the staff member out)."""
        self._close()

    @Slot()
    def restartMirror(self) -> None:
        """Restart with a fresh session (or, with no service to start it again, quit)."""
        if not self._access.signed_in_now:
            return
        log.warning("staff asked the mirror to %s", "restart" if self._supervised else "quit")
        self._leave(StaffExit.RESTART)

    @Slot()
    def closeMirror(self) -> None:
        """Close the mirror: the flag is kept, and the restart comes up closed."""
        if not self._access.signed_in_now or self._mirror_closed:
            return
        try:
            self._flag.parent.mkdir(parents=True, exist_ok=True)
            self._flag.write_text("closed by staff\n", encoding="utf-8")
        except OSError as exc:
            log.error("could not close the mirror (%s): check its data folder", exc)
            return
        log.warning("staff closed the mirror")
        self._leave(StaffExit.CLOSED)

    @Slot()
    def openMirror(self) -> None:
        """Open a closed mirror: the flag goes, and the restart comes up with the camera."""
        if not self._access.signed_in_now or not self._mirror_closed:
            return
        self._flag.unlink(missing_ok=True)
        log.warning("staff opened the mirror")
        self._leave(StaffExit.RESTART)

    def wipe(self) -> None:
        """The shopper's session ended: a staff session on it ends too."""
        if self._access.stage != "closed":
            self._close()

    # ---- the work ------------------------------------------------------------------------
    def _answered(self, attempt: int, done: Future[StaffSession]) -> None:
        try:
            opened = done.result()
        except Exception as exc:
            if not isinstance(exc, StoreError):
                log.exception("staff sign-in failed")
            self._access.refused(attempt, refusal(exc))
            log.info("staff sign-in refused (%s)", self._access.problem or "stale")
            self.changed.emit()
            return
        now = self._clock()
        if self._access.signed_in(attempt, opened.display_name, opened.expires_at, now):
            log.info("staff signed in on the mirror")
            self.changed.emit()
            self.signedInChanged.emit()
        else:  # the pad was closed while the hub checked: that session is not wanted
            self._service.close_staff_session()

    def _check_idle(self) -> None:
        if self._access.expired(self._clock(), self._wall_clock()):
            log.info("staff sign-in closed after no touch")
            self._close()

    def _close(self) -> None:
        self._idle.stop()
        styling = self._access.stage == "styling"
        if self._access.close():
            self._service.close_staff_session()
            self.signedInChanged.emit()
        self.changed.emit()
        if styling:
            self.stylingChanged.emit()

    def _leave(self, code: StaffExit) -> None:
        self._close()
        self.exitRequested.emit(int(code))
