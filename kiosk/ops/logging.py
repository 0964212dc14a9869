"""Structured logs: JSON lines in a rotated file, short human lines on stderr.

Nothing personal is logged: the kiosk never puts member IDs or images in a
log record (later features pseudonymise IDs before they reach here).
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import time
from pathlib import Path

_CONFIGURED = False


class JsonLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def setup_logging(level: str, log_dir: Path | None, stderr: bool = True) -> None:
    """Configure the root logger once; a log folder that cannot be written is
    reported on stderr and the kiosk runs on without the file."""
    global _CONFIGURED
    root = logging.getLogger()
    if _CONFIGURED:
        root.setLevel(level)
        return
    root.setLevel(level)
    # httpx logs every request line at INFO: one a second from the stock poll alone.
    # Its failures reach our own loggers as typed errors, so keep only its warnings.
    if level != "DEBUG":
        logging.getLogger("httpx").setLevel(logging.WARNING)
    if stderr:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handler.setLevel(logging.WARNING if level != "DEBUG" else logging.DEBUG)
        root.addHandler(handler)
    if log_dir is not None:
        try:
            log_dir.mkdir(parents=True, exist_ok=True)
            file_handler = logging.handlers.RotatingFileHandler(
                log_dir / "kiosk.jsonl", maxBytes=5_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError as exc:
            logging.getLogger(__name__).warning("cannot write logs to %s: %s", log_dir, exc)
        else:
            file_handler.setFormatter(JsonLineFormatter())
            root.addHandler(file_handler)
    _CONFIGURED = True
