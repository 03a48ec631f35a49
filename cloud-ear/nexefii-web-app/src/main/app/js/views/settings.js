// Device settings: an address of the property gateway's local API (HTTPS on the hotel network) that
// overrides the one the hotel gives with the stay (GET /me/stays, localApiUrls), for opening doors
// with the mobile key while the internet is down.
import { h, replace, field } from '../dom.js';

const KEY = 'nexefii.gateway-url.';

export function gatewayUrl(propertyId, storage = globalThis.localStorage) {
  return storage.getItem(KEY + propertyId) || '';
}

export function validGatewayUrl(value) {
  if (value === '') return true;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && !url.username && !url.password && url.search === '' && url.hash === '';
  } catch (e) {
    return false;
  }
}

export async function settingsView(container, ctx) {
  const input = h('input', { type: 'url', id: 'gateway-url', value: gatewayUrl(ctx.propertyId),
    placeholder: 'https://192.168.10.2:8443', inputmode: 'url', autocomplete: 'off' });
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'stack-form', 'aria-labelledby': 'settings-h' },
    field('Gateway on the hotel network', input, 'HTTPS address of the property gateway. Leave empty to use the address the hotel gives with your stay (or the cloud).'),
    h('button', { type: 'submit', class: 'primary' }, 'Save'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (!validGatewayUrl(value)) {
      input.setAttribute('aria-invalid', 'true');
      status.textContent = 'The gateway address must be an https:// address without user, query or fragment.';
      return;
    }
    input.removeAttribute('aria-invalid');
    if (value) localStorage.setItem(KEY + ctx.propertyId, value);
    else localStorage.removeItem(KEY + ctx.propertyId);
    status.textContent = 'Saved.';
  });
  replace(container, h('section', { class: 'card' }, h('h3', { id: 'settings-h' }, 'This device'), form, status));
}
