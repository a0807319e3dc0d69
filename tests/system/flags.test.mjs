// Every flag in `duet-server --help` is exercised by this suite (the list below says where),
// so a new flag without a system test fails here; bad values are refused with exit 2 and a
// message naming the flag; --port, --host and --ice-server do what they say.
import assert from 'node:assert/strict';
import net from 'node:net';
import { describe, it } from 'node:test';
import { connect, loggedIn, runServerOnce, startServer } from './harness.mjs';

const COVERED = {
  '--host': 'flags, tls (::, 0.0.0.0 in a namespace)',
  '--port': 'flags (a given port, a port in use), every test (0)',
  '--web-root': 'security (static files)',
  '--threads': 'shutdown, chaos',
  '--ice-server': 'flags',
  '--tls-cert': 'tls, timeouts',
  '--tls-key': 'tls, timeouts',
  '--allowed-origin': 'security',
  '--max-message-bytes': 'limits',
  '--max-header-bytes': 'limits',
  '--max-body-bytes': 'limits',
  '--max-json-depth': 'limits',
  '--rate': 'rate',
  '--burst': 'rate',
  '--max-queued-bytes': 'queue',
  '--max-connections': 'connections',
  '--max-connections-per-address': 'connections, chaos',
  '--handshake-timeout': 'timeouts',
  '--header-timeout': 'timeouts',
  '--login-timeout': 'timeouts',
  '--idle-timeout': 'timeouts',
  '--turn-uri': 'call_control (coturn)',
  '--turn-secret': 'call_control (coturn)',
  '--turn-ttl': 'call_control (coturn refuses them once expired)',
  '--ice-transport-policy': 'call_control',
  '--ring-timeout': 'call_control',
  '--lost-timeout': 'call_control',
  '--no-presence': 'call_control',
  '--presence-window': 'call_control (windows, search), cluster (across nodes)',
  '--redis': 'cluster (two nodes sharing one redis-server)',
  '--node-id': 'cluster',
  '--oidc-issuer': 'identity (oidc-provider over TLS, and one that cannot be reached)',
  '--oidc-client-id': 'identity',
  '--oidc-client-secret-file': 'identity (whitespace around the secret trimmed)',
  '--oidc-label': 'identity (/auth/config)',
  '--oidc-ca-file': 'identity (the provider\'s test certificate)',
  '--session-key-file': 'identity (the cookie still verifies after a restart)',
  '--identity-file': 'identity (bindings survive a restart)',
  '--require-identity': 'identity (identity_required)',
  '--help': 'flags',
};

