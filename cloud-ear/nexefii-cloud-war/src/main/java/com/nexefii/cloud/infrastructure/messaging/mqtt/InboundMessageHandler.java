package com.nexefii.cloud.infrastructure.messaging.mqtt;

/** Receives every message the bridge's subscriptions deliver; must call {@code ack} exactly once, when done. */
public interface InboundMessageHandler {
    void onMessage(String topic, byte[] payload, Runnable ack);
}
