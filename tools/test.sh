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

# The two builds run side by side: each is CPU-bound at -j2, but each ends in a long
# single-threaded link (the ASan test binaries; the wasm link and its optimizer) that the
# other fills. The client's log is shown after the native build's.
step "native build (server, tests; ASan+UBSan) and client build (wasm), side by side"
client_log=$(mktemp)
tools/build_client.sh >"$client_log" 2>&1 &
client_pid=$!
cmake --preset native >/dev/null && cmake --build --preset native
native_status=$?
wait "$client_pid"
client_status=$?
echo "-- client build (wasm):"
tail -n 20 "$client_log"
rm -f "$client_log"
[ "$native_status" -eq 0 ] && [ "$client_status" -eq 0 ] || exit 1

status=0

# ctest spends most of its time waiting on real server processes and sockets, so the fuzz
# step (a clang build, then one fuzzer at a time) shares the cores with it; its output is
# printed once ctest is done so the two logs do not interleave.
step "unit and integration tests (ctest), and fuzzing beside them (libFuzzer, ASan+UBSan)"
fuzz_log=$(mktemp)
tools/fuzz.sh 10 >"$fuzz_log" 2>&1 &
fuzz_pid=$!
ctest_log=$(mktemp)
ctest --preset native 2>&1 | tee "$ctest_log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
wait "$fuzz_pid" || status=1
echo "-- fuzzing, a short run of each target:"
cat "$fuzz_log"
rm -f "$fuzz_log"

step "system tests (limits, TLS, origin, faults, 1,000 chaotic clients; real processes), and the tools' own checks"
system_log=$(mktemp)
DUET_SERVER="$root/build/native/server/duet-server" \
DUET_LOADGEN="$root/build/native/tools/loadgen/duet-loadgen" \
  node --test --test-concurrency=1 --test-reporter=spec tests/system/ tests/tools/ 2>&1 | tee "$system_log"
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
