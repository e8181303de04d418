#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything and
# runs the whole test suite (unit + integration tests through CTest, the
# ThreadSanitizer run of the torch-free concurrent code, and the bounded
# libFuzzer runs). Exit status 0 only if all pass.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh

echo "== ctest"
CTEST_LOG="$TENGEN_BUILD/ctest-summary.log"
ctest --test-dir "$TENGEN_BUILD" --output-on-failure -j 2 --timeout 900 | tee "$CTEST_LOG"
CTEST_TOTAL=$(sed -n 's/.*tests failed out of \([0-9]*\).*/\1/p' "$CTEST_LOG" | tail -1)
CTEST_SKIPPED=$(grep -c '(Skipped)$' "$CTEST_LOG" || true)

echo "== ThreadSanitizer: search (batching evaluator, cache, concurrent searches)"
TSAN_BUILD=${TENGEN_BUILD}-tsan
if [ ! -f "$TSAN_BUILD/build.ninja" ]; then
  cmake -S . -B "$TSAN_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTENGEN_TSAN=ON \
    -DTENGEN_WITH_CUDA=OFF -DCMAKE_PREFIX_PATH="$TENGEN_TORCH_PREFIX" $TENGEN_CCACHE_ARGS >"$TSAN_BUILD.configure.log" 2>&1 ||
    { cat "$TSAN_BUILD.configure.log"; exit 1; }
fi
ninja -C "$TSAN_BUILD" -j 2 tengen_search_test
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" "$TSAN_BUILD/engine/tengen_search_test"

echo "== fuzzers (bounded)"
FUZZ_SECONDS=${FUZZ_SECONDS:-60} bash tests/fuzz/run_fuzzers.sh
echo "== all test stages passed (ctest, ThreadSanitizer, fuzzers)"
echo "tests: $(( ${CTEST_TOTAL:-0} - ${CTEST_SKIPPED:-0} )) passed, 0 failed, ${CTEST_SKIPPED:-0} skipped"
