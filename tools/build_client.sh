#!/usr/bin/env bash
# Builds the wasm client bundle into build/wasm/web (index.html, duet.js, duet.wasm).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source tools/build_env.sh
if [ ! -f build/wasm/CMakeCache.txt ]; then
  emcmake cmake --preset wasm >/dev/null
fi
cmake --build --preset wasm
