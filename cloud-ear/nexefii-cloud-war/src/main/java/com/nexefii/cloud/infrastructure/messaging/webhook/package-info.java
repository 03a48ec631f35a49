/** Signed webhook deliveries with retry and backoff. */
package com.nexefii.cloud.infrastructure.messaging.webhook;
