// BENCHMARKS.md's "File transfer" section, from the JSON line of file_transfer.mjs: used by
// report.mjs for the whole report, and on its own (`node transfer_report.mjs FILE`) to print
// just this section from a run of file_transfer.mjs alone:
//   node transfer_report.mjs transfer.json 'the command that produced it'
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The last JSON line of the file, or {} when there is none.
export function readTransfer(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8').trim().split('\n').pop());
  } catch {
    return {};
  }
}

// `alone`: the command of a run of file_transfer.mjs by itself, not part of bench.sh's run.
export function transferSection(t, alone = '') {
  const out = ['## File transfer', ''];
  if (alone) {
    out.push(`These figures come from \`${alone}\` run by itself on ${new Date().toISOString().slice(0, 10)}, ` +
      'not from the run of the sections above.', '');
  }
  const mb = typeof t.file_bytes === 'number' ? `${Math.round(t.file_bytes / 1e6)} MB` : 'one file';
  out.push(`Produced by \`tools/bench/file_transfer.mjs\`: ${mb} of random bytes sent during a call ` +
    'between two local pages (headless Chromium, fake camera, loopback, `--allow-loopback-in-peer-connection`), ' +
    'each pair alone in the browser and the two taking turns, one call and one transfer at a time, the file chosen through the page\'s own file picker and accepted on the ' +
    'receiver by pressing Accept file as a person would. Duet is measured against the plain-JS page ' +
    '`tools/bench/plain_client.html?files` (`plain_transfer.js`) doing the same over the same kind of channel: ' +
    'signaling through duet-server with the tutorial protocol, a negotiated ordered RTCDataChannel on the ' +
    'call\'s own peer connection beside the camera\'s audio and video, the file read with `File.slice` 256 KiB ' +
    'at a time and sent as 16 KiB messages while `bufferedAmount` is at most 1 MiB (resuming on ' +
    '`bufferedamountlow` at 256 KiB), the receiver folding the chunks it holds into one Blob every 4 MiB: ' +
    'a page written by hand with an idle main thread. Duet reads the same blocks but up to 4 ahead and lets ' +
    '`bufferedAmount` reach 4 MiB (resuming at 1 MiB), because its main thread is shared with software-GL ' +
    'video draws (docs/file_transfer_rate.md); the `*_limits` rows. The plain page does not hash: ' +
    'WebCrypto\'s `digest` takes only a whole buffer, so a page cannot hash on the fly without a hash of its ' +
    'own; Duet hashes every chunk (SHA-256 in wasm) as it arrives. It has no progress display and no cancel ' +
    'either. Each page\'s progress and end are read from what it publishes (`window.duet.transfers`, ' +
    '`window.plainFiles.transfers`).', '');
  out.push('MB/s is 10^6 bytes of file per second from the receiver\'s press on Accept file (the mouse ' +
    'release as its page saw it) to the moment its page shows the transfer done, both in the receiver\'s ' +
    'clock; the median of the runs. No figure is given for a transfer that does not finish or whose bytes ' +
    'differ: the benchmark checks the size, the SHA-256 Duet\'s receiver reports against the file\'s (Node ' +
    'crypto), and, after the timing, the bytes behind each receiver\'s object URL (read back and hashed with ' +
    'WebCrypto).', '');
  out.push('Memory is the receiving tab\'s, sampled every 250 ms over the DevTools protocol ' +
    '(`Runtime.getHeapUsage`): the JS heap used, the ArrayBuffers\' backing stores (received chunks not yet ' +
    'folded, and those dropped but not yet collected), the Blink heap, and for Duet the wasm memory (which ' +
    'never shrinks). The figure is the largest growth over the level before the press, in the worst run. ' +
    'Blob storage is not in it: Chromium keeps a Blob\'s bytes in the browser process (and on disk past its ' +
    'limits), not in the tab. The chunk window is what a receiving page may hold of the file before it ' +
    'folds it away: the larger of its fold size and the sender\'s `bufferedAmount` limit, 4 MiB for both. ' +
    'The plain page publishes its limits; Duet\'s page does not, so its are the values written in ' +
    '`client_wasm/web/js/file_transfer.js`. The target is a peak growth under twice the window. The SCTP ' +
    'buffers of the connection are native memory of the tab, not among these figures. The ArrayBuffers ' +
    'include chunks already folded but not yet collected: V8 frees them at its own pace, so the peak ' +
    'follows the collector as much as what the page keeps. `file_transfer.mjs --collect` forces a ' +
    'collection before each sample to show what is still held (a diagnosis: it slows the page, so its ' +
    'rates mean nothing).', '');
  out.push('The machine is shared and the timings are noisy: the load average (1 min) at the start and ' +
    'end of the run is in the table.', '');
  out.push('Slow seconds: the receiver\'s byte count is read every 250 ms, and the `*_slow_seconds_runs` ' +
    'rows add up the intervals after which less than 1 MB arrived in the next second (a page that shows its ' +
    'count a few hundred milliseconds late, as Duet\'s does while it draws, is not slow for it). In this setup a transfer of either ' +
    'page may stall for up to four seconds near its start: the sender\'s `bufferedAmount` stands still while ' +
    'the receiver gets a trickle, the SCTP association recovering lost packets by its retransmission timer ' +
    '(docs/file_transfer_rate.md, "Stalls"). Whether a run stalls is chance, and one stall moves a run\'s rate by a ' +
    'quarter, so each page runs nine times (with five, one invocation\'s ratio ranged from 0.76 to 0.97); the `*_moving_mb_per_s` rows give the rate over the seconds ' +
    'that were not slow, and `ratio_duet_to_plain_moving` compares those. The target is on the whole ' +
    'transfer (`ratio_duet_to_plain`).', '');
  out.push('Video while the file moves: `*_partner_frames_shown_per_s_runs` give, per run, the partner\'s ' +
    'video frames each page showed per second (sender/receiver): Duet\'s draws of a new frame, the plain ' +
    'page\'s remote `<video>` frames presented (`requestVideoFrameCallback`); `duet_frames_drawn_per_s_runs` ' +
    'the frames each Duet page drew. With software GL each drawn frame costs the machine what the ' +
    'channel\'s threads need: the plain page shows more of the partner\'s video than Duet and still moves ' +
    'the file faster, because the browser composites a `<video>` more cheaply than a WebGL canvas that must ' +
    'be read back; drawing none at all brings Duet to the plain page\'s rate, and the call\'s video takes ' +
    'most of what fewer draws leave (docs/file_transfer_rate.md, "What the draws cost").', '');
  if (Object.keys(t).length === 0) {
    out.push('The file-transfer benchmark did not produce figures in this run.', '');
    return out;
  }
  if (t.failures) out.push(`**The run failed:** ${t.failures}`, '');
  const value = (v) => (typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toFixed(3))) : String(v));
  const yes = (b) => (b ? 'yes' : '**no**');
  out.push('| figure | value | target | met |', '|---|---|---|---|');
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'object') continue;
    const met = t.met?.[k];
    out.push(`| ${k} | ${value(v).replace(/\|/g, '\\|')} | ${t.targets?.[k] ?? ''} | ${met ? yes(met === 'yes') : ''} |`);
  }
  out.push('');
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(transferSection(readTransfer(process.argv[2]), process.argv[3] ?? '').join('\n'));
}
