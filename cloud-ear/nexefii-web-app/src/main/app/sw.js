// Offline shell only: the app's own static files are cached at install so the app opens without
// a network. API calls, Keycloak and anything else are never touched: a response carrying keys,
// tokens or personal data must not end up in a cache.
const VERSION = '@app.version@';
const CACHE = `nexefii-shell-${VERSION}`;
const SHELL = [
  './', 'index.html', 'manifest.webmanifest', 'css/app.css', 'icons/icon.svg', 'icons/icon-maskable.svg',
  'js/main.js', 'js/auth.js', 'js/api.js', 'js/sse.js', 'js/dom.js',
  'js/views/guest.js', 'js/views/staff.js', 'js/views/admin.js', 'js/views/analytics.js', 'js/views/settings.js',
];
const SCOPE = new URL('./', self.location).href;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((keys) => Promise.all(keys.filter((k) => k.startsWith('nexefii-shell-') && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // only GETs of the shell itself; the login answer (?code=...) goes to the network like any query
  if (request.method !== 'GET' || !url.href.startsWith(SCOPE) || url.search !== '') {
    return;
  }
  // network first (a deployment shows at once), the cached shell when offline
  event.respondWith(fetch(request).catch(() => caches.match(request, { ignoreSearch: false })
    .then((hit) => hit || (request.mode === 'navigate' ? caches.match('index.html') : Response.error()))));
});
