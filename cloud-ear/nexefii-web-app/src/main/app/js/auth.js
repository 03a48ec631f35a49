// Sign-in with Keycloak: OpenID Connect authorization code flow with PKCE (S256), run entirely in
// the browser. The app never sees a password: the user types it on Keycloak's own page.
//
// Storage: the PKCE verifier and state live in sessionStorage only between the redirect to
// Keycloak and the return; tokens live in sessionStorage (one tab, gone when it closes) so that a
// reload does not force a new login. Access tokens are short (5 min) and refreshed on demand.

const PENDING_KEY = 'nexefii.oidc.pending';
const TOKENS_KEY = 'nexefii.oidc.tokens';
const REFRESH_MARGIN_SECONDS = 30;

export function base64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes: a 43-character verifier, inside RFC 7636's 43..128 range. */
export function newVerifier(cryptoImpl = globalThis.crypto) {
  return base64url(cryptoImpl.getRandomValues(new Uint8Array(32)));
}

export async function challengeOf(verifier, cryptoImpl = globalThis.crypto) {
  const digest = await cryptoImpl.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** The payload of a JWT, unverified: the API verifies tokens; the app only reads roles and tenant. */
export function claimsOf(jwt) {
  if (typeof jwt !== 'string' || jwt.split('.').length !== 3) {
    throw new Error('not a JWT');
  }
  const part = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const padded = part + '='.repeat((4 - (part.length % 4)) % 4);
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export class AuthError extends Error {
  constructor(title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.title = title;
    this.detail = detail;
  }
}

export class Auth {
  /**
   * @param {{issuer: string, clientId: string, redirectUri: string}} config
   */
  constructor(config, { storage = globalThis.sessionStorage, fetchImpl = globalThis.fetch.bind(globalThis),
    cryptoImpl = globalThis.crypto, now = () => Date.now() } = {}) {
    this.config = config;
    this.storage = storage;
    this.fetch = fetchImpl;
    this.crypto = cryptoImpl;
    this.now = now;
    this.endpoints = null;
    this.refreshing = null;
  }

  async discover() {
    if (!this.endpoints) {
      const url = `${this.config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      let response;
      try {
        response = await this.fetch(url, { headers: { Accept: 'application/json' } });
      } catch (e) {
        throw new AuthError('Sign-in service unreachable', `${url} could not be reached`);
      }
      if (!response.ok) {
        throw new AuthError('Sign-in service unavailable', `${url} answered ${response.status}`);
      }
      this.endpoints = await response.json();
    }
    return this.endpoints;
  }

  /** Sends the browser to Keycloak's login page; comes back to redirectUri with ?code&state. */
  async login(returnTo = '') {
    const endpoints = await this.discover();
    const verifier = newVerifier(this.crypto);
    const state = newVerifier(this.crypto);
    const nonce = newVerifier(this.crypto);
    this.storage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, nonce, returnTo }));
    const query = new URLSearchParams({
      client_id: this.config.clientId,
      response_type: 'code',
      redirect_uri: this.config.redirectUri,
      scope: 'openid',
      state,
      nonce,
      code_challenge: await challengeOf(verifier, this.crypto),
      code_challenge_method: 'S256',
    });
    return `${endpoints.authorization_endpoint}?${query}`;
  }

  /**
   * Finishes a login if the URL carries Keycloak's answer. Returns the route to go back to, or null
   * when the URL is not a login answer.
   */
  async completeLogin(url) {
    const params = new URL(url).searchParams;
    if (!params.has('code') && !params.has('error')) {
      return null;
    }
    const pending = JSON.parse(this.storage.getItem(PENDING_KEY) || 'null');
    this.storage.removeItem(PENDING_KEY);
    if (params.has('error')) {
      throw new AuthError('Sign-in refused', params.get('error_description') || params.get('error'));
    }
    if (!pending || pending.state !== params.get('state')) {
      throw new AuthError('Sign-in failed', 'the answer does not belong to a sign-in started here (state mismatch)');
    }
    const endpoints = await this.discover();
    const tokens = await this.tokenRequest(endpoints.token_endpoint, {
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: this.config.redirectUri,
      client_id: this.config.clientId,
      code_verifier: pending.verifier,
    });
    if (tokens.id_token && claimsOf(tokens.id_token).nonce !== pending.nonce) {
      throw new AuthError('Sign-in failed', 'the ID token does not carry the nonce of this sign-in');
    }
    this.store(tokens);
    return pending.returnTo || '';
  }

  async tokenRequest(url, form) {
    let response;
    try {
      response = await this.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
      });
    } catch (e) {
      throw new AuthError('Sign-in service unreachable', 'the token endpoint could not be reached (network or CORS)');
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new AuthError('Sign-in failed', body.error_description || body.error || `status ${response.status}`);
    }
    return body;
  }

  store(tokens) {
    const saved = {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token || null,
      idToken: tokens.id_token || null,
      expiresAt: this.now() + (Number(tokens.expires_in) || 60) * 1000,
    };
    this.storage.setItem(TOKENS_KEY, JSON.stringify(saved));
    return saved;
  }

  tokens() {
    return JSON.parse(this.storage.getItem(TOKENS_KEY) || 'null');
  }

  signedIn() {
    return this.tokens() !== null;
  }

  claims() {
    const t = this.tokens();
    return t ? claimsOf(t.accessToken) : null;
  }

  /** A valid access token, refreshed when it expires within 30 s (or when forced after a 401). */
  async accessToken({ force = false } = {}) {
    const t = this.tokens();
    if (!t) {
      throw new AuthError('Not signed in');
    }
    if (!force && t.expiresAt - this.now() > REFRESH_MARGIN_SECONDS * 1000) {
      return t.accessToken;
    }
    if (!t.refreshToken) {
      this.forget();
      throw new AuthError('Session expired', 'sign in again');
    }
    // one refresh at a time: refresh tokens rotate, a second use of the old one would fail
    if (!this.refreshing) {
      this.refreshing = (async () => {
        const endpoints = await this.discover();
        try {
          const tokens = await this.tokenRequest(endpoints.token_endpoint, {
            grant_type: 'refresh_token',
            refresh_token: t.refreshToken,
            client_id: this.config.clientId,
          });
          return this.store(tokens).accessToken;
        } catch (e) {
          this.forget();
          throw new AuthError('Session expired', 'sign in again');
        }
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  forget() {
    this.storage.removeItem(TOKENS_KEY);
  }

  /** Ends the Keycloak session too; returns the URL to send the browser to. */
  async logout(postLogoutRedirectUri) {
    const t = this.tokens();
    this.forget();
    const endpoints = await this.discover();
    const query = new URLSearchParams({ client_id: this.config.clientId, post_logout_redirect_uri: postLogoutRedirectUri });
    if (t && t.idToken) {
      query.set('id_token_hint', t.idToken);
    }
    return `${endpoints.end_session_endpoint}?${query}`;
  }
}
