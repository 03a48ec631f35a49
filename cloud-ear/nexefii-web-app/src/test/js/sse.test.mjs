import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotificationStream, newerId, streamUrl, EVENT_KINDS } from '../../main/app/js/sse.js';

/** An EventSource stand-in the test drives: open, named events, errors. */
class FakeEventSource {
  static all = [];

  constructor(url) {
    this.url = url;
    this.listeners = {};
    this.closed = false;
    FakeEventSource.all.push(this);
  }

  addEventListener(type, fn) {
    (this.listeners[type] ||= []).push(fn);
  }

  close() {
    this.closed = true;
  }

  emit(type, id, data) {
    for (const fn of this.listeners[type] || []) fn({ type, lastEventId: String(id), data: JSON.stringify(data) });
  }
}

const tick = () => new Promise((r) => setTimeout(r, 5));
async function until(condition) {
  for (let i = 0; i < 200 && !condition(); i += 1) await tick();
  assert.ok(condition(), 'condition not met in time');
}

describe('notification stream (EventSource with one-time tickets)', () => {
  test('given ids when comparing then only a larger numeric id advances', () => {
    assert.equal(newerId(null, '5'), '5');
    assert.equal(newerId('5', '4'), '5');
    assert.equal(newerId('5', '12'), '12');
    assert.equal(newerId('5', 'x'), '5');
  });

  test('given a ticket when building the stream URL then only the ticket and the resume id are in it', () => {
    assert.equal(streamUrl('/api/v1/notifications/stream', 'abc-_1', null), '/api/v1/notifications/stream?ticket=abc-_1');
    assert.equal(streamUrl('/s', 't', '42'), '/s?ticket=t&lastEventId=42');
  });

  test('given a dropped stream when reconnecting then a fresh ticket and lastEventId are used and replays are not repeated', async () => {
    FakeEventSource.all = [];
    let n = 0;
    const seen = [];
    const stream = new NotificationStream({
      url: '/api/v1/notifications/stream',
      ticket: async () => `ticket-${(n += 1)}`,
      EventSourceImpl: FakeEventSource,
      minDelayMs: 1,
      onEvent: (e) => seen.push([e.type, e.data.n]),
    });
    stream.start();
    await until(() => FakeEventSource.all.length === 1);
    const first = FakeEventSource.all[0];
    assert.equal(first.url, '/api/v1/notifications/stream?ticket=ticket-1');
    assert.ok(!first.url.includes('Bearer') && !first.url.includes('token'));
    first.onopen();
    first.emit('alert', 1, { n: 1 });
    first.emit('key-ready', 2, { n: 2 });
    first.onerror();
    assert.ok(first.closed, 'EventSource must not retry with a spent ticket');

    await until(() => FakeEventSource.all.length === 2);
    const second = FakeEventSource.all[1];
    assert.equal(second.url, '/api/v1/notifications/stream?ticket=ticket-2&lastEventId=2');
    second.emit('key-ready', 2, { n: 2 });
    second.emit('door-opened', 3, { n: 3 });
    stream.stop();
    assert.deepEqual(seen, [['alert', 1], ['key-ready', 2], ['door-opened', 3]]);
    assert.ok(second.closed);
  });

  test('given a refused ticket request when connecting then it retries, and a 403 stops for good', async () => {
    FakeEventSource.all = [];
    const states = [];
    let calls = 0;
    const stream = new NotificationStream({
      url: '/s',
      ticket: async () => {
        calls += 1;
        const e = new Error('refused');
        e.status = calls === 1 ? 503 : 403;
        throw e;
      },
      EventSourceImpl: FakeEventSource,
      minDelayMs: 1,
      onEvent: () => {},
      onState: (s) => states.push(s),
    });
    stream.start();
    await until(() => states.includes('forbidden'));
    assert.deepEqual(states, ['reconnecting', 'forbidden']);
    assert.equal(FakeEventSource.all.length, 0);
  });

  test('given the server side kinds then each has a listener', () => {
    for (const kind of ['ready', 'alert', 'lock-state', 'key-revoked', 'door-opened']) assert.ok(EVENT_KINDS.includes(kind));
  });
});
