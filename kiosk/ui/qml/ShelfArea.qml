// The open shelf's carousel: lipstick shades, eye, cheek and brow products, looks, garments,
// or a made-for-you shelf's tiles
// under one line saying where they come from (the shelf is Python's state).
import QtQuick
import Kiosk

Item {
    id: area
    required property Shelves shelves
    required property KioskController controller
    required property GarmentShelf garments
    required property MakeupShelf makeup
    required property ForYouPanel forYou
    property real unit: 8
    readonly property bool forYouOpen: forYou.caption !== ""

    readonly property var makeupModel: ({
        "eyes": makeup.eyes, "cheeks": makeup.cheeks, "brows": makeup.brows, "looks": makeup.looks
    })[shelves.category] ?? null

    height: forYouOpen ? caption.height + unit + picks.height
            : shelves.category === "clothes" ? clothes.height
            : makeupModel !== null ? makeupRow.height : carousel.height

    Text {
        id: caption
        objectName: "forYouCaption"
        visible: area.forYouOpen
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.leftMargin: area.unit * 3
        anchors.rightMargin: area.unit * 3
        anchors.bottom: picks.top
        anchors.bottomMargin: area.unit
        wrapMode: Text.WordWrap
        maximumLineCount: 2
        elide: Text.ElideRight
        text: area.forYou.caption
        color: Theme.text
        style: Text.Outline
        styleColor: "#000000"
        font.family: Theme.fontFamily
        font.pixelSize: Theme.body
    }
    PicksCarousel {
        id: picks
        objectName: "picksCarousel"
        visible: area.forYouOpen
        unit: area.unit
        model: area.forYou.picks
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        onPicked: (index) => area.forYou.wear(index)
    }

    GarmentCarousel {
        id: clothes
        objectName: "garmentCarousel"
        visible: !area.forYouOpen && area.shelves.category === "clothes"
        unit: area.unit
        model: area.garments.garments
        selected: area.garments.selectedIndex
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        onPicked: (index) => area.garments.select(index)
    }
    MakeupCarousel {
        id: makeupRow
        objectName: "makeupCarousel"
        visible: !area.forYouOpen && area.makeupModel !== null
        unit: area.unit
        model: area.makeupModel
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        onPicked: (sku) => area.makeup.wear(sku)
    }
    ShadeCarousel {
        id: carousel
        objectName: "carousel"
        visible: !area.forYouOpen && area.shelves.category === "lips"
        unit: area.unit
        model: area.controller.shades
        currentIndex: area.controller.selectedIndex
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        onPicked: (index) => area.controller.selectShade(index)
    }
}
