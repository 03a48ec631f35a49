// Guest: my stays and keys, "open my door" (first through the gateway's local API when the door's
// gateway has an address on the hotel network — set by the hotel and given with the stay, or set on
// this device — fast, and it works while the internet is down; else, or when the gateway cannot be
// reached, through the cloud), my access history.
import { h, replace, formatTime, table } from '../dom.js';
import { localUnlock } from '../api.js';
import { gatewayUrl } from './settings.js';

const KEYS_STORE = 'nexefii.mobile-keys';
const FINAL_STATES = new Set(['DONE', 'FAILED', 'EXPIRED']);

/** Issued credentials (compact JWS) by credential id, kept for this tab only: they open doors. */
function heldKeys() {
  return JSON.parse(sessionStorage.getItem(KEYS_STORE) || '{}');
}

function holdKey(issued) {
  const keys = heldKeys();
  keys[issued.credentialId] = issued;
  sessionStorage.setItem(KEYS_STORE, JSON.stringify(keys));
}

/**
 * Whether a failed local unlock should be retried through the cloud: yes when the gateway could not
 * be reached or could not decide (network, unknown key or lock there, overload, gateway errors); no
 * when it decided — a refusal (403) or a jammed door (409) is the answer, not a connection problem.
 */
export function shouldFallBack(error) {
  return ![403, 409].includes(error && error.status);
}

export function keyStatus(key, now = Date.now()) {
  if (key.revokedAt) return 'revoked';
  if (Date.parse(key.expiresAt) <= now) return 'expired';
  if (Date.parse(key.notBefore) > now) return 'not yet valid';
  return 'active';
}

function usableKeyFor(keys, lockId, now = Date.now()) {
  const held = heldKeys();
  return keys.find((k) => keyStatus(k, now) === 'active' && k.lockIds.includes(lockId) && held[k.credentialId]);
}

