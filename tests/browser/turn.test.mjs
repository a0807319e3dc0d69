// TURN: duet-server hands each user short-lived TURN REST credentials for Debian's coturn
// (running here on loopback with a shared secret). With relay-only ICE the call connects and
// the selected candidate pair is a relay pair on both sides; the credentials are renewed
// before they expire; and with --no-presence nobody is shown who is online.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, duetState, expectLiveCall, newContext, openApp,
  peerConnections, signIn, sleep, startCall, steps, useServerAndBrowser, waitForCandidatePair,
  waitForDuet,
} from './harness.mjs';
import { useTurn } from './turn.mjs';

describe('a relay-only call through coturn on loopback', () => {
  const ttl = 20;
  const coturn = useTurn('turn-coturn');
  const env = useServerAndBrowser('turn', { args: () => [
    '--turn-uri', coturn.uri, '--turn-secret', coturn.secret, '--turn-ttl', String(ttl),
    '--ice-transport-policy', 'relay', '--no-presence'] });
  const step = steps();
  let alice;
  let bob;

  step('each user gets TURN credentials that coturn\'s shared secret signed', async () => {
    alice = await openApp(await newContext(env.browser), env.server, 'turn-alice');
    bob = await openApp(await newContext(env.browser), env.server, 'turn-bob');
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    for (const [page, name] of [[alice, 'alice'], [bob, 'bob']]) {
      await waitForDuet(page, () => (window[Symbol.for('duet-test.peer-connections')] || [])
        .length > 0, null, 'a peer connection');
      const pcs = await peerConnections(page);
      const config = pcs.at(-1).config;
      assert.equal(config.iceTransportPolicy, 'relay', `${name}: ${JSON.stringify(config)}`);
      const turn = config.iceServers.find((s) => [].concat(s.urls).some((u) => u.startsWith('turn:')));
      assert.ok(turn, `${name}: no TURN server in ${JSON.stringify(config.iceServers)}`);
      const [expiry, user] = turn.username.split(':');
      assert.equal(user, name, 'the username names the user');
      const left = Number(expiry) - Date.now() / 1000;
      assert.ok(left > 0 && left <= ttl + 2, `credentials valid for ${left} s, want <= ${ttl}`);
      const expected = crypto.createHmac('sha1', coturn.secret).update(turn.username)
        .digest('base64');
      assert.equal(turn.credential, expected, 'the credential is HMAC-SHA1 of the username');
    }
  });

  step('the call connects through the relay: both selected pairs are relay pairs', async () => {
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    for (const page of [alice, bob]) {
      const pair = await waitForCandidatePair(page,
        (p) => p.state === 'succeeded' && p.local?.type === 'relay' && p.remote?.type === 'relay',
        'relay/relay candidate pair');
      assert.equal(pair.local.type, 'relay');
    }
    assert.ok(/ALLOCATE processed, success/.test(coturn.output()),
      'coturn logged no successful allocation');
  });

  step('credentials are renewed before they expire, during the call', async () => {
    const before = (await duetState(alice)).iceConfigUpdates;
    await waitForDuet(alice, (b) => window.duet.iceConfigUpdates > b, before,
      'new TURN credentials applied', (ttl + 5) * 1000);
    const s = await duetState(alice);
    assert.equal(s.callState, 'in_call', 'the renewal broke the call');
    await sleep(1000);
    assert.equal((await duetState(bob)).callState, 'in_call');
  });

  step('--no-presence: the page shows no list of who is online', async () => {
    for (const page of [alice, bob]) {
      const s = await duetState(page);
      assert.equal(s.presence?.enabled, false);
      assert.deepEqual(s.presence?.users ?? [], []);
      assert.ok(!Object.keys(s.widgets).some((w) => w.startsWith('presence:')),
        'presence entries drawn');
    }
    for (const p of [alice, bob]) assertNoPageProblems(p);
  });
});
