import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Api, ApiError, problemFrom, localUnlock } from '../../main/app/js/api.js';
import { validGatewayUrl } from '../../main/app/js/views/settings.js';
import { keyStatus, shouldFallBack } from '../../main/app/js/views/guest.js';

describe('API client and problem details', () => {
const problem = (status, body) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } });

test('given a problem+json answer when the call fails then title and detail are the server\'s', async () => {
  const e = await problemFrom(problem(403, { title: 'Forbidden', status: 403, detail: 'no stay in force grants lock a-101' }));
  assert.equal(e.status, 403);
  assert.equal(e.title, 'Forbidden');
  assert.equal(e.detail, 'no stay in force grants lock a-101');
});

test('given field errors when the call fails then they are listed in the detail', async () => {
  const e = await problemFrom(problem(400, { title: 'Invalid request', detail: 'validation failed',
    errors: [{ field: 'holder', message: 'must not be blank' }] }));
  assert.equal(e.detail, 'validation failed (holder: must not be blank)');
});

test('given a non-JSON error when the call fails then a readable title stands in', async () => {
  const e = await problemFrom(new Response('<html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
  assert.equal(e.title, 'Bad gateway');
});

test('given an expired token when calling then one retry with a refreshed token follows', async () => {
  const tokens = [];
  const api = new Api('http://c/api/v1', async ({ force }) => (force ? 'new' : 'old'), async (url, init) => {
    tokens.push(init.headers.Authorization);
    return init.headers.Authorization === 'Bearer old' ? new Response('', { status: 401 }) : Response.json({ ok: true });
  });
  assert.deepEqual(await api.get('/me/keys'), { ok: true });
  assert.deepEqual(tokens, ['Bearer old', 'Bearer new']);
});

test('given a command when posting idempotently then an Idempotency-Key is sent and query arrays repeat', async () => {
  let seen;
  const api = new Api('http://c/api/v1', async () => 't', async (url, init) => {
    seen = { url, init };
    return Response.json({}, { status: 202 });
  });
  await api.post('/me/locks/a-101/unlock', undefined, { idempotent: true });
  assert.match(seen.init.headers['Idempotency-Key'], /^[0-9a-f-]{36}$/);
  assert.equal(api.url('/audit', { type: ['A', 'B'], lockId: '', limit: 5 }), 'http://c/api/v1/audit?type=A&type=B&limit=5');
});

test('given the network is down when calling then the error says so', async () => {
  const api = new Api('http://c/api/v1', async () => 't', async () => { throw new TypeError('fetch failed'); });
  await assert.rejects(api.get('/x'), (e) => e instanceof ApiError && e.status === 0 && e.title === 'Network error');
});

test('given the local gateway when unlocking then the mobile key is the credential', async () => {
  let seen;
  await localUnlock('https://gw:8443/', 'a 1', 'jws.token.sig', async (url, init) => {
    seen = { url, init };
    return Response.json({ outcome: 'OK' });
  });
  assert.equal(seen.url, 'https://gw:8443/api/v1/locks/a%201/unlock');
  assert.equal(seen.init.headers.Authorization, 'MobileKey jws.token.sig');
});

test('given a gateway that never answers when unlocking locally then it gives up and reports it unreachable', async () => {
  const hanging = (url, init) => new Promise((resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });
  await assert.rejects(localUnlock('https://gw:8443', 'a-1', 'k', hanging, { timeoutMs: 10 }),
    (e) => e instanceof ApiError && e.status === 0 && e.title === 'Gateway unreachable');
});

test('given a local unlock failure when choosing the path then only a decision keeps the cloud out', () => {
  assert.ok(shouldFallBack(new ApiError(0, 'Gateway unreachable')));
  assert.ok(shouldFallBack(new ApiError(401, 'Unauthorized')), 'the gateway may not know the newest signing key yet');
  assert.ok(shouldFallBack(new ApiError(404, 'Not found')), 'another gateway may own the lock');
  assert.ok(shouldFallBack(new ApiError(504, 'Lock did not answer in time')));
  assert.ok(!shouldFallBack(new ApiError(403, 'Access denied')), 'a refusal is the answer');
  assert.ok(!shouldFallBack(new ApiError(409, 'Lock refused')));
});

test('given gateway addresses when validating then only plain https addresses pass', () => {
  assert.ok(validGatewayUrl('https://192.168.10.2:8443'));
  assert.ok(validGatewayUrl(''));
  assert.ok(!validGatewayUrl('http://192.168.10.2:8443'));
  assert.ok(!validGatewayUrl('https://u:p@gw'));
  assert.ok(!validGatewayUrl('not a url'));
});

test('given keys when showing their status then revoked wins over validity', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const key = { notBefore: '2026-01-01T11:00:00Z', expiresAt: '2026-01-01T13:00:00Z', revokedAt: null };
  assert.equal(keyStatus(key, now), 'active');
  assert.equal(keyStatus({ ...key, revokedAt: '2026-01-01T11:30:00Z' }, now), 'revoked');
  assert.equal(keyStatus({ ...key, expiresAt: '2026-01-01T11:59:00Z' }, now), 'expired');
});
});
