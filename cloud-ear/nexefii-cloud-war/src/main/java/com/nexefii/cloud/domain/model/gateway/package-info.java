/** Edge gateways: identity (certificate fingerprint), health and their event sequence. */
package com.nexefii.cloud.domain.model.gateway;
