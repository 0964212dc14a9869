// The GLSL lipstick compositor (shaders/lipstick.frag) over a camera texture.
// `u` is one uniform set from the LipstickCompositor; `source` the camera
// texture and `mask` the per-pixel lip weights, both ShaderEffectSources.
import QtQuick

ShaderEffect {
    property var u: ({})
    property var source
    property var mask
    property real strength: u.strength ?? 0
    property real wipe: 0
    property vector4d lipMean: u.lipMean ?? Qt.vector4d(0, 0, 0, 1)
    property vector4d target: u.target ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d innerLab: u.innerLab ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d linerLab: u.linerLab ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d specColor: u.specColor ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d glintColor: u.glintColor ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d profile: u.profile ?? Qt.vector4d(1, 1, 0.5, 0.35)
    property vector4d shading: u.shading ?? Qt.vector4d(1, 0, 0, 0)
    property vector4d frameRow0: u.frameRow0 ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d frameRow1: u.frameRow1 ?? Qt.vector4d(0, 0, 0, 0)
    property vector4d uvToPixel: u.uvToPixel ?? Qt.vector4d(1, 1, 0, 0)
}
