"""What the status line on the mirror says, from camera state, errors and presence.

The screen stays calm: a camera problem says the mirror will be back in a moment, never
a traceback; a developer without a camera is told how to pass a file instead. Shopper
words come from the wording catalogue (translated); the developer-mode hints are for the
engineer at the desk and stay English.
"""

from __future__ import annotations

from kiosk.session.presence import Presence
from kiosk.session.wording import Wording

NO_CAMERA_HINT = "No camera? Start with a video or photo: kiosk run --source path/to/video.mp4"


class StatusBoard:
    """Combines inputs by priority: camera problems, then errors, then presence."""

    def __init__(self, developer_mode: bool, words: Wording | None = None) -> None:
        self.developer_mode = developer_mode
        self._words = words or Wording()
        self._capture_state = "starting"
        self._capture_message = ""
        self._ever_ran = False
        self._error = ""
        self._presence = Presence.IDLE
        self.text, self.hint, self.kind = self._compose()

    def set_capture(self, state: str, message: str) -> bool:
        self._capture_state, self._capture_message = state, message
        if state == "running":
            self._ever_ran = True
        return self._refresh()

    @property
    def words(self) -> Wording:
        return self._words

    def set_words(self, words: Wording) -> bool:
        """Say it in another language; True when the line changed."""
        self._words = words
        return self._refresh()

    def set_error(self, message: str) -> bool:
        self._error = message
        return self._refresh()

    def set_presence(self, presence: Presence) -> bool:
        """A processed frame arrived: the pipeline works, so any error is over."""
        self._presence, self._error = presence, ""
        if self._capture_state in ("starting", "reconnecting"):
            self._capture_state = "running"
            self._ever_ran = True
        return self._refresh()

    def _refresh(self) -> bool:
        new = self._compose()
        changed = new != (self.text, self.hint, self.kind)
        self.text, self.hint, self.kind = new
        return changed

    def _compose(self) -> tuple[str, str, str]:
        state, message, say = self._capture_state, self._capture_message, self._words.text
        dev_hint = message if self.developer_mode else ""
        if state == "reconnecting":
            if self.developer_mode and not self._ever_ran:
                return "No camera found", f"{message}\n{NO_CAMERA_HINT}".strip(), "camera"
            return say("status.camera_back_soon"), dev_hint, "camera"
        if state == "starting":
            return say("status.starting"), dev_hint, "camera"
        if state == "ended":
            if self.developer_mode:
                return "Video ended", "Restart, or set capture.loop = true", "camera"
            return say("status.camera_back_soon"), "", "camera"
        if self._error:
            return say("status.one_moment"), self._error if self.developer_mode else "", "error"
        if self._presence is Presence.IDLE:
            return say("status.step_closer"), "", "idle"
        if self._presence is Presence.ARRIVING:
            return say("status.hello"), "", "idle"
        return "", "", "ok"
