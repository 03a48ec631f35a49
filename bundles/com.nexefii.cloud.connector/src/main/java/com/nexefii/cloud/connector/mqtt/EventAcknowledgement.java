package com.nexefii.cloud.connector.mqtt;

import java.util.Locale;

/** What lets an event leave the gateway's store (configuration {@code eventAcknowledgement}). */
enum EventAcknowledgement {
    /**
     * The cloud's {@code evt/ack}, published after its database commit (contract v1, the default):
     * nothing the broker or the cloud loses can be lost for good.
     */
    CLOUD,
    /** The broker's PUBACK: only for a cloud that does not publish {@code evt/ack} yet. */
    BROKER;

    /** @throws IllegalArgumentException naming the property */
    static EventAcknowledgement parse(String value) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        try {
            return valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("eventAcknowledgement: must be cloud or broker, not " + value, e);
        }
    }
}
