// Front desk and property admin: stays (check-in, check-out, room move, extend) and their keys
// (revoke), gateways and their health and local API addresses, audit search with filters and paging.
import { h, replace, formatTime, table, field, toLocalInput, fromLocalInput } from '../dom.js';
import { validGatewayUrl } from './settings.js';

function propertyPath(ctx, path) {
  return `/properties/${encodeURIComponent(ctx.propertyId)}${path}`;
}

function lockList(value) {
  return value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}

/** Keys of a stay: issued and revoked credentials as the audit trail records them. */
async function keysOfStay(ctx, stay) {
  const page = await ctx.api.get(propertyPath(ctx, '/audit'),
    { type: ['MOBILE_KEY_ISSUED', 'CREDENTIAL_REVOKED'], limit: 500 });
  const issued = new Map();
  const revoked = new Set();
  for (const e of page.items) {
    const a = e.attributes || {};
    if (e.type === 'MOBILE_KEY_ISSUED' && a.stayId === stay.stayId) {
      issued.set(a.credentialId, { credentialId: a.credentialId, issuedAt: e.occurredAt, expiresAt: a.expiresAt });
    }
    if (e.type === 'CREDENTIAL_REVOKED') revoked.add(a.credentialId);
  }
  return [...issued.values()].map((k) => ({ ...k, revoked: revoked.has(k.credentialId) }));
}

export async function staysView(container, ctx) {
  const listEl = h('div', { 'aria-busy': 'true' });
  const status = h('p', { role: 'status', 'aria-live': 'polite', id: 'stay-status' });
  const statusFilter = h('select', { id: 'stay-filter' },
    h('option', { value: 'CHECKED_IN' }, 'Checked in'), h('option', { value: 'CHECKED_OUT' }, 'Checked out'),
    h('option', { value: '' }, 'All'));
  const now = new Date();
  const holder = h('input', { type: 'text', id: 'checkin-holder', required: true, autocomplete: 'off', maxlength: '256' });
  const zone = h('select', { id: 'checkin-zone' }, h('option', { value: '' }, 'No room zone'));
  const locks = h('input', { type: 'text', id: 'checkin-locks', autocomplete: 'off' });
  const from = h('input', { type: 'datetime-local', id: 'checkin-from', required: true, value: toLocalInput(now) });
  const until = h('input', { type: 'datetime-local', id: 'checkin-until', required: true,
    value: toLocalInput(new Date(now.getTime() + 2 * 86400000)) });
  const checkIn = h('form', { class: 'stack-form', 'aria-labelledby': 'checkin-h' },
    field('Guest (user name)', holder, 'The guest’s account name, e.g. guest-a1.'),
    field('Room zone', zone),
    field('Extra doors', locks, 'Door ids, separated by commas (optional when a room zone is chosen).'),
    field('From', from), field('Until', until),
    h('button', { type: 'submit', class: 'primary', id: 'checkin-submit' }, 'Check in'));
  let zones = [];

  replace(container,
    h('section', { class: 'card', 'aria-labelledby': 'stays-list-h' }, h('h3', { id: 'stays-list-h' }, 'Stays'),
      field('Show', statusFilter), listEl, status),
    h('section', { class: 'card', 'aria-labelledby': 'checkin-h' }, h('h3', { id: 'checkin-h' }, 'Check in a guest'), checkIn));

  checkIn.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const stay = await ctx.api.post(propertyPath(ctx, '/stays'), {
        holder: holder.value.trim(), roomZoneId: zone.value || null, lockIds: lockList(locks.value),
        validFrom: fromLocalInput(from.value), validUntil: fromLocalInput(until.value),
      });
      status.textContent = `${stay.holder} checked in (doors ${stay.lockIds.join(', ')}).`;
      holder.value = '';
      await load();
    } catch (e) {
      ctx.showError(e);
    }
  });
  statusFilter.addEventListener('change', load);

  async function act(description, call) {
    try {
      await call();
      status.textContent = description;
      await load();
    } catch (e) {
      ctx.showError(e);
    }
  }

  function stayRow(s) {
    const moveZone = h('select', { 'aria-label': `New room for ${s.holder}` },
      zones.map((z) => h('option', { value: z.zoneId, selected: z.zoneId === s.roomZoneId }, z.name)));
    const extendTo = h('input', { type: 'datetime-local', 'aria-label': `New end of stay for ${s.holder}`,
      value: toLocalInput(new Date(Date.parse(s.validUntil) + 86400000)) });
    const keysCell = h('td', { class: 'keys' }, h('button', { type: 'button', class: 'link', onclick: () => showKeys() }, 'Show keys'));
    async function showKeys() {
      try {
        const keys = await keysOfStay(ctx, s);
        replace(keysCell, keys.length ? h('ul', { class: 'key-list' }, keys.map((k) => h('li', { 'data-credential-id': k.credentialId },
          h('code', {}, k.credentialId.slice(0, 8)), k.revoked ? h('span', { class: 'badge status-revoked' }, ' revoked')
            : h('button', {
              type: 'button', class: 'danger small', 'aria-label': `Revoke key ${k.credentialId.slice(0, 8)} of ${s.holder}`,
              onclick: () => act(`Key ${k.credentialId.slice(0, 8)} revoked.`,
                () => ctx.api.post(propertyPath(ctx, `/credentials/${k.credentialId}/revoke`), { reason: 'revoked at the front desk' })),
            }, 'Revoke')))) : h('span', {}, 'No key issued.'));
      } catch (e) {
        ctx.showError(e);
      }
    }
    const open = s.status === 'CHECKED_IN';
    return h('tr', { 'data-stay-id': s.stayId, 'data-holder': s.holder },
      h('th', { scope: 'row' }, s.holder),
      h('td', {}, s.roomZoneId || '—', h('br'), h('small', {}, s.lockIds.join(', '))),
      h('td', {}, formatTime(s.validFrom), ' → ', formatTime(s.validUntil)),
      h('td', {}, open ? 'Checked in' : 'Checked out'),
      keysCell,
      h('td', { class: 'actions' }, open ? [
        h('button', { type: 'button', class: 'secondary', onclick: () => act(`${s.holder} checked out.`,
          () => ctx.api.post(propertyPath(ctx, `/stays/${s.stayId}/check-out`))) }, 'Check out'),
        zones.length ? h('span', { class: 'inline' }, moveZone, h('button', { type: 'button', onclick: () => act(`${s.holder} moved to ${moveZone.value}.`,
          () => ctx.api.post(propertyPath(ctx, `/stays/${s.stayId}/move`), { roomZoneId: moveZone.value })) }, 'Move')) : null,
        h('span', { class: 'inline' }, extendTo, h('button', { type: 'button', onclick: () => act(`Stay of ${s.holder} extended.`,
          () => ctx.api.post(propertyPath(ctx, `/stays/${s.stayId}/extend`), { validUntil: fromLocalInput(extendTo.value) })) }, 'Extend')),
      ] : null));
  }

  async function load() {
    try {
      const [stays, z] = await Promise.all([
        ctx.api.get(propertyPath(ctx, '/stays'), { status: statusFilter.value || undefined }),
        ctx.api.get(propertyPath(ctx, '/zones')),
      ]);
      zones = z.filter((x) => x.kind === 'ROOM');
      replace(zone, h('option', { value: '' }, 'No room zone'), zones.map((x) => h('option', { value: x.zoneId }, x.name)));
      listEl.removeAttribute('aria-busy');
      replace(listEl, table('Stays', ['Guest', 'Room and doors', 'Validity', 'Status', 'Keys', 'Actions'],
        stays.map(stayRow), { empty: 'No stay.' }));
    } catch (e) {
      ctx.showError(e);
    }
  }
  await load();
  return ctx.onNotification((n) => {
    if (n.type === 'key-ready' || n.type === 'stay-changed') load();
  });
}

