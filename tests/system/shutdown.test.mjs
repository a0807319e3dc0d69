// SIGTERM during calls: every signaling client is told "going away" (1001), idle and
// half-sent HTTP connections do not hold the process, and it exits 0 within 2 s. Run with
// one I/O thread and with several.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  connect, getRequest, loggedIn, openSocket, rawRequest, startServer,
} from './harness.mjs';

for (const threads of [1, 4]) {
  describe(`SIGTERM with --threads ${threads}`, () => {
    it('closes calls with 1001 "going away" and exits 0 within 2 s', async () => {
      const server = await startServer({ name: `sigterm-${threads}`,
        args: ['--threads', String(threads)] });
      const clients = [];
      for (const [caller, callee] of [['ana', 'bo'], ['cy', 'di']]) {
        const a = await loggedIn(server.wsUrl, caller);
        const b = await loggedIn(server.wsUrl, callee);
        a.send({ type: 'offer', name: callee, offer: { type: 'offer', sdp: 'v=0\r\n' } });
        await b.expect('offer');
        b.send({ type: 'answer', name: caller, answer: { type: 'answer', sdp: 'v=0\r\n' } });
        await a.expect('answer');
        clients.push(a, b);
      }
      clients.push(await connect(server.wsUrl, { label: 'not-signed-in' }));
      // An idle keep-alive HTTP connection and a request header still arriving.
      const keptAlive = await openSocket({ port: server.port });
      keptAlive.write(getRequest('/index.html').replace('Connection: close\r\n', ''));
      const halfSent = await openSocket({ port: server.port });
      halfSent.write('GET /index.html HTTP/1.1\r\nHost: localhost\r\n');
      await new Promise((r) => keptAlive.once('data', r));

      const result = await server.stopClean();
      assert.ok(result.ms < 2000, `exited after ${result.ms.toFixed(0)} ms`);
      console.log(`--threads ${threads}: exited 0 after ${result.ms.toFixed(0)} ms`);
      for (const c of clients) {
        const closed = await c.waitClosed(1000);
        assert.equal(closed.code, 1001, `${c.label}: ${closed.code} "${closed.reason}"`);
        assert.equal(closed.reason, 'server shutting down');
      }
      keptAlive.destroy();
      halfSent.destroy();
      // Nothing listens any more.
      await assert.rejects(rawRequest({ port: server.port, data: getRequest('/') }),
        /ECONNREFUSED/);
    });
  });
}
