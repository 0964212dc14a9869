// One cell of the compare grid: the face framed (the layout's `cellSource` of the
// mirror) with one look on it (a shade, eye, cheek or brow products, the garment too), and
// what differs between the cells by name.
import QtQuick
import Kiosk

Item {
    id: cell
    required property int index
    required property KioskController controller
    required property LipstickCompositor compositor
    required property MirrorLayout layout
    required property var texture  // the framed face, cut from the camera item
    required property size mirrorSize
    property real unit: 8
    readonly property string shadeName: controller.compareNames[index] ?? ""
    readonly property rect source: layout.cellSource
    readonly property real zoom: source.width > 0 ? width / source.width : 1

    clip: true
    Accessible.role: Accessible.Pane
    Accessible.name: shadeName !== "" ? shadeName : label.text

    // This cell's lip weights, drawn like the camera frame (the mirror's size and
    // placement) and cut to the same part, so they line up with the face.
    LayerItem {
        id: cellMask
        objectName: "compareMask" + cell.index
        width: cell.mirrorSize.width
        height: cell.mirrorSize.height
        source: cell.compositor.compareMasks[cell.index] ?? null
        frameRect: cell.layout.frameRect
    }
    // This cell's eye, cheek and brow weights, placed and cut like the lip weights; the
    // makeup shader runs first and the lipstick shader reads its output.
    readonly property var makeupU: cell.compositor.compareMakeupUniforms[cell.index] ?? ({})
    readonly property bool madeUp: (makeupU.strength ?? 0) > 0
    LayerItem {
        id: cellMakeupA
        width: cell.mirrorSize.width
        height: cell.mirrorSize.height
        visible: cell.madeUp
        source: cell.compositor.compareMakeupA[cell.index] ?? null
        frameRect: cell.layout.frameRect
    }
    LayerItem {
        id: cellMakeupB
        width: cell.mirrorSize.width
        height: cell.mirrorSize.height
        visible: cell.madeUp
        source: cell.compositor.compareMakeupB[cell.index] ?? null
        frameRect: cell.layout.frameRect
    }
    LayerItem {
        id: cellMakeupC
        width: cell.mirrorSize.width
        height: cell.mirrorSize.height
        visible: cell.madeUp
        source: cell.compositor.compareMakeupC[cell.index] ?? null
        frameRect: cell.layout.frameRect
    }
    FrameItem {  // the glasses' gate on its canvas (MirrorView.qml says more)
        id: cellGlasses
        width: cell.compositor.glassesCanvas.width
        height: cell.compositor.glassesCanvas.height
        visible: cell.madeUp
        source: cell.compositor.makeupGlasses
    }
    MakeupEffect {
        id: cellMakeup
        anchors.fill: parent
        visible: cell.madeUp
        u: cell.makeupU
        source: cell.texture
        maskA: ShaderEffectSource {
            sourceItem: cellMakeupA
            hideSource: true
            sourceRect: cell.source
            textureSize: Qt.size(Math.max(1, cell.width), Math.max(1, cell.height))
        }
        maskB: ShaderEffectSource {
            sourceItem: cellMakeupB
            hideSource: true
            sourceRect: cell.source
            textureSize: Qt.size(Math.max(1, cell.width), Math.max(1, cell.height))
        }
        maskC: ShaderEffectSource {
            sourceItem: cellMakeupC
            hideSource: true
            sourceRect: cell.source
            textureSize: Qt.size(Math.max(1, cell.width), Math.max(1, cell.height))
        }
        glassesKeep: ShaderEffectSource { sourceItem: cellGlasses; hideSource: true }
        fragmentShader: cell.compositor.makeupShader
    }
    ShaderEffectSource {
        id: cellMadeUp
        sourceItem: cell.madeUp ? cellMakeup : null
        hideSource: true
    }
    LipstickEffect {
        objectName: "compareCell" + cell.index
        anchors.fill: parent
        u: cell.compositor.compareUniforms[cell.index] ?? ({})
        source: cell.madeUp ? cellMadeUp : cell.texture
        mask: ShaderEffectSource {
            sourceItem: cellMask
            hideSource: true
            sourceRect: cell.source
            textureSize: Qt.size(Math.max(1, cell.width), Math.max(1, cell.height))
        }
        fragmentShader: cell.compositor.shader
    }
    // The garment on in every cell, cut and scaled like the face.
    Item {
        x: -cell.source.x * cell.zoom
        y: -cell.source.y * cell.zoom
        width: cell.mirrorSize.width
        height: cell.mirrorSize.height
        scale: cell.zoom
        transformOrigin: Item.TopLeft
        LayerItem {
            objectName: "compareGarment" + cell.index
            anchors.fill: parent
            source: cell.compositor.garmentLayer
            frameRect: cell.layout.frameRect
        }
    }
    Rectangle {
        anchors.fill: parent
        color: "transparent"
        border.color: "#80ffffff"
        border.width: 1
    }
    Text {
        id: label
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: parent.top
        anchors.topMargin: cell.unit * 2
        text: cell.shadeName !== "" ? cell.shadeName : qsTr("Tap a shade to add")
        color: "white"
        style: Text.Raised
        styleColor: "#a0000000"
        font.pixelSize: cell.unit * 2.6
    }
}
