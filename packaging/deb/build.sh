#!/usr/bin/env bash
# Builds the tryon-kiosk Debian package in one command:
#
#   bash packaging/deb/build.sh [--out DIR] [--version VERSION] [--wheelhouse DIR]
#
# It installs the try-on mirror into /opt/tryon-kiosk on a store PC (Debian 12 or
# later), creates the `kiosk` and `tryon-hub` system users, and ships the two services
# (packaging/systemd: the mirror in cage on tty1, the Store API hub), the PAM service,
# the touch-rotation udev rule and the per-site settings in /etc/tryon-kiosk.
#
# What goes into /opt: the project's wheel, and the venv is made at install time by the
# postinst from it. Why not a prebuilt venv: a venv is tied to the path and the exact
# Python it was made with (its scripts' #! lines, its pyvenv.cfg, the C extensions of
# mediapipe/OpenCV/PySide6 built for one CPython), so one built here would only run on a
# PC with the same Python at the same place, and it would make the package ~1.7 GB. The
# wheel is half a megabyte and `python3 -m venv` on the PC matches that PC's Python.
# The dependencies come from the configured pip index (a store mirror via /etc/pip.conf),
# or, for stores without internet, from wheels shipped in the package: --wheelhouse DIR
# (e.g. filled by `pip download 'tryon-kiosk[kiosk]' -d DIR`, for the store PCs' Python
# and CPU) puts them in and the postinst then installs with --no-index. The new venv is
# built beside the old one and swapped in only when complete: an upgrade that cannot
# reach the index fails the postinst and leaves the running mirror as it was.
#
# Upgrades and removal: /etc/tryon-kiosk/* and the PAM and udev files are conffiles
# (dpkg keeps local edits); /var/lib/tryon-kiosk (the embedded hub's database, outbox,
# device secret) and /var/lib/tryon-hub (the hub's database) are kept by `remove` and by
# upgrades, and deleted only by `purge` (postrm), with the caches and logs.
#
# Needs dpkg-deb (and nothing run as root: --root-owner-group makes every file root's).
# The wheel is built from a copy of the checkout, so a build running at the same time in
# the checkout (setuptools writes build/ and *.egg-info there) is not disturbed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SYSTEMD="$ROOT/packaging/systemd"
OUT="$ROOT/build/deb"
VERSION=""
WHEELHOUSE=""
PYTHON="${PYTHON:-}"

usage() {
    sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
    case "$1" in
        --out) OUT=$2; shift 2 ;;
        --version) VERSION=$2; shift 2 ;;
        --wheelhouse) WHEELHOUSE=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "build.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done

command -v dpkg-deb >/dev/null || {
    echo "build.sh: dpkg-deb is missing (apt install dpkg-dev)" >&2
    exit 1
}
if [ -z "$PYTHON" ]; then
    if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
