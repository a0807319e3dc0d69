// What the benchmark scripts ask of a process they started: whether the duet-server on a
// port is ready (its /readyz), and how much CPU a process (or one of its threads) has used.
// Written once here so presence.mjs, login_redis.mjs, cluster_relay.mjs and call_cpu.mjs read
// them the same way.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

// Resolves once http://127.0.0.1:PORT/readyz answers 200 (a node with Redis: once Redis is
// reachable too); throws after 10 s.
export async function waitReady(port, label) {
  for (let i = 0; i < 200; i++) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status === 200,
      () => false);
    if (ready) return;
    await sleep(50);
  }
  throw new Error(`${label} not ready on ${port}`);
}

// CPU time in ms (user + system, all threads) from /proc/<pid>/stat, in the kernel's ticks
// (10 ms each here).
export function cpuMs(pid) {
  return statCpuMs(`/proc/${pid}/stat`);
}

// The same from any stat file of that format: /proc/<pid>/task/<tid>/stat gives one thread's
// (call_cpu.mjs).
export function statCpuMs(file) {
  const stat = readFileSync(file, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 1000 / ticksPerSecond;
}
