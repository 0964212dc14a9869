// Developer overlay: fps and per-stage milliseconds (landmarks are drawn in the frame).
// Developer mode only, so its words are for engineers and stay untranslated.
import QtQuick
import Kiosk

Rectangle {
    id: overlay
    property real unit: Theme.unit
    property string text: ""

    width: label.implicitWidth + Theme.unit * 3
    height: label.implicitHeight + Theme.unit * 2
    radius: Theme.radiusS
    color: Theme.debugSurface

    Text {
        id: label
        anchors.centerIn: parent
        //: Developer overlay before the first frame (developer mode only)
        text: overlay.text === "" ? qsTr("waiting for frames…") : overlay.text
        color: Theme.debugText
        font.family: Theme.monoFamily
        font.pixelSize: Theme.unit * 2
    }
}
