"""Products' names in the screen's languages: the catalog's own translations.

A catalog entry (a shade, an eye, cheek or brow product, a look, a garment) may carry
`"names": {"zh-CN": "经典正红"}` beside its `"name"` (the name the hub and the receipts
use). The screen shows the name in the shopper's language where the entry has one and
the name itself where not. A name the hub renamed has no translation here: it is shown
as the hub gives it (the hub's name is newer than the file's translation).

A malformed `names` leaves that entry's translations out (logged, naming the entry and
the fix): a name is never a reason to lose a shelf.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FIELD = "names"
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z][A-Za-z]{1,3})?$")  # "zh-CN", "en", "zh-Hant"
FIX = 'give "names" as {"zh-CN": "经典正红"}: a language code and a non-empty name'

# {language: {name: name in that language}}
Names = dict[str, dict[str, str]]
FrozenNames = tuple[tuple[str, tuple[tuple[str, str], ...]], ...]
# The lists of assets/catalog.json whose entries are named products (or looks).
SHADES_LISTS = ("shades", "eyes", "cheeks", "brows", "looks")


def entry_names(entry: Mapping[str, Any], where: str) -> dict[str, str]:
    """The `names` of one entry by language ({} when it has none or they are malformed,
    logged)."""
    given = entry.get(FIELD)
    if given is None:
        return {}
    if not isinstance(given, dict) or not all(
        isinstance(k, str) and _LANGUAGE.match(k) and isinstance(v, str) and v.strip()
        for k, v in given.items()
    ):
        log.warning("%s: its 'names' are left out (fix: %s)", where, FIX)
        return {}
    return {lang: name.strip() for lang, name in given.items()}


def collect_names(entries: Iterable[tuple[Mapping[str, Any], str]]) -> Names:
    """Every entry's translations, by language, keyed by the entry's own `name`."""
    out: Names = {}
    for entry, where in entries:
        name = entry.get("name")
        if not isinstance(name, str) or not name:
            continue
        for lang, local in entry_names(entry, where).items():
            out.setdefault(lang, {})[name] = local
    return out


def file_entries(
    data: Mapping[str, Any], lists: Iterable[str], label: str
) -> list[tuple[Mapping[str, Any], str]]:
    """The (entry, where) pairs of a catalog file's top-level lists `lists`."""
    out: list[tuple[Mapping[str, Any], str]] = []
    for key in lists:
        items = data.get(key)
        if not isinstance(items, list):
            continue
        for i, entry in enumerate(items):
            if isinstance(entry, dict):
                out.append((entry, f"{label} {key}[{i}]"))
    return out


def catalog_names(shades_file: Path, garment_files: Iterable[Path]) -> Names:
    """The translations in the catalog files the kiosk loads (a file that cannot be read
    has none: its products' own loaders say why)."""
    entries: list[tuple[Mapping[str, Any], str]] = []
    for path, lists in ((shades_file, SHADES_LISTS), *((g, ("garments",)) for g in garment_files)):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
        if isinstance(data, dict):
            entries += file_entries(data, lists, str(path))
    return collect_names(entries)


def frozen(names: Names) -> FrozenNames:
    """`names` in a hashable form (a catalog is a frozen value)."""
    return tuple((lang, tuple(sorted(by.items()))) for lang, by in sorted(names.items()))


def thawed(names: FrozenNames) -> Names:
    return {lang: dict(by) for lang, by in names}
