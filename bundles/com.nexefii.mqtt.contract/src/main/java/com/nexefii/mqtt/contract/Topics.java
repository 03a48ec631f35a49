package com.nexefii.mqtt.contract;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The topic scheme, in one place: {@code nexefii/v1/{propertyId}/{gatewayId}/{channel}}. Property
 * and gateway ids are lower-case slugs, so they can never contain MQTT wildcards or separators.
 */
public final class Topics {

    /** Every topic of contract version 1 starts with this. */
    public static final String ROOT = "nexefii/v1/";

    /** Lower-case letters, digits and dashes, 1 to 63 characters, starting with a letter or digit. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** Largest payload either side accepts, in bytes; larger messages are rejected unread. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private Topics() {
    }

    public static GatewayTopic of(String propertyId, String gatewayId, Channel channel) {
        return new GatewayTopic(propertyId, gatewayId, channel);
    }

    /** @return the subscription filter for one channel of every gateway of every property (cloud side) */
    public static String allGateways(Channel channel) {
        return ROOT + "+/+/" + channel.path();
    }

    /** @return the topic parsed, or empty when it is not a topic of this contract */
    public static Optional<GatewayTopic> parse(String topic) {
        if (topic == null || !topic.startsWith(ROOT)) {
            return Optional.empty();
        }
        String[] parts = topic.substring(ROOT.length()).split("/", 3);
        if (parts.length != 3 || !ID.matcher(parts[0]).matches() || !ID.matcher(parts[1]).matches()) {
            return Optional.empty();
        }
        return Channel.ofPath(parts[2]).map(c -> new GatewayTopic(parts[0], parts[1], c));
    }

    static void requireId(String name, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must match " + ID.pattern() + ": " + value);
        }
    }
}
