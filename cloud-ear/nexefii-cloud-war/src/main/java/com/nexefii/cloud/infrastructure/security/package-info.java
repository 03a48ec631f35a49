/**
 * Credential-signing keys (ES256 JWKs) and their public JWKS; the cache of bearer tokens the
 * container's MicroProfile JWT verification accepted ({@link com.nexefii.cloud.infrastructure.security.VerifiedTokenCache}).
 */
package com.nexefii.cloud.infrastructure.security;
