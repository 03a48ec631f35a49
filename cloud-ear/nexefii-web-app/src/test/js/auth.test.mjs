import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Auth, challengeOf, claimsOf, newVerifier } from '../../main/app/js/auth.js';

describe('auth (OIDC code + PKCE)', () => {
class MemoryStorage {
  constructor() { this.map = new Map(); }
  getItem(k) { return this.map.has(k) ? this.map.get(k) : null; }
  setItem(k, v) { this.map.set(k, String(v)); }
  removeItem(k) { this.map.delete(k); }
}

const ISSUER = 'http://127.0.0.1:1/realms/nexefii';
const DISCOVERY = {
  authorization_endpoint: `${ISSUER}/protocol/openid-connect/auth`,
  token_endpoint: `${ISSUER}/protocol/openid-connect/token`,
  end_session_endpoint: `${ISSUER}/protocol/openid-connect/logout`,
};

function jwt(claims) {
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${enc({ alg: 'none' })}.${enc(claims)}.sig`;
}

function fakeFetch(handler) {
  const calls = [];
  const fn = async (url, init = {}) => {
    calls.push({ url, init });
    if (url.endsWith('/.well-known/openid-configuration')) return Response.json(DISCOVERY);
    return handler(url, init);
  };
  fn.calls = calls;
  return fn;
}

test('given the RFC 7636 example verifier when deriving the S256 challenge then it matches the RFC', async () => {
  assert.equal(await challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
});

test('given a new verifier then it is 43 url-safe characters and never repeats', () => {
  const a = newVerifier();
  assert.match(a, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, newVerifier());
});

test('given a login when building the authorization URL then it asks for code with PKCE S256 and no secret', async () => {
  const storage = new MemoryStorage();
  const auth = new Auth({ issuer: ISSUER, clientId: 'nexefii-mobile', redirectUri: 'http://127.0.0.1:8080/app/' },
    { storage, fetchImpl: fakeFetch(() => { throw new Error('no token call expected'); }) });
  const url = new URL(await auth.login('#/doors'));
  assert.equal(url.origin + url.pathname, DISCOVERY.authorization_endpoint);
  assert.equal(url.searchParams.get('response_type'), 'code');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  const pending = JSON.parse(storage.getItem('nexefii.oidc.pending'));
  assert.equal(url.searchParams.get('code_challenge'), await challengeOf(pending.verifier));
  assert.equal(url.searchParams.get('state'), pending.state);
  assert.equal(url.searchParams.get('redirect_uri'), 'http://127.0.0.1:8080/app/');
  assert.ok(!url.searchParams.has('client_secret'));
});

test('given Keycloak answers with the right state when completing then the code and verifier are exchanged', async () => {
  const storage = new MemoryStorage();
  let form;
  const fetchImpl = fakeFetch(async (url, init) => {
    form = new URLSearchParams(init.body);
    const pending = JSON.parse(storage.getItem('nexefii.oidc.pending') || 'null');
    return Response.json({ access_token: jwt({ sub: 'u', groups: ['guest'] }), refresh_token: 'r1', expires_in: 300,
      id_token: jwt({ nonce: nonceSeen }) });
  });
  let nonceSeen;
  const auth = new Auth({ issuer: ISSUER, clientId: 'nexefii-mobile', redirectUri: 'http://x/app/' }, { storage, fetchImpl });
  const login = new URL(await auth.login('#/me'));
  nonceSeen = login.searchParams.get('nonce');
  const verifier = JSON.parse(storage.getItem('nexefii.oidc.pending')).verifier;
  const back = await auth.completeLogin(`http://x/app/?state=${login.searchParams.get('state')}&code=abc`);
  assert.equal(back, '#/me');
  assert.equal(form.get('grant_type'), 'authorization_code');
  assert.equal(form.get('code'), 'abc');
  assert.equal(form.get('code_verifier'), verifier);
  assert.deepEqual(auth.claims().groups, ['guest']);
  assert.equal(storage.getItem('nexefii.oidc.pending'), null, 'the verifier is used once');
});

test('given an answer with a foreign state when completing then the login is refused and no token is requested', async () => {
  const storage = new MemoryStorage();
  const fetchImpl = fakeFetch(() => { throw new Error('must not exchange the code'); });
  const auth = new Auth({ issuer: ISSUER, clientId: 'c', redirectUri: 'http://x/app/' }, { storage, fetchImpl });
  await auth.login();
  await assert.rejects(auth.completeLogin('http://x/app/?state=forged&code=abc'), /state mismatch/);
  assert.equal(auth.signedIn(), false);
});

test('given an expiring token when two calls want a token then one refresh serves both', async () => {
  const storage = new MemoryStorage();
  let now = 0;
  let refreshes = 0;
  const fetchImpl = fakeFetch(async (url, init) => {
    refreshes += 1;
    assert.equal(new URLSearchParams(init.body).get('refresh_token'), 'r1');
    return Response.json({ access_token: jwt({ n: 2 }), refresh_token: 'r2', expires_in: 300 });
  });
  const auth = new Auth({ issuer: ISSUER, clientId: 'c', redirectUri: 'http://x/app/' }, { storage, fetchImpl, now: () => now });
  auth.store({ access_token: jwt({ n: 1 }), refresh_token: 'r1', expires_in: 300 });
  now = 290 * 1000;
  const [a, b] = await Promise.all([auth.accessToken(), auth.accessToken()]);
  assert.equal(a, b);
  assert.equal(claimsOf(a).n, 2);
  assert.equal(refreshes, 1);
});
});
