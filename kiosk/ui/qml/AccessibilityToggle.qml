// "Aa": larger words on opaque, higher-contrast surfaces for the whole screen, one tap on,
// one tap off (no hold, no timing). Small and always reachable, above the attract screen.
import QtQuick
import Kiosk

Rectangle {
    id: toggle
    readonly property bool on: Theme.largeText
    width: Theme.minTouch
    height: width
    radius: width / 2
    color: on ? Theme.light : Theme.control
    border.color: Theme.outline
    border.width: Theme.border
    z: Theme.zChrome
    Accessible.role: Accessible.Button
    Accessible.checkable: true
    Accessible.checked: on
    //: Accessible name of the "Aa" button that makes every word larger and clearer
    Accessible.name: qsTr("Larger text and stronger contrast")
    Accessible.onPressAction: flip()

    function flip() {
        Theme.largeText = !Theme.largeText
        Theme.highContrast = Theme.largeText
    }

    Text {
        anchors.centerIn: parent
        //: The "Aa" button's face: larger text on/off (keep it two letters)
        text: qsTr("Aa")
        color: toggle.on ? Theme.ink : Theme.text
        font.family: Theme.fontFamily
        font.pixelSize: Theme.unit * 2.6
        font.weight: Font.DemiBold
    }
    TapHandler { onTapped: toggle.flip() }
}
