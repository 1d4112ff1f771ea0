#!/usr/bin/env bash
# Builds the libFuzzer harnesses and runs each for FUZZ_SECONDS (see Fuzz/README.md). Called by `make fuzz`.
#
#   FUZZ_SECONDS   seconds per harness (default 60)
#   FUZZ_TARGETS   harness names without the fuzz- prefix (default: all)
#   SWIFT          the swift driver (default swift)
#   FUZZ_ARGS      extra libFuzzer flags for every harness (e.g. "-jobs=2" or "-runs=1000")
#
# New corpus entries go to Fuzz/.corpus/<target>/ (git-ignored; Fuzz/corpus/<target>/ holds the checked-in seeds),
# crash, timeout and out-of-memory inputs to Fuzz/crashes/<target>/. Exits 1 when any harness found one.
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
ALL="bundle proof proof-tamper commitment log requests onnx archive-row modelfile"
FUZZ_TARGETS=${FUZZ_TARGETS:-$ALL}
FUZZ_ARGS=${FUZZ_ARGS:-}

# The longest input each harness takes: above its largest seed (bundles and proofs ~82 KB, the commitment ~280 KB,
# the model file ~56 KB); the structured harnesses read edits or rows, a few hundred bytes.
max_len() {
    case $1 in
        bundle | proof) echo 131072 ;;
        commitment) echo 393216 ;;
        modelfile | requests) echo 65536 ;;
        onnx) echo 16384 ;;
        log) echo 4096 ;;
        proof-tamper | archive-row) echo 1024 ;;
        *) echo 4096 ;;
    esac
}

BUILD=("$SWIFT" build -c release --package-path Fuzz --scratch-path Fuzz/.build-fuzz
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
if [ "$FUZZ_TARGETS" = "$ALL" ]; then
    "${BUILD[@]}"
else
    for target in $FUZZ_TARGETS; do "${BUILD[@]}" --product "fuzz-$target"; done
fi
BIN=$("${BUILD[@]}" --show-bin-path)

# Swift's runtime caches look like leaks to LeakSanitizer at exit; memory errors are what ASan is here for.
# Swift's own backtracer takes minutes to symbolize a sanitizer binary; ASan prints the stack.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:symbolize=1}

failed=()
for target in $FUZZ_TARGETS; do
    corpus=Fuzz/.corpus/$target
    crashes=Fuzz/crashes/$target
    mkdir -p "$corpus" "$crashes"
    echo "=== fuzz-$target: ${FUZZ_SECONDS}s, max_len $(max_len "$target") ==="
    # shellcheck disable=SC2086
    if ! "$BIN/fuzz-$target" "$corpus" "Fuzz/corpus/$target" -max_total_time="$FUZZ_SECONDS" \
        -max_len="$(max_len "$target")" -timeout=60 -rss_limit_mb=4096 -artifact_prefix="$crashes/" \
        -print_final_stats=1 $FUZZ_ARGS; then
        failed+=("$target")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: crashes found by: ${failed[*]} (inputs in Fuzz/crashes/)" >&2
    exit 1
fi
echo "fuzz: no crash in ${FUZZ_TARGETS// /, }"