fi
if [ -z "$VERSION" ]; then
    VERSION=$("$PYTHON" -c 'import sys, tomllib
print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' "$ROOT/pyproject.toml")
fi
ARCH=all
if [ -n "$WHEELHOUSE" ]; then
    ARCH=$(dpkg --print-architecture)  # binary wheels: this machine's architecture only
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PKG="$WORK/pkg"
OPT="$PKG/opt/tryon-kiosk"
mkdir -p "$OPT/wheels" "$OPT/bin" "$PKG/lib/systemd/system" "$PKG/etc/tryon-kiosk" \
    "$PKG/etc/pam.d" "$PKG/etc/udev/rules.d" "$PKG/usr/share/doc/tryon-kiosk" "$PKG/DEBIAN"

# ---- the wheel -------------------------------------------------------------------------
echo "build.sh: building the wheel (version $VERSION)" >&2
mkdir "$WORK/src"
tar -C "$ROOT" --exclude=./.venv --exclude=./.git --exclude=./build --exclude=./dist \
    --exclude='*.egg-info' --exclude=__pycache__ --exclude=./.mypy_cache \
    --exclude=./.ruff_cache --exclude=./.pytest_cache -cf - . | tar -C "$WORK/src" -xf -
# Offline: the builder's own setuptools (70.1+ builds wheels itself; the dev set-up has it).
"$PYTHON" -m pip wheel --no-deps --no-build-isolation --quiet -w "$OPT/wheels" "$WORK/src" >&2
WHEEL=$(cd "$OPT/wheels" && ls tryon_kiosk-*.whl)
if [ -n "$WHEELHOUSE" ]; then
    find "$WHEELHOUSE" -maxdepth 1 -name '*.whl' ! -name 'tryon_kiosk-*' -exec cp {} "$OPT/wheels/" \;
    touch "$OPT/wheels/OFFLINE"  # the postinst installs from these alone (--no-index)
fi

# ---- files -----------------------------------------------------------------------------
install -m 0755 "$SYSTEMD/tryon-session" "$OPT/bin/tryon-session"
install -m 0644 "$SYSTEMD/tryon-kiosk.service" "$SYSTEMD/tryon-hub.service" \
    "$SYSTEMD/tryon-hub@.service" "$PKG/lib/systemd/system/"
install -m 0644 "$SYSTEMD/kiosk.env" "$SYSTEMD/hub.env" "$SYSTEMD/kiosk.toml" "$PKG/etc/tryon-kiosk/"
install -m 0644 "$SYSTEMD/pam-tryon-kiosk" "$PKG/etc/pam.d/tryon-kiosk"
install -m 0644 "$SYSTEMD/99-tryon-touch-rotate.rules" "$PKG/etc/udev/rules.d/"
cat >"$PKG/usr/share/doc/tryon-kiosk/copyright" <<'EOF'
Try-on mirror (tryon-kiosk). License: Proprietary.
EOF

# Conffiles: dpkg keeps the site's edits on upgrade and removes them only on purge.
(cd "$PKG" && find etc -type f | sed 's|^|/|' | sort) >"$PKG/DEBIAN/conffiles"

# ---- maintainer scripts ----------------------------------------------------------------
cat >"$PKG/DEBIAN/postinst" <<EOF
#!/bin/sh
# tryon-kiosk postinst: users, the venv from the shipped wheel, the services.
set -e
OPT=/opt/tryon-kiosk
WHEEL=\$OPT/wheels/$WHEEL

case "\$1" in
configure)
    # System users: the mirror (its home holds the embedded hub's data) and the hub.
    if ! getent passwd kiosk >/dev/null; then
        adduser --system --group --home /var/lib/tryon-kiosk --no-create-home \\
            --gecos "try-on mirror" kiosk
    fi
    for group in video render input; do
        if getent group "\$group" >/dev/null; then adduser --quiet kiosk "\$group"; fi
    done
    if ! getent passwd tryon-hub >/dev/null; then
        adduser --system --group --home /var/lib/tryon-hub --no-create-home \\
            --gecos "try-on Store API hub" tryon-hub
    fi

    # The venv: built beside the running one and swapped in only when complete.
    rm -rf "\$OPT/venv.new"
    python3 -m venv "\$OPT/venv.new"
    if [ -e "\$OPT/wheels/OFFLINE" ]; then
        "\$OPT/venv.new/bin/pip" install --quiet --no-index --find-links "\$OPT/wheels" \\
            "tryon-kiosk[kiosk] @ file://\$WHEEL"
    else
        "\$OPT/venv.new/bin/pip" install --quiet "tryon-kiosk[kiosk] @ file://\$WHEEL"
    fi
    rm -rf "\$OPT/venv.old"
    if [ -d "\$OPT/venv" ]; then mv "\$OPT/venv" "\$OPT/venv.old"; fi
    mv "\$OPT/venv.new" "\$OPT/venv"
    rm -rf "\$OPT/venv.old"

    if [ -d /run/udev ] && command -v udevadm >/dev/null; then
        udevadm control --reload || true
    fi
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload
        if [ -z "\$2" ]; then
            # First install: the mirror starts on boot where there is a compositor for it.
            # The hub is enabled by the admin when this PC serves it (README).
            if [ -x /usr/bin/cage ]; then
                systemctl enable tryon-kiosk.service
            else
                echo "tryon-kiosk: cage is not installed; the mirror's service is not enabled" >&2
            fi
        else
            systemctl try-restart tryon-kiosk.service tryon-hub.service || true
        fi
    fi
    ;;
