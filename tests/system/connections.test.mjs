// Connection limits (--max-connections, --max-connections-per-address): past either one a
// new connection gets a clear 503 in plain text, existing connections are untouched, and a
// place freed is a place a newcomer can take. Different source addresses come from the
// loopback range (127.0.0.2, 127.0.0.3, ...): all on this machine.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertRelay, expectRefused, getRequest, loggedIn, rawRequest, sleep, startServer,
} from './harness.mjs';

// A connection from `address` eventually gets in (a closed one takes a moment to be let go).
async function admittedFrom(server, address, name) {
  for (let i = 0; ; i++) {
    try {
      return await loggedIn(server.wsUrl, name, { localAddress: address });
    } catch (e) {
      if (e.status !== 503 || i >= 40) throw e;
      await sleep(50);
    }
  }
}

describe('connections per remote address (--max-connections-per-address)', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'per-address',
      args: ['--max-connections-per-address', '3', '--max-connections', '100'] });
  });
  after(() => server.stopClean());

  it('refuses the next one from the same address with 503, admits other addresses, ' +
     'leaves the existing ones working', async () => {
    const held = [];
    for (const name of ['p1', 'p2', 'p3']) {
      held.push(await loggedIn(server.wsUrl, name, { localAddress: '127.0.0.1' }));
    }
    const refused = await expectRefused(server.wsUrl, 503, { localAddress: '127.0.0.1' });
    assert.match(refused.body, /too many connections from one address/i);
    assert.match(refused.headers['content-type'], /^text\/plain/);

    // A plain page request counts too, and gets the same clear answer.
    const page = await rawRequest({ port: server.port, data: getRequest('/index.html'),
      localAddress: '127.0.0.1' });
    assert.equal(page.status, 503);
    assert.match(page.body, /too many connections from one address/i);

    const elsewhere = await loggedIn(server.wsUrl, 'q1', { localAddress: '127.0.0.2' });
    await assertRelay(held[0], 'p1', held[2], 'p3');
    await assertRelay(held[1], 'p2', elsewhere, 'q1');

    held[0].close();
    await held[0].waitClosed();
    const newcomer = await admittedFrom(server, '127.0.0.1', 'p4');
    await assertRelay(newcomer, 'p4', held[1], 'p2');
    for (const c of [...held, elsewhere, newcomer]) c.close();
  });
});

describe('connections in total (--max-connections)', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'total',
      args: ['--max-connections', '3', '--max-connections-per-address', '100'] });
  });
  after(() => server.stopClean());

  it('refuses one more from anywhere with 503 "server full", existing ones keep working',
    async () => {
      const held = [];
      for (const [i, address] of ['127.0.0.1', '127.0.0.2', '127.0.0.3'].entries()) {
        held.push(await loggedIn(server.wsUrl, `t${i}`, { localAddress: address }));
      }
      const refused = await expectRefused(server.wsUrl, 503, { localAddress: '127.0.0.4' });
      assert.match(refused.body, /server full/i);
      assert.equal(refused.headers['retry-after'], '5');

      await assertRelay(held[0], 't0', held[1], 't1');
      await assertRelay(held[2], 't2', held[0], 't0');

      held[1].close();
      await held[1].waitClosed();
      const newcomer = await admittedFrom(server, '127.0.0.4', 't3');
      await assertRelay(newcomer, 't3', held[2], 't2');
      for (const c of [...held, newcomer]) c.close();
    });
});

describe('a place is given back however a connection ends', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'give-back',
      args: ['--max-connections-per-address', '1', '--max-message-bytes', '1024',
        '--rate', '5', '--burst', '5', '--login-timeout', '30'] });
  });
  after(() => server.stopClean());

  // Each way to end the one connection allowed; the next one must get in within 2 s (a
  // connection kept until its login deadline would hold the place for 30 s).
  const endings = {
    'a normal close': async (c) => c.close(),
    'a reset': async (c) => c.terminate(),
    'an oversized message (1009)': async (c) => {
      c.send({ type: 'candidate', name: 'x', candidate: { candidate: 'x'.repeat(2000) } });
      assert.equal((await c.waitClosed()).code, 1009);
    },
    'a message flood (1008)': async (c) => {
      for (let i = 0; i < 30; i++) c.send('flood');
      assert.equal((await c.waitClosed()).code, 1008);
    },
    'invalid UTF-8 (1007)': async (c) => {
      c.sendFrame(Buffer.from([0x7b, 0xff, 0x7d]));
      assert.equal((await c.waitClosed()).code, 1007);
    },
  };
  for (const [i, [how, end]] of Object.entries(endings).entries()) {
    it(`after ${how}`, async () => {
      const address = `127.0.0.${10 + i}`;  // one address per case keeps them apart
      const c = await admittedFrom(server, address, `holder${i}`);
      await end(c);
      await c.waitClosed();
      const next = await admittedFrom(server, address, `holder${i}`);
      next.close();
      await next.waitClosed();
    });
  }
});
