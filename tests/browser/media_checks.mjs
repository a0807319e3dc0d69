// What the in-call tests observe of the media, from the test's side of the page: the
// signaling offers and answers the page sends, the partner's inbound audio energy and
// decoded frames (getStats on the recorded peer connection), and the device a sent track
// comes from. Observation only: nothing here drives the app.
import { sleep } from './harness.mjs';

// An init script: counts every `offer` and `answer` the page sends on its signaling socket,
// which a switch by replaceTrack must not add to.
export function countSignals() {
  const counts = { offer: 0, answer: 0 };
  Object.defineProperty(window, Symbol.for('duet-test.signals'), { value: counts });
  const native = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    try {
      const type = typeof data === 'string' ? JSON.parse(data)?.type : null;
      if (type in counts) counts[type] += 1;
    } catch {}
    return native.call(this, data);
  };
}

export const signals = (page) => page.evaluate(() => ({ ...window[Symbol.for('duet-test.signals')] }));

// The newest open connection's inbound media, read by the test from getStats.
export async function inbound(page) {
  return page.evaluate(async () => {
    const record = window[Symbol.for('duet-test.peer-connections')] || [];
    const open = record.filter(({ pc }) => pc.signalingState !== 'closed');
    const pc = open[open.length - 1]?.pc;
    const out = { audioEnergy: 0, framesDecoded: 0 };
    if (!pc) return out;
    (await pc.getStats()).forEach((r) => {
      if (r.type !== 'inbound-rtp') return;
      if (r.kind === 'audio') out.audioEnergy = r.totalAudioEnergy ?? 0;
      if (r.kind === 'video') out.framesDecoded = r.framesDecoded ?? 0;
    });
    return out;
  });
}

// How much `field` of the partner's inbound stats grows over `ms`.
export async function growth(page, field, ms = 1500) {
  const a = (await inbound(page))[field];
  await sleep(ms);
  return (await inbound(page))[field] - a;
}

// The device the track this page sends of `kind` comes from, read from the sender itself
// (null when it sends no live track of that kind).
export function sentDevice(page, kind) {
  return page.evaluate((k) => {
    const record = window[Symbol.for('duet-test.peer-connections')] || [];
    const open = record.filter(({ pc }) => pc.signalingState !== 'closed');
    const pc = open[open.length - 1]?.pc;
    const track = pc?.getSenders().map((s) => s.track).find((t) => t && t.kind === k);
    return track && track.readyState === 'live' ? track.getSettings().deviceId : null;
  }, kind);
}
