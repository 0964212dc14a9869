"""One error type for every failure a person can cause or meet.

Each carries a message that names the problem and a fix that says what to do,
so the CLI and the kiosk screen can show both without a traceback.
"""

from __future__ import annotations


class KioskError(Exception):
    """A failure with a human message and a concrete fix."""

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.message}\n  fix: {self.fix}" if self.fix else self.message


class ConfigError(KioskError):
    """A setting is unknown, of the wrong type or out of range."""


class ModelError(KioskError):
    """A model file is missing, partial or does not match the manifest."""


class CaptureError(KioskError):
    """A frame source cannot be opened or read."""


class NoFaceError(KioskError):
    """An image or video held no face to try make-up on."""
