// One virtual X display for the browsers that must run headed: Firefox and WebKitGTK have no
// WebGL2 headless on a machine without a GPU, but under Xvfb they draw with llvmpipe.
// Xvfb picks a free display itself (-displayfd), so parallel runs never collide, and it is
// stopped by its PID.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

import { killAtExit } from './server.mjs';

const xvfbPath = process.env.DUET_XVFB || '/usr/bin/Xvfb';

// Resolves to { display: ':N', stop() } once the server accepts clients.
export function startXvfb({ size = '1280x1024x24' } = {}) {
  // fd 3 receives the display number; -nolisten tcp keeps it off the network.
  const child = spawn(xvfbPath, ['-displayfd', '3', '-screen', '0', size, '-nolisten', 'tcp',
    '-noreset'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  killAtExit(child);
  let stderr = '';
  child.stderr.on('data', (c) => { stderr += c; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      process.kill(child.pid, 'SIGKILL');
      reject(new Error(`Xvfb named no display within 10 s: ${stderr.slice(0, 500)}`));
    }, 10_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${xvfbPath} (tools/setup.sh installs xvfb): ${e.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (code ${code}, signal ${signal}): ${stderr.slice(0, 500)}`));
    });
    child.stdio[3].on('data', (chunk) => {
      out += chunk;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      resolve({
        display: `:${out.trim()}`,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          process.kill(child.pid, 'SIGTERM');
          if (await Promise.race([exited, sleep(3000, null, { ref: false })])) return;
          process.kill(child.pid, 'SIGKILL');
          await exited;
        },
      });
    });
  });
}
