// A shelf tile's name under its swatch or picture: one line when it fits, else two. A
// name written without spaces (Chinese, "珠地Polo衫") is broken near its middle between
// two characters, never inside a Latin word ("经典正红" is 经典 / 正红, 珠地 / Polo衫), so
// no character is left alone on the second line (as breaking by characters does once
// large text makes a name a little too wide for its tile). Names with spaces wrap by words.
import QtQuick
import Kiosk

Text {
    id: label
    property string name: ""
    property bool strong: false
    // where to break: -1 when the name fits, has spaces, or has nowhere to break
    readonly property int cut: name.indexOf(" ") < 0 && metrics.advanceWidth > width
                               ? middleBreak(name) : -1

    // The break between two characters, at least one of them CJK, nearest the middle.
    function middleBreak(s) {
        var best = -1
        for (var k = 1; k < s.length; ++k) {
            if (s.charCodeAt(k - 1) < 0x2e80 && s.charCodeAt(k) < 0x2e80)
                continue  // inside a Latin word or number
            if (best < 0 || Math.abs(2 * k - s.length) < Math.abs(2 * best - s.length))
                best = k
        }
        return best
    }

    horizontalAlignment: Text.AlignHCenter
    wrapMode: Text.WordWrap
    maximumLineCount: 2
    elide: Text.ElideRight
    text: cut > 0 ? name.slice(0, cut) + "\n" + name.slice(cut) : name
    color: Theme.text
    style: Text.Outline
    styleColor: "#000000"
    font.family: Theme.fontFamily
    font.pixelSize: Theme.label
    font.weight: strong ? Font.DemiBold : Font.Normal

    TextMetrics {
        id: metrics
        font: label.font
        text: label.name
    }
}
