import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotificationStream, SseParser, newerId } from '../../main/app/js/sse.js';

describe('notification stream (SSE over fetch)', () => {
test('given events split across chunks and line endings when parsing then each event is dispatched whole', () => {
  const events = [];
  const p = new SseParser((e) => events.push(e));
  p.push(': heartbeat\n\nid: 7\nevent: alert\ndata: {"a":');
  p.push('1}\r\n\r');
  p.push('\nid: 8\ndata: line1\ndata: line2\n\n');
  assert.deepEqual(events, [
    { type: 'alert', data: '{"a":1}', id: '7' },
    { type: 'message', data: 'line1\nline2', id: '8' },
  ]);
});

test('given a retry field when parsing then the delay is kept for the reconnection', () => {
  const p = new SseParser(() => {});
  p.push('retry: 2500\n\n');
  assert.equal(p.retry, 2500);
});

test('given ids when comparing then only a larger numeric id advances', () => {
  assert.equal(newerId(null, '5'), '5');
  assert.equal(newerId('5', '4'), '5');
  assert.equal(newerId('5', '12'), '12');
  assert.equal(newerId('5', 'x'), '5');
});

function streamResponse(text, { close = true } = {}) {
  return new Response(new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      if (close) controller.close();
    },
  }), { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

test('given a dropped stream when reconnecting then Last-Event-ID asks for the rest and replayed events are not repeated', async () => {
  const requests = [];
  const answers = [
    () => streamResponse('id: 1\nevent: alert\ndata: {"n":1}\n\nid: 2\nevent: alert\ndata: {"n":2}\n\n'),
    () => streamResponse('id: 2\nevent: alert\ndata: {"n":2}\n\nid: 3\nevent: alert\ndata: {"n":3}\n\n', { close: false }),
  ];
  const seen = [];
  let done;
  const finished = new Promise((r) => { done = r; });
  const stream = new NotificationStream({
    url: 'http://cloud/api/v1/notifications/stream',
    token: async () => 'tok',
    minDelayMs: 1,
    fetchImpl: async (url, init) => {
      requests.push(init.headers);
      return answers[requests.length - 1]();
    },
    onEvent: (e) => {
      seen.push(e.data.n);
      if (e.data.n === 3) done();
    },
  });
  stream.start();
  await finished;
  stream.stop();
  assert.deepEqual(seen, [1, 2, 3]);
  assert.equal(requests[0]['Last-Event-ID'], undefined);
  assert.equal(requests[1]['Last-Event-ID'], '2');
  assert.equal(requests[1].Authorization, 'Bearer tok');
});

test('given a 401 when connecting then the token is refreshed before the next attempt', async () => {
  const forced = [];
  let calls = 0;
  let opened;
  const open = new Promise((r) => { opened = r; });
  const stream = new NotificationStream({
    url: 'http://cloud/s',
    token: async ({ force }) => { forced.push(force); return force ? 'fresh' : 'stale'; },
    minDelayMs: 1,
    fetchImpl: async (url, init) => {
      calls += 1;
      if (init.headers.Authorization === 'Bearer stale') return new Response('', { status: 401 });
      opened();
      return streamResponse('', { close: false });
    },
    onEvent: () => {},
  });
  stream.start();
  await open;
  stream.stop();
  assert.deepEqual(forced.slice(0, 2), [false, true]);
  assert.equal(calls, 2);
});
});
