// Staff: the doors of my property with live state, remote unlock/lock, lockdown of a zone or of
// the whole property, and the alerts feed.
import { h, replace, formatTime, table, field } from '../dom.js';

const ALERT_KINDS = new Set(['alert', 'gateway', 'lockdown']);

function propertyPath(ctx, path) {
  return `/properties/${encodeURIComponent(ctx.propertyId)}${path}`;
}

function stateLabel(lock) {
  const parts = [];
  parts.push(lock.boltState ? lock.boltState.toLowerCase() : 'unknown');
  if (lock.doorState && lock.doorState !== 'UNKNOWN') parts.push(`door ${lock.doorState.toLowerCase()}`);
  return parts.join(', ');
}

export async function doorsView(container, ctx) {
  const listEl = h('div', { 'aria-busy': 'true' });
  const actionStatus = h('p', { role: 'status', 'aria-live': 'polite', id: 'door-action-status' });
  const zoneSelect = h('select', { id: 'lockdown-zone' }, h('option', { value: '' }, 'Whole property'));
  const lockdownForm = h('form', { class: 'inline-form', 'aria-labelledby': 'lockdown-h' },
    field('Zone', zoneSelect),
    h('button', { type: 'submit', class: 'danger', name: 'on', value: 'true', id: 'lockdown-on' }, 'Lock down'),
    h('button', { type: 'submit', class: 'secondary', name: 'on', value: 'false', id: 'lockdown-off' }, 'Lift lockdown'));
  let locks = [];

  replace(container,
    h('section', { class: 'card', 'aria-labelledby': 'locks-h' }, h('h3', { id: 'locks-h' }, 'Doors'), listEl, actionStatus),
    h('section', { class: 'card', 'aria-labelledby': 'lockdown-h' }, h('h3', { id: 'lockdown-h' }, 'Lockdown'),
      h('p', { class: 'hint' }, 'A lockdown locks every door of the zone and refuses mobile keys until it is lifted.'),
      lockdownForm));

  lockdownForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const on = event.submitter ? event.submitter.value === 'true' : true;
    const zoneId = zoneSelect.value || null;
    const scope = zoneId ? `zone ${zoneId}` : 'the whole property';
    if (on && !window.confirm(`Lock down ${scope}?`)) return;
    try {
      const commands = await ctx.api.post(propertyPath(ctx, '/lockdown'), { on, zoneId }, { idempotent: true });
      actionStatus.textContent = `${on ? 'Lockdown' : 'Lift'} of ${scope} sent to ${commands.length} door(s).`;
    } catch (e) {
      ctx.showError(e);
    }
  });

  function render() {
    listEl.removeAttribute('aria-busy');
    const rows = locks.map((l) => h('tr', { 'data-lock-id': l.lockId, 'data-door-state': l.doorState, 'data-bolt-state': l.boltState },
      h('th', { scope: 'row' }, l.lockId),
      h('td', {}, l.zoneId || '—'),
      h('td', { class: `state bolt-${(l.boltState || '').toLowerCase()} door-${(l.doorState || '').toLowerCase()}` }, stateLabel(l)),
      h('td', {}, l.batteryPercent === null || l.batteryPercent === undefined ? '—' : `${l.batteryPercent}%`),
      h('td', {}, l.online ? 'online' : h('span', { class: 'badge status-revoked' }, 'offline')),
      h('td', { class: 'actions' },
        h('button', { type: 'button', onclick: () => remote(l.lockId, 'unlock'), 'aria-label': `Unlock ${l.lockId}` }, 'Unlock'),
        h('button', { type: 'button', class: 'secondary', onclick: () => remote(l.lockId, 'lock'), 'aria-label': `Lock ${l.lockId}` }, 'Lock'))));
    replace(listEl, table('Doors of the property', ['Door', 'Zone', 'State', 'Battery', 'Link', 'Actions'], rows,
      { empty: 'No door reported by the gateways yet.' }));
  }

  async function load() {
    try {
      const [l, zones] = await Promise.all([ctx.api.get(propertyPath(ctx, '/locks')), ctx.api.get(propertyPath(ctx, '/zones'))]);
      locks = l;
      replace(zoneSelect, h('option', { value: '' }, 'Whole property'),
        zones.map((z) => h('option', { value: z.zoneId }, `${z.name} (${z.zoneId})${z.lockdown ? ' — locked down' : ''}`)));
      render();
    } catch (e) {
      ctx.showError(e);
    }
  }

  async function remote(lockId, action) {
    try {
      const body = action === 'unlock' ? { relockAfterSeconds: 5 } : undefined;
      const c = await ctx.api.post(propertyPath(ctx, `/locks/${encodeURIComponent(lockId)}/${action}`), body, { idempotent: true });
      actionStatus.textContent = `${action === 'unlock' ? 'Unlock' : 'Lock'} of ${lockId}: ${c.state.toLowerCase()}.`;
    } catch (e) {
      ctx.showError(e);
    }
  }

  let refresh = null;
  const off = ctx.onNotification((n) => {
    const d = n.data || {};
    if (!d.lockId && !ALERT_KINDS.has(n.type)) return;
    const lock = locks.find((l) => l.lockId === d.lockId);
    if (lock && d.state) {
      // apply the state the event carries at once; a full reload follows shortly
      Object.assign(lock, Object.fromEntries(Object.entries(d.state).filter(([, v]) => v !== null)));
      render();
    }
    window.clearTimeout(refresh);
    refresh = window.setTimeout(load, 500);
  });
  await load();
  return () => {
    window.clearTimeout(refresh);
    off();
  };
}

export async function alertsView(container, ctx) {
  const list = h('ol', { class: 'feed alerts', id: 'alerts-feed', 'aria-label': 'Alerts, newest first' });
  replace(container, h('section', { class: 'card', 'aria-labelledby': 'alerts-h' },
    h('h3', { id: 'alerts-h' }, 'Alerts of the property'),
    h('p', { class: 'hint' }, 'Door ajar or forced, jammed locks, low batteries, gateways offline and lockdowns, as they happen.'),
    list));
  const seen = new Set();

  function add(n, { top = true } = {}) {
    if (!ALERT_KINDS.has(n.type) || seen.has(String(n.id))) return;
    seen.add(String(n.id));
    const d = n.data || {};
    const item = h('li', { class: `alert-item severity-${(d.priority || 'normal').toLowerCase()}`, 'data-type': d.type || '', 'data-lock-id': d.lockId || '' },
      h('strong', {}, d.title || d.type),
      d.lockId ? h('span', {}, ` · door ${d.lockId}`) : null,
      d.gatewayId ? h('span', {}, ` · gateway ${d.gatewayId}`) : null,
      ' ', h('time', { datetime: d.occurredAt || '' }, formatTime(d.occurredAt)));
    if (top) list.prepend(item);
    else list.append(item);
    const empty = container.querySelector('.empty');
    if (empty) empty.remove();
  }

  try {
    // alerts only: on a busy property the doors' state changes would fill a page of plain notifications
    const recent = await ctx.api.get('/notifications', { limit: 50, kind: [...ALERT_KINDS] });
    recent.items.forEach((n) => add({ id: n.id, type: n.kind, data: n }, { top: false }));
  } catch (e) {
    ctx.showError(e);
  }
  if (!list.children.length) list.after(h('p', { class: 'empty' }, 'No alert. All quiet.'));
  list.dataset.loaded = 'true';
  return ctx.onNotification((n) => add(n));
}
