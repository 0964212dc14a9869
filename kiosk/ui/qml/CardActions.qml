// The ways on for the product on the card: Reserve here, Buy online, Save to my account.
// Texts and enabled states come from the card model; a tap raises the intent on it.
import QtQuick
import Kiosk

Row {
    id: actions
    required property CardModel card
    property real unit: 8

    visible: card.actionsVisible
    spacing: unit * 1.2

    CardButton {
        objectName: "reserveButton"
        unit: actions.unit * 0.9
        text: actions.card.reserveText
        enabled: actions.card.reserveEnabled
        onClicked: actions.card.reserve()
    }
    CardButton {
        objectName: "buyOnlineButton"
        unit: actions.unit * 0.9
        text: actions.card.buyText
        enabled: actions.card.buyEnabled
        onClicked: actions.card.buyOnline()
    }
    CardButton {
        objectName: "saveButton"
        unit: actions.unit * 0.9
        text: actions.card.saveText
        onClicked: actions.card.saveToAccount()
    }
}
