#!/usr/bin/env bash
# Sets everything up (virtual env, install, verified models, the screen's translations), then runs the kiosk or the tests.
#   bash packaging/dev.sh run [kiosk run flags]   the mirror in developer mode (webcam by default)
#   bash packaging/dev.sh test [pytest flags]     the whole test suite (under Xvfb when there is no screen)
#   bash packaging/dev.sh cov [pytest flags]      the same, with a coverage summary of `kiosk` (no gate)
# Offline machines: KIOSK_MODEL_MIRROR=/path/to/models bash packaging/dev.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || { echo "Python 3.11 or newer is needed (found $("$python" --version))" >&2; exit 2; }
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
.venv/bin/kiosk models install >/dev/null
.venv/bin/kiosk translations build >/dev/null
what=${1:-run}
[ $# -gt 0 ] && shift
case "$what" in
  run) exec .venv/bin/kiosk run --profile developer "$@" ;;
  # One worker per core (KIOSK_TEST_WORKERS=0: in this process), whole files; one BLAS
  # thread each, so the workers and the models' own threads do not fight over the cores.
  # Coverage's tracer costs the Python-heavy tests about a quarter of their time (the hub's
  # 518 authz/reservation/stock tests: 81 s -> 101 s), so CI's `test` runs without it.
  test|cov) [ "$what" = cov ] && set -- --cov --cov-report=term "$@"
     OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-1} exec .venv/bin/python -m pytest \
       -n "${KIOSK_TEST_WORKERS:-auto}" --dist loadfile "$@" ;;
  *) echo "usage: bash packaging/dev.sh run|test|cov [flags]" >&2; exit 2 ;;
esac
