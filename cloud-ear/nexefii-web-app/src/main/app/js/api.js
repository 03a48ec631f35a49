// The cloud REST API (/api/v1): bearer token on every call, one retry after a 401 with a refreshed
// token, and every failure turned into an ApiError whose title and detail come from the API's
// application/problem+json answer (RFC 9457), so the user reads what the server said.

export class ApiError extends Error {
  constructor(status, title, detail, problem = null) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
  }
}

const FALLBACK_TITLES = {
  400: 'Invalid request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request too large',
  429: 'Too many requests',
  500: 'Server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Timed out',
};

/** An ApiError from a failed response: problem details when the server sent them, else the status. */
export async function problemFrom(response) {
  const type = (response.headers.get('Content-Type') || '').toLowerCase();
  let body = null;
  if (type.includes('json')) {
    body = await response.json().catch(() => null);
  }
  const title = (body && typeof body.title === 'string' && body.title) || FALLBACK_TITLES[response.status]
    || `HTTP ${response.status}`;
  let detail = body && typeof body.detail === 'string' ? body.detail : null;
  if (body && Array.isArray(body.errors) && body.errors.length) {
    const list = body.errors.map((v) => (v.field ? `${v.field}: ${v.message}` : v.message)).join('; ');
    detail = detail ? `${detail} (${list})` : list;
  }
  return new ApiError(response.status, title, detail, body);
}

export function idempotencyKey(cryptoImpl = globalThis.crypto) {
  return cryptoImpl.randomUUID();
}

export class Api {
  /**
   * @param {string} base URL of the API root, e.g. https://cloud.example/api/v1
   * @param {(opts?: {force?: boolean}) => Promise<string>} token supplies a valid access token
   */
  constructor(base, token, fetchImpl = globalThis.fetch.bind(globalThis)) {
    this.base = base.replace(/\/$/, '');
    this.token = token;
    this.fetch = fetchImpl;
  }

  url(path, query) {
    const url = `${this.base}${path}`;
    if (!query) return url;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
    }
    const qs = params.toString();
    return qs ? `${url}?${qs}` : url;
  }

  async request(method, path, { body, query, headers = {} } = {}) {
    const send = async (force) => {
      const token = await this.token({ force });
      const h = { Accept: 'application/json', Authorization: `Bearer ${token}`, ...headers };
      const init = { method, headers: h, cache: 'no-store' };
      if (body !== undefined) {
        h['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      try {
        return await this.fetch(this.url(path, query), init);
      } catch (e) {
        throw new ApiError(0, 'Network error', 'the cloud could not be reached; check the connection and try again');
      }
    };
    let response = await send(false);
    if (response.status === 401) {
      response = await send(true);
    }
    if (!response.ok) {
      throw await problemFrom(response);
    }
    if (response.status === 204) return null;
    const type = response.headers.get('Content-Type') || '';
    return type.includes('json') ? response.json() : response.text();
  }

  get(path, query) {
    return this.request('GET', path, { query });
  }

  post(path, body, { idempotent = false } = {}) {
    const headers = idempotent ? { 'Idempotency-Key': idempotencyKey() } : {};
    return this.request('POST', path, { body: body === undefined ? {} : body, headers });
  }
}

/**
 * The gateway's local API on the property network: low latency, works while the internet is down.
 * Authenticated with the mobile key itself (Authorization: MobileKey <compact JWS>).
 */
export async function localUnlock(gatewayUrl, lockId, mobileKey, fetchImpl = globalThis.fetch.bind(globalThis),
  { timeoutMs = 8000 } = {}) {
  const url = `${gatewayUrl.replace(/\/$/, '')}/api/v1/locks/${encodeURIComponent(lockId)}/unlock`;
  // off the property network an address may swallow packets: give up soon and let the cloud open the door
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { Authorization: `MobileKey ${mobileKey}`, Accept: 'application/json' },
      cache: 'no-store',
      signal: controller.signal,
    });
  } catch (e) {
    throw new ApiError(0, 'Gateway unreachable',
      `${gatewayUrl} could not be reached: are you on the property network, and does the gateway allow this app's origin?`);
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) {
    throw await problemFrom(response);
  }
  return response.json().catch(() => ({}));
}
