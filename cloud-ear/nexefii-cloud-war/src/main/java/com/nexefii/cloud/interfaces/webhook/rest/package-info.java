/** REST resources of webhook subscriptions and their delivery log. */
package com.nexefii.cloud.interfaces.webhook.rest;
