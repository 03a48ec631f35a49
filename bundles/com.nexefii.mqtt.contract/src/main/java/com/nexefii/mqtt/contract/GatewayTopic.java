package com.nexefii.mqtt.contract;

import java.util.Objects;

/**
 * A parsed topic of the contract: {@code nexefii/v1/{propertyId}/{gatewayId}/{channel}}.
 *
 * @param propertyId the property (tenant)
 * @param gatewayId the gateway
 * @param channel the channel
 */
public record GatewayTopic(String propertyId, String gatewayId, Channel channel) {

    public GatewayTopic {
        Topics.requireId("propertyId", propertyId);
        Topics.requireId("gatewayId", gatewayId);
        Objects.requireNonNull(channel, "channel");
    }

    /** @return the topic string */
    public String topic() {
        return Topics.ROOT + propertyId + "/" + gatewayId + "/" + channel.path();
    }

    @Override
    public String toString() {
        return topic();
    }
}
