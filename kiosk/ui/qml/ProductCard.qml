// The product being worn: swatch, name, detail and price, and its stock in this store,
// nearby stores and online: one line, a tap for all (wrapped, never cut off). Every
// word comes from the card model (kiosk.session.card, in plain Python). Nothing worn
// or nobody there (`shopperPresent`, from Main.qml): no card, so no price and no buttons.
// A product of a complete look: the look's name, what all of it costs, and a chip per
// product (what it is: Lipstick, Mascara) above; a chip brings that product to the card
// (its name, stock, reserve and buy).
import QtQuick
import Kiosk

Rectangle {
    id: panel
    required property CardModel card
    property real unit: Theme.unit
    property bool shopperPresent: true
    // No wider than a portrait kiosk's card: a landscape one's long stock line wraps
    // instead, so the card can stand to one side of the face rather than under all of it.
    property real maxWidth: parent ? Math.min(parent.width - Theme.unit * 6, Theme.unit * 94)
                                   : Theme.unit * 90
    readonly property real inner: width - Theme.unit * 5
    readonly property real swatchSize: Theme.unit * 6.5
    readonly property real natural: Math.max(
        (swatch.visible ? swatchSize + head.spacing : 0)
            + Math.max(name.implicitWidth + Theme.gapS + detail.implicitWidth,
                       summary.visible ? summary.implicitWidth : 0)
            + head.spacing + prices.implicitWidth,
        stock.naturalWidth, look.visible ? look.naturalWidth : 0)

    visible: card.visible && shopperPresent
    width: Math.min(maxWidth, natural + Theme.unit * 5)
    height: body.implicitHeight + Theme.unit * 2.4
    radius: Theme.radiusM
    color: Theme.surface
    border.color: Theme.outline
    border.width: Theme.border
    // The whole card is the target for "show me where to get it" (a tap opens the stock
    // rows, another folds them): big and easy, never a small line of text to hit.
    Accessible.role: Accessible.Button
    Accessible.name: card.name + (card.stockSummary !== "" ? ", " + card.stockSummary : "")
    Accessible.onPressAction: stock.open = !stock.open
    TapHandler {
        enabled: panel.card.actionsVisible
        // a tap on the look's chips is the chip's, not the card's
        onTapped: function(eventPoint) {
            if (!(look.visible && look.contains(look.mapFromItem(panel, eventPoint.position))))
                panel.toggleStock()
        }
    }
    // Opens or folds the stock rows (a tap on the card, or an open palm held).
    function toggleStock() {
        if (card.actionsVisible)
            stock.open = !stock.open
    }

    Column {
        id: body
        anchors.centerIn: parent
        width: panel.inner
        spacing: Theme.gapS

        Flow {
            id: look
            objectName: "lookStrip"
            visible: panel.card.lookName !== ""
            width: parent.width
            spacing: Theme.gapS
            // the look's line and its chips on one row when the card is wide enough for
            // them anyway; else the line on a row of its own and the chips together under
            // it (never one chip left alone on a second row). The strip asks the card only
            // for the wider of the two rows: a card as wide as both would reach the edge
            // buttons in a landscape window with large text.
            readonly property real chipsWidth: {
                var w = 0
                for (var i = 0; i < chipRow.count; ++i) {
                    var chip = chipRow.itemAt(i)
                    if (chip)
                        w += chip.width + (i > 0 ? spacing : 0)
                }
                return w
            }
            readonly property bool oneRow: lookLine.implicitWidth + spacing + chipsWidth <= width
            readonly property real naturalWidth: Math.max(lookLine.implicitWidth, chipsWidth)
            Item {
                id: lookLine
                // whole pixels, one spare: the total never elides by a rounding error
                implicitWidth: Math.ceil(lookName.implicitWidth + Theme.gapS
                                         + lookTotal.implicitWidth) + 1
                width: look.oneRow ? implicitWidth : look.width
                height: look.oneRow ? Math.max(Theme.minTouch, lookName.implicitHeight)
                                    : lookName.implicitHeight
                Text {
                    id: lookName
                    objectName: "lookName"
                    anchors.verticalCenter: parent.verticalCenter
                    text: panel.card.lookName
                    color: Theme.accent
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.body
                    font.weight: Font.DemiBold
                }
                Text {
                    id: lookTotal
                    objectName: "lookTotal"
                    x: lookName.width + Theme.gapS
                    width: Math.max(0, parent.width - x)
                    elide: Text.ElideRight
                    anchors.baseline: lookName.baseline
                    text: panel.card.lookTotal
                    color: Theme.textMuted
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.caption
                }
            }
            Repeater {
                id: chipRow
                model: panel.card.lookLines
                delegate: Rectangle {
                    id: chip
                    required property string sku
                    required property string name
                    required property string what
                    required property string swatch
                    required property bool onCard
                    objectName: "lookChip_" + sku
                    height: Theme.minTouch
                    width: chipDot.width + chipLabel.implicitWidth + Theme.unit * 4
                    radius: height / 2
                    color: onCard ? Theme.surfaceRaised : "transparent"
                    border.color: onCard ? Theme.accent : Theme.outline
                    border.width: onCard ? Theme.border * 2 : Theme.border
                    Accessible.role: Accessible.Button
                    Accessible.name: name
                    Accessible.description: what
                    Accessible.onPressAction: panel.card.showInLook(sku)
                    Rectangle {
                        id: chipDot
                        x: Theme.unit * 1.4
                        anchors.verticalCenter: parent.verticalCenter
                        width: Theme.unit * 2.6
                        height: width
                        radius: width / 2
                        visible: chip.swatch !== ""
                        color: chip.swatch !== "" ? chip.swatch : "transparent"
                        border.color: Theme.light
                        border.width: Math.max(1, Theme.unit * 0.2)
                    }
                    Text {
                        id: chipLabel
                        x: chipDot.x + chipDot.width + Theme.unit
                        anchors.verticalCenter: parent.verticalCenter
                        text: chip.what
                        color: Theme.text
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.label * 0.9
                    }
                    TapHandler {
                        gesturePolicy: TapHandler.ReleaseWithinBounds
                        onTapped: panel.card.showInLook(chip.sku)
                    }
                }
            }
        }

        Row {
            id: head
            width: parent.width
            spacing: Theme.gapM
            Rectangle {
                id: swatch
                visible: panel.card.swatch !== ""
                width: panel.swatchSize
                height: width
                radius: width / 2
                color: panel.card.swatch !== "" ? panel.card.swatch : "transparent"
                border.color: Theme.light
                border.width: Math.max(2, Theme.unit * 0.3)
                anchors.verticalCenter: parent.verticalCenter
            }
            Column {
                id: info
                anchors.verticalCenter: parent.verticalCenter
                width: head.width - prices.width - head.spacing
                       - (swatch.visible ? swatch.width + head.spacing : 0)
                spacing: Theme.unit * 0.3
                // Name and finish on one line when they fit ("Crimson Velvet  Matte"), the
                // detail under it when not (a garment's size advice): a short card.
                Flow {
                    id: titleLine
                    width: parent.width
                    spacing: Theme.gapS
                    Text {
                        id: name
                        objectName: "productName"
                        width: Math.min(implicitWidth, titleLine.width)
                        wrapMode: Text.WordWrap
                        text: panel.card.name
                        color: Theme.text
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.title
                        font.weight: Font.DemiBold
                    }
                    Text {
                        id: detail
                        objectName: "productDetail"
                        width: Math.min(implicitWidth, titleLine.width)
                        // On the name's line, sit on its baseline.
                        topPadding: Math.max(0, name.baselineOffset - fontInfo.pixelSize * 0.95)
                        wrapMode: Text.WordWrap
                        text: panel.card.detail
                        color: Theme.textMuted
                        font.family: Theme.fontFamily
                        font.pixelSize: Theme.body
                    }
                }
                Text {
                    id: summary
                    objectName: "stockSummary"
                    width: parent.width
                    wrapMode: Text.WordWrap
                    visible: !stock.open && text !== ""
                    text: panel.card.stockSummary
                    color: panel.card.stockGood ? Theme.textGood : Theme.textBad
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.caption * 1.05
                }
            }
            Column {
                id: prices
                anchors.verticalCenter: parent.verticalCenter
                Text {
                    objectName: "productPrice"
                    anchors.right: parent.right
                    text: panel.card.price
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.title
                    font.weight: Font.DemiBold
                }
                Text {
                    objectName: "memberPrice"
                    anchors.right: parent.right
                    visible: text !== ""
                    text: panel.card.memberPrice
                    color: Theme.accent
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.body
                    font.weight: Font.DemiBold
                }
                Text {
                    objectName: "priceNote"
                    anchors.right: parent.right
                    visible: text !== ""
                    text: panel.card.priceNote
                    color: Theme.textMuted
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.caption
                }
            }
        }

        StockRows {
            id: stock
            objectName: "stockRows"
            width: parent.width
            card: panel.card
        }
    }
}
