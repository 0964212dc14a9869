"""The face-aware layout's bridge for QML: QML binds the fixed UI's geometry in
(`viewSize`, `shelfTop`, `fixedRects`, `cardSize`, `cardBottom`, `margin`) and places the
camera frame, the card, the panels and the compare grid from what comes out
(`frameRect`, `cardRect`, `freeArea`, `compareArea`, `cellSource`). The controller calls
`observe` with every shown frame, before the compositor maps its shader through
`frame_rect()`; the maths is `kiosk.ui.layout`.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Property, QObject, QPointF, QRectF, QSizeF, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.pipeline import FrameOutput
from kiosk.ui.layout import Layout, LayoutState, Rect, Scene, status_place

log = logging.getLogger(__name__)
QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its layout; QML receives it as a property."
# After a touch the layout keeps still this long: a button must not slide out from under a
# finger between two taps (the card and the panels follow the face).
TOUCH_HOLD_S = 2.0


def _qrect(r: Rect | None) -> QRectF:
    return QRectF() if r is None else QRectF(r.x0, r.y0, r.w, r.h)


def _rect(value: Any) -> Rect | None:
    if isinstance(value, QRectF) and value.width() > 0 and value.height() > 0:
        return Rect.of(value.x(), value.y(), value.width(), value.height())
    return None


def subject_boxes(output: FrameOutput) -> tuple[Rect | None, Rect | None, Rect | None]:
    """The first face's box, its mouth's box and the worn garment's box, frame pixels."""
    if not output.faces.faces:
        return None, None, None
    face = Rect(*output.faces.faces[0].bbox)
    mouth = None
    if output.lips:
        xy = output.lips[0].outer
        mouth = Rect(
            float(xy[:, 0].min()),
            float(xy[:, 1].min()),
            float(xy[:, 0].max()),
            float(xy[:, 1].max()),
        )
    body = Rect(*map(float, output.garment.roi)) if output.garment is not None else None
    return face, mouth, body


