"""The GPU lipstick compositor's bridge: the shader, its uniforms and the textures.

QML's ShaderEffect (shaders/lipstick.frag) reads everything from here; the values come
from `kiosk.render.gpu`, computed in the vision worker from the same LipLayer the NumPy
reference composites, so both paint the same colour. The lip masks and the garment layer
are image sources over their boxes of the frame that LayerItems in QML bind to
(`source: root.compositor.lipMask`);
QML binds the mirror's size to `viewSize` so the shader's uv maps onto frame pixels;
where the frame is drawn (and the part each compare cell shows) comes from the face-aware
layout (`kiosk.ui.layout_bridge.MirrorLayout`) when there is one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, QRectF, QSize, QSizeF, Signal, Slot
from PySide6.QtGui import QImage, QTransform, QVector4D
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.render.gpu import BARE
from kiosk.render.makeup_gpu import BARE as MAKEUP_BARE
from kiosk.ui.frame_item import fill_rect
from kiosk.ui.image_source import ImageSource, LayerSource, PartSource, motion_transform
from kiosk.ui.layout_bridge import MirrorLayout
from kiosk.ui.worker import MakeupMasks, Processed
from kiosk.vision.glasses import CANVAS_SIZE

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its compositor; QML receives it as a property."
COMPARE_CELLS = 4
# Kept make-up units shown per mask texture: each side's lash line and shadows (first),
# its lash line's lashes and its brow (second), with room to spare.
PART_SLOTS = 8


@QmlElement
@QmlUncreatable(UNCREATABLE)
class LipstickCompositor(QObject):  # type: ignore[operator]
    uniformsChanged = Signal()
    wipeChanged = Signal()
    viewSizeChanged = Signal()

    def __init__(
        self, shader_url: str, layout: MirrorLayout | None = None, makeup_shader_url: str = ""
    ) -> None:
        super().__init__()
        self._layout = layout
        self._shader = shader_url  # "" = the CPU composites (no usable GPU path)
        self._makeup_shader = makeup_shader_url  # eyes, cheeks and brows ("" with no GPU path)
        self._makeup_uniforms: dict[str, Any] = _qml_values(MAKEUP_BARE)
        self._makeup = (LayerSource(self), LayerSource(self), LayerSource(self))
        # ... the kept units the GPU moves itself, in place of the first two
        self._parts = (
            [PartSource(self) for _ in range(PART_SLOTS)],
            [PartSource(self) for _ in range(PART_SLOTS)],
        )
        self._compare_makeup_uniforms = [_qml_values(MAKEUP_BARE) for _ in range(COMPARE_CELLS)]
        self._compare_makeup = [
            (LayerSource(self), LayerSource(self), LayerSource(self)) for _ in range(COMPARE_CELLS)
        ]
        self._uniforms: dict[str, Any] = _qml_values(BARE)
        self._compare: list[dict[str, Any]] = [_qml_values(BARE) for _ in range(COMPARE_CELLS)]
        self._wipe = 0.0
        self._view = QSizeF()
        self._lip_mask = LayerSource(self)
        self._compare_masks = [LayerSource(self) for _ in range(COMPARE_CELLS)]
        self._garment = LayerSource(self)
        self._glasses = ImageSource(self)  # one face, one gate: shared by every cell
        self.last: Processed | None = None  # what is on screen now (raw frame + layer)

    @Property(bool, constant=True)
    def enabled(self) -> bool:
        return bool(self._shader)

    @Property(str, constant=True)
    def shader(self) -> str:
        return self._shader

    @Property(QObject, constant=True)
    def lipMask(self) -> LayerSource:
        """The per-pixel lip weights of the worn look over the lip box, for the shader's
        mask item."""
        return self._lip_mask

    @Property("QVariantList", constant=True)  # type: ignore[arg-type]
    def compareMasks(self) -> list[LayerSource]:
        """One lip-weight source per compare cell, indexed like `compareUniforms`."""
        return list(self._compare_masks)

    @Property(str, constant=True)
    def makeupShader(self) -> str:
        return self._makeup_shader

    @Property(QObject, constant=True)
    def makeupMaskA(self) -> LayerSource:
        """The worn eye products' weights (lid, crease, outer corner) over the face."""
        return self._makeup[0]

    @Property(QObject, constant=True)
    def makeupMaskB(self) -> LayerSource:
        """The lashes', liner's and brow's weights over the face."""
        return self._makeup[1]

    @Property(list, constant=True)
    def makeupPartsA(self) -> list[PartSource]:
        """The kept units over `makeupMaskA`'s channels, each moved by the scene graph
        (unused slots show nothing); drawn over `makeupMaskA`, in order."""
        return self._parts[0]

    @Property(list, constant=True)
    def makeupPartsB(self) -> list[PartSource]:
        """The kept units over `makeupMaskB`'s channels, as `makeupPartsA`."""
        return self._parts[1]

    @Property(QObject, constant=True)
    def makeupMaskC(self) -> LayerSource:
        """The blush's weights over the cheeks."""
        return self._makeup[2]

    @Property(QObject, constant=True)
    def makeupGlasses(self) -> ImageSource:
        """What the frames of the glasses the face wears leave of its make-up, over the
        face-space canvas (the makeup shader samples it; null: no glasses)."""
        return self._glasses

    @Property(QSize, constant=True)
    def glassesCanvas(self) -> QSize:
        """The canvas's size in pixels: the item showing `makeupGlasses` is this size."""
        return QSize(*CANVAS_SIZE)

    @Property("QVariantMap", notify=uniformsChanged)  # type: ignore[arg-type]
    def makeupUniforms(self) -> dict[str, Any]:
        return self._makeup_uniforms

    @Property(bool, notify=uniformsChanged)
    def makeupOn(self) -> bool:
        """Whether anything is on the eyes, cheeks or brows (the makeup pass runs only then)."""
        return bool(self._makeup_shader) and float(self._makeup_uniforms.get("strength", 0)) > 0

    @Property("QVariantList", constant=True)  # type: ignore[arg-type]
    def compareMakeupA(self) -> list[LayerSource]:
        return [pair[0] for pair in self._compare_makeup]

    @Property("QVariantList", constant=True)  # type: ignore[arg-type]
    def compareMakeupB(self) -> list[LayerSource]:
        return [pair[1] for pair in self._compare_makeup]

    @Property("QVariantList", constant=True)  # type: ignore[arg-type]
    def compareMakeupC(self) -> list[LayerSource]:
        return [sources[2] for sources in self._compare_makeup]

    @Property("QVariantList", notify=uniformsChanged)  # type: ignore[arg-type]
    def compareMakeupUniforms(self) -> list[dict[str, Any]]:
        return self._compare_makeup_uniforms

    @Property(QObject, constant=True)
    def garmentLayer(self) -> LayerSource:
        """The worn garment over its box of the frame (null image: none worn)."""
        return self._garment

    def _get_view_size(self) -> QSizeF:
        return self._view

    def _set_view_size(self, size: QSizeF) -> None:
        if size != self._view:
            self._view = QSizeF(size)
            self.viewSizeChanged.emit()

    # The mirror's size on screen, bound from QML: the shader's uv maps through it.
    viewSize = Property(QSizeF, _get_view_size, _set_view_size, notify=viewSizeChanged)

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
        cell_uv = self._cell_uv_to_pixel(w, h, uv)
        self._uniforms = _qml_values({**processed.uniforms, "uvToPixel": uv})
        frame = QSize(w, h)
        _place(self._lip_mask, processed.mask.image, processed.mask.roi, frame)
        placed = processed.output.garment
        garment = processed.garment if placed is not None else QImage()
        _place(self._garment, garment, placed.roi if placed is not None else NOWHERE, frame)
        self._makeup_uniforms = _place_makeup(processed.makeup, self._makeup, uv, w, h)
        _place_parts(processed.makeup, self._parts, frame)
        worn = [m for m in (processed.makeup, *processed.compare_makeup) if m is not None]
        gate = worn[0].glasses if worn else QImage()
        if gate.cacheKey() != self._glasses.image().cacheKey():  # a new gate: upload it once
            self._glasses.set_image(gate)
        self._compare_makeup_uniforms = [
            _place_makeup(
                processed.compare_makeup[i] if i < len(processed.compare_makeup) else None,
                self._compare_makeup[i],
                cell_uv,
                w,
                h,
            )
            for i in range(COMPARE_CELLS)
        ]
        cells = list(zip(processed.compare_masks, processed.compare_uniforms, strict=True))
        self._compare = []
        for i in range(COMPARE_CELLS):
            if i < len(cells):
                _place(self._compare_masks[i], cells[i][0].image, cells[i][0].roi, frame)
                self._compare.append(_qml_values({**cells[i][1], "uvToPixel": cell_uv}))
            else:
                self._compare.append(_qml_values(BARE))
        self.uniformsChanged.emit()

    def _frame_rect(self, frame_w: int, frame_h: int) -> QRectF:
        """Where the frame is drawn in the mirror (the layout's placement, else fill)."""
        placed = self._layout.frame_rect() if self._layout is not None else None
        if placed is not None and not placed.isEmpty():
            return placed
        return fill_rect(self._view.width(), self._view.height(), frame_w, frame_h)

    def _uv_to_pixel(self, frame_w: int, frame_h: int) -> tuple[float, float, float, float]:
        view_w, view_h = self._view.width(), self._view.height()
        if view_w <= 0 or view_h <= 0:
            return (float(frame_w), float(frame_h), 0.0, 0.0)
        return _uv_map(QRectF(0, 0, view_w, view_h), self._frame_rect(frame_w, frame_h), frame_w)

    def _cell_uv_to_pixel(
        self, frame_w: int, frame_h: int, whole: tuple[float, float, float, float]
    ) -> tuple[float, float, float, float]:
        """A compare cell's uv runs over the layout's `cellSource` (the face framed)."""
        source = self._layout.cell_source() if self._layout is not None else QRectF()
        if source.isEmpty() or self._view.isEmpty():
            return whole
        return _uv_map(source, self._frame_rect(frame_w, frame_h), frame_w)


