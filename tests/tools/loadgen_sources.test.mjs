// duet-loadgen connect --source-addresses (issue 14's 100,000 idle connections: one local
// address has only the ephemeral port range for one server port, so the clients leave from
// 127.0.0.1, .2, .3 ... in turn). Checked from outside the generator: `ss` lists the
// established connections to the server by source address while they are held, and the
// server, with a per-address limit of 12, takes 30 connections only because they come from 3
// addresses (it counts 127.0.0.x each as its own). The same 30 from one address: the 18 the
// server refuses are counted as failures and the run fails, rather than passing for fewer.
// Real duet-server and duet-loadgen (DUET_SERVER, DUET_LOADGEN); about 5 s.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';

import {
  loadgenBinary, requireExecutable, runLoadgen, sleep, startServer,
} from '../system/harness.mjs';

// Established connections to `port`, counted by source address.
function sourcesOf(port) {
  const out = execFileSync('ss', ['-tnH', 'state', 'established', `( dport = :${port} )`]).toString();
  const counts = {};
  for (const line of out.split('\n').filter(Boolean)) {
    const local = line.trim().split(/\s+/)[2];  // Recv-Q Send-Q Local Peer
    const address = local.slice(0, local.lastIndexOf(':'));
    counts[address] = (counts[address] ?? 0) + 1;
  }
  return counts;
}

describe('duet-loadgen connect --source-addresses', () => {
  it('spreads 30 clients over 127.0.0.1-3, all signed in, held and answering a ping', async () => {
    requireExecutable(loadgenBinary, 'duet-loadgen');
    const server = await startServer({ args: ['--max-connections-per-address', '12'] });
    try {
      const run = runLoadgen(['connect', '--url', server.wsUrl, '--connections', '30', '--source-addresses', '3', '--hold', '3', '--slice', '10',
        '--prefix', 'src']);
      // While they are held: poll until all 30 are up, then read them.
      let seen = {};
      for (let i = 0; i < 60; i++) {
        await sleep(100);
        seen = sourcesOf(server.port);
        if (Object.values(seen).reduce((a, b) => a + b, 0) >= 30) break;
      }
      const { code, result, stderr } = await run;
      assert.deepEqual(seen, { '127.0.0.1': 10, '127.0.0.2': 10, '127.0.0.3': 10 },
        'established connections to the server by source address');
      assert.equal(code, 0, `duet-loadgen failed: ${stderr}`);
      assert.equal(result.logged_in, 30);
      assert.equal(result.failed, 0);
      assert.equal(result.dropped_while_idle, 0);
      assert.equal(result.pongs, 30);
      assert.deepEqual(result.slices.map((s) => s.logged_in), [10, 20, 30]);
    } finally {
      await server.stopClean();
    }
  });

  it('counts what the server refuses: 30 from one address past a limit of 12', async () => {
    requireExecutable(loadgenBinary, 'duet-loadgen');
    const server = await startServer({ args: ['--max-connections-per-address', '12'] });
    try {
      const { code, result } = await runLoadgen(['connect', '--url', server.wsUrl,
        '--connections', '30', '--prefix', 'one']);
      assert.equal(code, 1, 'a run with failures must fail');
      assert.equal(result.ok, false);
      assert.equal(result.logged_in, 12);
      assert.equal(result.failed, 18);
      assert.equal(result.failures.connect, 18);
      assert.match(result.first_error, /declined|refused/i);
    } finally {
      await server.stopClean();
    }
  });
});
