// Server-Sent Events read with fetch instead of EventSource: EventSource cannot send an
// Authorization header, and the access token must never go into a URL (URLs end up in logs).
// Reconnects after a drop with Last-Event-ID, so the server replays what was missed; events are
// de-duplicated by their numeric id.

/** Incremental text/event-stream parser (WHATWG HTML "event stream interpretation"). */
export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.reset();
    this.lastEventId = '';
    this.retry = null;
  }

  reset() {
    this.data = [];
    this.type = '';
    this.idSeen = false;
  }

  push(chunk) {
    this.buffer += chunk;
    let index;
    while ((index = this.nextLineEnd()) >= 0) {
      const line = this.buffer.slice(0, index);
      const skip = this.buffer[index] === '\r' && this.buffer[index + 1] === '\n' ? 2 : 1;
      this.buffer = this.buffer.slice(index + skip);
      this.line(line);
    }
  }

  nextLineEnd() {
    const cr = this.buffer.indexOf('\r');
    const lf = this.buffer.indexOf('\n');
    if (cr < 0) return lf;
    if (lf < 0) {
      // a lone CR at the very end may be the first half of CRLF: wait for more
      return cr === this.buffer.length - 1 ? -1 : cr;
    }
    return Math.min(cr, lf);
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return; // comment (heartbeat)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data.push(value);
        break;
      case 'event':
        this.type = value;
        break;
      case 'id':
        if (!value.includes('\0')) {
          this.lastEventId = value;
          this.idSeen = true;
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break;
    }
  }

  dispatch() {
    if (this.data.length === 0) {
      this.reset();
      return;
    }
    const event = { type: this.type || 'message', data: this.data.join('\n'), id: this.lastEventId };
    this.reset();
    this.onEvent(event);
  }
}

/** The id after which the server must replay: larger numeric id wins, anything else is ignored. */
export function newerId(current, candidate) {
  if (!/^\d+$/.test(String(candidate ?? ''))) return current;
  if (current === null || current === undefined || current === '') return String(candidate);
  return BigInt(candidate) > BigInt(current) ? String(candidate) : String(current);
}

/**
 * A resumable notification stream: GET url with Authorization and Last-Event-ID, parsed events
 * handed to onEvent once each (numeric ids only grow), automatic reconnection with backoff.
 */
export class NotificationStream {
  constructor({ url, token, onEvent, onState = () => {}, storage = null, storageKey = 'nexefii.sse.last-id',
    fetchImpl = globalThis.fetch.bind(globalThis), minDelayMs = 1000, maxDelayMs = 30000 }) {
    Object.assign(this, { url, token, onEvent, onState, storage, storageKey, fetchImpl, minDelayMs, maxDelayMs });
    this.lastId = storage ? storage.getItem(storageKey) : null;
    this.controller = null;
    this.stopped = true;
    this.failures = 0;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop();
  }

  stop() {
    this.stopped = true;
    if (this.controller) this.controller.abort();
    this.onState('stopped');
  }

  accept(event) {
    if (/^\d+$/.test(event.id) && this.lastId && BigInt(event.id) <= BigInt(this.lastId)) {
      return; // already seen (a replay overlapping what arrived live)
    }
    this.lastId = newerId(this.lastId, event.id);
    if (this.storage && this.lastId) this.storage.setItem(this.storageKey, this.lastId);
    let data = event.data;
    try {
      data = JSON.parse(event.data);
    } catch (e) {
      // plain text data stays text
    }
    this.onEvent({ id: event.id, type: event.type, data });
  }

  async loop() {
    let force = false;
    while (!this.stopped) {
      this.controller = new AbortController();
      let retryMs = null;
      let status = 0;
      try {
        const token = await this.token({ force });
        force = false;
        const headers = { Accept: 'text/event-stream', Authorization: `Bearer ${token}` };
        if (this.lastId) headers['Last-Event-ID'] = this.lastId;
        const response = await this.fetchImpl(this.url, { headers, signal: this.controller.signal, cache: 'no-store' });
        status = response.status;
        if (status === 401) {
          force = true;
          throw new Error('token refused');
        }
        if (!response.ok || !response.body) throw new Error(`stream answered ${status}`);
        this.failures = 0;
        this.onState('open');
        const parser = new SseParser((e) => this.accept(e));
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.push(value);
        }
        retryMs = parser.retry;
      } catch (e) {
        if (this.stopped) return;
        this.failures += 1;
        if (status === 403) {
          this.onState('forbidden');
          this.stopped = true;
          return;
        }
      }
      if (this.stopped) return;
      this.onState('reconnecting');
      const backoff = Math.min(this.maxDelayMs, this.minDelayMs * 2 ** Math.min(this.failures, 5));
      const delay = this.failures === 0 ? (retryMs ?? this.minDelayMs) : backoff;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
