// The app shell: configuration, sign-in, navigation by role, the live notification stream, and
// the accessible announcement regions every view uses.
import { Auth, AuthError } from './auth.js';
import { Api, ApiError } from './api.js';
import { NotificationStream } from './sse.js';
import { h, replace } from './dom.js';
import { guestView, historyView } from './views/guest.js';
import { doorsView, alertsView } from './views/staff.js';
import { staysView, gatewaysView, auditView } from './views/admin.js';
import { analyticsView } from './views/analytics.js';
import { settingsView } from './views/settings.js';

const APP_URL = new URL('./', document.baseURI).href; // .../app/
const API_BASE = new URL('../api/v1', APP_URL).href;

/** Kinds that are worth interrupting the user for; lock-state only refreshes views. */
const ANNOUNCED = new Set(['key-ready', 'door-opened', 'unlock-failed', 'key-revoked', 'stay-changed', 'alert',
  'gateway', 'lockdown']);

const ROUTES = [
  { path: '#/me', label: 'My stay', roles: ['guest'], view: guestView },
  { path: '#/me/history', label: 'My access history', roles: ['guest'], view: historyView },
  { path: '#/doors', label: 'Doors', roles: ['staff', 'property-admin'], view: doorsView },
  { path: '#/alerts', label: 'Alerts', roles: ['staff', 'property-admin'], view: alertsView },
  { path: '#/stays', label: 'Stays & keys', roles: ['staff', 'property-admin'], view: staysView },
  { path: '#/gateways', label: 'Gateways', roles: ['property-admin'], view: gatewaysView },
  { path: '#/audit', label: 'Audit', roles: ['property-admin'], view: auditView },
  { path: '#/analytics', label: 'Analytics', roles: ['property-admin'], view: analyticsView },
  { path: '#/settings', label: 'Settings', roles: ['guest', 'staff', 'property-admin'], view: settingsView },
];

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const statusRegion = document.getElementById('announcer');
const errorRegion = document.getElementById('error-region');
const toasts = document.getElementById('toasts');
const streamState = document.getElementById('stream-state');

function announce(message) {
  // re-setting the text makes screen readers read it again even if it is the same
  statusRegion.textContent = '';
  window.setTimeout(() => {
    statusRegion.textContent = message;
  }, 50);
}

function showError(error) {
  const title = error instanceof ApiError || error instanceof AuthError ? error.title : 'Something went wrong';
  const detail = error instanceof ApiError || error instanceof AuthError ? error.detail : String(error && error.message);
  replace(errorRegion,
    h('div', { class: 'error', 'data-testid': 'error' },
      h('strong', {}, title), detail ? h('span', {}, ` — ${detail}`) : null,
      h('button', { type: 'button', class: 'link', onclick: () => replace(errorRegion) }, 'Dismiss')));
}

function clearError() {
  replace(errorRegion);
}

function toast(notification) {
  const data = notification.data || {};
  const item = h('li', { class: `toast kind-${notification.type}`, 'data-kind': notification.type },
    h('strong', {}, data.title || notification.type),
    data.lockId ? h('span', {}, ` · ${data.lockId}`) : null);
  toasts.prepend(item);
  while (toasts.children.length > 5) toasts.lastChild.remove();
  window.setTimeout(() => item.remove(), 15000);
}

async function loadConfig() {
  const response = await fetch(`${API_BASE}/client-config`, { headers: { Accept: 'application/json' } })
    .catch(() => null);
  if (!response || !response.ok) {
    throw new ApiError(response ? response.status : 0, 'App configuration unavailable',
      'the cloud did not answer /api/v1/client-config');
  }
  return response.json();
}

function rolesOf(claims) {
  const roles = new Set([...(claims.groups || []), ...((claims.realm_access && claims.realm_access.roles) || [])]);
  return roles;
}

function signedOutPage(auth, message) {
  nav.hidden = true;
  replace(main,
    h('section', { class: 'card', 'aria-labelledby': 'welcome-title' },
      h('h2', { id: 'welcome-title' }, 'Welcome to Nexefii'),
      h('p', {}, 'Your room key, your doors and your property, on your phone.'),
      message ? h('p', { class: 'notice' }, message) : null,
      h('button', {
        type: 'button', class: 'primary', id: 'login',
        onclick: async () => {
          try {
            window.location.assign(await auth.login(window.location.hash));
          } catch (e) {
            showError(e);
          }
        },
      }, 'Sign in')));
}

