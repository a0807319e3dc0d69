#!/usr/bin/env bash
# Makes a self-signed certificate for this machine's names and addresses, so phones on the
# same network can open the page over HTTPS (the camera needs a secure context). Browsers
# will warn once; accept the warning. Usage: tools/make_cert.sh DIR  -> DIR/cert.pem, DIR/key.pem
set -euo pipefail
dir=${1:?usage: make_cert.sh DIR}
mkdir -p "$dir"
sans="DNS:localhost,IP:127.0.0.1,IP:::1"
host=$(hostname 2>/dev/null || true)
[ -n "$host" ] && sans="$sans,DNS:$host,DNS:$host.local"
for addr in $(hostname -I 2>/dev/null || true); do
  sans="$sans,IP:$addr"
done
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" \
  -subj "/CN=Duet self-signed (${host:-localhost})" \
  -addext "subjectAltName=$sans" \
  -addext "extendedKeyUsage=serverAuth" 2>/dev/null
chmod 600 "$dir/key.pem"
echo "$sans" > "$dir/names.txt"
echo "make_cert: self-signed certificate for $sans in $dir"
