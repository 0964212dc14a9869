// A grid of on-screen keys for panels a shopper or staff types into (no keyboard at a
// mirror): `keys` in reading order, "⌫" deletes, `confirm` (if in keys) is the light one.
import QtQuick
import Kiosk

Grid {
    id: pad
    property var keys: []
    property string confirm: ""          // the key that submits, shown as confirmText
    property string confirmText: ""
    property real keyWidth: Math.max(Theme.minTouch * 1.4, Theme.unit * 12)
    property string keyName: "padKey_"  // each key's objectName: keyName + the key
    signal pressed(string key)
    spacing: Theme.gapS

    Repeater {
        model: pad.keys
        Rectangle {
            id: key
            required property string modelData
            objectName: pad.keyName + modelData
            readonly property bool isConfirm: modelData === pad.confirm && pad.confirm !== ""
            readonly property string face: isConfirm ? pad.confirmText : modelData
            width: pad.keyWidth
            height: Math.max(Theme.minTouch, Theme.unit * 7.5)
            radius: Theme.radiusS
            color: isConfirm ? Theme.light : Theme.surfaceRaised
            border.color: Theme.outline
            border.width: Theme.border
            Accessible.role: Accessible.Button
            //: Accessible name of a keypad's delete key (removes the last character)
            Accessible.name: modelData === "⌫" ? qsTr("Delete") : face
            Accessible.onPressAction: pad.pressed(key.modelData)
            Text {
                anchors.centerIn: parent
                text: key.face
                color: key.isConfirm ? Theme.ink : Theme.text
                font.family: Theme.fontFamily
                // a key is big; a confirm word longer than "OK" is set smaller to fit
                font.pixelSize: key.isConfirm && key.face.length > 2 ? Theme.label : Theme.title * 0.9
            }
            TapHandler { onTapped: pad.pressed(key.modelData) }
        }
    }
}
