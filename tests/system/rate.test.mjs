// Per-connection message rate (--rate, --burst): a token bucket. A burst is served in full,
// a flood past it gets one rate_limited error and then silence, a flood that goes on for
// another burst's worth of refused messages is closed with 1008, and nobody else notices.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertRelay, connect, loggedIn, sleep, startServer } from './harness.mjs';

const RATE = 5;
const BURST = 20;

// Everything `client` receives until it has been quiet for `quietMs`.
async function drain(client, quietMs = 400) {
  const got = [];
  for (;;) {
    try {
      got.push(await client.next(quietMs));
    } catch {
      return got;
    }
  }
}

const count = (messages, code) => messages.filter((m) => m.code === code).length;
const probe = { type: 'candidate', name: 'nobody-here', candidate: null };

describe('message rate (--rate, --burst)', () => {
  let server;
  before(async () => {
    server = await startServer({ name: 'rate',
      args: ['--rate', String(RATE), '--burst', String(BURST)] });
  });
  after(() => server.stopClean());

  it('serves a burst of --burst messages in full', async () => {
    const c = await loggedIn(server.wsUrl, 'bursty');
    for (let i = 0; i < BURST - 1; i++) c.send(probe);  // the login took one token
    const got = await drain(c);
    assert.equal(count(got, 'not_online'), BURST - 1, JSON.stringify(got.slice(-3)));
    assert.equal(count(got, 'rate_limited'), 0);
    c.close();
  });

  it('answers a flood past the burst with one rate_limited error, then silence; ' +
     'the connection stays open and recovers at --rate', async () => {
    const c = await connect(server.wsUrl, { label: 'flooder' });
    for (let i = 0; i < BURST + 10; i++) c.send(probe);
    const got = await drain(c);
    const served = count(got, 'not_logged_in');
    // The bucket refills at RATE/s while the flood is read: a token may come back meanwhile.
    assert.ok(served >= BURST && served <= BURST + 1, `${served} of ${BURST + 10} served`);
    assert.equal(count(got, 'rate_limited'), 1, JSON.stringify(got.slice(-3)));
    assert.equal(got.length, served + 1, 'nothing but the answers and one rate_limited');
    assert.ok(c.isOpen, 'a short flood does not close the connection');

    await sleep((1000 / RATE) * 3);  // three tokens back
    c.send({ type: 'login', name: 'recovered' });
    assert.equal((await c.expect('login')).success, true);
    c.close();
  });

  it('closes a sustained flood with 1008 "message flood", and others do not notice',
    async () => {
      const bo = await loggedIn(server.wsUrl, 'bo');
      const cy = await loggedIn(server.wsUrl, 'cy');
      const flood = await connect(server.wsUrl, { label: 'sustained' });
      // A burst served, one error, then a burst's worth refused in a row: closed. Garbage
      // counts as much as valid messages: the bucket is taken before anything is parsed.
      for (let i = 0; i < BURST * 2 + 10; i++) flood.send(i % 2 ? probe : 'not json');
      // Meanwhile the others talk as usual, within their own budgets.
      await assertRelay(bo, 'bo', cy, 'cy');
      await assertRelay(cy, 'cy', bo, 'bo');

      const closed = await flood.waitClosed();
      assert.equal(closed.code, 1008, `close ${closed.code} "${closed.reason}"`);
      assert.equal(closed.reason, 'message flood');
      const got = flood.queue;
      assert.equal(count(got, 'rate_limited'), 1, 'one error before the close');

      for (let i = 0; i < 10; i++) await assertRelay(bo, 'bo', cy, 'cy');
      assert.deepEqual([...bo.queue, ...cy.queue], [], 'bo and cy saw nothing of the flood');
      bo.close();
      cy.close();
    });
});
