"""The GPU lipstick compositor's bridge: the shader, its uniforms and the mask.

QML's ShaderEffect (shaders/lipstick.frag) reads everything from here; the
values come from `kiosk.render.gpu`, computed in the vision worker from the
same LipLayer the NumPy reference composites, so both paint the same colour.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, QRectF, QSize, Signal, Slot
from PySide6.QtGui import QImage, QVector4D
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.render.gpu import BARE
from kiosk.ui.frame_item import FrameItem
from kiosk.ui.worker import Processed

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its compositor; QML receives it as a property."
COMPARE_CELLS = 4


@QmlElement
@QmlUncreatable(UNCREATABLE)
class LipstickCompositor(QObject):  # type: ignore[operator]
    maskReady = Signal(QImage)
    garmentReady = Signal(QImage, QRectF, QSize)  # a null image: no garment on
    compareMaskReady = Signal(int, QImage)
    uniformsChanged = Signal()
    wipeChanged = Signal()

    def __init__(self, shader_url: str) -> None:
        super().__init__()
        self._shader = shader_url  # "" = the CPU composites (no usable GPU path)
        self._uniforms: dict[str, Any] = _qml_values(BARE)
        self._compare: list[dict[str, Any]] = [_qml_values(BARE) for _ in range(COMPARE_CELLS)]
        self._wipe = 0.0
        self._view: FrameItem | None = None
        self.last: Processed | None = None  # what is on screen now (raw frame + layer)

    def attach(self, view: FrameItem | None) -> None:
        """The item the frame is shown in (maps shader uv to frame pixels); None on close."""
        self._view = view

    @Property(bool, constant=True)
    def enabled(self) -> bool:
        return bool(self._shader)

    @Property(str, constant=True)
    def shader(self) -> str:
        return self._shader

    @Property("QVariantMap", notify=uniformsChanged)  # type: ignore[arg-type]
    def uniforms(self) -> dict[str, Any]:
        return self._uniforms

    @Property("QVariantList", notify=uniformsChanged)  # type: ignore[arg-type]
    def compareUniforms(self) -> list[dict[str, Any]]:
        """One uniform set per compare cell (bare where no look is chosen)."""
        return self._compare

    @Property(float, notify=wipeChanged)
    def wipe(self) -> float:
        return self._wipe

    @Slot(float)
    def setWipe(self, value: float) -> None:
        """Before/after: the bare mirror shows left of `value` (0..1 of the width)."""
        value = min(max(float(value), 0.0), 1.0)
        if value != self._wipe:
            self._wipe = value
            self.wipeChanged.emit()

    def present(self, processed: Processed) -> None:
        """Called on the UI thread with each result, before its frame is shown."""
        if not self.enabled or processed.mask is None:
            return
        self.last = processed
        h, w = processed.output.image.shape[:2]
        uv = self._uv_to_pixel(w, h)
        self._uniforms = _qml_values({**processed.uniforms, "uvToPixel": uv})
        self.maskReady.emit(processed.mask)
        placed = processed.output.garment
        if placed is not None and not processed.garment.isNull():
            x0, y0, x1, y1 = placed.roi
            self.garmentReady.emit(processed.garment, QRectF(x0, y0, x1 - x0, y1 - y0), QSize(w, h))
        else:
            self.garmentReady.emit(QImage(), QRectF(), QSize(w, h))
        cells = list(zip(processed.compare_masks, processed.compare_uniforms, strict=True))
        self._compare = []
        for i in range(COMPARE_CELLS):
            if i < len(cells):
                self.compareMaskReady.emit(i, cells[i][0])
                self._compare.append(_qml_values({**cells[i][1], "uvToPixel": uv}))
            else:
                self._compare.append(_qml_values(BARE))
        self.uniformsChanged.emit()

    def _uv_to_pixel(self, frame_w: int, frame_h: int) -> tuple[float, float, float, float]:
        if self._view is None or self._view.width() <= 0:
            return (float(frame_w), float(frame_h), 0.0, 0.0)
        rect: QRectF = self._view.fill_rect(frame_w, frame_h)
        sx, sy = frame_w / rect.width(), frame_h / rect.height()
        return (
            self._view.width() * sx,
            self._view.height() * sy,
            -rect.x() * sx,
            -rect.y() * sy,
        )


def _qml_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: QVector4D(*v) if isinstance(v, tuple) else v for k, v in values.items()}
