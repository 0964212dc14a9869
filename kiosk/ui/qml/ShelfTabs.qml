// One tab per shelf the kiosk offers (Lipstick, Clothes); a tap opens that shelf.
// Hidden when there is only one shelf.
import QtQuick
import Kiosk

Row {
    id: tabs
    required property Shelves shelves
    property real unit: 8

    visible: repeater.count > 1
    spacing: unit * 1.5
    Accessible.role: Accessible.PageTabList

    Repeater {
        id: repeater
        model: tabs.shelves.categories
        Rectangle {
            id: tab
            required property string name
            required property string label
            objectName: "tab_" + name
            readonly property bool open: tabs.shelves.category === name
            width: tabLabel.implicitWidth + tabs.unit * 5
            height: tabs.unit * 6
            radius: height / 2
            color: open ? "#f0ffffff" : "#80000000"
            Accessible.role: Accessible.PageTab
            Accessible.name: label
            Accessible.selected: open
            Accessible.onPressAction: tabs.shelves.showCategory(name)
            Text {
                id: tabLabel
                anchors.centerIn: parent
                text: tab.label
                color: tab.open ? "#202028" : "white"
                font.pixelSize: tabs.unit * 2.4
            }
            TapHandler { onTapped: tabs.shelves.showCategory(tab.name) }
        }
    }
}
