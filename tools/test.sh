#!/usr/bin/env bash
# Sets up what is missing, builds everything, runs every test: Catch2 unit and integration
# tests through ctest (native build with AddressSanitizer and UBSan), then the browser
# end-to-end suite in Chromium against the real server. Exits non-zero on any failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

started=$(date +%s)
step() { echo; echo "== $* ($(( $(date +%s) - started ))s)"; }

step "setup"
tools/setup.sh || exit 1
source tools/build_env.sh

step "native build (server, tests; ASan+UBSan)"
cmake --preset native >/dev/null || exit 1
cmake --build --preset native || exit 1

step "client build (wasm)"
tools/build_client.sh || exit 1

status=0

step "unit and integration tests (ctest)"
ctest_log=$(mktemp)
ctest --preset native 2>&1 | tee "$ctest_log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

step "fuzzing, a short run of each target (libFuzzer, ASan+UBSan)"
tools/fuzz.sh 10 || status=1

step "system tests (limits, TLS, origin, faults, 1,000 chaotic clients; real processes)"
system_log=$(mktemp)
DUET_SERVER="$root/build/native/server/duet-server" \
DUET_LOADGEN="$root/build/native/tools/loadgen/duet-loadgen" \
  node --test --test-concurrency=1 --test-reporter=spec tests/system/ 2>&1 | tee "$system_log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

step "browser tests (Chromium; Firefox and WebKit on a private Xvfb; fake cameras, loopback WebRTC)"
browser_log=$(mktemp)
mkdir -p tests/browser/artifacts
DUET_SERVER="$root/build/native/server/duet-server" \
DUET_WEB_ROOT="$root/build/wasm/web" \
  node --test --test-concurrency=1 --test-reporter=spec tests/browser/ 2>&1 | tee "$browser_log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

step "summary"
grep -E "tests passed|tests failed" "$ctest_log" | sed 's/^/ctest: /'
grep -E "^ℹ (tests|pass|fail|skipped|duration_ms)" "$system_log" | sed 's/^ℹ /system: /'
grep -E "^ℹ (tests|pass|fail|skipped|duration_ms)" "$browser_log" | sed 's/^ℹ /browser: /'
rm -f "$ctest_log" "$system_log" "$browser_log"
if [ "$status" -eq 0 ]; then echo "ALL TESTS PASSED"; else echo "SOME TESTS FAILED"; fi
exit "$status"
