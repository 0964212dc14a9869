"""A guard against a reference-count bug in PySide6's `SignalInstance.emit()`.

PySide6 6.12 returns `True` from every `emit()` without taking a reference to it, so each
emit from Python takes one reference from `True` that nobody gave. The kiosk emits a
dozen signals a frame: on CPython 3.11, where `True` is reference-counted, the count falls
by hundreds a second until `True` is "deallocated" and the interpreter aborts
("Fatal Python error: bool_dealloc"), at exit after a long test run and, on a kiosk left
running, in the middle of the day.

`guard_bool_refcount()` checks whether this PySide6 has the bug (an emit on a throwaway
object, the count before and after) and, if so, gives `True` a reserve of 2**40
references: at a thousand emits a second that lasts 35 years. Extra references to `True`
cost nothing (it is never freed anyway), so the guard is safe on a PySide6 that is fixed
and on a CPython where `True` is immortal (3.12+: the check finds no loss and does
nothing). Remove it once the kiosk requires a PySide6 without the bug.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)
RESERVE = 1 << 40
_PROBE_EMITS = 64
_guarded = False


def emit_steals_true() -> bool:
    """Whether `emit()` here loses a reference to `True` (measured, not assumed)."""
    from PySide6.QtCore import QObject, Signal

    class Probe(QObject):
        ping = Signal()

    probe = Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_EMITS):
        probe.ping.emit()
    return sys.getrefcount(True) - before <= -_PROBE_EMITS // 2


def guard_bool_refcount() -> bool:
    """Top up `True`'s references once per process if this PySide6 steals them; True when
    it did (now or before)."""
    global _guarded
    if _guarded:
        return True
    if not emit_steals_true():
        return False
    _guarded = True
    refcount = ctypes.c_ssize_t.from_address(id(True))  # ob_refcnt: a PyObject's first field
    refcount.value += RESERVE
    log.warning("PySide6 %s loses a reference to True on every signal emit: guarded", _qt())
    return True


def _qt() -> str:
    import PySide6

    return PySide6.__version__
