// The call's health on screen: the Stats button (pressed by its rectangle, and the S key)
// opens the panel; window.duet.stats matches getStats read by the test itself, over the
// same report interval; the path is host on loopback and relay through coturn; a phone
// shows the panel too (screenshots in artifacts/).
import assert from 'node:assert/strict';
import { describe } from 'node:test';

import {
  acceptCall, activate, assertNoPageProblems, clickWidget, duetState, expectVideoDecoding,
  expectWidgetsLaidOut, metric, newContext, openApp, phone, pressKey, screenshot, signIn, sleep,
  startCall, steps,
  useServerAndBrowser, waitForDuet, waitForInCall,
} from './harness.mjs';
import { useTurn } from './turn.mjs';

// In the page: the test's own readings of the call's peer connection, one after another
// (each getStats waits for the last), reduced the way the issue defines the figures (sums
// over inbound-rtp/outbound-rtp per kind; RTT from remote-inbound-rtp, else the selected
// pair; jitter of inbound audio; the received video's size and codec), next to what
// window.duet published meanwhile: until `intervals` published intervals lie inside the
// readings, or `maxMs` (a loaded machine answers getStats slowly).
async function observe(page, intervals = 5, maxMs = 40_000) {
  return page.evaluate(async ({ wanted, limit }) => {
    const record = window[Symbol.for('duet-test.peer-connections')] || [];
    const open = record.filter(({ pc }) => pc.signalingState !== 'closed');
    const pc = open[open.length - 1]?.pc;
    if (!pc) return null;
    const reduce = (report) => {
      const s = { t: 0, in: 0, out: 0, frames: 0, received: 0, lost: 0, rtt: -1, pairRtt: -1,
        rttAudio: -1, rttVideo: -1,
        jitter: -1, width: 0, height: 0, codec: '', local: '', remote: '' };
      let selected = '';
      let video = null;
      report.forEach((r) => {
        s.t = Math.max(s.t, r.timestamp);
        if (r.type === 'inbound-rtp') {
          s.in += r.bytesReceived ?? 0;
          s.received += r.packetsReceived ?? 0;
          s.lost += r.packetsLost ?? 0;
          if (r.kind === 'audio' && typeof r.jitter === 'number') s.jitter = Math.max(s.jitter, r.jitter);
          if (r.kind === 'video') {
            s.frames += r.framesDecoded ?? 0;
            if (!video || (r.framesDecoded ?? 0) > (video.framesDecoded ?? 0)) video = r;
          }
        }
        if (r.type === 'outbound-rtp') s.out += r.bytesSent ?? 0;
        if (r.type === 'remote-inbound-rtp' && typeof r.roundTripTime === 'number') {
          s.rtt = Math.max(s.rtt, r.roundTripTime);
          s[r.kind === 'audio' ? 'rttAudio' : 'rttVideo'] = r.roundTripTime;
        }
        if (r.type === 'transport' && r.selectedCandidatePairId) selected = r.selectedCandidatePairId;
      });
      const pair = report.get(selected);
      if (pair) {
        s.local = report.get(pair.localCandidateId)?.candidateType ?? '';
        s.remote = report.get(pair.remoteCandidateId)?.candidateType ?? '';
        if (typeof pair.currentRoundTripTime === 'number') s.pairRtt = pair.currentRoundTripTime;
      }
      if (s.rtt < 0) s.rtt = s.pairRtt;
      if (video) {
        s.width = video.frameWidth ?? 0;
        s.height = video.frameHeight ?? 0;
        s.codec = (report.get(video.codecId)?.mimeType ?? '').split('/').pop();
      }
      return s;
    };
    const readings = [];
    const published = [];
    const end = performance.now() + limit;
    const inside = () => published.filter((p) => p.interval.start >= readings[0].t &&
      p.interval.end <= readings.at(-1).t).length;
    while (performance.now() < end && (readings.length < 2 || inside() < wanted)) {
      readings.push(reduce(await pc.getStats()));
      const d = window.duet;
      if (d?.stats && d.statsInterval?.end > (published.at(-1)?.interval.end ?? 0)) {
        published.push({ stats: { ...d.stats }, interval: { ...d.statsInterval },
          quality: d.quality });
      }
      await new Promise((r) => setTimeout(r, 40));
    }
    return { readings, published };
  }, { wanted: intervals, limit: maxMs });
}

// A counter of the test's readings at report time `t`, interpolated between the two
// readings around it (null when `t` is outside them).
function at(readings, t, key) {
  for (let i = 1; i < readings.length; i++) {
    const a = readings[i - 1];
    const b = readings[i];
    if (a.t <= t && t <= b.t) {
      if (b.t === a.t) return a[key];
      return a[key] + (b[key] - a[key]) * (t - a.t) / (b.t - a.t);
    }
  }
  return null;
}

