#!/usr/bin/env bash
# Builds the mirror as one self-contained folder: build/bundle/tryon-kiosk/ (run its `kiosk`).
#
#   bash packaging/bundle/build.sh      # then: bash packaging/bundle/check.sh
#
# PyInstaller one-folder (why, and what is in and out: packaging/bundle/README.md) from the
# project's .venv (`bash packaging/dev.sh` makes it): PyInstaller is installed into it at the
# versions pinned in requirements.txt when they are missing. The translations are built
# first (the .qm files are not tracked). Models are not bundled: the bundle fetches them
# like any install (`kiosk models install`, or KIOSK_MODEL_MIRROR).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
py="$root/.venv/bin/python"
out="$root/build/bundle"

if [[ ! -x "$py" ]]; then
    echo "no $root/.venv: run 'bash packaging/dev.sh run' (or test) first" >&2
    exit 1
fi

# Installs only what is missing or at another version (no network when all is in place).
"$py" -m pip install --quiet --disable-pip-version-check \
    -r "$here/requirements.txt" -c "$root/packaging/constraints.txt"

"$py" -m kiosk translations build >/dev/null

started=$(date +%s)
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$out" --workpath "$root/build/bundle-work" "$here/tryon-kiosk.spec"

bundle="$out/tryon-kiosk"
echo "built $bundle in $(( $(date +%s) - started )) s: $(du -sh "$bundle" | cut -f1)" \
    "($(du -sm "$bundle" | cut -f1) MB); check it with: bash packaging/bundle/check.sh"
