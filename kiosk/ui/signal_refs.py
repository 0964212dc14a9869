"""A guard against reference-count bugs in PySide6: `emit()` loses a reference to `True`,
and every call of a C++ method that returns nothing (void) loses one to `None`.

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

`None` goes the same way through every void call (`QTimer.stop()`, `setInterval()`,
`processEvents()`, ... one reference each, two for processEvents): a soak of the real mirror
(benchmarks/soak.py) died after about ten minutes with "Fatal Python error: none_dealloc:
deallocating None" (gdb's stack: a Python thread clearing a frame). `None` gets the same
reserve when this PySide6 is found to lose it.
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


def void_call_steals_none() -> bool:
    """Whether a call of a void C++ method here loses a reference to `None` (measured)."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_EMITS):
        probe.setObjectName("probe")
    return sys.getrefcount(None) - before <= -_PROBE_EMITS // 2


def _top_up(singleton: object) -> None:
    refcount = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt: the first field
    refcount.value += RESERVE


def guard_bool_refcount() -> bool:
    """Top up `True`'s (and `None`'s) references once per process if this PySide6 steals
    them; True when it did (now or before)."""
    global _guarded
    if _guarded:
        return True
    steals_true, steals_none = emit_steals_true(), void_call_steals_none()
    if not (steals_true or steals_none):
        return False
    _guarded = True
    if steals_true:
        _top_up(True)
        log.warning("PySide6 %s loses a reference to True on every signal emit: guarded", _qt())
    if steals_none:
        _top_up(None)
        log.warning("PySide6 %s loses a reference to None on every void call: guarded", _qt())
    return True


def _qt() -> str:
    import PySide6

    return PySide6.__version__
