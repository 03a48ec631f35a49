/** Credential-signing keys (ES256 JWKs) and their public JWKS. */
package com.nexefii.cloud.infrastructure.security;
