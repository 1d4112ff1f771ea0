#!/usr/bin/env bash
# FeedProof vs ezkl on the same model and candidates (issue 10). One command, from anywhere:
#
#   bash Benchmarks/compare/run.sh            # or: make compare
#
# Environment:
#   FEEDPROOF=path    use this feedproof binary instead of building one (swift build -c release)
#   SWIFT_FLAGS=...   extra flags for that build, e.g. "--scratch-path .build-va"
#   PYTHON=python3    the interpreter that creates the virtual environment (3.9 or newer)
#   CONDITIONS=text   label for the run's conditions in the results (default: judged from the load average)
#   KEEP_KEYS=1       keep ezkl's proving key and SRS (several GiB) in Benchmarks/compare/out/ezkl
# Extra arguments go to compare.py (see `compare.py --help`).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="$HERE/.venv"

cd "$ROOT"

if [ ! -x "$VENV/bin/python" ]; then
    echo "creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import ezkl, onnx, numpy' 2>/dev/null; then
    echo "installing ezkl, onnx and numpy from PyPI into $VENV"
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -r "$HERE/requirements.txt"
fi

if [ -z "${FEEDPROOF:-}" ]; then
    echo "building feedproof (swift build -c release --product feedproof ${SWIFT_FLAGS:-})"
    # shellcheck disable=SC2086  # SWIFT_FLAGS is a list of flags
    swift build -c release --product feedproof ${SWIFT_FLAGS:-}
    # shellcheck disable=SC2086
    FEEDPROOF="$(swift build -c release ${SWIFT_FLAGS:-} --show-bin-path)/feedproof"
fi
if [ ! -x "$FEEDPROOF" ]; then
    echo "error: feedproof binary not found at $FEEDPROOF" >&2
    exit 2
fi
if [ ! -x /usr/bin/time ]; then
    echo "note: /usr/bin/time is missing; peak memory comes from getrusage(RUSAGE_CHILDREN) per step"
fi

exec "$VENV/bin/python" "$HERE/compare.py" --feedproof "$FEEDPROOF" "$@"
