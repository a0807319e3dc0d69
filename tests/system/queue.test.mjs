// Outgoing queue cap (--max-queued-bytes): a client that stops reading while others send to
// it cannot make the server buffer without bound; it is dropped, its name is freed, and the
// server goes on serving everyone else with its memory unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertRelay, loggedIn, rawWebSocket, startServer, whenClosed,
} from './harness.mjs';

const CAP = 256 * 1024;
const MESSAGE = 60 * 1024;
// The kernel's socket buffers on loopback take up to ~5 MiB before the server queues at all.
const MAX_SENT = 16 * 1024 * 1024;

describe('outgoing queue cap (--max-queued-bytes)', () => {
  let server;
  before(async () => {
    server = await startServer({
      name: 'queue',
      args: ['--max-queued-bytes', String(CAP), '--rate', '100000', '--burst', '100000',
        // The slow client never answers a ping either: keep the heartbeat from dropping it.
        '--idle-timeout', '120'],
      // ASan keeps freed blocks in a quarantine (256 MiB by default) that would hide
      // whether the server held on to what it relayed; a small one keeps RSS honest.
      env: { ASAN_OPTIONS: `${process.env.ASAN_OPTIONS ?? ''}:quarantine_size_mb=4` },
    });
  });
  after(() => server.stopClean());

  it('drops a client that stops reading, keeps serving others, memory stays bounded',
    async () => {
      // The slow client: a WebSocket opened by hand that signs in and then never reads.
      const slow = await rawWebSocket({ port: server.port });
      slow.sendText(JSON.stringify({ type: 'login', name: 'slow' }));
      const sender = await loggedIn(server.wsUrl, 'sender');
      const bo = await loggedIn(server.wsUrl, 'bo');
      const cy = await loggedIn(server.wsUrl, 'cy');
      const rssBefore = server.rssKib();

      // Relay big candidates to it until the server says it is gone. The kernel's socket
      // buffers take the first few MiB; past them only the server's queue could grow.
      const candidate = { candidate: 'c'.repeat(MESSAGE) };
      let sent = 0;
      let gone = null;
      let peakRss = rssBefore;
      while (!gone && sent < MAX_SENT) {
        for (let i = 0; i < 8; i++) {
          sender.send({ type: 'candidate', name: 'slow', candidate });
          sent += MESSAGE;
        }
        // Wait until the server has read these (the sender's socket drains) before more.
        while (sender.ws.bufferedAmount > 0) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, 5));
        gone = sender.queue.find((m) => m.code === 'not_online');
        peakRss = Math.max(peakRss, server.rssKib());
      }
      assert.ok(gone, `still not dropped after ${sent >> 20} MiB were sent to it`);
      const rssAfter = server.rssKib();
      const grewKib = peakRss - rssBefore;
      console.log(`queue cap: slow reader dropped after ${(sent / 2 ** 20).toFixed(1)} MiB ` +
        `sent; server RSS ${rssBefore} KiB before, peak ${peakRss}, after ${rssAfter} ` +
        `(grew ${grewKib} KiB)`);
      // Without the cap the server would hold everything the kernel could not take: tens
      // of MiB here. With it: the cap, a few messages in flight, allocator slack.
      assert.ok(grewKib < 16 * 1024, `server RSS grew by ${grewKib} KiB`);

      // The server closed the slow client's socket: once it reads again, what the kernel
      // still held arrives and then the end of the stream.
      const closedAfter = await whenClosed(slow.socket, 10_000);
      assert.notEqual(closedAfter, null, 'the slow client was not disconnected');

      // Everyone else carries on, and the name is free again.
      await assertRelay(bo, 'bo', cy, 'cy');
      await assertRelay(sender, 'sender', bo, 'bo');
      const again = await loggedIn(server.wsUrl, 'slow');
      await assertRelay(again, 'slow', cy, 'cy');
      for (const c of [sender, bo, cy, again]) c.close();
    });
});
