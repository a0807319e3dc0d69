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

# HTTPS for the phones on the network: a self-signed certificate unless one is given.
tls_args=()
case " $* " in
  *" --tls-cert"*) ;;
  *)
    cert_dir="$root/.cache/tls"
    if [ ! -f "$cert_dir/cert.pem" ]; then
      tools/make_cert.sh "$cert_dir"
    fi
    tls_args=(--tls-cert "$cert_dir/cert.pem" --tls-key "$cert_dir/key.pem")
    echo "run: using the self-signed certificate in $cert_dir (browsers warn once)."
    echo "     For a real one: tools/run.sh --tls-cert FULLCHAIN.pem --tls-key KEY.pem"
    echo "     After a change of address: rm -r $cert_dir and run again."
    ;;
esac

exec build/release/server/duet-server --web-root "$web_root" "${tls_args[@]}" "$@"
