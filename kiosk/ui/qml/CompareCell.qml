// One cell of the compare grid: the whole mirror at half size with one shade on it
// (the garment too), and the shade's name.
import QtQuick
import Kiosk

Item {
    id: cell
    required property int index
    required property KioskController controller
    required property LipstickCompositor compositor
    required property var texture
    property real unit: 8
    readonly property string shadeName: controller.compareNames[index] ?? ""

    clip: true
    Accessible.role: Accessible.Pane
    Accessible.name: shadeName !== "" ? shadeName : label.text

    // This cell's lip weights, at the whole mirror's size so the texture lines up
    // with the camera texture.
    FrameItem {
        id: cellMask
        objectName: "compareMask" + cell.index
        width: cell.width * 2
        height: cell.height * 2
        clip: true
        source: cell.compositor.compareMasks[cell.index] ?? null
    }
    LipstickEffect {
        objectName: "compareCell" + cell.index
        anchors.fill: parent
        u: cell.compositor.compareUniforms[cell.index] ?? ({})
        source: cell.texture
        mask: ShaderEffectSource {
            sourceItem: cellMask
            hideSource: true
        }
        fragmentShader: cell.compositor.shader
    }
    // The garment on in every cell, scaled with the mirror into the cell.
    Item {
        width: cell.width * 2
        height: cell.height * 2
        scale: 0.5
        transformOrigin: Item.TopLeft
        LayerItem {
            objectName: "compareGarment" + cell.index
            anchors.fill: parent
            source: cell.compositor.garmentLayer
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
