// Two devices on two networks: network namespaces joined by a veth pair, each with its own
// address. The server and coturn run on host A with a browser; a second browser runs on host
// B. The call connects directly (host candidates); when a firewall on B then drops all
// traffic to A but signaling, the caller restarts ICE, and once TURN is reachable again the
// call goes on through the relay; with direct traffic still blocked a new call connects
// through the relay from the start; and when the relay is cut off too, both sides end the
// call with "Connection lost" after --lost-timeout.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';

import {
  acceptCall, assertNoPageProblems, clickWidget, closeBrowser, duetState, expectCallOver,
  expectLiveCall, getInboundVideoStats, launchBrowser, pageProblems, sleep, metric, newContext, openApp,
  requireBundle, signIn, startCall, startServer, steps, waitForCandidatePair, waitForDuet,
} from './harness.mjs';
import { blockDirect, createHosts, unblock } from './hosts.mjs';
import { startTurn } from './turn.mjs';

const turnPort = 3478;
const lostTimeout = 30;

// After an outage the decoder waits for a key frame: give the video a few seconds to resume.
async function expectVideoResumes(page, timeout = 15_000) {
  const first = (await getInboundVideoStats(page)).framesDecoded;
  const deadline = Date.now() + timeout;
  let now = first;
  while (now - first < 10 && Date.now() < deadline) {
    await sleep(250);
    now = (await getInboundVideoStats(page)).framesDecoded;
  }
  assert.ok(now - first >= 10, `${pageProblems(page).label}: video did not resume ` +
    `(framesDecoded ${first} -> ${now} in ${timeout} ms)`);
}

describe('two hosts: direct, then through the relay, then connection lost', () => {
  const env = { hosts: null, turn: null, server: null, browsers: [] };
  const step = steps();
  let alice;  // on host A, with the server
  let bob;    // on host B
  const ufrag = { before: null };
  let cutAt = 0;
  const localUfrag = (page) => page.evaluate(() => {
    const open = (window[Symbol.for('duet-test.peer-connections')] || [])
      .filter(({ pc }) => pc.signalingState !== 'closed');
    return (open.at(-1)?.pc.localDescription?.sdp.match(/ice-ufrag:(\S+)/) || [])[1];
  });

  before(async () => {
    requireBundle();
    env.hosts = await createHosts();
    const { a } = env.hosts;
    env.turn = await startTurn({ address: a.ip, port: turnPort, host: a, logName: 'two-hosts-coturn' });
    env.server = await startServer({ logName: 'two-hosts-server', address: a.ip, netns: a.ns,
      args: ['--turn-uri', env.turn.uri, '--turn-secret', env.turn.secret,
        '--lost-timeout', String(lostTimeout)] });
    // Camera access needs a secure origin; this plain-HTTP one is only reachable in here.
    const extraArgs = [`--unsafely-treat-insecure-origin-as-secure=${env.server.origin}`];
    for (const host of [a, env.hosts.b]) {
      env.browsers.push(await launchBrowser({ executablePath: host.chromium, extraArgs }));
    }
  });
  after(async () => {
    for (const b of env.browsers) await closeBrowser(b);
    const result = await env.server?.stop();
    await env.turn?.stop();
    env.hosts?.teardown();
    assert.equal(result?.code, 0, 'duet-server did not stop cleanly');
  });

  step('a call between the hosts connects directly, host to host', async () => {
    alice = await openApp(await newContext(env.browsers[0]), env.server, 'two-hosts-alice');
    bob = await openApp(await newContext(env.browsers[1]), env.server, 'two-hosts-bob');
    await signIn(alice, 'alice');
    await signIn(bob, 'bob');
    await startCall(alice, 'bob');
    await acceptCall(bob, { from: 'alice' });
    await expectLiveCall(alice, bob, { nameA: 'alice', nameB: 'bob', picture: false });
    const pair = await waitForCandidatePair(bob,
      (p) => p.state === 'succeeded' && p.local?.type === 'host' && p.remote?.type === 'host',
      'host/host candidate pair');
    assert.equal(pair.local.address, env.hosts.b.ip);
    assert.equal(pair.remote.address, env.hosts.a.ip);
  }, 90_000);

  step('all traffic but signaling cut mid-call: the caller restarts ICE', async () => {
    ufrag.before = await localUfrag(alice);
    // Chrome keeps relay candidates as a backup and moves to them by itself while they
    // work, so the relay is cut off too: only an ICE restart can bring the call back.
    blockDirect(env.hosts.b, env.hosts.a, [env.server.port]);
    cutAt = Date.now();
    for (const page of [alice, bob]) {
      await waitForDuet(page, () => window.duet.mediaInterrupted === true, null,
        'the call noticing that media stopped', 30_000);
    }
    await waitForDuet(alice, (u) => {
      const pcs = window[Symbol.for('duet-test.peer-connections')] || [];
      const open = pcs.filter(({ pc }) => pc.signalingState !== 'closed');
      const sdp = open.at(-1)?.pc.localDescription?.sdp || '';
      return (sdp.match(/ice-ufrag:(\S+)/) || [])[1] !== u;
    }, ufrag.before, 'an ICE restart offer (new ufrag) from the caller', 20_000);
    assert.equal((await duetState(alice)).callState, 'in_call');
  }, 90_000);

  step('TURN reachable again: the restarted call goes on through the relay', async () => {
    unblock(env.hosts.b);
    blockDirect(env.hosts.b, env.hosts.a, [env.server.port, turnPort]);
    const pair = await waitForCandidatePair(bob,
      (p) => p.state === 'succeeded' && p.local?.type === 'relay', 'a relay candidate pair', 30_000);
    assert.equal(pair.local.type, 'relay');
    await waitForDuet(alice, () => window.duet.mediaInterrupted === false, null,
      'media restored', 20_000);
    metric('media_cut_to_restored_via_relay', Date.now() - cutAt, { test: 'two_hosts' });
    assert.notEqual(await localUfrag(alice), ufrag.before, 'no ICE restart happened');
    for (const page of [alice, bob]) {
      assert.equal((await duetState(page)).callState, 'in_call');
      await expectVideoResumes(page);
    }
  }, 90_000);

  step('a new call while direct traffic is blocked connects through the relay', async () => {
    await clickWidget(alice, 'Hang Up');
    await expectCallOver(alice);
    await expectCallOver(bob);
    await startCall(bob, 'alice');
    await acceptCall(alice, { from: 'bob' });
    await expectLiveCall(bob, alice, { nameA: 'bob', nameB: 'alice', picture: false });
    await waitForCandidatePair(bob,
      (p) => p.state === 'succeeded' && p.local?.type === 'relay', 'a relay candidate pair');
  }, 90_000);

  step('with the relay cut off too, both sides end the call: "Connection lost"', async () => {
    unblock(env.hosts.b);
    blockDirect(env.hosts.b, env.hosts.a, [env.server.port]);
    const cut = Date.now();
    for (const page of [alice, bob]) {
      await waitForDuet(page, () => /Connection lost/.test(window.duet.status), null,
        '"Connection lost"', (lostTimeout + 40) * 1000);
    }
    const took = (Date.now() - cut) / 1000;
    assert.ok(took >= lostTimeout - 1, `the call ended after ${took} s, before --lost-timeout`);
    await expectCallOver(alice);
    await expectCallOver(bob);
    for (const p of [alice, bob]) assertNoPageProblems(p);
  }, 120_000);
});