def _uv_map(shown: QRectF, frame: QRectF, frame_w: int) -> tuple[float, float, float, float]:
    """uvToPixel for a quad showing `shown` (mirror coordinates) of a frame drawn at
    `frame`: frame pixel = uv * xy + zw."""
    k = frame_w / frame.width()
    return (
        shown.width() * k,
        shown.height() * k,
        (shown.x() - frame.x()) * k,
        (shown.y() - frame.y()) * k,
    )


NOWHERE = (0, 0, 0, 0)


def _place(
    source: LayerSource, image: QImage, roi: tuple[int, int, int, int], frame: QSize
) -> None:
    """Show `image` over its box `roi` (x0, y0, x1, y1) of a frame of size `frame`; a null
    image clears the layer, once (a cleared layer is not uploaded again every frame)."""
    if image.isNull():
        if not source.image().isNull():
            source.set_layer(QImage(), QRectF(), frame)
        return
    x0, y0, x1, y1 = roi
    source.set_layer(image, QRectF(x0, y0, x1 - x0, y1 - y0), frame)


def _place_makeup(
    masks: MakeupMasks | None,
    sources: tuple[LayerSource, LayerSource, LayerSource],
    uv: tuple[float, float, float, float],
    frame_w: int,
    frame_h: int,
) -> dict[str, Any]:
    """Put one face's makeup weights over their boxes of the frame; its uniforms for QML.
    No makeup: the layers are cleared once and the shader's strength is 0."""
    frame = QSize(frame_w, frame_h)
    if masks is None:
        for source in sources:
            _place(source, QImage(), NOWHERE, frame)
        return _qml_values(MAKEUP_BARE)
    placed = ((masks.first, masks.roi), (masks.second, masks.roi), (masks.cheeks, masks.cheeks_roi))
    for source, (image, roi) in zip(sources, placed, strict=True):
        _place(source, image, roi, frame)
    return _qml_values({**masks.uniforms, "uvToPixel": uv})


def _place_parts(
    masks: MakeupMasks | None, slots: tuple[list[PartSource], list[PartSource]], frame: QSize
) -> None:
    """Show the kept units over their boxes, each moved as its motion says; the slots
    left over are cleared (once)."""
    groups = (masks.parts_a, masks.parts_b) if masks is not None else ((), ())
    for shown, group in zip(slots, groups, strict=True):
        for i, slot in enumerate(shown):
            if i < len(group):
                image, (x0, y0, x1, y1), m = group[i]
                roi = QRectF(x0, y0, x1 - x0, y1 - y0)
                slot.set_part(image, roi, frame, motion_transform(m))
            elif not slot.image().isNull():
                slot.set_part(QImage(), QRectF(), frame, QTransform())


def _qml_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: QVector4D(*v) if isinstance(v, tuple) else v for k, v in values.items()}
