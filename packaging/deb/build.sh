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
# What goes into /opt: the project's wheel and the pip constraints the suite passed with
# (packaging/constraints.txt), and the venv is made at install time by the postinst from
# them. Why not a prebuilt venv: a venv is tied to the path and the exact
# Python it was made with (its scripts' #! lines, its pyvenv.cfg, the C extensions of
# mediapipe/OpenCV/PySide6 built for one CPython), so one built here would only run on a
# PC with the same Python at the same place, and it would make the package ~1.7 GB. The
# wheel is half a megabyte and `python3 -m venv` on the PC matches that PC's Python.
# The dependencies come from the configured pip index (a store mirror via /etc/pip.conf),
# or, for stores without internet, from wheels shipped in the package: --wheelhouse DIR
# (e.g. filled by `pip download 'tryon-kiosk[kiosk]' -d DIR`, for the store PCs' Python
# and CPU; packaging/deb/smoke.sh shows the command) puts them in and the postinst then
# installs with --no-index. The package is then for that architecture and that Python
# only (Depends says which), and packed without compression: wheels are zip files already
# (xz took 4 minutes over the kiosk's 315 MB of them to save 5 %).
# The new venv is made in a folder of its own (/opt/tryon-kiosk/venv-XXXXXX: a venv
# cannot be moved once made, its scripts' #! lines name its python by path) and swapped
# in only when complete, by renaming the /opt/tryon-kiosk/venv symlink over to it: an
# upgrade that cannot reach the index fails the postinst and leaves the running mirror as
# it was.
# Depends also lists the system libraries the wheels' native code loads (OpenCV,
# MediaPipe, Qt on Wayland: found with ldd in a minimal Debian 12) and a CJK font;
# Recommends has cage and Xwayland, without which Debian 12's cage 0.1.4 does not start
# ("Cannot create XWayland server"), and Mesa's GL drivers.
#
# Upgrades and removal: /etc/tryon-kiosk/* and the PAM and udev files are conffiles
# (dpkg keeps local edits); /var/lib/tryon-kiosk (the embedded hub's database, outbox,
# device secret) and /var/lib/tryon-hub (the hub's database) are kept by `remove` and by
# upgrades, and deleted only by `purge` (postrm), with the caches and logs. The mirror's
# unit is enabled by deb-systemd-helper, which needs no running systemd (an image built
# in a chroot); systemctl is called only where systemd runs.
# packaging/deb/smoke.sh installs, upgrades, removes and purges it for real in a minimal
# Debian 12 chroot.
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
PYDEP="python3 (>= 3.11)"
COMPRESS=-Zxz
if [ -n "$WHEELHOUSE" ]; then
    ARCH=$(dpkg --print-architecture)  # binary wheels: this machine's architecture only
    # Wheels built for one CPython (cp311-cp311) install on that Python alone: Depends
    # says so, and apt refuses the package on another instead of the postinst failing.
    ABIS=$(find "$WHEELHOUSE" -maxdepth 1 -name '*.whl' -printf '%f\n' \
        | sed -n 's/.*-cp3\([0-9][0-9]*\)-cp3[0-9]*-[^-]*\.whl$/\1/p' | sort -u)
    case "$ABIS" in
        "") ;;
        *[!0-9]*)
            echo "build.sh: $WHEELHOUSE has wheels for several Pythons (3.x:" \
                "$(tr '\n' ' ' <<<"$ABIS"))" >&2
            exit 1 ;;
        *) PYDEP="python3 (>= 3.$ABIS), python3 (<< 3.$((ABIS + 1)))" ;;
    esac
    COMPRESS=-Znone
fi
# What the wheels' native code loads from the system (ldd over cv2, mediapipe and PySide6's
# Core/Gui/Qml/Quick, qsb and the Wayland platform plugin, in a minimal Debian 12), and a
# font for the Chinese screens (Theme.fontFamily's choices).
LIBS="libgl1, libegl1, libgles2, libglib2.0-0, libxcb1, libx11-6, libxkbcommon0, \
libfontconfig1, libfreetype6, libdbus-1-3, libwayland-client0, libwayland-cursor0, \
libwayland-egl1, fonts-wqy-microhei | fonts-noto-cjk"

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
# The versions the suite passed with: the postinst installs those, not whatever is newest.
install -m 0644 "$ROOT/packaging/constraints.txt" "$OPT/constraints.txt"
cat >"$PKG/usr/share/doc/tryon-kiosk/copyright" <<'EOF'
Try-on mirror (tryon-kiosk). License: Proprietary.
EOF

# Conffiles: dpkg keeps the site's edits on upgrade and removes them only on purge.
(cd "$PKG" && find etc -type f | sed 's|^|/|' | sort) >"$PKG/DEBIAN/conffiles"

# ---- maintainer scripts ----------------------------------------------------------------
# Written quoted (no expansion here); @WHEEL@ is the wheel's file name.
cat >"$PKG/DEBIAN/postinst" <<'EOF'
#!/bin/sh
# tryon-kiosk postinst: users, the venv from the shipped wheel, the services.
set -e
OPT=/opt/tryon-kiosk
WHEEL=$OPT/wheels/@WHEEL@

