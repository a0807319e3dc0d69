#!/usr/bin/env bash
# Benchmarks the signaling server against a node `ws` baseline and a minimal Beast relay
# (the yardstick), all driven by the same duet-loadgen in one run, then the browser client
# (its bundle under other build choices, then the client itself, then a file sent during a
# call against a plain-JS page);
# profiles Duet's relay with callgrind (when valgrind can be had) to say where the time goes;
# writes BENCHMARKS.md. Not part of tools/test.sh: timing is not a test.
# Usage: tools/bench.sh [SECONDS_PER_SCENARIO]   (default 10)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
seconds=${1:-10}

tools/setup.sh
source tools/build_env.sh
command -v taskset >/dev/null || { echo "bench: taskset (util-linux) is needed" >&2; exit 1; }
# The profile is optional: without valgrind the report says so.
if ! command -v valgrind >/dev/null; then
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    valgrind >/dev/null 2>&1 || echo "bench: valgrind not installed; no profile" >&2
fi
[ -d tools/bench/node_modules/ws ] && [ -d tools/bench/node_modules/playwright-core ] || (cd tools/bench && npm install --no-audit --no-fund --silent)

cmake --preset release >/dev/null
cmake --build --preset release --target duet-server duet-loadgen duet-yardstick
tools/build_client.sh >/dev/null

bin=build/release
loadgen=$bin/tools/loadgen/duet-loadgen
results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
cores=$(nproc)
# The server has core 0 and the load generator core 1 to itself (as far as the rest of the
# machine lets them), so the generator's work is not counted against the server's.
server_cpus=0
loadgen_cpus=$(( cores > 1 ? 1 : 0 ))
BENCH_LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
export BENCH_LOAD_BEFORE
echo "bench: load average (1, 5, 15 min) before the run: $BENCH_LOAD_BEFORE"

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

wait_listening() {  # PORT
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "bench: server did not start on port $1" >&2
  return 1
}

