/**
 * The gateway's Prometheus endpoint. {@link com.nexefii.gateway.metrics.GatewayMetricsComponent}
 * serves {@code /metrics} through the HTTP whiteboard and counts lock events as a (non-durable)
 * {@link com.nexefii.lock.api.LockEventListener}; {@link com.nexefii.gateway.metrics.GatewayMetrics}
 * keeps the counters and writes the text format. Private: Prometheus scrapes it, nothing imports it.
 */
package com.nexefii.gateway.metrics;
