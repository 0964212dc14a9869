// One tab per shelf the kiosk offers (Lipstick, Eyes, Cheeks, Brows, Looks, Clothes and
// the shopper's own); a tap opens that shelf. The row scrolls sideways when the tabs need
// more than `maxWidth`, and keeps the open tab in view. Hidden when there is one shelf.
import QtQuick
import Kiosk

ListView {
    id: tabs
    required property Shelves shelves
    property real unit: Theme.unit
    property real maxWidth: 10000

    visible: count > 1
    orientation: ListView.Horizontal
    spacing: Theme.gapS
    clip: true
    boundsBehavior: Flickable.StopAtBounds
    width: Math.min(maxWidth, contentWidth)
    height: Math.max(Theme.minTouch, probe.height + Theme.unit * 2.4)
    interactive: contentWidth > width
    cacheBuffer: 4000  // every tab exists, shown or scrolled out of view
    currentIndex: shelves.categoryIndex
    highlightFollowsCurrentItem: false
    onCurrentIndexChanged: if (currentIndex >= 0) positionViewAtIndex(currentIndex, ListView.Contain)
    // The row's width with every tab the kiosk may show (the made-for-you ones appear
    // during a session): the screen places the card's ways on by it, once.
    readonly property real fullWidth: {
        let sum = 0
        for (let i = 0; i < measures.count; ++i)
            sum += tabs.tabWidth(measures.itemAt(i).implicitWidth) + (i > 0 ? spacing : 0)
        return sum
    }
    function tabWidth(labelWidth) { return Math.max(Theme.minTouch * 1.6, labelWidth + Theme.unit * 5) }

    FontMetrics {
        id: probe
        font.family: Theme.fontFamily
        font.pixelSize: Theme.label
    }
    Repeater {
        id: measures
        model: tabs.shelves.everyLabel
        Text {
            required property string modelData
            visible: false
            text: modelData
            font.family: Theme.fontFamily
            font.pixelSize: Theme.label
            font.weight: Font.DemiBold
        }
    }
    Accessible.role: Accessible.PageTabList

    model: tabs.shelves.categories
    delegate: Rectangle {
            id: tab
            required property string name
            required property string label
            objectName: "tab_" + name
            readonly property bool open: tabs.shelves.category === name
            width: tabs.tabWidth(tabLabel.implicitWidth)
            height: Math.max(Theme.minTouch, tabLabel.implicitHeight + Theme.unit * 2.4)
            radius: height / 2
            color: open ? Theme.light : Theme.control
            border.color: Theme.outline
            border.width: Theme.border
            Accessible.role: Accessible.PageTab
            Accessible.name: label
            Accessible.selected: open
            Accessible.onPressAction: tabs.shelves.showCategory(name)
            Text {
                id: tabLabel
                anchors.centerIn: parent
                text: tab.label
                color: tab.open ? Theme.ink : Theme.text
                font.family: Theme.fontFamily
                font.pixelSize: Theme.label
                font.weight: tab.open ? Font.DemiBold : Font.Normal
            }
            TapHandler { onTapped: tabs.shelves.showCategory(tab.name) }
    }
}
