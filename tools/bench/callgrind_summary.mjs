// Where duet-server's own instructions go per relayed message, from a callgrind profile of a
// relay run (tools/bench.sh makes one when valgrind is installed). Instruction counts do not
// depend on the machine's load, unlike the timings beside them. Kernel time (the system
// calls) is not in a callgrind profile: their counts per message are, and the user/system
// split of the server's CPU comes from /proc in the timed runs.
// Usage: node callgrind_summary.mjs callgrind.out  -> one JSON object on stdout
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n');
const names = new Map();
const name = (spec) => {
  const m = /^\((\d+)\)(?: (.*))?$/.exec(spec.trim());
  if (!m) return spec.trim();
  if (m[2] !== undefined) names.set(m[1], m[2]);
  return names.get(m[1]) ?? m[1];
};

const self = new Map();   // function -> instructions in its own code
const incl = new Map();   // function -> instructions including callees (summed over calls)
const calls = new Map();  // function -> times called
const add = (map, key, n) => map.set(key, (map.get(key) ?? 0) + n);
let fn = '';
let callee = null;
for (let i = 0; i < lines.length; i++) {
  const line = lines[i];
  if (line.startsWith('fn=')) {
    fn = name(line.slice(3));
  } else if (line.startsWith('cfn=')) {
    callee = name(line.slice(4));
  } else if (line.startsWith('calls=')) {
    const count = Number(line.slice(6).split(' ')[0]);
    const cost = Number((lines[++i] ?? '').trim().split(/\s+/)[1] ?? 0);
    add(calls, callee, count);
    add(incl, callee, cost);
  } else if (/^[+\-*0-9]/.test(line)) {
    const cost = Number(line.trim().split(/\s+/)[1] ?? 0);
    if (Number.isFinite(cost)) add(self, fn, cost);
  }
}

const sumWhere = (map, pred) => [...map].filter(([k]) => pred(k)).reduce((s, [, v]) => s + v, 0);
const messages = sumWhere(calls, (k) => k.startsWith('duet::signaling_handler::on_message('));
const perMessage = (n) => (messages > 0 ? Math.round(n / messages) : null);
const loop = Math.max(...[...incl].filter(([k]) => k.includes('scheduler::run(')).map(([, v]) => v), 0);
const handler = sumWhere(incl, (k) => k.startsWith('duet::signaling_handler::on_message('));
// The server's decode: its relay fast path, which falls back to protocol::to_server::decode.
const decode = sumWhere(incl, (k) => k.startsWith('duet::relay_text::decode('));
const encode = sumWhere(incl, (k) => /^duet::protocol::to_client::encode(\[abi:cxx11\])?\(/.test(k));
const syscall = (...names) => sumWhere(calls, (k) => names.includes(k));

const total = [...self.values()].reduce((a, b) => a + b, 0);
const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => ({
  function: k.replace(/\s*\[[^\]]*\]$/, '').slice(0, 140),
  share: Number((v / total).toFixed(3)),
}));

console.log(JSON.stringify({
  relayed_messages: messages,
  instructions_per_message: {
    event_loop: perMessage(loop),
    json_decode: perMessage(decode),
    json_encode: perMessage(encode),
    signaling_rules_other: perMessage(handler - decode - encode),
    websocket_asio_session: perMessage(loop - handler),
  },
  syscalls_per_message: {
    sendmsg: messages ? Number((syscall('sendmsg', '__libc_sendmsg', 'send', '__send', 'sendto') / messages).toFixed(2)) : null,
    recvmsg: messages ? Number((syscall('recvmsg', '__libc_recvmsg', 'recv', '__recv', 'recvfrom') / messages).toFixed(2)) : null,
    epoll_wait: messages ? Number((syscall('epoll_wait') / messages).toFixed(2)) : null,
  },
  top_self: top,
}));
