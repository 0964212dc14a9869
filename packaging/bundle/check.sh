#!/usr/bin/env bash
# The bundle's test: runs build/bundle/tryon-kiosk as a store PC would get it.
#
#   bash packaging/bundle/build.sh
#   KIOSK_MODEL_MIRROR=../shared/models bash packaging/bundle/check.sh
#
# A copy of the folder in a fresh temporary directory outside the checkout, started from
# there with an empty HOME and XDG folders and none of the developer's environment (env -i:
# no .venv, no PYTHONPATH, no KIOSK_HOME), on a virtual screen (Xvfb), so it leans on
# nothing but the system's own libraries (glibc, OpenGL, X11). In order:
#   1. `kiosk models install` (KIOSK_MODEL_MIRROR when set, else MediaPipe's storage);
#   2. `kiosk --self-test`, timed: data folders, both models on a frame, the shader baked
#      by qsb, the screen's QML compiled with its imports, the embedded hub started as the
#      bundle's own child and answering;
#   3. the embedded hub dies with a kiosk killed outright (SIGKILL), as from Python;
#   4. `kiosk run` on a photo: the real window comes up, maps no file of the checkout or
#      its .venv, and SIGTERM closes it cleanly (exit 0);
#   5. with the test photos of ../shared (or KIOSK_SHARED_DIR): `kiosk render` on a face,
#      and `kiosk doctor`;
# then prints the bundle's size and the self-test's time; exits non-zero when any step
# fails. About a minute, so not part of the pytest suite (tests/packaging/
# test_bundle_launch.py tests the frozen hub launch without building).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
bundle="$root/build/bundle/tryon-kiosk"
if [[ ! -x "$bundle/kiosk" ]]; then
    echo "no bundle at $bundle: run 'bash packaging/bundle/build.sh' first" >&2
    exit 1
fi
models=""
if [[ -n "${KIOSK_MODEL_MIRROR:-}" ]]; then models=$(cd "$KIOSK_MODEL_MIRROR" && pwd); fi
shared="${KIOSK_SHARED_DIR:-$root/../shared}"
if [[ -d "$shared" ]]; then shared=$(cd "$shared" && pwd); fi
photo="$shared/testdata/faces/mouth_open_d19.jpg"

work=$(mktemp -d "${TMPDIR:-/tmp}/tryon-bundle-check.XXXXXX")
screen_pid=""
cleanup() {
    if [[ -n "$screen_pid" ]]; then kill "$screen_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "bundle check FAILED: $*" >&2; exit 1; }

cp -a "$bundle" "$work/tryon-kiosk"
broken=$(find "$work/tryon-kiosk" -xtype l)
[[ -z "$broken" ]] || fail "links to nothing in the bundle: $broken"
program="$work/tryon-kiosk/kiosk"
mkdir -p "$work/home"

# A virtual screen of our own (its number chosen by Xvfb), so the processes below are ours.
exec 3>"$work/display"
Xvfb -displayfd 3 -screen 0 1920x2000x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
screen_pid=$!
exec 3>&-
for _ in $(seq 100); do [[ -s "$work/display" ]] && break; sleep 0.1; done
[[ -s "$work/display" ]] || fail "Xvfb did not start: $(cat "$work/xvfb.log")"
display=":$(cat "$work/display")"

kiosk() {  # the copied bundle's program, from $work, with a clean environment (same pid)
    cd "$work" && exec env -i PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 DISPLAY="$display" \
        HOME="$work/home" XDG_CACHE_HOME="$work/home/.cache" \
        XDG_DATA_HOME="$work/home/.local/share" XDG_CONFIG_HOME="$work/home/.config" \
        ${models:+KIOSK_MODEL_MIRROR="$models"} "$program" "$@"
}
alive() {  # a process that exists and is not a zombie
    [[ -r /proc/$1/stat ]] && [[ $(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1) != Z ]]
}

echo "== $("$program" --version) from $work/tryon-kiosk"
(kiosk models install)

echo "== kiosk --self-test"
started=$(date +%s%N)
(kiosk --self-test) | tee "$work/self-test.txt" || fail "the self-test did not pass"
took_ms=$(( ($(date +%s%N) - started) / 1000000 ))
grep -q "^self-test passed" "$work/self-test.txt" || fail "the self-test did not pass"
grep -q "^self-test data: OK: .* under $work/tryon-kiosk/" "$work/self-test.txt" \
    || fail "the self-test read its data from outside the bundle"

echo "== the embedded hub dies with a kiosk killed outright"
(kiosk -c "
import sys, time
from pathlib import Path
from kiosk.client.embedded import EmbeddedHub
hub = EmbeddedHub(data_dir=Path(sys.argv[1]))
hub.start()
assert hub.wait_ready(60), 'the embedded hub did not start'
print(hub.pid, flush=True)
time.sleep(120)
" "$work/hub-data" >"$work/hub-pid.txt") &
parent=$!
for _ in $(seq 600); do [[ -s "$work/hub-pid.txt" ]] && break; sleep 0.1; done
hub=$(head -n1 "$work/hub-pid.txt")
if [[ -z "$hub" ]] || ! alive "$hub"; then fail "no embedded hub from the bundle"; fi
grep -q -- "--embedded-hub-child" "/proc/$hub/cmdline" || fail "the hub is not the bundle's child"
kill -KILL "$parent"
wait "$parent" 2>/dev/null || true
for _ in $(seq 100); do alive "$hub" || break; sleep 0.1; done
! alive "$hub" || fail "the embedded hub (pid $hub) outlived the killed kiosk"
echo "hub $hub gone with its kiosk"

if [[ -f "$photo" ]]; then
    echo "== kiosk run --source $(basename "$photo") (the window, then SIGTERM)"
    (kiosk run --source "$photo" --windowed >"$work/run.txt" 2>&1) &
    mirror=$!
    for _ in $(seq 600); do
        grep -q "mirror on screen" "$work/run.txt" && break
        alive "$mirror" || break
        sleep 0.1
    done
    grep -q "mirror on screen" "$work/run.txt" || { cat "$work/run.txt"; fail "no window"; }
    sleep 3  # frames flow, the embedded hub starts
    if grep -q -e "$root/" "/proc/$mirror/maps"; then
        fail "the mirror maps files of the checkout: $(grep -o -e "$root/.*" "/proc/$mirror/maps" | sort -u | head -3)"
    fi
    kill -TERM "$mirror"
    status=0
    wait "$mirror" || status=$?
    cat "$work/run.txt"
    [[ $status -eq 0 ]] || fail "kiosk run exited $status after SIGTERM"

    echo "== kiosk render --image $(basename "$photo")"
    (kiosk render --image "$photo" --shade LIP-001 --out "$work/render.png")
    [[ $(stat -c %s "$work/render.png") -gt 10000 ]] || fail "no rendered photo"
    echo "== kiosk doctor"
    (kiosk doctor --set "capture.source=$photo")
else
    echo "(no test photo at $photo: run, render and doctor skipped)"
fi

echo "== bundle: $(du -sh "$bundle" | cut -f1) ($(du -sm "$bundle" | cut -f1) MB) in $bundle;" \
    "self-test took $(( took_ms / 1000 )).$(( took_ms % 1000 / 100 )) s"
echo "bundle check passed"
