"""The kept OpenAPI document: `python -m kiosk.hub.openapi` rewrites docs/openapi.json.

The document is generated from the app (and so from kiosk.storeapi.contract); a test
fails when the kept file and the generated one differ.
"""

from __future__ import annotations

import json

from kiosk.paths import project_root


def render() -> str:
    """The OpenAPI document as kept in the repository (stable key order, trailing newline)."""
    from kiosk.hub.main import openapi_document

    return json.dumps(openapi_document(), indent=2, ensure_ascii=False) + "\n"


def kept_path() -> str:
    return str(project_root() / "docs" / "openapi.json")


if __name__ == "__main__":
    from pathlib import Path

    out = Path(kept_path())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(), encoding="utf-8")
    print(out)