// The test's readings around `t` are at most 150 ms apart.
function dense(readings, t) {
  const i = readings.findIndex((r) => r.t >= t);
  return i > 0 && readings[i].t - readings[i - 1].t <= 150;
}

// The test's readings just before and just after report time `t`.
function around(readings, t) {
  const i = readings.findIndex((r) => r.t >= t);
  return i > 0 ? [readings[i - 1], readings[i]] : [readings.at(-1), readings.at(-1)];
}

const between = (v, values, abs = 1) =>
  v >= Math.min(...values) - Math.max(0.1 * Math.min(...values), abs) &&
  v <= Math.max(...values) + Math.max(0.1 * Math.max(...values), abs);

function nearest(readings, t) {
  return readings.reduce((best, r) => (Math.abs(r.t - t) < Math.abs(best.t - t) ? r : best));
}

const within = (got, want, rel, abs = 0) => Math.abs(got - want) <= Math.max(rel * Math.abs(want), abs);

// window.duet.stats against the test's own readings over the same report intervals.
// Rates: the published rate times its interval's length is the bytes (frames) the app
// counted; the test's counters interpolated at the same two report times give its own.
// Summed over the published intervals (five seconds or more, so that where the test's own
// readings fall around each report time matters little) the two agree within 10 %.
function compare(label, { readings, published }) {
  const usable = published.filter((p) => at(readings, p.interval.start, 'in') !== null &&
    at(readings, p.interval.end, 'in') !== null);
  assert.ok(usable.length >= 4, `${label}: only ${usable.length} published intervals inside ` +
    `the test's readings (${published.length} published, ${readings.length} readings)`);
  const figures = [['kbpsIn', 'in', 8], ['kbpsOut', 'out', 8], ['fps', 'frames', 1000]];
  const worst = {};
  let denseSeconds = 0;
  for (const [name, key, scale] of figures) {
    let app = 0;
    let own = 0;
    worst[name] = 0;
    for (const p of usable) {
      const ms = p.interval.end - p.interval.start;
      const mine = (at(readings, p.interval.end, key) - at(readings, p.interval.start, key)) * scale / ms;
      app += p.stats[name] * ms;
      own += mine * ms;
      if (!dense(readings, p.interval.start) || !dense(readings, p.interval.end)) continue;
      if (name === 'kbpsIn') denseSeconds += 1;
      worst[name] = Math.max(worst[name], Math.abs(p.stats[name] - mine) / Math.max(mine, 1e-9));
      // One second alone is compared loosely: the test's readings land up to ~50 ms from the
      // app's on either side, and media arrives a frame (1/15 to 1/30 s of it) at a time.
      assert.ok(within(p.stats[name], mine, 0.25, name === 'fps' ? 2 : 0),
        `${label}: ${name} published ${p.stats[name]}, the test measured ${mine.toFixed(2)} over ` +
          `the same ${ms.toFixed(0)} ms`);
    }
    assert.ok(within(app, own, 0.10), `${label}: ${name} over ${usable.length} intervals: ` +
      `published ${(app / 1000).toFixed(1)}, measured ${(own / 1000).toFixed(1)}`);
    metric(`stats_error_${name}`, 100 * Math.abs(app - own) / own, { unit: '%', page: label,
      seconds: usable.length });
  }
  const last = usable.at(-1);
  const r = nearest(readings, last.interval.end);
  const s = last.stats;
  assert.equal(s.width, r.width, `${label}: width`);
  assert.equal(s.height, r.height, `${label}: height`);
  assert.ok(s.width > 0 && s.height > 0, `${label}: no received video size`);
  assert.equal(s.codec, r.codec, `${label}: codec`);
  // RTT and jitter are values, not counters: RTT steps when an RTCP report arrives, jitter
  // moves with each packet. At the app's report time they lie between what the test read
  // just before and just after (for RTT, the larger of the two kinds' values from either
  // reading), give or take 10 %, or a millisecond on loopback where they are fractions of one.
  const [before, after] = around(readings, last.interval.end);
  const rtts = [];
  for (const a of [before, after]) {
    for (const v of [before, after]) {
      const m = Math.max(a.rttAudio, v.rttVideo);
      rtts.push(m >= 0 ? m : Math.max(before.rtt, after.rtt));
    }
  }
  assert.ok(between(s.rttMs, rtts.map((v) => v * 1000)), `${label}: rttMs ${s.rttMs}, getStats ` +
    `read ${rtts.map((v) => (v * 1000).toFixed(2)).join(', ')} around it`);
  // Jitter is RFC 3550's running estimate, moved by every packet (50 a second of audio):
  // between sparse readings it can swing outside them, so the range is that of the test's
  // readings within a second of the report time, give or take 5 ms (a loaded page's
  // audio swings by that much from one reading to the next; an error of kind, unit or
  // stream is still caught).
  const near = readings.filter((x) => Math.abs(x.t - last.interval.end) <= 1000)
    .map((x) => x.jitter * 1000);
  assert.ok(between(s.jitterMs, [...near, before.jitter * 1000, after.jitter * 1000], 5),
    `${label}: jitterMs ${s.jitterMs}, getStats read ${near.join(', ')} within a second of it`);
  const { start, end } = last.interval;
  const lost = Math.max(at(readings, end, 'lost') - at(readings, start, 'lost'), 0);
  const got = at(readings, end, 'received') - at(readings, start, 'received');
  const ownLoss = lost + got > 0 ? 100 * lost / (lost + got) : 0;
  assert.ok(within(s.lossPct, Math.max(ownLoss, 0), 0.10, 0.5), `${label}: lossPct ${s.lossPct}, ` +
    `getStats ${ownLoss.toFixed(2)}`);
  assert.deepEqual(Object.keys(s).sort(), ['codec', 'fps', 'height', 'jitterMs', 'kbpsIn',
    'kbpsOut', 'lossPct', 'path', 'rttMs', 'width'], `${label}: window.duet.stats keys`);
  assert.ok(['good', 'fair', 'poor'].includes(last.quality), `${label}: quality ${last.quality}`);
  // The figures, and how far apart one second's rates were at worst (per cent), for the
  // report; `unit` overrides the harness's default of ms.
  for (const [name, v] of Object.entries(worst)) {
    if (denseSeconds > 0) {
      metric(`stats_worst_second_${name}`, v * 100, { unit: '%', page: label, seconds: denseSeconds });
    }
  }
  const units = { kbpsIn: 'kbps', kbpsOut: 'kbps', fps: 'fps', rttMs: 'ms', jitterMs: 'ms',
    lossPct: '%' };
  for (const [name, unit] of Object.entries(units)) {
    metric(`stats_${name}`, s[name], { unit, page: label, intervals: usable.length,
      quality: last.quality, path: s.path });
  }
  return { last: s, readings: r };
}

