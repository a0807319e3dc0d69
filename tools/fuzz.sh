#!/usr/bin/env bash
# Builds the libFuzzer targets (preset "fuzz": clang, ASan, UBSan) and runs each in turn for
# SECONDS_PER_TARGET seconds (default 60), one fuzzer at a time. Prints per target the
# executions run and any crash with the file that reproduces it; exits non-zero on a crash.
#
#   tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      targets: fuzz_decode fuzz_signaling
#                                                                fuzz_http_path (default: all)
#
# The committed seeds (tests/fuzz/corpus/<target>) are only read. What a run discovers goes to
# build/fuzz/corpus/<target>, kept for the next run; crashes go to build/fuzz/crashes/<target>.
# To reproduce one: build/fuzz/tests/fuzz/<target> <crash file>
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

seconds=${1:-60}
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || {
  echo "usage: tools/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2
  exit 2
}
shift $(( $# > 0 ? 1 : 0 ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_decode fuzz_signaling fuzz_http_path)

# Longest input each target is given. The rules and the decoder branch on structure, not on
# size (the 64 KiB message cap is Beast's), and every byte of payload slows each run down.
declare -A max_len=([fuzz_decode]=8192 [fuzz_signaling]=16384 [fuzz_http_path]=4096)
declare -A dict=([fuzz_decode]=protocol.dict [fuzz_signaling]=protocol.dict
                 [fuzz_http_path]=http_path.dict)
for t in "${targets[@]}"; do
  [ -n "${max_len[$t]:-}" ] || { echo "fuzz: unknown target $t" >&2; exit 2; }
done

source tools/build_env.sh
echo "== building the fuzz targets (cmake --preset fuzz)"
cmake --preset fuzz >/dev/null || exit 1
cmake --build --preset fuzz || exit 1

build=$root/build/fuzz
# fuzz_http_path makes its web root in TMPDIR; keep strays from killed runs out of /tmp.
export TMPDIR=$build/tmp
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"

failed=0
summary=()
for t in "${targets[@]}"; do
  work=$build/corpus/$t
  crashes=$build/crashes/$t
  log=$build/$t.log
  mkdir -p "$work" "$crashes"
  echo "== $t: ${seconds}s (log: ${log#$root/})"
  # One process, no -jobs/-fork: the machine may have two cores and other work to do.
  # The first corpus folder receives new inputs; the seed folder after it is only read.
  "$build/tests/fuzz/$t" \
    -max_total_time="$seconds" -max_len="${max_len[$t]}" -dict="tests/fuzz/${dict[$t]}" \
    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$crashes/" \
    "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  corpus=$(find "$work" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    line=$(printf '%-16s %12s executions, 0 crashes, corpus %s' "$t" "${execs:-?}" "$corpus")
  else
    failed=1
    artifact=$(grep -o 'Test unit written to .*' "$log" | tail -1 | sed 's/^Test unit written to //')
    line=$(printf '%-16s %12s executions, CRASH (exit %s): %s' "$t" "${execs:-?}" "$rc" \
             "${artifact:-no crash file, see $log}")
    # What went wrong, in the sanitizer's or the target's words.
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz_[a-z_]+: |.*runtime error:|terminate called|  what\(\))' \
      "$log" | head -5 | sed 's/^/    /'
    [ -n "${artifact:-}" ] && echo "    reproduce: build/fuzz/tests/fuzz/$t $artifact"
  fi
  echo "$line"
  summary+=("$line")
done
rm -rf "$TMPDIR"

echo "== fuzz summary"
printf '%s\n' "${summary[@]}"
exit "$failed"
