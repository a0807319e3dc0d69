#!/usr/bin/env bash
# Sets up what is missing, builds the release server and the client, and starts the server.
# Any arguments go to duet-server (see: tools/run.sh --help).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"


tools/setup.sh
source tools/build_env.sh

echo "run: building the server (release)"
cmake --preset release >/dev/null
cmake --build --preset release --target duet-server

web_root="$root/build/wasm/web"
echo "run: building the client (wasm)"
if ! tools/build_client.sh; then
  echo "run: the client did not build; serving the placeholder page" >&2
  web_root="$root/shell/placeholder"
fi
[ -f "$web_root/index.html" ] || web_root="$root/shell/placeholder"

exec build/release/server/duet-server --web-root "$web_root" "$@"
