// A real OpenID Connect provider for the tests: the npm package oidc-provider (a certified
// implementation) on loopback over TLS with a test certificate, three accounts, and its
// development login and consent pages. Its userinfo endpoint can be counted and made to
// misbehave, since a relying party must survive a bad one. Plus a small HTTP client that
// walks a browser's path through those pages: redirects followed, cookies kept per host,
// forms submitted.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import Provider from 'oidc-provider';

export const ACCOUNTS = {
  alice: { sub: 'alice-0001', email: 'alice@example.org', email_verified: true,
    name: 'Alice Wang', preferred_username: 'alice' },
  bob: { sub: 'bob-0002', email: 'bob@example.org', email_verified: true,
    name: 'Bob Stone', preferred_username: 'bob' },
  // Another account that wants the name "alice" (identity_cluster.test.mjs).
  alicia: { sub: 'alicia-0003', email: 'alicia@example.org', email_verified: true,
    name: 'Alicia Ng', preferred_username: 'alice' },
};

// Listens at once (so the issuer URL, with its port, is known before duet-server starts);
// configure() then makes the provider, once duet-server's port (the redirect URI) is known.
// `conformIdTokenClaims: true` keeps the profile and email out of the code flow's ID token
// (only `sub` is in it; the rest is at userinfo), as OpenID Connect Core 5.4 describes.
// `userinfo.requests` counts the requests to userinfo, `userinfo.authorization` is the last
// one's Authorization header, and `userinfo.replace`, when set, answers them instead.
export async function startProvider(cert, { conformIdTokenClaims = false } = {}) {
  let handler = (req, res) => {
    res.statusCode = 503;
    res.end('not configured yet');
  };
  const userinfo = { requests: 0, authorization: undefined, replace: null };
  const server = https.createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
    if (req.url.split('?')[0] === '/me') {  // oidc-provider's userinfo route
      userinfo.requests += 1;
      userinfo.authorization = req.headers.authorization;
      if (userinfo.replace) return userinfo.replace(req, res);
    }
    return handler(req, res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.address().port;
  const issuer = `https://localhost:${port}`;
  const clientSecret = randomBytes(24).toString('base64url');

  return {
    issuer,
    port,
    clientId: 'duet-test',
    clientSecret,
    userinfo,
    // Again with a new `kid`: the provider's keys rotated (its sessions start afresh).
    configure(redirectUris, kid = 'test-rs256') {
      const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
        .export({ format: 'jwk' });
      const provider = new Provider(issuer, {
        clients: [{ client_id: 'duet-test', client_secret: clientSecret,
          redirect_uris: redirectUris, grant_types: ['authorization_code'],
          response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
        jwks: { keys: [{ ...signingKey, kid, use: 'sig', alg: 'RS256' }] },
        cookies: { keys: [randomBytes(16).toString('hex')] },
        claims: { openid: ['sub'], email: ['email', 'email_verified'],
          profile: ['name', 'preferred_username'] },
        // By default the claims in the ID token itself, as Google's and Keycloak's are.
        conformIdTokenClaims,
        features: { devInteractions: { enabled: true } },
        // The development login page's typed login becomes the account id, and so the sub.
        async findAccount(ctx, id) {
          const account = Object.values(ACCOUNTS).find((a) => a.sub === id);
          if (!account) return undefined;
          return { accountId: id, async claims() { return { ...account }; } };
        },
      });
      provider.on('server_error', (ctx, error) => console.error('oidc-provider:', error));
      handler = provider.callback();
    },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

// A browser in miniature: cookies per host, redirects followed by hand.
export class Browser {
  constructor(ca) {
    this.ca = ca;
    this.jars = new Map();  // host -> Map(name -> value)
  }

  jar(host) {
    if (!this.jars.has(host)) this.jars.set(host, new Map());
    return this.jars.get(host);
  }

  cookie(host, name) {
    return this.jar(host).get(name);
  }

  // One request, no redirect followed: {status, headers, body, url}.
  request(url, { method = 'GET', form, headers = {} } = {}) {
    const u = new URL(url);
    const jar = this.jar(u.host);
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const cookieHeader = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const lib = u.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(u, {
        method,
        ca: this.ca,
        headers: {
          ...(cookieHeader ? { cookie: cookieHeader } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded',
            'content-length': Buffer.byteLength(body) } : {}),
          ...headers,
        },
      }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          for (const line of [res.headers['set-cookie'] ?? []].flat()) {
            const [pair, ...attributes] = line.split(';').map((s) => s.trim());
            const eq = pair.indexOf('=');
            const name = pair.slice(0, eq);
            const value = pair.slice(eq + 1);
            const expired = attributes.some((a) => /^max-age=0$/i.test(a)) || value === '';
            if (expired) jar.delete(name);
            else jar.set(name, value);
          }
          resolve({ status: res.statusCode, headers: res.headers, body: text, url });
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  // Follows redirects from `url` until a response that is not one, or until `stop(response)`.
  async follow(url, { stop = () => false, limit = 20, ...options } = {}) {
    let response = await this.request(url, options);
    for (let i = 0; i < limit && !stop(response); ++i) {
      if (![301, 302, 303, 307].includes(response.status)) return response;
      url = new URL(response.headers.location, response.url).href;
      response = await this.request(url);
    }
    return response;
  }

  // The whole sign-in: Duet's /auth/login, the provider's login and consent pages, back to
  // Duet's callback. Returns the callback's response (a redirect to / with the cookie).
  async signIn(duetUrl, account) {
    const duetHost = new URL(duetUrl).host;
    const atCallback = (r) => new URL(r.url).host === duetHost &&
      new URL(r.url).pathname === '/auth/callback';
    let response = await this.follow(`${duetUrl}/auth/login`, { stop: atCallback });
    for (let step = 0; step < 4 && !atCallback(response); ++step) {
      if (response.status !== 200) {
        throw new Error(`sign-in stopped at ${response.url}: HTTP ${response.status} ${response.body}`);
      }
      const form = parseForm(response.body);
      const fields = { ...form.hidden };
      if (fields.prompt === 'login') {
        Object.assign(fields, { login: ACCOUNTS[account].sub, password: 'any' });
      }
      response = await this.follow(new URL(form.action, response.url).href,
        { method: 'POST', form: fields, stop: atCallback });
    }
    if (!atCallback(response)) throw new Error(`never came back to Duet: ${response.url}`);
    this.lastCallback = response.url;
    return response;
  }
}

// The first form of a page: its action and hidden inputs.
export function parseForm(html) {
  const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) throw new Error(`no form on the page:\n${html.slice(0, 500)}`);
  const hidden = {};
  for (const m of form[2].matchAll(/<input[^>]*type="hidden"[^>]*>/gi)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name) hidden[name] = value;
  }
  return { action: form[1].replace(/&amp;/g, '&'), hidden };
}
