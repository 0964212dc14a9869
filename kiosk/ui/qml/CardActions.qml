// The ways on for the product on the card: Reserve here, Buy online, Save to my account;
// and for a look's product, Buy the look online (one cart with every product of the look).
// Texts and enabled states come from the card model; a tap raises the intent on it.
// Reserve is the primary way on (light); none show with nobody there (`shopperPresent`).
import QtQuick
import Kiosk

Row {
    id: actions
    required property CardModel card
    property real unit: Theme.unit
    property bool shopperPresent: true

    visible: card.actionsVisible && shopperPresent
    spacing: Theme.gapS

    CardButton {
        objectName: "reserveButton"
        primary: true
        text: actions.card.reserveText
        enabled: actions.card.reserveEnabled
        onClicked: actions.card.reserve()
    }
    CardButton {
        objectName: "buyOnlineButton"
        text: actions.card.buyText
        enabled: actions.card.buyEnabled
        visible: actions.card.buyEnabled
        onClicked: actions.card.buyOnline()
    }
    CardButton {
        objectName: "buyLookButton"
        text: actions.card.buyLookText
        visible: actions.card.buyLookVisible
        onClicked: actions.card.buyLookOnline()
    }
    CardButton {
        objectName: "saveButton"
        text: actions.card.saveText
        onClicked: actions.card.saveToAccount()
    }
}
