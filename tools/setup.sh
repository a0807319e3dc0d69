#!/usr/bin/env bash
# Installs what Duet needs to build and test, and only what is missing.
# Safe to run again and again: every step checks before it acts.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache"
mkdir -p "$cache"

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)

apt_packages=(
  build-essential cmake ninja-build pkg-config
  libboost1.81-dev nlohmann-json3-dev catch2 libssl-dev openssl
  # clang 14 builds the native ASan+UBSan tree (preset "native") and the fuzzers; its
  # sanitizer runtimes are in libclang-rt-14-dev, llvm-symbolizer (package llvm) names the
  # source lines in their reports.
  clang libclang-rt-14-dev llvm brotli
  emscripten
  chromium
  # Firefox and WebKit in the browser suite: both run headed under Xvfb (neither has WebGL2
  # headless here); WebKitWebDriver drives WebKitGTK's MiniBrowser.
  firefox-esr xvfb xauth webkit2gtk-driver
  coturn iptables iproute2
  libhiredis-dev redis-server
  # Chinese glyphs and colour emoji in the pages the tests draw (the app draws with the
  # browser's fonts).
  fonts-noto-cjk fonts-noto-color-emoji
  # SHA-256 of the safety code (natively; the wasm build compiles its source, below), the
  # invite's QR encoder (likewise), and apt-get source.
  nettle-dev libqrcodegencpp-dev dpkg-dev
)
# node and npm: the machine's own are used when present (Debian's npm conflicts with
# a node that bundles npm); otherwise Debian's.
command -v node >/dev/null || apt_packages+=(nodejs)
command -v npm >/dev/null || apt_packages+=(npm)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Two setups at once (say run.sh and test.sh from fresh clones) would trip over apt's locks:
# take turns, and wait for any other apt user rather than fail.
exec 9>"${TMPDIR:-/tmp}/duet-setup.lock"
flock 9
apt_opts=(-o DPkg::Lock::Timeout=300)

apt_updated=0
apt_update() {
  if [ "$apt_updated" -eq 0 ]; then
    local tries=0
    until "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" update -qq; do
      tries=$((tries + 1))
      [ "$tries" -lt 10 ] || return 1
      echo "setup: apt is busy, retrying" >&2
      sleep 10
    done
    apt_updated=1
  fi
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi

# HAProxy for the load balancer tests (tests/system/haproxy.mjs runs it as a child of the
# test with its own configuration). Debian's package would start its own service: a policy
# that refuses service starts is in place while it installs, and the service stays disabled.
if ! dpkg-query -W -f='${Status}' haproxy 2>/dev/null | grep -q "install ok installed"; then
  echo "setup: installing haproxy (its service is not started)"
  apt_update
  policy=/usr/sbin/policy-rc.d
  own_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee "$policy" >/dev/null
    "${sudo_cmd[@]}" chmod 755 "$policy"
    own_policy=1
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get "${apt_opts[@]}" install -y -qq \
    --no-install-recommends haproxy || { [ "$own_policy" -eq 0 ] || "${sudo_cmd[@]}" rm -f "$policy"; exit 1; }
  [ "$own_policy" -eq 0 ] || "${sudo_cmd[@]}" rm -f "$policy"
  if [ -d /run/systemd/system ]; then
    "${sudo_cmd[@]}" systemctl disable --now haproxy >/dev/null 2>&1 || true
  fi
fi

# Sources the wasm build compiles, from Debian's source packages (never committed): the
# binary packages are x86 only. debian_source PACKAGE DIR MARKER unpacks PACKAGE's upstream
# tarball into .cache/DIR unless .cache/DIR/MARKER is there.
debian_source() {
  local package=$1 dir="$cache/$2" marker=$3
  [ -f "$dir/$marker" ] && return 0
  src_list=/etc/apt/sources.list.d/duet-deb-src.sources
  if [ ! -f "$src_list" ]; then
    # Same archive, suites and keyring as the machine's binary entries.
    base=/etc/apt/sources.list.d/debian.sources
    if [ -f "$base" ]; then
      sed 's/^Types: deb$/Types: deb-src/' "$base" | "${sudo_cmd[@]}" tee "$src_list" >/dev/null
    elif [ -f /etc/apt/sources.list ]; then
      grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
        | "${sudo_cmd[@]}" tee /etc/apt/sources.list.d/duet-deb-src.list >/dev/null
    fi
    apt_updated=0
  fi
  apt_update
  local dl="$cache/$2-src"
  mkdir -p "$dl"
  # Only the upstream tarball is used: a mirror that lacks the Debian part (seen for
  # qr-code-generator's debian.tar.xz) is no failure as long as the tarball came.
  (cd "$dl" && apt-get source --download-only "$package" >/dev/null 2>&1) \
    || ls "$dl"/*.orig.tar.* >/dev/null
  local tarball
  tarball=$(ls "$dl"/*.orig.tar.* | grep -v '\.asc$' | head -n 1)
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  tar -xf "$tarball" -C "$dir.tmp" --strip-components=1
  mv "$dir.tmp" "$dir"
  echo "setup: $package sources in $dir"
}
debian_source imgui imgui imgui.cpp              # Dear ImGui
debian_source nettle nettle sha256.c             # GNU Nettle: SHA-256 only (common/call/sha256)
debian_source qr-code-generator qrcodegen cpp/qrcodegen.cpp  # Nayuki's QR Code generator

# npm packages of the test suites: the browser drivers (the browsers themselves are Debian's:
# playwright-core for chromium, puppeteer-core over WebDriver BiDi for firefox-esr) and the
# WebSocket client of the system tests.
npm_install() {  # DIR PACKAGE
  if [ ! -d "$root/$1/node_modules/$2" ]; then
    echo "setup: installing $1's npm packages"
    (cd "$root/$1" && { npm ci --no-audit --no-fund --silent 2>/dev/null \
      || npm install --no-audit --no-fund --silent; })
  fi
}
npm_install tests/browser playwright-core
npm_install tests/browser puppeteer-core
npm_install tests/browser jsqr  # decodes the invite QR code in a screenshot
npm_install tests/system ws