export async function gatewaysView(container, ctx) {
  const body = h('div', { 'aria-busy': 'true' });
  replace(container, h('section', { class: 'card', 'aria-labelledby': 'gw-h' }, h('h3', { id: 'gw-h' }, 'Gateways'), body));
  async function load() {
    try {
      const gateways = await ctx.api.get(propertyPath(ctx, '/gateways'));
      body.removeAttribute('aria-busy');
      replace(body, table('Gateways and their health', ['Gateway', 'Status', 'Last seen', 'Event sequence', 'Gaps', 'Duplicates', 'Versions',
        'Address on the hotel network'],
        gateways.map((g) => h('tr', { 'data-gateway-id': g.gatewayId, 'data-status': g.status },
          h('th', { scope: 'row' }, g.gatewayId),
          h('td', {}, h('span', { class: `badge gw-${g.status.toLowerCase()}` }, g.status.toLowerCase())),
          h('td', {}, formatTime(g.lastSeen)),
          h('td', {}, g.lastSeq ?? '—'),
          h('td', {}, String(g.seqGaps)),
          h('td', {}, String(g.duplicates)),
          h('td', {}, Object.entries(g.versions || {}).map(([k, v]) => `${k} ${v}`).join(', ') || '—'),
          h('td', {}, localApiForm(g)))),
        { empty: 'No gateway registered.' }));
    } catch (e) {
      ctx.showError(e);
    }
  }
  /** Where guests' phones reach this gateway's local API; they get it with their stays. */
  function localApiForm(g) {
    const input = h('input', { type: 'url', id: `local-api-${g.gatewayId}`, value: g.localApiUrl || '', inputmode: 'url',
      autocomplete: 'off', placeholder: 'https://192.168.10.2:8443', 'aria-label': `Local API address of ${g.gatewayId}` });
    const form = h('form', { class: 'inline-form', 'data-gateway-id': g.gatewayId },
      input, h('button', { type: 'submit' }, 'Save'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (!validGatewayUrl(value)) {
        input.setAttribute('aria-invalid', 'true');
        ctx.announce('The address must be an https:// address without user, query or fragment.');
        return;
      }
      input.removeAttribute('aria-invalid');
      try {
        await ctx.api.request('PUT', propertyPath(ctx, `/gateways/${encodeURIComponent(g.gatewayId)}/local-api`),
          { body: { localApiUrl: value || null } });
        ctx.announce(`Address of ${g.gatewayId} saved.`);
      } catch (e) {
        ctx.showError(e);
      }
    });
    return form;
  }

  await load();
  return ctx.onNotification((n) => {
    if (n.type === 'gateway') load();
  });
}

