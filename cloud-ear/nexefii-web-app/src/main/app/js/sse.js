// Live notifications with the browser's EventSource. EventSource cannot send an Authorization
// header, and the access token must never go into a URL (URLs end up in logs and history), so each
// connection first buys a one-time stream ticket with the token (POST, ≤ 60 s, single use) and opens
// the stream with ?ticket=. EventSource's own reconnection would reuse a spent ticket, so on any
// error the app closes it and reconnects itself: a fresh ticket plus lastEventId, so the server
// replays what was missed; events are de-duplicated by their numeric id.

/** Every event name the stream sends (EventSource delivers named events only to their listeners). */
export const EVENT_KINDS = ['ready', 'key-ready', 'door-opened', 'unlock-failed', 'key-revoked', 'stay-changed',
  'alert', 'gateway', 'lockdown', 'lock-state'];

/** The id after which the server must replay: larger numeric id wins, anything else is ignored. */
export function newerId(current, candidate) {
  if (!/^\d+$/.test(String(candidate ?? ''))) return current;
  if (current === null || current === undefined || current === '') return String(candidate);
  return BigInt(candidate) > BigInt(current) ? String(candidate) : String(current);
}

/** The stream's URL for one connection: the ticket, and where to resume. */
export function streamUrl(url, ticket, lastId) {
  const params = new URLSearchParams({ ticket });
  if (lastId) params.set('lastEventId', lastId);
  return `${url}${url.includes('?') ? '&' : '?'}${params}`;
}

/**
 * A resumable notification stream: ticket, EventSource, events handed to onEvent once each (numeric
 * ids only grow), reconnection with backoff after any error.
 */
export class NotificationStream {
  /**
   * @param {object} o
   * @param {string} o.url the stream, e.g. /api/v1/notifications/stream
   * @param {() => Promise<string>} o.ticket buys a one-time ticket (POST /api/v1/notifications/stream-tickets)
   */
  constructor({ url, ticket, onEvent, onState = () => {}, storage = null, storageKey = 'nexefii.sse.last-id',
    EventSourceImpl = globalThis.EventSource, minDelayMs = 1000, maxDelayMs = 30000 }) {
    Object.assign(this, { url, ticket, onEvent, onState, storage, storageKey, EventSourceImpl, minDelayMs, maxDelayMs });
    this.lastId = storage ? storage.getItem(storageKey) : null;
    this.source = null;
    this.timer = null;
    this.stopped = true;
    this.failures = 0;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.source) this.source.close();
    this.source = null;
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

  async connect() {
    if (this.stopped) return;
    let ticket;
    try {
      ticket = await this.ticket();
    } catch (e) {
      if (this.stopped) return;
      if (e && e.status === 403) {
        this.stopped = true;
        this.onState('forbidden');
        return;
      }
      this.retryLater();
      return;
    }
    if (this.stopped) return;
    const source = new this.EventSourceImpl(streamUrl(this.url, ticket, this.lastId));
    this.source = source;
    source.onopen = () => {
      this.failures = 0;
      this.onState('open');
    };
    const handler = (type) => (event) => this.accept({ id: event.lastEventId, type, data: event.data });
    for (const kind of EVENT_KINDS) source.addEventListener(kind, handler(kind));
    source.onmessage = handler('message');
    source.onerror = () => {
      // the ticket is spent: never let EventSource retry with it
      source.close();
      if (this.source !== source || this.stopped) return;
      this.source = null;
      this.retryLater();
    };
  }

  retryLater() {
    this.failures += 1;
    this.onState('reconnecting');
    // a stream that was open (the server ended it, e.g. the token expired) comes back at once
    const delay = this.failures <= 1 ? this.minDelayMs
      : Math.min(this.maxDelayMs, this.minDelayMs * 2 ** Math.min(this.failures - 1, 5));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
