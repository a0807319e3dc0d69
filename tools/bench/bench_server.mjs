// duet-server processes for the browser benchmarks (client_bench.mjs, file_transfer.mjs):
// started on a free loopback port with a given web root, stopped by PID, and all of them
// stopped when a run gives up.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set();

export function startServer(binary, webRoot) {
  const argv = ['--host', '127.0.0.1', '--port', '0', '--web-root', webRoot, '--ice-server', 'none'];
  const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let tail = '';
  // Drained for as long as the server runs: a full pipe would stall its logging.
  const keep = (chunk) => { tail = (tail + chunk).slice(-4000); };
  child.stderr.on('data', keep);
  return new Promise((resolve, reject) => {
    let first = '';
    const timer = setTimeout(() => fail('printed no "listening" line within 10 s'), 10_000);
    function fail(why) {
      clearTimeout(timer);
      stopServer(child);
      reject(new Error(`${binary} ${why}; output:\n${first}${tail}`));
    }
    child.on('error', (e) => fail(`could not start: ${e.message}`));
    child.on('exit', (code, signal) => fail(`exited (code ${code}, signal ${signal})`));
    child.stdout.on('data', function onData(chunk) {
      first += chunk;
      const nl = first.indexOf('\n');
      if (nl < 0) return;
      child.stdout.off('data', onData);
      child.stdout.on('data', keep);
      child.removeAllListeners('exit');
      child.on('exit', () => children.delete(child));
      clearTimeout(timer);
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(first.slice(0, nl));
      if (!m) return fail(`printed an unexpected first line: ${first.slice(0, nl)}`);
      resolve({ child, origin: m[1], pid: child.pid });
    });
  });
}

export async function stopServer(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try { process.kill(child.pid, 'SIGTERM'); } catch { return; }
  if (await Promise.race([exited.then(() => true), sleep(5000, false, { ref: false })])) return;
  try { process.kill(child.pid, 'SIGKILL'); } catch {}
}

// For a watchdog: no waiting, the process is on its way out.
export function stopAllServers() {
  for (const child of children) stopServer(child);
}
