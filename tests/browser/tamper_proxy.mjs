// A lying signaling path for the safety-code test: an HTTP and WebSocket proxy on loopback
// between one page and duet-server that rewrites one hex digit of every `a=fingerprint` in
// the messages that page sends (its offer or answer), as a server putting itself in the
// middle of the DTLS handshake would. Pages loaded from `origin` reach the server through it;
// everything else passes unchanged.
import http from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';

// The first hex digit of each fingerprint value, changed to another digit.
export function tamperFingerprints(text) {
  return text.replace(/(a=fingerprint:[^ \\]+ )([0-9A-Fa-f])/g,
    (_, head, digit) => head + (digit.toUpperCase() === 'A' ? 'B' : 'A'));
}

export async function startTamperProxy(server) {
  const target = new URL(server.origin);
  const rewritten = [];  // the messages changed, for the test to see that it lied
  const httpServer = http.createServer((req, res) => {
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url,
      method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  const wss = new WebSocketServer({ server: httpServer, perMessageDeflate: false });
  wss.on('connection', (page, req) => {
    const up = new WebSocket(`${server.wsUrl.replace(/\/ws$/, '')}${req.url}`,
      { perMessageDeflate: false });
    const pending = [];
    up.on('open', () => { for (const m of pending.splice(0)) up.send(m); });
    page.on('message', (data) => {
      const text = data.toString();
      const changed = tamperFingerprints(text);
      if (changed !== text) rewritten.push(changed);
      if (up.readyState === WebSocket.OPEN) up.send(changed);
      else pending.push(changed);
    });
    up.on('message', (data) => page.readyState === WebSocket.OPEN && page.send(data.toString()));
    page.on('close', () => up.close());
    up.on('close', () => page.close());
    page.on('error', () => up.terminate());
    up.on('error', () => page.terminate());
  });
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    rewritten,
    async stop() {
      for (const c of wss.clients) c.terminate();
      await new Promise((resolve) => wss.close(resolve));
      httpServer.closeAllConnections?.();
      await new Promise((resolve) => httpServer.close(resolve));
    },
  };
}