run_server() {  # LABEL CPUS COMMAND...
  local label=$1 cpus=$2; shift 2
  local port; port=$(free_port)
  local cmd=("${@//PORT/$port}")
  taskset -c "$cpus" "${cmd[@]}" >"$results/$label.log" 2>&1 &
  local pid=$!
  wait_listening "$port"
  echo "bench: $label (pid $pid, cpus $cpus) on port $port"
  local url="ws://127.0.0.1:$port/"
  local lg=(taskset -c "$loadgen_cpus" "$loadgen")
  [ "$cpus" = "0-$((cores - 1))" ] && lg=("$loadgen")
  # --server-pid: the generator reads the server's memory, and its CPU time over each
  # measured window (user and system, per thread) from /proc.
  local with_pid=(--url "$url" --server-pid "$pid")
  {
    "${lg[@]}" connect "${with_pid[@]}" --connections 10000 --prefix c || true
    "${lg[@]}" relay "${with_pid[@]}" --pairs 100 --window 4 --seconds "$seconds" --prefix r || true
    "${lg[@]}" relay "${with_pid[@]}" --pairs 10 --window 1 --seconds "$seconds" --prefix l || true
    "${lg[@]}" calls "${with_pid[@]}" --pairs 10 --seconds "$seconds" --prefix k || true
  } | sed "s/^{/{\"server\":\"$label\",/" | tee -a "$results/server.jsonl"
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# Limits that are per-connection protections, raised so the load itself is not refused;
# every check still runs on every message.
duet_flags=(--host 127.0.0.1 --port PORT --web-root "$root/build/wasm/web" --ice-server none
  --rate 1000000 --burst 1000000 --max-connections 100000 --max-connections-per-address 100000)

run_server node "$server_cpus" node tools/bench/baseline_server.mjs PORT
run_server yardstick "$server_cpus" "$bin/tools/yardstick/duet-yardstick" PORT
run_server duet-1-thread "$server_cpus" "$bin/server/duet-server" "${duet_flags[@]}" --threads 1
if [ "$cores" -gt 1 ]; then
  run_server duet-2-threads "0-$((cores - 1))" "$bin/server/duet-server" "${duet_flags[@]}" --threads 2
fi

# One node holding 100,000 signed-in idle connections (issue 14): the sign-in rate while it
# fills (per tenth of the fill, to see whether it slows as the node fills), the server's RSS
# and CPU per connection, then 20 s idle at the full count (past the server's 15 s idle
# timeout: its pings must be answered) and every connection answering a ping of the
# generator's. One address has about 28,000 ephemeral ports for one server port
# (ip_local_port_range), so the clients leave from 127.0.0.1 to 127.0.0.8; the server counts
# each of them as its own remote address. Each side needs a descriptor per connection: the
# hard limit is raised in a subshell when this may (root with CAP_SYS_RESOURCE); where it
# cannot, the run is as large as the limit allows and the report says so.
idle_connections=100000
echo "bench: one node, $idle_connections idle connections"
(
  ulimit -Hn $((idle_connections * 4)) 2>/dev/null || true
  fd_limit=$(ulimit -Hn)
  ulimit -n "$fd_limit"
  n=$idle_connections
  if [ "$fd_limit" != unlimited ] && [ "$fd_limit" -lt $((n + 200)) ]; then
    n=$(( (fd_limit - 200) / 1000 * 1000 ))
    echo "bench: one process may open $fd_limit descriptors (a higher hard limit needs CAP_SYS_RESOURCE): $n connections" >&2
  fi
  port=$(free_port)
  taskset -c "$server_cpus" "$bin/server/duet-server" --host 127.0.0.1 --port "$port" \
    --web-root "$root/build/wasm/web" --ice-server none --threads 1 --rate 1000000 --burst 1000000 \
    --max-connections $((n + 10000)) --max-connections-per-address $((n + 10000)) \
    >"$results/idle.log" 2>&1 &
  pid=$!
  wait_listening "$port" || exit 1
  echo "bench: duet-1-thread (pid $pid, cpus $server_cpus) on port $port, $n connections from 8 addresses"
  taskset -c "$loadgen_cpus" "$loadgen" connect --url "ws://127.0.0.1:$port/" --server-pid "$pid" \
    --connections "$n" --source-addresses 8 --hold 20 --slice $((n / 10)) --fill-timeout 900 \
    --prefix i | sed "s/^{/{\"server\":\"duet-1-thread\",\"wanted\":$idle_connections,\"fd_limit\":\"$fd_limit\",/" \
    | tee "$results/idle.jsonl" || true
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
) || echo "bench: the idle connections step failed" >&2

# Where Duet's time goes: instructions per relayed message by part, under callgrind (counts
# that do not depend on the machine's load), in the two relay shapes timed above.
profile_json="$results/profile.json"
echo '{}' >"$profile_json"
profile() {  # NAME PAIRS WINDOW
  local port; port=$(free_port)
  valgrind --tool=callgrind --callgrind-out-file="$results/callgrind-$1.out" \
    "$bin/server/duet-server" "${duet_flags[@]//PORT/$port}" --threads 1 >"$results/callgrind-$1.log" 2>&1 &
  local vpid=$!
  wait_listening "$port"
  taskset -c "$loadgen_cpus" "$loadgen" relay --url "ws://127.0.0.1:$port/" --pairs "$2" --window "$3" \
    --seconds "$seconds" --prefix p >/dev/null || true
  kill -TERM "$vpid" 2>/dev/null || true
  wait "$vpid" 2>/dev/null || true
  node tools/bench/callgrind_summary.mjs "$results/callgrind-$1.out" >"$results/profile-$1.json" &&
    node -e 'const fs = require("fs"); const [file, name, part] = process.argv.slice(1);
      const all = JSON.parse(fs.readFileSync(file, "utf8"));
      all[name] = JSON.parse(fs.readFileSync(part, "utf8"));
      fs.writeFileSync(file, JSON.stringify(all));' "$profile_json" "$1" "$results/profile-$1.json" || true
}
if command -v valgrind >/dev/null; then
  echo "bench: callgrind profiles of duet-server over relay runs"
  profile 10x1 10 1
  profile 100x4 100 4
fi

# The bundle under other build choices (a clean client build each, a few minutes); a failure
# leaves the report's table empty rather than stopping the run.
echo "bench: client bundle build choices"
tools/bench/bundle_variants.sh | tee "$results/bundle.jsonl" || echo "bench: bundle_variants.sh failed" >&2

# How the reconnect tries and sign-ins of many clients spread after a restart (issue 14); its
# figures are printed and kept in the results, not in the report.
echo "bench: reconnect herd (2000 clients, the server back after 2.5 s)"
node tools/bench/reconnect_herd.mjs "$bin/server/duet-server" 2000 2500 \
  | tee "$results/herd.txt" || echo "bench: reconnect_herd.mjs failed" >&2

# Relay across nodes (issue 14): one process, two users on one node, and the pair on two
# nodes sharing a redis-server; printed, kept in the results, and in the report.
echo "bench: relay across nodes (20 pairs)"
node tools/bench/cluster_relay.mjs "$bin/server/duet-server" 20 "$seconds" \
  | tee "$results/cluster_relay.txt" || echo "bench: cluster_relay.mjs failed" >&2

# The cost of a login with Redis (issue 14): the same binary with the local registry and with
# --redis, logins one at a time and 50 in flight; printed, kept, and in the report.
echo "bench: login cost, local registry and Redis (2000 logins a run)"
node tools/bench/login_redis.mjs "$bin/server/duet-server" 2000 50 \
  | tee "$results/login_redis.txt" || echo "bench: login_redis.mjs failed" >&2

# Presence at scale (issue 14): the login storm of N users asking for the online list, and
# logins one at a time with N online (logins/s, server CPU per login, login to full list), with
# presence windows (the default, 100 names) at 1k, 4k and 16k users; the same with a window of
# 10,000 (everyone sees everyone: what the server did before windows) at 1k and 4k; and the
# windows' worst case, joiners whose names sort first (each enters every list). In the report.
# Needs a descriptor per client (16,000 + 300): bench.sh raises the soft limit to the hard one.
echo "bench: presence (windows at 1000, 4000, 16000 users; everyone at 1000, 4000; worst case)"
(
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  node tools/bench/presence.mjs "$bin/server/duet-server" 1000,4000,16000 200 900 \
    || echo "bench: presence.mjs (windows) failed" >&2
  PRESENCE_WINDOW=10000 node tools/bench/presence.mjs "$bin/server/duet-server" 1000,4000 200 900 \
    || echo "bench: presence.mjs (everyone) failed" >&2
  node tools/bench/presence.mjs "$bin/server/duet-server" 4000 200 900 default first \
    || echo "bench: presence.mjs (worst case) failed" >&2
) | tee "$results/presence.txt"

echo "bench: browser client"
node tools/bench/client_bench.mjs "$bin/server/duet-server" "$root/build/wasm/web" \
  | tee "$results/client.json"

echo "bench: an untouched call's drawing cost"
node tools/bench/call_cpu.mjs "$bin/server/duet-server" "$root/build/wasm/web" 10 \
  | tee "$results/call_cpu.json" || echo "bench: call_cpu.mjs failed" >&2

# File transfer (issue 16): 200 MB during a call, Duet against the plain-JS page. It exits
# non-zero when a transfer fails or its bytes differ; the report then shows why.
echo "bench: file transfer (200 MB)"
node tools/bench/file_transfer.mjs "$bin/server/duet-server" "$root/build/wasm/web" \
  | tee "$results/transfer.json" || echo "bench: file_transfer.mjs failed" >&2

node tools/bench/report.mjs "$results/server.jsonl" "$results/client.json" \
  "tools/bench.sh $*" "$profile_json" "$results/bundle.jsonl" "$results/transfer.json" \
  "$results/idle.jsonl" "$results/cluster_relay.txt" "$results/login_redis.txt" \
  "$results/presence.txt" "$results/call_cpu.json" > BENCHMARKS.md
echo "bench: wrote BENCHMARKS.md"
