// BENCHMARKS.md's section on presence at scale (issue 14), from what tools/bench.sh keeps of
// its presence step (tools/bench/presence.mjs, three runs, one JSON line each): windows at
// 1k/4k/16k users, a window of 10,000 (everyone sees everyone, as before windows) at 1k/4k,
// and the windows' worst case (joiners that sort first). On its own it prints the section:
//   node presence_report.mjs presence.txt
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function presenceRuns(file) {
  let lines = [];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{'));
  } catch {
    return [];
  }
  const out = [];
  for (const line of lines) {
    try {
      const v = JSON.parse(line);
      if (v.bench === 'presence') {
        out.push({ presenceWindow: 'default', joinOrder: 'after', ...v });
      }
    } catch { }
  }
  return out;
}

const f = (x, digits = 0) => (typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

function label(set) {
  if (set.presenceWindow !== 'default') return `window ${set.presenceWindow} (everyone)`;
  return set.joinOrder === 'first' ? 'window 100, joiners sort first (worst case)' : 'window 100';
}

export function presenceSection(file) {
  const sets = presenceRuns(file);
  const out = ['## Presence at scale', ''];
  if (!sets.length) return [...out, 'Not measured in this run.', ''];
  out.push('`tools/bench/presence.mjs` on one duet-server thread (core 0; the script on core 1): ' +
    'N users sign in at once asking for the online list (features ring and presence, as the ' +
    'app does: the login storm, until every client holds exactly the list it should), then ' +
    '200 more one at a time, each waited for until its own list and every change it caused ' +
    'have arrived. Every client parses every frame. Server CPU is utime + stime from /proc ' +
    '(10 ms ticks); a login\'s CPU is what the server spent over the logins one at a time, ' +
    'less what it spends meanwhile with nothing happening (measured over 3 s before them), ' +
    'over the number of logins. "Window 10000" gives everyone everyone, which is what the server did ' +
    'before presence windows (docs/call_control.md says why it cost N² frames); "window 100" ' +
    'is the default; the worst case names the joiners so that each enters every list.', '');
  out.push('| lists | users | storm: all lists complete (s) | storm: server CPU (s) | storm: frames | ' +
    'one at a time: logins/s | server CPU per login (ms) | login to its list p50 / p99 (ms) | ' +
    'frames per login |');
  out.push('|---|---|---|---|---|---|---|---|---|');
  for (const set of sets) {
    for (const r of set.runs) {
      if (r.error) {
        out.push(`| ${label(set)} | ${r.users} | failed: ${r.error.slice(0, 120)} | | | | | | |`);
        continue;
      }
      const s = r.steady ?? {};
      out.push(`| ${label(set)} | ${r.users} | ${f(r.storm?.ms / 1000, 2)} | ` +
        `${f(r.storm?.serverCpuMs / 1000, 2)} | ${r.storm?.messages ?? 'n/a'} | ` +
        `${f(s.loginsPerSecond, 1)} | ${f(s.serverCpuMsPerLogin, 2)} | ` +
        `${f(s.listP50Ms, 2)} / ${f(s.listP99Ms, 2)} | ${f(s.framesPerLogin, 1)} |`);
    }
  }
  const windows = sets.find((s) => s.presenceWindow === 'default' && s.joinOrder !== 'first');
  const everyone = sets.find((s) => s.presenceWindow !== 'default');
  const at = (set, n) => set?.runs.find((r) => r.users === n && !r.error);
  const w4 = at(windows, 4000);
  const e4 = at(everyone, 4000);
  const w1 = at(windows, 1000);
  const w16 = at(windows, 16000);
  if (w4 && e4) {
    out.push('', `At 4,000 users the storm took ${f(e4.storm.serverCpuMs / w4.storm.serverCpuMs, 1)}x ` +
      `the server CPU with everyone's list as with windows, and a login one at a time ` +
      `${f(e4.steady.serverCpuMsPerLogin / w4.steady.serverCpuMsPerLogin, 1)}x.`);
  }
  const e1 = at(everyone, 1000);
  if (w1 && w16) {
    out.push('', `With windows, a login's server CPU at 16,000 users is ` +
      `${f(w16.steady.serverCpuMsPerLogin / w1.steady.serverCpuMsPerLogin, 2)}x its CPU at 1,000 ` +
      '(a login\'s presence work is O(window); what else grows with the connections open ' +
      'was not profiled)' + (e1 && e4 ? `; with everyone's list it was ` +
      `${f(e4.steady.serverCpuMsPerLogin / e1.steady.serverCpuMsPerLogin, 2)}x from 1,000 to ` +
      '4,000 users.' : '.'));
  }
  out.push('');
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(presenceSection(process.argv[2]).join('\n'));
}
