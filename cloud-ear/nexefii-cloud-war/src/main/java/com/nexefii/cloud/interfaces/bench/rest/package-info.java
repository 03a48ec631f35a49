/**
 * A like-for-like pair of trivial endpoints for benchmark scenario 5 (what JWT verification adds
 * to a request on Payara), switched off unless {@code nexefii.bench.enabled=true}.
 */
package com.nexefii.cloud.interfaces.bench.rest;