async function start() {
  let auth;
  let config;
  try {
    config = await loadConfig();
    auth = new Auth({ issuer: config.issuer, clientId: config.clientId, redirectUri: APP_URL });
    const returnTo = await auth.completeLogin(window.location.href);
    if (returnTo !== null) {
      window.history.replaceState(null, '', APP_URL + (returnTo || ''));
    }
  } catch (e) {
    showError(e);
    if (auth) signedOutPage(auth);
    return;
  }
  if (!auth.signedIn()) {
    signedOutPage(auth);
    return;
  }
  try {
    await auth.accessToken();
  } catch (e) {
    signedOutPage(auth, 'Your session has ended. Please sign in again.');
    return;
  }
  const claims = auth.claims();
  const roles = rolesOf(claims);
  const propertyId = claims.property_id || null;
  const user = claims.preferred_username || claims.upn || claims.sub;
  document.getElementById('user').textContent = propertyId ? `${user} · ${propertyId}` : user;
  const logout = document.getElementById('logout');
  logout.hidden = false;
  logout.addEventListener('click', async () => {
    stream.stop();
    sessionStorage.clear();
    window.location.assign(await auth.logout(APP_URL));
  });

  const api = new Api(API_BASE, (opts) => auth.accessToken(opts));
  const listeners = new Set();
  const recent = [];
  const stream = new NotificationStream({
    url: `${API_BASE}/notifications/stream`,
    // one-time ticket bought with the access token: the token itself never goes into the URL
    ticket: async () => (await api.post('/notifications/stream-tickets', {})).ticket,
    storage: sessionStorage,
    onState: (state) => {
      streamState.textContent = { open: 'Live', reconnecting: 'Reconnecting…', stopped: 'Offline', forbidden: 'No live updates' }[state] || state;
      streamState.dataset.state = state;
    },
    onEvent: (n) => {
      recent.unshift(n);
      recent.length = Math.min(recent.length, 100);
      if (ANNOUNCED.has(n.type)) {
        toast(n);
        announce((n.data && n.data.title) || n.type);
      }
      listeners.forEach((fn) => {
        try {
          fn(n);
        } catch (e) {
          console.error(e);
        }
      });
    },
  });

  const allowed = ROUTES.filter((r) => r.roles.some((role) => roles.has(role)));
  if (!propertyId || allowed.length === 0) {
    replace(main, h('section', { class: 'card' }, h('h2', {}, 'No property'),
      h('p', {}, 'This account belongs to no property. Platform administrators use the API (see /swagger/).')));
    return;
  }
  stream.start();
  replace(nav, h('ul', {}, allowed.map((r) => h('li', {}, h('a', { href: r.path, 'data-route': r.path }, r.label)))));
  nav.hidden = false;

  let cleanup = null;
  const ctx = {
    api, auth, roles, propertyId, user, config, announce, showError, clearError, recent,
    onNotification(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };

  async function route() {
    const hash = window.location.hash || allowed[0].path;
    const target = allowed.find((r) => r.path === hash) || allowed[0];
    if (cleanup) cleanup();
    cleanup = null;
    clearError();
    for (const link of nav.querySelectorAll('a')) {
      if (link.getAttribute('href') === target.path) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    document.title = `${target.label} · Nexefii`;
    const container = h('div', { class: 'view', 'data-view': target.path.slice(2) });
    replace(main, h('h2', { id: 'view-title', tabindex: '-1' }, target.label), container);
    // focus the heading so keyboard and screen-reader users land at the new content
    main.querySelector('#view-title').focus();
    try {
      cleanup = (await target.view(container, ctx)) || null;
    } catch (e) {
      showError(e);
    }
  }
  window.addEventListener('hashchange', route);
  await route();
}

if ('serviceWorker' in navigator && window.isSecureContext) {
  navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => {
    // the app works without it; only the offline shell is lost
  });
}

start();