describe('flags', () => {
  it('--help lists exactly the flags this suite covers', async () => {
    const { code, stdout } = await runServerOnce(['--help']);
    assert.equal(code, 0);
    const listed = [...stdout.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]).sort();
    assert.deepEqual(listed, Object.keys(COVERED).sort(),
      'a flag was added or removed: give it a system test and list it in COVERED');
  });

  it('refuses bad values with exit 2 and a message naming the flag', async () => {
    const bad = [
      ['--port', '70000'], ['--threads', '0'], ['--threads', '65'], ['--host', 'not-an-ip'],
      ['--max-message-bytes', '100'], ['--max-header-bytes', 'lots'], ['--max-json-depth', '2'],
      ['--max-body-bytes', '-1'], ['--rate', '0'], ['--burst', '1.5'],
      ['--max-queued-bytes', '10'], ['--max-connections', '0'],
      ['--max-connections-per-address', '0'], ['--handshake-timeout', '0'],
      ['--header-timeout', '-1'], ['--login-timeout', 'soon'], ['--idle-timeout', '1e9'],
      ['--ice-server', 'http://stun.invalid'], ['--allowed-origin', 'evil.example'],
      ['--tls-cert', '/nonexistent/cert.pem'], ['--web-root', '/nonexistent/web'],
      ['--no-such-flag', '1'], ['--idle-timeout'],
      ['--turn-uri', 'stun:127.0.0.1:3478'], ['--turn-uri', 'turn:'], ['--turn-secret', ''],
      ['--turn-ttl', '9'], ['--turn-ttl', 'hour'], ['--ring-timeout', '0'],
      ['--ring-timeout', '3601'], ['--lost-timeout', '1.5'], ['--lost-timeout', 'never'],
      ['--ice-transport-policy', 'none'], ['--presence-window', '0'],
      ['--presence-window', '10001'], ['--presence-window', 'all'],
      ['--redis', 'http://127.0.0.1:6379'], ['--redis', 'redis://:6379'],
      ['--redis', 'redis://127.0.0.1:port'], ['--node-id', 'a b'], ['--node-id', ''],
      ['--oidc-issuer', 'http://id.invalid'], ['--require-identity'],
      ['--oidc-issuer', 'https://id.invalid', '--oidc-client-id', 'duet'],
    ];
    for (const args of bad) {
      const { code, stderr } = await runServerOnce(['--port', '0', ...args]);
      assert.equal(code, 2, `${args.join(' ')}: exit ${code}`);
      assert.ok(stderr.includes(args[0]), `${args.join(' ')}: ${stderr}`);
    }
    const pairs = [
      [['--ice-server', 'none', '--ice-server', 'stun:127.0.0.1:3478'], '--ice-server'],
      [['--tls-key', '/nonexistent/key.pem'], '--tls-cert'],
      [['--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem'],
        '--tls-cert'],
      [['--turn-uri', 'turn:127.0.0.1:3478'], '--turn-secret'],
      [['--turn-secret', 'shh'], '--turn-uri'],
      [['--ice-transport-policy', 'relay'], '--ice-transport-policy'],
      [['--ice-transport-policy', 'relay', '--ice-server', 'stun:127.0.0.1:3478'],
        '--ice-transport-policy'],
      [['--no-presence=yes'], '--no-presence takes no value'],
    ];
    for (const [args, flag] of pairs) {
      const { code, stderr } = await runServerOnce(['--port', '0', ...args]);
      assert.equal(code, 2, `${args.join(' ')}: exit ${code}`);
      assert.ok(stderr.includes(flag), `${args.join(' ')}: ${stderr}`);
    }
  });

  it('listens on the --port given, and says so when it is taken', async () => {
    const holder = net.createServer();
    await new Promise((r) => holder.listen(0, '127.0.0.1', r));
    const taken = holder.address().port;
    const { code, stderr } = await runServerOnce(['--host', '127.0.0.1', '--port', String(taken),
      '--web-root', '.']);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`cannot listen on 127\\.0\\.0\\.1 port ${taken}`));
    await new Promise((r) => holder.close(r));

    const server = await startServer({ name: 'fixed-port', args: ['--port', String(taken)] });
    assert.equal(server.port, taken);
    (await loggedIn(server.wsUrl, 'fixed')).close();
    await server.stopClean();
  });

  it('hands clients the --ice-server URLs, none with "none", a STUN server by default',
    async () => {
      const cases = [
        [['--ice-server', 'stun:127.0.0.1:3478', '--ice-server=turn:127.0.0.1:3478'],
          [{ urls: ['stun:127.0.0.1:3478'] }, { urls: ['turn:127.0.0.1:3478'] }]],
        [['--ice-server', 'none'], []],
        [[], null],
      ];
      for (const [args, expected] of cases) {
        const server = await startServer({ name: 'ice', args, iceNone: false });
        const c = await connect(server.wsUrl);
        const reply = await c.login('ice');
        if (expected) {
          assert.deepEqual(reply.iceServers, expected);
        } else {
          assert.equal(reply.iceServers.length, 1, JSON.stringify(reply.iceServers));
          assert.match(reply.iceServers[0].urls[0], /^stun:/);
        }
        c.close();
        await server.stopClean();
      }
    });
});
