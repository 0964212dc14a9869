// The GLSL eye, cheek and brow compositor (shaders/makeup.frag) over a camera texture.
// `u` is one uniform set (kiosk.render.makeup_gpu.makeup_uniforms, plus the view's
// uvToPixel); `source` the camera texture, `maskA`/`maskB` the regions' weights over the
// eyes and brows (lid, crease, outer, - | lashes, liner, brow, spare), `maskC` the blush's
// over the cheeks, and `glassesKeep` what the frames of
// the glasses the face wears leave (its face-space canvas), all ShaderEffectSources.
import QtQuick

ShaderEffect {
    property var u: ({})
    property var source
    property var maskA
    property var maskB
    property var maskC
    property var glassesKeep
    property real strength: u.strength ?? 0
    property real wipe: 0
    property vector4d lid: u.lid ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d crease: u.crease ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d outer: u.outer ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d liner: u.liner ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d lashes: u.lashes ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d blush: u.blush ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d brow: u.brow ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d eyeMean: u.eyeMean ?? Qt.vector4d(0, 0, 0, 1)
    property vector4d cheekMean: u.cheekMean ?? Qt.vector4d(0, 0, 0, 1)
    property vector4d browMean: u.browMean ?? Qt.vector4d(0, 0, 0, 1)
    property vector4d texGainA: u.texGainA ?? Qt.vector4d(1, 1, 1, 0.25)
    property vector4d texGainB: u.texGainB ?? Qt.vector4d(0.25, 1, 1, 0)
    property vector4d chromaA: u.chromaA ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d chromaB: u.chromaB ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d shadowSpec: u.shadowSpec ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d shadowGlint: u.shadowGlint ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d blushSpec: u.blushSpec ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d blushGlint: u.blushGlint ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d frameRow0: u.frameRow0 ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d frameRow1: u.frameRow1 ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d uvToPixel: u.uvToPixel ?? Qt.vector4d(1, 1, 0, 0)
    property vector4d glassesRow0: u.glassesRow0 ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d glassesRow1: u.glassesRow1 ?? Qt.vector4d(0, 0, 0, 0)
}
