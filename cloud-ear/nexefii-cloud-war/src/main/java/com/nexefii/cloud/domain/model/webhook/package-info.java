/** Webhook subscriptions of integrators (e.g. a PMS) and their delivery log. */
package com.nexefii.cloud.domain.model.webhook;