export async function guestView(container, ctx) {
  const staysEl = h('div', { 'aria-busy': 'true' });
  const keysEl = h('div', { 'aria-busy': 'true' });
  const doorsEl = h('div');
  const doorStatus = h('p', { class: 'door-status', id: 'door-status', role: 'status', 'aria-live': 'polite' });
  const feed = h('ul', { class: 'feed', id: 'my-notifications', 'aria-label': 'My notifications' });
  let stays = [];
  let keys = [];
  let pendingCommand = null;
  // how each door was last opened ('local' | 'cloud'), so later notifications keep saying it
  const pathOf = {};

  replace(container,
    h('section', { 'aria-labelledby': 'stays-h', class: 'card' }, h('h3', { id: 'stays-h' }, 'My stays'), staysEl),
    h('section', { 'aria-labelledby': 'doors-h', class: 'card' }, h('h3', { id: 'doors-h' }, 'Open my door'),
      doorsEl, doorStatus),
    h('section', { 'aria-labelledby': 'keys-h', class: 'card' }, h('h3', { id: 'keys-h' }, 'My keys'), keysEl),
    h('section', { 'aria-labelledby': 'notes-h', class: 'card' }, h('h3', { id: 'notes-h' }, 'Notifications'), feed));

  for (const n of ctx.recent.slice(0, 10).reverse()) addToFeed(n);

  function addToFeed(n) {
    if (n.type === 'lock-state') return;
    const d = n.data || {};
    feed.prepend(h('li', { 'data-kind': n.type }, h('strong', {}, d.title || n.type), ' ',
      h('time', { datetime: d.occurredAt || '' }, formatTime(d.occurredAt))));
    while (feed.children.length > 20) feed.lastChild.remove();
  }

  async function load() {
    try {
      [stays, keys] = await Promise.all([ctx.api.get('/me/stays'), ctx.api.get('/me/keys')]);
    } catch (e) {
      ctx.showError(e);
      return;
    }
    staysEl.removeAttribute('aria-busy');
    keysEl.removeAttribute('aria-busy');
    renderStays();
    renderKeys();
    renderDoors();
  }

  function activeStays(now = Date.now()) {
    return stays.filter((s) => s.status === 'CHECKED_IN' && Date.parse(s.validFrom) <= now && Date.parse(s.validUntil) > now);
  }

  function renderStays() {
    replace(staysEl, table('My stays', ['Room', 'Doors', 'From', 'Until', 'Status'],
      stays.map((s) => [s.roomZoneId || '—', s.lockIds.join(', '), formatTime(s.validFrom), formatTime(s.validUntil),
        s.status === 'CHECKED_IN' ? 'Checked in' : 'Checked out']),
      { empty: 'You have no stay at this property.' }));
  }

  function renderKeys() {
    const active = activeStays();
    const request = active.length
      ? h('button', { type: 'button', class: 'primary', id: 'request-key', onclick: requestKey }, 'Get my mobile key')
      : null;
    const rows = keys.map((k) => {
      const status = keyStatus(k);
      return h('tr', { 'data-credential-id': k.credentialId, 'data-status': status },
        h('td', {}, h('code', {}, k.credentialId.slice(0, 8))),
        h('td', {}, k.lockIds.join(', ')),
        h('td', {}, formatTime(k.expiresAt)),
        h('td', {}, h('span', { class: `badge status-${status.replace(/ /g, '-')}` }, status)));
    });
    replace(keysEl, table('My keys', ['Key', 'Doors', 'Valid until', 'Status'], rows,
      { empty: 'No key yet.' }), request);
  }

  function renderDoors() {
    const locks = [...new Set(activeStays().flatMap((s) => s.lockIds))];
    if (!locks.length) {
      replace(doorsEl, h('p', { class: 'empty' }, 'No door to open right now: your stay is not in force.'));
      return;
    }
    const local = locks.some((lockId) => localGateway(lockId));
    replace(doorsEl,
      h('p', { class: 'hint', id: 'door-path-hint' }, local
        ? 'Doors open through the hotel network when this device reaches the gateway, otherwise through the cloud.'
        : 'Doors open through the cloud: the hotel has not given its gateway\'s address (you can set it in Settings).'),
      h('ul', { class: 'doors' }, locks.map((lockId) => h('li', {},
        h('button', { type: 'button', class: 'door-button', 'data-lock-id': lockId, 'aria-describedby': 'door-path-hint',
          onclick: () => openDoor(lockId) }, `Open door ${lockId}`)))));
  }

  /** This device's setting first (e.g. a technician's), else the address the hotel gave for the door's gateway. */
  function localGateway(lockId) {
    const stay = activeStays().find((st) => st.lockIds.includes(lockId));
    return gatewayUrl(ctx.propertyId) || (stay && stay.localApiUrls && stay.localApiUrls[lockId]) || '';
  }

  function showDoor(text, path) {
    doorStatus.textContent = text;
    if (path) doorStatus.dataset.path = path;
    else delete doorStatus.dataset.path;
  }

  const VIA = { local: 'through the hotel network', cloud: 'through the cloud' };

  /** A mobile key held on this device for the door; one is fetched for the stay that has the door if none is. */
  async function keyFor(lockId) {
    const held = usableKeyFor(keys, lockId);
    if (held) return held;
    const stay = activeStays().find((st) => st.lockIds.includes(lockId));
    if (!stay) return null;
    try {
      const issued = await ctx.api.post('/me/keys', { stayId: stay.stayId });
      holdKey(issued);
      keys = await ctx.api.get('/me/keys');
      renderKeys();
      return usableKeyFor(keys, lockId) || null;
    } catch (e) {
      return null; // the cloud path reports what is wrong
    }
  }

  /** Local first when possible; the cloud when the gateway is not configured, not reachable or cannot help. */
  async function openDoor(lockId) {
    const url = localGateway(lockId);
    delete doorStatus.dataset.fallback;
    const key = url ? await keyFor(lockId) : null;
    if (url && key) {
      // the gateway's event may reach the cloud and come back as a notification before its answer
      pathOf[lockId] = 'local';
      showDoor(`Opening ${lockId} ${VIA.local}…`, 'local');
      try {
        await localUnlock(url, lockId, heldKeys()[key.credentialId].credential);
        showDoor(`Door ${lockId} is open (${VIA.local}).`, 'local');
        ctx.announce(`Door ${lockId} is open.`);
        return;
      } catch (e) {
        if (!shouldFallBack(e)) {
          showDoor(`Could not open ${lockId} (${VIA.local}).`, 'local');
          ctx.showError(e);
          return;
        }
        showDoor(`The hotel network did not answer (${e.title}); opening ${lockId} ${VIA.cloud}…`, 'cloud');
        // kept for support and tests: why this door went through the cloud
        doorStatus.dataset.fallback = e.message;
      }
    }
    await openViaCloud(lockId);
  }

  async function requestKey() {
    try {
      const issued = await ctx.api.post('/me/keys', {});
      holdKey(issued);
      ctx.announce('Your mobile key is ready.');
      await load();
    } catch (e) {
      ctx.showError(e);
    }
  }

  async function openViaCloud(lockId) {
    pathOf[lockId] = 'cloud';
    if (!doorStatus.textContent.includes(VIA.cloud)) showDoor(`Opening ${lockId} ${VIA.cloud}…`, 'cloud');
    try {
      const command = await ctx.api.post(`/me/locks/${encodeURIComponent(lockId)}/unlock`, undefined, { idempotent: true });
      pendingCommand = { id: command.commandId, lockId };
      showDoor(`Request sent to ${lockId} ${VIA.cloud} (${command.state.toLowerCase()}).`, 'cloud');
      await followCommand(command);
    } catch (e) {
      showDoor(`Could not open ${lockId} (${VIA.cloud}).`, 'cloud');
      ctx.showError(e);
    }
  }

  /** Waits for the command's end state; the door-opened notification usually arrives first. */
  async function followCommand(command) {
    let current = command;
    for (let i = 0; i < 30 && !FINAL_STATES.has(current.state); i += 1) {
      await new Promise((r) => setTimeout(r, 1000));
      if (!pendingCommand || pendingCommand.id !== command.commandId) return;
      current = await ctx.api.get(`/properties/${encodeURIComponent(ctx.propertyId)}/commands/${command.commandId}`);
    }
    if (!pendingCommand || pendingCommand.id !== command.commandId) return;
    if (current.state === 'DONE') {
      showDoor(`Door ${command.lockId} is open (${VIA.cloud}).`, 'cloud');
    } else if (FINAL_STATES.has(current.state)) {
      showDoor(`Door ${command.lockId} did not open (${(current.outcome || current.state).toLowerCase()}).`, 'cloud');
    } else {
      showDoor(`Door ${command.lockId}: no answer yet from the hotel; it opens when the gateway receives the request.`, 'cloud');
    }
    pendingCommand = null;
  }

  const off = ctx.onNotification((n) => {
    addToFeed(n);
    if (['key-ready', 'key-revoked', 'stay-changed'].includes(n.type)) load();
    if (n.type === 'door-opened' && n.data && n.data.lockId) {
      const path = pathOf[n.data.lockId];
      showDoor(`Door ${n.data.lockId} is open${path ? ` (${VIA[path]})` : ''}.`, path);
      if (pendingCommand && pendingCommand.lockId === n.data.lockId) pendingCommand = null;
    }
    if (n.type === 'unlock-failed' && n.data && n.data.lockId) {
      showDoor(`Door ${n.data.lockId} did not open (${(n.data.outcome || 'failed').toLowerCase()}).`, pathOf[n.data.lockId]);
      if (pendingCommand && pendingCommand.lockId === n.data.lockId) pendingCommand = null;
    }
  });
  await load();
  return () => {
    pendingCommand = null;
    off();
  };
}

export async function historyView(container, ctx) {
  let offset = 0;
  const limit = 25;
  const body = h('div', { 'aria-live': 'polite' });
  replace(container, body);
  async function load() {
    try {
      const page = await ctx.api.get('/me/history', { offset, limit });
      replace(body,
        table('My access history', ['When', 'What', 'Door', 'Result'],
          page.items.map((e) => [formatTime(e.occurredAt), e.type.replace(/_/g, ' ').toLowerCase(), e.lockId || '—',
            e.outcome || e.attributes.reason || '']), { empty: 'No access recorded yet.' }),
        h('nav', { class: 'pager', 'aria-label': 'History pages' },
          h('button', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - limit); load(); } }, 'Newer'),
          h('span', {}, `${page.total === 0 ? 0 : offset + 1}–${Math.min(offset + limit, page.total)} of ${page.total}`),
          h('button', { type: 'button', disabled: offset + limit >= page.total, onclick: () => { offset += limit; load(); } }, 'Older')));
    } catch (e) {
      ctx.showError(e);
    }
  }
  await load();
}
