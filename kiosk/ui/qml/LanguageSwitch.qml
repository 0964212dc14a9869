// The screen's language, switchable at any time: "中文 | English", each name in its own
// language (so nobody has to read the other to find theirs). A tap calls i18n.setLanguage;
// Python and qsTr words follow at once.
import QtQuick
import Kiosk

Rectangle {
    id: languageSwitch
    required property Translations i18n
    property real unit: 8

    width: row.implicitWidth + unit
    height: Math.max(unit * 8, Theme.minTouch + unit)  // each choice at least 9 mm
    radius: height / 2
    color: Theme.pill
    border.color: Theme.outline
    border.width: Theme.border
    Accessible.role: Accessible.Grouping
    // "中文 | English": the endonyms themselves, no words of ours to translate
    Accessible.name: i18n.languages.map(language => language.name).join(" | ")

    Row {
        id: row
        anchors.centerIn: parent
        Repeater {
            model: languageSwitch.i18n.languages
            delegate: Rectangle {
                id: choice
                required property var modelData
                readonly property bool current: languageSwitch.i18n.language === modelData.code
                objectName: "language_" + modelData.code
                width: Math.max(languageSwitch.unit * 11, label.implicitWidth + languageSwitch.unit * 3)
                height: languageSwitch.height - languageSwitch.unit
                radius: height / 2
                color: current ? Theme.light : "transparent"
                Accessible.role: Accessible.Button
                Accessible.name: modelData.name
                Accessible.checkable: true
                Accessible.checked: current
                Accessible.onPressAction: languageSwitch.i18n.setLanguage(modelData.code)

                Text {
                    id: label
                    anchors.centerIn: parent
                    text: choice.modelData.name
                    color: choice.current ? Theme.ink : Theme.text
                    font.family: Theme.fontFamily
                    font.pixelSize: Theme.label
                    font.bold: choice.current
                }
                TapHandler { onTapped: languageSwitch.i18n.setLanguage(choice.modelData.code) }
            }
        }
    }
}