const AUDIT_TYPES = ['ACCESS_GRANTED', 'ACCESS_DENIED', 'UNLOCKED', 'LOCKED', 'DOOR_OPENED', 'DOOR_CLOSED', 'DOOR_AJAR',
  'DOOR_FORCED', 'JAMMED', 'TAMPER', 'BATTERY_LEVEL', 'BATTERY_LOW', 'LOCK_OFFLINE', 'LOCK_ONLINE', 'LOCKDOWN_CHANGED',
  'COMMAND_ISSUED', 'COMMAND_RESULT', 'MOBILE_KEY_ISSUED', 'CREDENTIAL_REVOKED', 'STAY_CHECKED_IN', 'STAY_CHECKED_OUT',
  'STAY_MOVED', 'STAY_EXTENDED', 'LOCKDOWN_REQUESTED', 'GATEWAY_ONLINE', 'GATEWAY_OFFLINE', 'GATEWAY_REGISTERED',
  'REMOTE_UNLOCK_DENIED', 'MQTT_MESSAGE_REJECTED', 'SEQUENCE_GAP'];

export async function auditView(container, ctx) {
  const type = h('select', { id: 'audit-type' }, h('option', { value: '' }, 'Any'), AUDIT_TYPES.map((t) => h('option', { value: t }, t)));
  const lockId = h('input', { type: 'text', id: 'audit-lock', autocomplete: 'off' });
  const gatewayId = h('input', { type: 'text', id: 'audit-gateway', autocomplete: 'off' });
  const actor = h('input', { type: 'text', id: 'audit-actor', autocomplete: 'off' });
  const priority = h('select', { id: 'audit-priority' }, ['', 'SECURITY', 'NORMAL', 'TELEMETRY'].map((p) => h('option', { value: p }, p || 'Any')));
  const from = h('input', { type: 'datetime-local', id: 'audit-from' });
  const to = h('input', { type: 'datetime-local', id: 'audit-to' });
  const form = h('form', { class: 'filters', 'aria-label': 'Audit filters' },
    field('Type', type), field('Door', lockId), field('Gateway', gatewayId), field('Who', actor), field('Priority', priority),
    field('From', from), field('To', to), h('button', { type: 'submit', class: 'primary' }, 'Search'));
  const results = h('div', { 'aria-live': 'polite', id: 'audit-results' });
  let offset = 0;
  const limit = 50;
  replace(container, h('section', { class: 'card', 'aria-labelledby': 'audit-h' }, h('h3', { id: 'audit-h' }, 'Audit trail'), form, results));

  async function load() {
    try {
      const page = await ctx.api.get(propertyPath(ctx, '/audit'), {
        type: type.value, lockId: lockId.value.trim(), gatewayId: gatewayId.value.trim(), actor: actor.value.trim(),
        priority: priority.value, from: fromLocalInput(from.value), to: fromLocalInput(to.value), offset, limit,
      });
      replace(results,
        table(`Audit records ${page.total === 0 ? 0 : offset + 1}–${Math.min(offset + limit, page.total)} of ${page.total}`,
          ['When', 'Type', 'Door', 'Gateway', 'Who', 'Outcome', 'Details'],
          page.items.map((e) => [formatTime(e.occurredAt), e.type, e.lockId || '—', e.gatewayId || '—', e.actor || '—',
            e.outcome || '', Object.entries(e.attributes || {}).map(([k, v]) => `${k}=${v}`).join(' ')]),
          { empty: 'No record matches these filters.' }),
        h('nav', { class: 'pager', 'aria-label': 'Audit pages' },
          h('button', { type: 'button', disabled: offset === 0, onclick: () => { offset = Math.max(0, offset - limit); load(); } }, 'Newer'),
          h('button', { type: 'button', disabled: offset + limit >= page.total, onclick: () => { offset += limit; load(); } }, 'Older')));
    } catch (e) {
      ctx.showError(e);
    }
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    offset = 0;
    ctx.clearError();
    load();
  });
  await load();
}
