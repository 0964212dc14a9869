#!/usr/bin/env bash
# Sets everything up (virtual env, install, verified models, the screen's translations), then runs the kiosk or the tests.
#   bash packaging/dev.sh run [kiosk run flags]   the mirror in developer mode (webcam by default)
#   bash packaging/dev.sh test [pytest flags]     the whole test suite (under Xvfb when there is no screen)
#   bash packaging/dev.sh cov [pytest flags]      the same, with a coverage summary of `kiosk` (no gate)
# Offline machines: KIOSK_MODEL_MIRROR=/path/to/models bash packaging/dev.sh ...
# Installs only when pyproject.toml or packaging/constraints.txt changed since the last
# install (or a wider extra is needed): `run` needs the mirror (.[kiosk]), the tests .[dev].
# Paths given to `run` (--source video.mp4) are read from where the command was typed.
set -euo pipefail
caller=$PWD
cd "$(dirname "$0")/.."
repo=$PWD
python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "Python 3.11 or newer is needed (found $("$python" --version))" >&2; exit 2; }
what=${1:-run}
[ $# -gt 0 ] && shift
case "$what" in run) extra=kiosk ;; *) extra=dev ;; esac
[ -x .venv/bin/python ] || "$python" -m venv .venv
stamp=.venv/.kiosk-installed
wanted="$(cat pyproject.toml packaging/constraints.txt | sha256sum | cut -c1-16)"
have=$(cat "$stamp" 2>/dev/null || true)
if [ "$have" != "$wanted dev" ] && [ "$have" != "$wanted $extra" ]; then
  echo "installing .[$extra] into .venv (once; again only when pyproject.toml or the constraints change)" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c packaging/constraints.txt -e ".[$extra]"
  echo "$wanted $extra" > "$stamp"
fi
.venv/bin/kiosk models install >/dev/null
.venv/bin/kiosk translations build >/dev/null
case "$what" in
  run) cd "$caller" && exec "$repo/.venv/bin/kiosk" run --profile developer "$@" ;;
  # One worker per core (KIOSK_TEST_WORKERS=0: in this process), whole files; one BLAS
  # thread each, so the workers and the models' own threads do not fight over the cores.
  # Coverage's tracer costs the Python-heavy tests about a quarter of their time (the hub's
  # 518 authz/reservation/stock tests: 81 s -> 101 s), so CI's `test` runs without it.
  test|cov) [ "$what" = cov ] && set -- --cov --cov-report=term "$@"
     OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} exec .venv/bin/python -m pytest \
       -n "${KIOSK_TEST_WORKERS:-auto}" --dist loadfile --durations=25 "$@" ;;
  # The constraints are the versions the suite last passed with, from this .venv: pip's own
  # format, read by plain pip anywhere (the Qt metapackage's WebEngine and Pdf left out: unused).
  lock) { echo "# The versions the suite passed with: bash packaging/dev.sh lock (after a green run)."
          .venv/bin/python -m pip freeze --exclude-editable --disable-pip-version-check \
            | sed -E 's/^([A-Za-z0-9_.-]+) @ file:.*-([0-9][^-]*)-py3.*$/\1==\2/' \
            | grep -viE '^pyside6(_webengine|_pdf)?==' ; } > packaging/constraints.txt ;;
  *) echo "usage: bash packaging/dev.sh run|test|cov|lock [flags]" >&2; exit 2 ;;
esac
