// The stylist's panel (kiosk/ui/styling_panel.py): search, kept looks, notes, and the
// lookbook or cart QR. Docked at the bottom in portrait and at the right in landscape;
// Main.qml tells the face-aware layout to keep the shopper's face clear of it.
import QtQuick
import Kiosk

Rectangle {
    id: sheet
    required property var styling
    property var card: null  // the product card's bridge (Reserve for the product worn)
    property real unit: Theme.unit
    property string typed: ""
    property bool comparing: false  // the compare grid is up (Main.qml binds the controller's)
    property bool searching: false  // the keys are up (the looks and notes give them room)
    // A QR for the shopper's phone takes the whole panel until it is closed.
    readonly property bool showingQr: styling.handover === "lookbook" || styling.handover === "cart"
    signal finished()  // Done: back to the staff menu
    signal touched()  // any press on the panel: the stylist is still at work
    visible: styling.active
    onVisibleChanged: { typed = ""; searching = false }
    color: Theme.panelOpaque  // nothing of the shelf or the card shows through
    border.color: Theme.outline
    border.width: Theme.border
    radius: Theme.radiusL
    Accessible.role: Accessible.Pane
    Accessible.name: heading.text

    // Touches on the panel stay on it (nothing behind is pressed through it).
    MouseArea { anchors.fill: parent; acceptedButtons: Qt.AllButtons }
    PointHandler { onActiveChanged: if (active) sheet.touched() }

    function press(key) {
        if (key === "⌫") typed = typed.slice(0, -1)
        else if (key === "␣") typed = typed + " "
        else if (typed.length < 40) typed += key
        styling.search(typed)
        if (/^[0-9]{13}$/.test(typed)) searching = false  // a barcode: put on at once
    }

    Flickable {
        anchors.fill: parent
        anchors.margins: Theme.unit * 2
        contentHeight: column.implicitHeight
        clip: true
        boundsBehavior: Flickable.StopAtBounds

        Column {
            id: column
            width: parent.width
            spacing: Theme.gapM

            Row {
                width: parent.width
                spacing: Theme.gapM
                Text {
                    id: heading
                    width: parent.width - done.width - Theme.gapM
                    anchors.verticalCenter: parent.verticalCenter
                    //: Title of the stylist's panel (staff styling a shopper at the mirror)
                    text: qsTr("Styling")
                    color: Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.title
                    font.weight: Font.DemiBold
                }
                CardButton {
                    id: done
                    objectName: "stylingDone"
                    //: Closes the stylist's panel (the kept looks are forgotten)
                    text: qsTr("Done")
                    onClicked: sheet.finished()
                }
            }

            // Search: what has been typed, and what it finds (tap one to put it on).
            Rectangle {
                objectName: "stylingSearch"
                visible: !sheet.showingQr
                width: parent.width
                height: Math.max(Theme.minTouch, queryText.implicitHeight + Theme.unit * 2)
                radius: Theme.radiusS
                color: Theme.surfaceRaised
                border.color: Theme.outline
                border.width: Theme.border
                Text {
                    id: queryText
                    objectName: "stylingQuery"
                    anchors.verticalCenter: parent.verticalCenter
                    anchors.left: parent.left
                    anchors.leftMargin: Theme.unit * 2
                    text: sheet.typed !== "" ? sheet.typed
                          //: Placeholder of the stylist's search field
                          : qsTr("Search by name, SKU or barcode")
                    color: sheet.typed !== "" ? Theme.text : Theme.textMuted
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.body
                }
                TapHandler { onTapped: sheet.searching = !sheet.searching }
            }
            ListView {
                id: found
                objectName: "stylingResults"
                width: parent.width
                height: count > 0 ? Theme.minTouch * 1.4 : 0
                visible: count > 0 && !sheet.showingQr
                orientation: ListView.Horizontal
                spacing: Theme.gapS
                clip: true
                model: sheet.styling.results
                delegate: Rectangle {
                    id: result
                    required property int index
                    required property string name
                    required property string price
                    objectName: "result_" + index
                    width: resultText.implicitWidth + Theme.unit * 4
                    height: found.height
                    radius: Theme.radiusS
                    color: Theme.surfaceRaised
                    border.color: Theme.outline
                    border.width: Theme.border
                    Accessible.role: Accessible.Button
                    Accessible.name: name
                    Column {
                        id: resultText
                        anchors.centerIn: parent
                        Text {
                            text: qsTranslate("catalog", result.name)
                            color: Theme.text
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.body
                        }
                        Text {
                            text: result.price
                            color: Theme.textMuted
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.label
                        }
                    }
                    TapHandler {
                        onTapped: {
                            sheet.styling.choose(result.index)
                            sheet.searching = false
                        }
                    }
                }
            }
            Text {
                visible: sheet.typed.trim() !== "" && found.count === 0 && !sheet.showingQr
                width: parent.width
                wrapMode: Text.WordWrap
                //: The stylist's search found nothing
                text: qsTr("Nothing found. Try another name, or hold the product's barcode up to the mirror.")
                color: Theme.textNote
                font.family: Theme.fontFamily
                font.pixelSize: Theme.label
            }
            Keypad {
                objectName: "stylingKeys"
                visible: sheet.searching && !sheet.showingQr
                anchors.horizontalCenter: parent.horizontalCenter
                columns: 10
                keyWidth: (column.width - spacing * (columns - 1)) / columns
                keys: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0",
                       "Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P",
                       "A", "S", "D", "F", "G", "H", "J", "K", "L", "-",
                       "Z", "X", "C", "V", "B", "N", "M", "␣", "⌫"]
                onPressed: (key) => sheet.press(key)
            }

            // The kept looks: tap to put one on again, ✕ to let it go.
            Row {
                visible: !sheet.searching && !sheet.showingQr
                width: parent.width
                spacing: Theme.gapS
                Repeater {
                    model: sheet.styling.looks
                    Rectangle {
                        id: look
                        required property int index
                        required property string title
                        required property string swatch
                        objectName: "look_" + index
                        width: (column.width - Theme.gapS * 3) / 4
                        height: Theme.minTouch * 1.8
                        radius: Theme.radiusS
                        color: Theme.surfaceRaised
                        border.color: Theme.outline
                        border.width: Theme.border
                        Accessible.role: Accessible.Button
                        Accessible.name: title
                        Rectangle {
                            visible: look.swatch !== ""
                            width: Theme.unit * 3; height: width; radius: width / 2
                            x: Theme.unit; y: Theme.unit
                            color: look.swatch === "" ? "transparent" : look.swatch
                        }
                        Text {
                            anchors.fill: parent
                            anchors.margins: Theme.unit
                            anchors.topMargin: Theme.unit * 4.5
                            text: look.title
                            wrapMode: Text.WordWrap
                            elide: Text.ElideRight
                            color: Theme.text
                            font.family: Theme.fontFamily
                            font.pixelSize: Theme.label
                        }
                        TapHandler { onTapped: sheet.styling.wearLook(look.index) }
                        // A cross in the corner lets the look go (drawn: a sign, not a word).
                        Item {
                            objectName: "dropLook_" + look.index
                            anchors.right: parent.right
                            anchors.top: parent.top
                            width: Theme.unit * 4
                            height: width
                            Accessible.role: Accessible.Button
                            //: Accessible name of the cross on a kept look in the stylist's panel
                            Accessible.name: qsTr("Remove this look")
                            Accessible.onPressAction: sheet.styling.dropLook(look.index)
                            Repeater {
                                model: [45, -45]
                                Rectangle {
                                    required property int modelData
                                    anchors.centerIn: parent
                                    width: Theme.unit * 1.8
                                    height: Math.max(2, Theme.unit * 0.25)
                                    rotation: modelData
                                    color: Theme.textMuted
                                }
                            }
                            TapHandler { onTapped: sheet.styling.dropLook(look.index) }
                        }
                    }
                }
            }
            Flow {
                visible: !sheet.searching && !sheet.showingQr
                width: parent.width
                spacing: Theme.gapS
                CardButton {
                    objectName: "keepLook"
                    enabled: !sheet.styling.full
                    primary: true
                    text: sheet.styling.full
                          //: The stylist has kept four looks, the most there can be
                          ? qsTr("Four looks kept")
                          //: Keeps what the shopper wears now as one of up to four looks
                          : qsTr("Keep this look")
                    onClicked: sheet.styling.keepLook()
                }
                // What the shopper wears now, held for pickup on their behalf (the card's
                // own action, which the panel covers).
                CardButton {
                    objectName: "stylingReserve"
                    visible: sheet.card !== null && sheet.card.visible && sheet.card.reserveEnabled
                    text: visible ? sheet.card.reserveText : ""
                    onClicked: sheet.card.reserve()
                }
                CardButton {
                    objectName: "compareLooks"
                    visible: sheet.styling.lookCount >= 2
                    text: sheet.comparing
                          //: Leaves the side-by-side view of the kept looks
                          ? qsTr("Stop comparing")
                          //: Shows the kept looks' lip shades side by side
                          : qsTr("Compare looks")
                    onClicked: sheet.styling.compareLooks()
                }
                CardButton {
                    objectName: "saveLookbook"
                    visible: sheet.styling.lookCount > 0 && sheet.styling.canLink
                    //: Makes a QR code that opens the kept looks on the shopper's phone
                    text: qsTr("Looks to phone")
                    onClicked: sheet.styling.saveLookbook(false)
                }
                CardButton {
                    objectName: "saveLookbookMember"
                    visible: sheet.styling.lookCount > 0 && sheet.styling.memberSignedIn
                    //: Saves the kept looks to the signed-in member's account
                    text: qsTr("Save to member's account")
                    onClicked: sheet.styling.saveLookbook(true)
                }
                CardButton {
                    objectName: "lookToCheckout"
                    visible: sheet.styling.lookCount > 0 && sheet.styling.canLink
                    //: Makes a cart QR of the last kept look for the shopper to pay on their phone
                    text: qsTr("Last look to checkout")
                    onClicked: sheet.styling.sendToCheckout(sheet.styling.lookCount - 1)
                }
            }

            // The hand-over: a QR for the shopper's phone, or what happened.
            Column {
                width: parent.width
                spacing: Theme.gapS
                visible: sheet.styling.handover !== "" && (!sheet.searching || sheet.showingQr)
                QrItem {
                    objectName: "stylingQr"
                    anchors.horizontalCenter: parent.horizontalCenter
                    visible: sheet.styling.handover === "lookbook" || sheet.styling.handover === "cart"
                    width: sheet.styling.qrSize
                    height: width
                    source: sheet.styling.qr
                    Accessible.role: Accessible.Graphic
                    //: Accessible name of the QR code of the stylist's looks or cart
                    Accessible.name: qsTr("QR code for the looks")
                }
                Text {
                    objectName: "stylingHandover"
                    width: parent.width
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    text: {
                        const s = sheet.styling
                        switch (s.handover) {
                        //: While the lookbook or cart is being made at the store system
                        case "working": return qsTr("One moment…")
                        //: Under the lookbook QR
                        case "lookbook": return qsTr("Scan to keep these looks on your phone")
                        //: Under the cart QR of a look
                        case "cart": return qsTr("Scan to buy this look on your phone")
                        //: The looks were saved to the member's account
                        case "saved": return qsTr("Saved to the member's account")
                        case "failed":
                            if (s.problem === "offline")
                                //: The store system cannot be reached to save the looks
                                return qsTr("The store system cannot be reached. Try again in a moment.")
                            if (s.problem === "consent")
                                //: The member has not agreed to keep their try-ons
                                return qsTr("The member has not agreed to save their looks. Ask them first.")
                            if (s.problem === "no_public_url")
                                //: This store's set-up has no address phones can open
                                return qsTr("Phones cannot open links from this mirror yet. Ask the store's IT support.")
                            //: Saving the looks failed for another reason
                            return qsTr("That did not work. Try again.")
                        }
                        return ""
                    }
                    color: sheet.styling.handover === "failed" ? Theme.textNote : Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.body
                }
                CardButton {
                    objectName: "stylingQrClose"
                    visible: sheet.showingQr
                    anchors.horizontalCenter: parent.horizontalCenter
                    //: Closes the QR code in the stylist's panel (back to the looks)
                    text: qsTr("Close")
                    onClicked: sheet.styling.closeHandover()
                }
            }

            // Notes: the shopper's size (sizes the garments in the looks) and what they like.
            Flow {
                visible: !sheet.searching && !sheet.showingQr
                width: parent.width
                spacing: Theme.gapS
                Text {
                    height: Theme.minTouch
                    verticalAlignment: Text.AlignVCenter
                    //: Label before the size chips in the stylist's notes
                    text: qsTr("Size")
                    color: Theme.textMuted
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.label
                }
                Repeater {
                    model: sheet.styling.sizes
                    CardButton {
                        required property string modelData
                        objectName: "size_" + modelData
                        text: modelData
                        primary: sheet.styling.size === modelData
                        onClicked: sheet.styling.noteSize(modelData)
                    }
                }
            }
            Flow {
                visible: !sheet.searching && !sheet.showingQr
                width: parent.width
                spacing: Theme.gapS
                Repeater {
                    model: sheet.styling.preferenceNames
                    CardButton {
                        required property string modelData
                        objectName: "likes_" + modelData
                        primary: sheet.styling.preferences.indexOf(modelData) >= 0
                        text: ({
                            //: Stylist's note: the shopper likes a natural look
                            natural: qsTr("Natural"),
                            //: Stylist's note: the shopper likes bold colours
                            bold: qsTr("Bold"),
                            //: Stylist's note: the shopper likes matte finishes
                            matte: qsTr("Matte"),
                            //: Stylist's note: the shopper likes glossy finishes
                            glossy: qsTr("Glossy"),
                            //: Stylist's note: the shopper likes warm tones
                            warm: qsTr("Warm tones"),
                            //: Stylist's note: the shopper likes cool tones
                            cool: qsTr("Cool tones"),
                            //: Stylist's note: the shopper likes classic styles
                            classic: qsTr("Classic"),
                            //: Stylist's note: the shopper likes trendy styles
                            trendy: qsTr("Trendy")
                        })[modelData] || modelData
                        onClicked: sheet.styling.togglePreference(modelData)
                    }
                }
            }
        }
    }
}
