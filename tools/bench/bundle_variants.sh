#!/usr/bin/env bash
# Builds the browser client once per build choice (optimisation level, link-time
# optimisation) in build/bundle-variants/<name> and prints one JSON line per choice: raw and
# gzip -9 sizes of duet.wasm and duet.js, the gzip total of the web root a first visit
# downloads, and the time of a clean build. A choice that fails to build gets an "error"
# instead of sizes; the others still run. The shipped choice is the default of
# DUET_CLIENT_OPT in client_wasm/CMakeLists.txt, without LTO.
# Usage: tools/bench/bundle_variants.sh [NAME...]   (default: every variant below)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source tools/build_env.sh

# name (also the build folder), optimisation level, LTO
variants=(
  "Os     -Os OFF"
  "O2     -O2 OFF"
  "Os-lto -Os ON"
  "O2-lto -O2 ON"
  "O3     -O3 OFF"
  "Oz     -Oz OFF"
)
shipped_opt=$(sed -n 's/^set(DUET_CLIENT_OPT \([^ ]*\) CACHE.*/\1/p' client_wasm/CMakeLists.txt)
shipped_lto=$(sed -n 's/^option(DUET_CLIENT_LTO .* \(ON\|OFF\))$/\1/p' client_wasm/CMakeLists.txt)

# gzip as the server's precompressed copies are made (client_wasm/precompress.cmake).
gz() { gzip -9 -n -c "$1" | wc -c; }
raw() { stat -c %s "$1"; }
json_string() { node -e 'process.stdout.write(JSON.stringify(process.argv[1]))' -- "$1"; }

# The sizes of a built web root, as JSON fields.
measure() {  # WEB_DIR
  local web=$1 total=0 total_gz=0 f
  # Everything a first visit downloads: the web root without the precompressed copies.
  for f in "$web"/*; do
    case $f in *.gz | *.br) continue ;; esac
    total=$((total + $(raw "$f")))
    total_gz=$((total_gz + $(gz "$f")))
  done
  printf '"wasm_bytes":%d,"wasm_gzip_bytes":%d,"js_bytes":%d,"js_gzip_bytes":%d,"total_bytes":%d,"total_gzip_bytes":%d' \
    "$(raw "$web/duet.wasm")" "$(gz "$web/duet.wasm")" "$(raw "$web/duet.js")" "$(gz "$web/duet.js")" \
    "$total" "$total_gz"
}

# The most telling line of a failed build's log, for the JSON.
first_error() {  # LOG
  local pattern line
  for pattern in 'FROZEN_CACHE' 'error:' 'Error|Exception'; do
    line=$(grep -m1 -E "$pattern" "$1" || true)
    [ -z "$line" ] || break
  done
  [ -n "$line" ] || line=$(tail -n 1 "$1")
  printf '%s' "${line:0:300}"
}

wanted=("$@")
echo "bundle: $(emcc --version | head -n 1)" >&2
for v in "${variants[@]}"; do
  read -r name opt lto <<<"$v"
  if [ ${#wanted[@]} -gt 0 ] && ! printf '%s\n' "${wanted[@]}" | grep -qx "$name"; then continue; fi
  label=$opt
  [ "$lto" = ON ] && label="$opt + LTO"
  shipped=0
  [ "$opt" = "$shipped_opt" ] && [ "$lto" = "$shipped_lto" ] && shipped=1
  dir=build/bundle-variants/$name
  log=$dir.log
  mkdir -p build/bundle-variants
  echo "bundle: building $label in $dir" >&2
  start=$EPOCHREALTIME
  error=""
  fields=""
  # Debian's emscripten has a frozen cache of prebuilt system libraries (LTO ones included):
  # a library it lacks is an error here, never a build into /usr or a download.
  if ! emcmake cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
      -DDUET_CLIENT_OPT="$opt" -DDUET_CLIENT_LTO="$lto" >"$log" 2>&1; then
    error="configure failed: $(first_error "$log")"
  elif ! cmake --build "$dir" --target clean >>"$log" 2>&1; then
    error="clean failed: $(first_error "$log")"
  else
    start=$EPOCHREALTIME
    if ! cmake --build "$dir" -j2 --target duet >>"$log" 2>&1; then
      error="build failed: $(first_error "$log")"
    elif ! fields=$(measure "$dir/web"); then
      error="measuring failed"
    fi
  fi
  seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  if [ -n "$error" ]; then
    fields="\"error\":$(json_string "$error")"
    echo "bundle: $label: $error (log: $log)" >&2
  fi
  shipped_json=false
  [ "$shipped" = 1 ] && shipped_json=true
  printf '{"variant":%s,"shipped":%s,%s,"build_seconds":%s}\n' \
    "$(json_string "$label")" "$shipped_json" "$fields" "$seconds"
done
