"""The screen's language: Qt translators for every kiosk_*_<lang>.qm, switchable at any time.

`Translations` owns one set of QTranslators per language. The shown language's set is
installed in the application, so QML's qsTr follows it after `QQmlEngine.retranslate()`;
Python words (`kiosk.session.wording.Wording`) ask a language's translators directly, so
a bridge can word anything in any language (the consent text in the member's) without
touching what is installed. Bridges that cache words re-render on `languageChanged`.
A missing or broken .qm leaves that language in English (logged), never a crash.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import tzinfo
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QCoreApplication, QLocale, QObject, QTranslator, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable, QQmlEngine

from kiosk.errors import KioskError
from kiosk.session.wording import LANGUAGES, PriceDifference, Translate, Wording
from kiosk.ui.catalog_names import CatalogNames
from kiosk.ui.i18n_files import I18N_DIR, ensure_built, qm_name

log = logging.getLogger(__name__)
QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its translations; QML receives them as a property."
ENDONYMS = {"zh-CN": "中文", "en": "English"}  # each language named in itself
QT_LOCALES = {"zh-CN": "zh_CN", "en": "en_GB"}  # numbers and dates for QML's own formatting


def built_translations() -> Path:
    """The folder with fresh .qm files (built now if stale); the sources' folder, logged,
    when they cannot be built (the kiosk then speaks English)."""
    try:
        return ensure_built()
    except KioskError as exc:
        log.warning("translations not built: %s (%s)", exc.message, exc.fix)
        return I18N_DIR


@QmlElement
@QmlUncreatable(UNCREATABLE)
class Translations(QObject):  # type: ignore[operator]
    languageChanged = Signal()

    def __init__(
        self,
        language: str = "zh-CN",
        qm_dir: Path | None = None,
        *,
        tz: tzinfo | None = None,
        price_difference: PriceDifference = "note",
    ) -> None:
        super().__init__()
        self._tz, self._price_difference = tz, price_difference
        self._engine: QQmlEngine | None = None
        folder = qm_dir if qm_dir is not None else built_translations()
        self._translators = {lang: self._load(folder, lang) for lang in LANGUAGES}
        self._installed: list[QTranslator] = []
        self._language = ""
        self.setLanguage(language if language in LANGUAGES else LANGUAGES[0])

    def _load(self, folder: Path, language: str) -> list[QTranslator]:
        """Every kiosk_*_<lang>.qm in `folder` (Python's and QML's words)."""
        loaded = []
        for qm in sorted(folder.glob(f"kiosk_*_{qm_name(language)}.qm")):
            translator = QTranslator(self)
            if translator.load(str(qm)):
                loaded.append(translator)
            else:
                log.warning("translation %s could not be loaded; shown in English", qm.name)
        return loaded

    def add_product_names(self, names: Mapping[str, Mapping[str, str]]) -> None:
        """The catalog's translations of product names ({language: {name: translated}}),
        answered from now on beside the kiosk's own words, in the shown language too."""
        app = QCoreApplication.instance()
        for language in LANGUAGES:
            # first in the list: Qt asks the last installed first, so the kiosk's own words
            # are found without ever asking this one (a call into Python per lookup)
            self._translators[language].insert(0, CatalogNames(names.get(language, {}), self))
        if app is not None:
            for translator in self._installed:
                app.removeTranslator(translator)
            for translator in self._translators[self._language]:
                app.installTranslator(translator)
        self._installed = list(self._translators[self._language])

    def close(self) -> None:
        """Take this kiosk's translators off the application (a test's next app, or the
        next KioskApp in one process, must not find this one's words or names first)."""
        app = QCoreApplication.instance()
        if app is not None:
            for translator in self._installed:
                app.removeTranslator(translator)
        self._installed = []

    def attach(self, engine: QQmlEngine) -> None:
        """The QML engine to retranslate when the language changes."""
        self._engine = engine

    # ---- Python's words -----------------------------------------------------------------
    def translate_for(self, language: str) -> Translate:
        """A translate(context, source) in `language` ("" -> the source: English)."""
        # the list itself: translators added later (the catalog's names) are asked too
        translators = self._translators.get(language, [])

        def translate(context: str, source: str) -> str:
            for translator in translators:
                said = translator.translate(context, source)
                if said:
                    return said
            return source

        return translate

    def words(self, language: str | None = None) -> Wording:
        """The wording catalogue in `language` (default: the shown one)."""
        lang = language or self._language
        return Wording(
            lang,
            self._tz,
            translate=self.translate_for(lang),
            price_difference=self._price_difference,
        )

    # ---- what QML binds -----------------------------------------------------------------
    @Property(str, notify=languageChanged)
    def language(self) -> str:
        """The shown language: "zh-CN" or "en"."""
        return self._language

    @Property(list, constant=True)
    def languages(self) -> list[dict[str, Any]]:
        """What the switch offers: [{"code": "zh-CN", "name": "中文"}, ...]."""
        return [{"code": lang, "name": ENDONYMS[lang]} for lang in LANGUAGES]

    @Slot(str)
    def setLanguage(self, language: str) -> None:
        """Show the screen in `language` from now on (unknown languages are ignored)."""
        if language not in LANGUAGES or language == self._language:
            return
        app = QCoreApplication.instance()
        if app is not None:
            for translator in self._installed:
                app.removeTranslator(translator)
            for translator in self._translators[language]:
                app.installTranslator(translator)
        self._installed = list(self._translators[language])
        QLocale.setDefault(QLocale(QT_LOCALES[language]))
        self._language = language
        if self._engine is not None:
            self._engine.retranslate()
        self.languageChanged.emit()