# A system user and its home, made as systemd's StateDirectory= makes it (owner, mode),
# so the kiosk's own tools run as that user before its service has ever started.
system_user() {  # name home mode gecos
    made_home=no
    if [ ! -d "$2" ]; then
        install -d -m "$3" "$2"
        made_home=yes
    fi
    if ! getent passwd "$1" >/dev/null; then
        adduser --system --group --home "$2" --no-create-home --gecos "$4" "$1"
    fi
    if [ "$made_home" = yes ]; then chown "$1:$1" "$2"; fi
}

action=$1
since=${2:-}  # the version configured before (upgrade, reinstall); empty on a first install
case "$action" in
configure)
    # System users: the mirror (its home holds the embedded hub's data) and the hub.
    system_user kiosk /var/lib/tryon-kiosk 0755 "try-on mirror"
    for group in video render input; do
        if getent group "$group" >/dev/null; then adduser --quiet kiosk "$group"; fi
    done
    system_user tryon-hub /var/lib/tryon-hub 0750 "try-on Store API hub"

    # The venv, in a folder of its own: a venv cannot be moved (its scripts' #! lines name
    # its python by path). The venv symlink is renamed over to it once it is complete.
    new=$(mktemp -d "$OPT/venv-XXXXXX")
    trap 'rm -rf "$new" "$OPT/venv.link"' EXIT
    chmod 0755 "$new"
    python3 -m venv "$new"
    set -- --quiet --no-cache-dir --disable-pip-version-check -c "$OPT/constraints.txt"
    if [ -e "$OPT/wheels/OFFLINE" ]; then
        set -- "$@" --no-index --find-links "$OPT/wheels"
    fi
    "$new/bin/pip" install "$@" "tryon-kiosk[kiosk] @ file://$WHEEL"
    "$new/bin/kiosk" --version >/dev/null
    if [ -d "$OPT/venv" ] && [ ! -L "$OPT/venv" ]; then rm -rf "$OPT/venv"; fi
    ln -s "${new##*/}" "$OPT/venv.link"
    mv -T "$OPT/venv.link" "$OPT/venv"
    trap - EXIT
    for old in "$OPT"/venv-*; do
        if [ "$old" != "$new" ]; then rm -rf "$old"; fi
    done

    if [ -d /run/udev ] && command -v udevadm >/dev/null; then
        udevadm control --reload || true
    fi
    # First install: the mirror starts on boot where there is a compositor for it, also
    # when installed into an image in a chroot (deb-systemd-helper needs no running
    # systemd). The hub is enabled by the admin when this PC serves it (README).
    if [ -z "$since" ]; then
        if [ ! -x /usr/bin/cage ]; then
            echo "tryon-kiosk: cage is not installed; the mirror's service is not enabled" >&2
        elif command -v deb-systemd-helper >/dev/null; then
            deb-systemd-helper enable tryon-kiosk.service \
                || echo "tryon-kiosk: could not enable tryon-kiosk.service" >&2
        elif [ -d /run/systemd/system ]; then
            systemctl enable tryon-kiosk.service \
                || echo "tryon-kiosk: could not enable tryon-kiosk.service" >&2
        fi
    fi
    if [ -d /run/systemd/system ]; then
        systemctl daemon-reload || true
        if [ -n "$since" ]; then
            systemctl try-restart tryon-kiosk.service tryon-hub.service || true
        fi
    fi
    ;;
esac
exit 0
EOF
sed -i "s|@WHEEL@|$WHEEL|" "$PKG/DEBIAN/postinst"

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
# The venv the postinst made (the venv symlink and its venv-XXXXXX folder), then
# /opt/tryon-kiosk itself, which dpkg leaves behind while the venv is still in it.
remove_venv() {
    rm -rf "$R/opt/tryon-kiosk/venv" "$R/opt/tryon-kiosk/venv.link" "$R"/opt/tryon-kiosk/venv-*
    rmdir "$R/opt/tryon-kiosk" 2>/dev/null || true
}
case "$1" in
remove)
    remove_venv
    if [ -d "$R/run/systemd/system" ]; then systemctl daemon-reload || true; fi
    ;;
purge)
    remove_venv
    rm -rf "$R/var/lib/tryon-kiosk" "$R/var/lib/tryon-hub" "$R/var/cache/tryon-kiosk" \
        "$R/var/cache/tryon-hub" "$R/var/log/tryon-kiosk" "$R/etc/tryon-kiosk"
    # The links deb-systemd-helper made and its records of them, and any an admin made.
    if [ -z "$R" ] && command -v deb-systemd-helper >/dev/null; then
        deb-systemd-helper purge tryon-kiosk.service tryon-hub.service >/dev/null || true
    fi
    rm -f "$R/etc/systemd/system/graphical.target.wants/tryon-kiosk.service" \
        "$R/etc/systemd/system/multi-user.target.wants/tryon-hub.service"
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
Depends: $PYDEP, python3-venv, adduser, $LIBS
Recommends: cage, xwayland, libegl-mesa0, libgl1-mesa-dri
Suggests: wlr-randr
Description: in-store smart mirror / AR try-on kiosk
 The try-on mirror full screen on boot in the cage Wayland kiosk compositor
 (tryon-kiosk.service, systemd watchdog on the UI loop), and the Store API hub as
 its own service (tryon-hub.service). Installs into /opt/tryon-kiosk; per-site
 settings in /etc/tryon-kiosk.
EOF

mkdir -p "$OUT"
DEB="$OUT/tryon-kiosk_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group "$COMPRESS" --build "$PKG" "$DEB" >&2
echo "$DEB"