async function call(env, aliceOptions, bobOptions, prefix) {
  const alice = await openApp(await newContext(env.browser, aliceOptions), env.server, `${prefix}-alice`);
  const bob = await openApp(await newContext(env.browser, bobOptions), env.server, `${prefix}-bob`);
  await signIn(alice, 'alice');
  await signIn(bob, 'bob', { input: bobOptions?.hasTouch ? 'touch' : 'mouse' });
  await startCall(alice, 'bob');
  await acceptCall(bob, { from: 'alice', input: bobOptions?.hasTouch ? 'touch' : 'mouse' });
  // In the call and decoding (call.test.mjs checks how the video is drawn).
  await Promise.all([waitForInCall(alice, 'bob'), waitForInCall(bob, 'alice')]);
  await Promise.all([expectVideoDecoding(alice), expectVideoDecoding(bob)]);
  return { alice, bob };
}

// Five published seconds, the counters having had time to settle after the call's start.
const waitForFigures = (page) => waitForDuet(page, () => window.duet?.stats?.fps > 0 &&
  window.duet?.stats?.width > 0, null, 'window.duet.stats with frames decoded', 20_000);

describe('the stats panel on a loopback call', () => {
  const env = useServerAndBrowser('stats');
  const step = steps();
  let alice;
  let bob;

  step('idle on the login screen, the page draws nothing', async () => {
    const page = await openApp(await newContext(env.browser), env.server, 'stats-idle');
    await waitForDuet(page, () => !!window.duet?.widgets?.Login, null, 'widget "Login"');
    await sleep(500);
    const before = (await duetState(page)).framesRendered;
    await sleep(2000);
    assert.equal((await duetState(page)).framesRendered, before, 'frames drawn while idle');
    assert.equal(await page.evaluate(() => window.duet.stats), null);
    await page.context().close();
  });

  step('in a call: Stats opens the panel; window.duet.stats matches getStats', async () => {
    ({ alice, bob } = await call(env, undefined, phone, 'stats'));
    assert.equal((await duetState(alice)).callState, 'in_call');
    await clickWidget(alice, 'Stats');
    await waitForDuet(alice, () => window.duet.statsPanel === true, null, 'the stats panel open');
    await waitForFigures(alice);
    await sleep(3000);
    await screenshot(alice, 'stats-desktop-panel');
    const { last } = compare('alice', await observe(alice));
    assert.equal(last.path, 'host', 'a loopback call is direct');
    const video = await alice.evaluate(() => {
      // The remote one: its track is one the peer connection receives.
      const record = window[Symbol.for('duet-test.peer-connections')] || [];
      const pc = record.filter((r) => r.pc.signalingState !== 'closed').at(-1)?.pc;
      const received = new Set((pc?.getReceivers() ?? []).map((r) => r.track));
      const v = [...document.querySelectorAll('video')].find((e) =>
        (e.srcObject?.getVideoTracks?.() ?? []).some((t) => received.has(t)));
      return v ? { w: v.videoWidth, h: v.videoHeight } : null;
    });
    assert.deepEqual({ w: last.width, h: last.height }, video, 'the size of the video received');
  }, 180_000);

  step('the S key closes and opens it; the published figures move once a second', async () => {
    await pressKey(alice, 's');
    await waitForDuet(alice, () => window.duet.statsPanel === false, null, 'the panel closed by S');
    await pressKey(alice, 'S');
    await waitForDuet(alice, () => window.duet.statsPanel === true, null, 'the panel open by S');
    const a = (await duetState(alice)).callState;
    assert.equal(a, 'in_call');
    // From the first report after reopening: the one published before S may be older than a
    // second (the panel was closed meanwhile), which would stretch the span measured below.
    const before = await alice.evaluate(() => window.duet.statsInterval.end);
    await waitForDuet(alice, (b) => window.duet.statsInterval?.end !== b, before, 'a new report');
    const t0 = await alice.evaluate(() => window.duet.statsInterval.end);
    await sleep(3200);
    const t1 = await alice.evaluate(() => window.duet.statsInterval.end);
    const seconds = (t1 - t0) / 1000;
    assert.ok(seconds >= 2 && seconds <= 4, `report time moved ${seconds} s in 3.2 s`);
    await pressKey(alice, 's');
    await waitForDuet(alice, () => window.duet.statsPanel === false, null, 'the panel closed by S');
  });

  step('a phone: Stats by tap, the panel over the video, the controls clear of it', async () => {
    await activate(bob, 'Stats', 'touch');
    await waitForDuet(bob, () => window.duet.statsPanel === true, null, 'the stats panel open');
    await waitForFigures(bob);
    await sleep(2500);
    // The call's buttons fade after 3 s without input: a tap on the title bar (no widget
    // there) brings them back for the screenshot; if they fade during a slow screenshot, they
    // are checked for all but being drawn.
    await bob.touchscreen.tap(bob.viewportSize().width / 2, 4);
    await waitForDuet(bob, () => window.duet?.controlsAlpha === 1, null, 'the controls shown');
    const state = await duetState(bob);
    const shot = await screenshot(bob, 'stats-phone-panel');
    const shown = await bob.evaluate(() => window.duet.controlsAlpha === 1);
    expectWidgetsLaidOut(bob, state, shot, ['Stats', 'Hang Up'],
      shown ? [] : ['Microphone', 'Camera', 'Devices', 'Fullscreen', 'Chat', 'Hang Up',
        'Self view']);
    compare('bob (phone)', await observe(bob));
    await activate(bob, 'Hang Up', 'touch');
    await waitForDuet(alice, () => window.duet.callState !== 'in_call' && window.duet.stats === null,
      null, 'the call over and window.duet.stats null again');
    for (const p of [alice, bob]) assertNoPageProblems(p);
  }, 180_000);
});

describe('the stats panel on a call relayed by coturn', () => {
  const turn = useTurn('stats-coturn');
  const env = useServerAndBrowser('stats-turn', { args: () => [
    '--turn-uri', turn.uri, '--turn-secret', turn.secret, '--ice-transport-policy', 'relay'] });
  const step = steps();

  step('path is relay, and the figures still match getStats', async () => {
    const { alice, bob } = await call(env, undefined, undefined, 'stats-turn');
    await waitForFigures(alice);
    await sleep(2000);
    const { last, readings } = compare('alice (relay)', await observe(alice));
    assert.equal(last.path, 'relay');
    assert.deepEqual([readings.local, readings.remote], ['relay', 'relay']);
    await clickWidget(alice, 'Stats');
    await waitForDuet(alice, () => window.duet.statsPanel === true, null, 'the stats panel open');
    await sleep(1500);
    await screenshot(alice, 'stats-relay-panel');
    for (const p of [alice, bob]) assertNoPageProblems(p);
  }, 180_000);
});