@QmlElement
@QmlUncreatable(UNCREATABLE)
class MirrorLayout(QObject):  # type: ignore[operator]
    inputsChanged = Signal()
    # One signal per group of outputs, sent only when that group changed: a talking head
    # moves the face every frame, and one signal for everything had QML re-evaluate ~30
    # bindings (the status line's place, five panels' areas, the frame and the card) on
    # every frame, about 5 ms of the UI thread each time on a 2-core PC.
    frameMoved = Signal()  # frameRect, cellSource
    faceMoved = Signal()  # faceRect, mouthRect, faceClear, freeArea
    cardMoved = Signal()  # cardRect
    compareMoved = Signal()  # compareArea

    def __init__(self, state: LayoutState | None = None) -> None:
        super().__init__()
        self._state = state or LayoutState()
        self._view = QSizeF()
        self._shelf_top = 0.0
        self._fixed: list[QRectF] = []
        self._card = QSizeF()
        self._card_bottom = 0.0
        self._margin = 8.0
        self._compare = False
        self._frame_size: tuple[int, int] | None = None
        self._now = 0.0
        self._boxes: tuple[Rect | None, Rect | None, Rect | None] = (None, None, None)
        self._layout: Layout | None = None
        self._held = False  # a panel is open: nothing under it may move
        self._touched_at: float | None = None
        self._resume = False
        # Input changes come in bursts (a text-size switch resizes the card, the badge and
        # the buttons one binding at a time): they are laid out once, when QML is done.
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self._relayout)

    # ---- inputs, bound from QML ---------------------------------------------------------
    def _setter(name: str) -> Any:  # type: ignore[misc]
        def set_value(self: MirrorLayout, value: Any) -> None:
            if getattr(self, name) != value:
                setattr(self, name, value)
                self.inputsChanged.emit()
                self._relayout_soon()

        return set_value

    viewSize = Property(QSizeF, lambda self: self._view, _setter("_view"), notify=inputsChanged)
    # Where the shelf band starts (it runs to the bottom of the view).
    shelfTop = Property(
        float, lambda self: self._shelf_top, _setter("_shelf_top"), notify=inputsChanged
    )
    # Items that stay put (edge buttons, badge), window coordinates.
    fixedRects = Property(
        "QVariantList",  # type: ignore[arg-type]
        lambda self: self._fixed,
        _setter("_fixed"),
        notify=inputsChanged,
    )
    cardSize = Property(QSizeF, lambda self: self._card, _setter("_card"), notify=inputsChanged)
    cardBottom = Property(
        float, lambda self: self._card_bottom, _setter("_card_bottom"), notify=inputsChanged
    )
    margin = Property(float, lambda self: self._margin, _setter("_margin"), notify=inputsChanged)
    # The 2x2 compare is up: the card takes the slot that leaves the grid most room.
    compareMode = Property(
        bool, lambda self: self._compare, _setter("_compare"), notify=inputsChanged
    )
    del _setter

    def _get_held(self) -> bool:
        return self._held

    def _set_held(self, value: bool) -> None:
        if value != self._held:
            self._held = bool(value)
            self._resume = not self._held
            self.inputsChanged.emit()

    # A panel (sign-in, consent, reservation, hand-off, photo) is open: the layout keeps
    # still until it closes, then glides on from where it stood.
    held = Property(bool, _get_held, _set_held, notify=inputsChanged)

    @Slot()
    def touched(self) -> None:
        """The shopper touched the screen: keep still for `TOUCH_HOLD_S`."""
        self._touched_at = self._now
        self._resume = True

    def holding(self, now: float) -> bool:
        """Whether the layout keeps still at `now` (a panel open, or a recent touch)."""
        if self._held:
            return True
        return self._touched_at is not None and 0.0 <= now - self._touched_at < TOUCH_HOLD_S

    # ---- outputs --------------------------------------------------------------------------
    def _out(self, field: str, empty: Any = None) -> Any:
        layout = self._layout
        return empty if layout is None else getattr(layout, field)

    @Property(QRectF, notify=frameMoved)
    def frameRect(self) -> QRectF:
        """Where the camera frame is drawn (empty: aspect-fill, centred)."""
        return _qrect(self._out("frame"))

    @Property(QRectF, notify=faceMoved)
    def faceRect(self) -> QRectF:
        """The tracked face on screen (empty: nobody)."""
        return _qrect(self._out("face"))

    @Property(QRectF, notify=faceMoved)
    def mouthRect(self) -> QRectF:
        return _qrect(self._out("mouth"))

    @Property(bool, notify=faceMoved)
    def faceClear(self) -> bool:
        """The face is clear of every item (False: too close for any layout)."""
        return bool(self._out("clear", False))

    @Property(QRectF, notify=cardMoved)
    def cardRect(self) -> QRectF:
        """Where the product card goes (centred above the shelf until the first frame)."""
        if self._layout is not None:
            return _qrect(self._layout.card)
        w, h = self._card.width(), self._card.height()
        bottom = self._card_bottom or self._view.height()
        return QRectF((self._view.width() - w) / 2, bottom - h, w, h)

    @Slot(float, float, float, result=QPointF)
    def statusPlace(self, preferred_y: float, width: float, height: float) -> QPointF:
        """The status line's top-left corner (`layout.status_place`): off the face, the
        card and the edge buttons, and above the shelf band (never over its tabs).
        QML re-reads it whenever `faceRect` changes."""
        view = Rect(0.0, 0.0, self._view.width(), self._shelf_top or self._view.height())
        layout = self._layout
        face = None if layout is None else layout.face
        taken = [r for r in (_rect(f) for f in self._fixed) if r is not None]
        if layout is not None:
            taken.append(layout.card)
        x, y = status_place(view, (width, height), preferred_y, face, taken, self._margin)
        return QPointF(x, y)

    @Property(QRectF, notify=faceMoved)
    def freeArea(self) -> QRectF:
        """Where panels open: the biggest part of the view beside the face."""
        return (
            _qrect(self._out("free"))
            if self._layout
            else QRectF(0, 0, self._view.width(), self._view.height())
        )

    @Property(QRectF, notify=compareMoved)
    def compareArea(self) -> QRectF:
        """Where the compare grid goes (clear of the shelf and the card)."""
        return (
            _qrect(self._out("compare"))
            if self._layout
            else QRectF(0, 0, self._view.width(), self._view.height())
        )

    @Property(QRectF, notify=frameMoved)
    def cellSource(self) -> QRectF:
        """The part of the mirror each compare cell shows (the face framed), in the
        mirror's coordinates; it may reach past the view where the frame overflows."""
        return _qrect(self._out("cell_source"))

    # ---- Python side ------------------------------------------------------------------------
    def layout(self) -> Layout | None:
        return self._layout

    def cell_source(self) -> QRectF:
        """For the compositor: the part of the mirror each compare cell shows."""
        return _qrect(self._layout.cell_source) if self._layout is not None else QRectF()

    def frame_rect(self) -> QRectF | None:
        """For the compositor: where the frame is drawn (None: aspect-fill, centred)."""
        return _qrect(self._layout.frame) if self._layout is not None else None

    def observe(self, output: FrameOutput, now: float) -> None:
        """A new frame is about to be shown: place it (UI thread, before the compositor)."""
        h, w = output.image.shape[:2]
        if self._layout is not None and self._frame_size == (w, h) and self.holding(now):
            return  # keep still: time stands, so the glide resumes where it stopped
        if self._resume:
            self._state.last_time = None  # no jump for the time spent holding
            self._resume = False
        self._frame_size = (w, h)
        self._now = now
        self._boxes = subject_boxes(output)
        self._relayout()

    def _scene(self) -> Scene | None:
        if self._frame_size is None or self._view.isEmpty():
            return None
        fixed = tuple(r for r in (_rect(v) for v in self._fixed) if r is not None)
        return Scene(
            self._view.width(),
            self._view.height(),
            float(self._frame_size[0]),
            float(self._frame_size[1]),
            self._shelf_top or self._view.height(),
            self._card.width(),
            self._card.height(),
            self._card_bottom,
            fixed,
            self._margin,
        )

    def _relayout_soon(self) -> None:
        if not self._pending.isActive():
            self._pending.start()

    def _relayout(self) -> None:
        self._pending.stop()
        scene = self._scene()
        if scene is None:
            return
        face, mouth, body = self._boxes
        before = self._layout
        self._layout = after = self._state.update(
            scene, face, self._now, mouth=mouth, body=body, compare=self._compare
        )
        for signal, fields in (
            (self.frameMoved, ("frame", "cell_source")),
            (self.faceMoved, ("face", "mouth", "clear", "free")),
            (self.cardMoved, ("card",)),
            (self.compareMoved, ("compare",)),
        ):
            if before is None or any(getattr(before, f) != getattr(after, f) for f in fields):
                signal.emit()