esac
exit 0
EOF

cat >"$PKG/DEBIAN/prerm" <<'EOF'
#!/bin/sh
# tryon-kiosk prerm: stop the services when the package goes away (an upgrade restarts
# them from the postinst instead, so a failed upgrade leaves them running).
set -e
case "$1" in
remove|deconfigure)
    if [ -d /run/systemd/system ]; then
        systemctl stop tryon-kiosk.service tryon-hub.service || true
    fi
    ;;
esac
exit 0
EOF

cat >"$PKG/DEBIAN/postrm" <<'EOF'
#!/bin/sh
# tryon-kiosk postrm. remove: the program goes (the venv the postinst made); the site's
# settings (/etc/tryon-kiosk) and data (/var/lib/tryon-kiosk, /var/lib/tryon-hub) stay.
# upgrade: nothing. purge: the data, caches, logs and settings go too. The system users
# stay (files they owned may be left elsewhere, e.g. a copied database). Paths are under
# $DPKG_ROOT (empty on a normal install; dpkg sets it for an install into another root).
set -e
R=${DPKG_ROOT:-}
case "$1" in
remove)
    rm -rf "$R/opt/tryon-kiosk/venv" "$R/opt/tryon-kiosk/venv.new" "$R/opt/tryon-kiosk/venv.old"
    if [ -d "$R/run/systemd/system" ]; then systemctl daemon-reload || true; fi
    ;;
purge)
    rm -rf "$R/opt/tryon-kiosk/venv" "$R/opt/tryon-kiosk/venv.new" "$R/opt/tryon-kiosk/venv.old"
    rm -rf "$R/var/lib/tryon-kiosk" "$R/var/lib/tryon-hub" "$R/var/cache/tryon-kiosk" \
        "$R/var/cache/tryon-hub" "$R/var/log/tryon-kiosk" "$R/etc/tryon-kiosk"
    rm -f "$R/etc/systemd/system/graphical.target.wants/tryon-kiosk.service" \
        "$R/etc/systemd/system/multi-user.target.wants/tryon-hub.service"
    rmdir "$R/opt/tryon-kiosk" 2>/dev/null || true
    if [ -d "$R/run/systemd/system" ]; then systemctl daemon-reload || true; fi
    ;;
esac
exit 0
EOF
chmod 0755 "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/prerm" "$PKG/DEBIAN/postrm"

# ---- control ---------------------------------------------------------------------------
SIZE=$(du -sk --exclude=DEBIAN "$PKG" | cut -f1)
cat >"$PKG/DEBIAN/control" <<EOF
Package: tryon-kiosk
Version: $VERSION
Architecture: $ARCH
Maintainer: Try-on kiosk team <kiosk@example.invalid>
Section: misc
Priority: optional
Installed-Size: $SIZE
Depends: python3 (>= 3.11), python3-venv, adduser
Recommends: cage
Suggests: wlr-randr
Description: in-store smart mirror / AR try-on kiosk
 The try-on mirror full screen on boot in the cage Wayland kiosk compositor
 (tryon-kiosk.service, systemd watchdog on the UI loop), and the Store API hub as
 its own service (tryon-hub.service). Installs into /opt/tryon-kiosk; per-site
 settings in /etc/tryon-kiosk.
EOF

mkdir -p "$OUT"
DEB="$OUT/tryon-kiosk_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$PKG" "$DEB" >&2
echo "$DEB"
