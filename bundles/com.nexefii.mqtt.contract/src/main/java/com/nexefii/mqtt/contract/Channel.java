package com.nexefii.mqtt.contract;

/**
 * The channels under a gateway's topic subtree, with who publishes on each. The broker's ACL grants
 * a gateway write access only to {@link Direction#GATEWAY_TO_CLOUD} channels and read access only to
 * {@link Direction#CLOUD_TO_GATEWAY} channels of its own subtree.
 */
public enum Channel {
    /** Lock commands for this gateway. Schema {@code command.schema.json}. */
    CMD("cmd", Direction.CLOUD_TO_GATEWAY, "command"),
    /** Policy snapshots and deltas. Schema {@code policy.schema.json}. */
    POLICY("policy", Direction.CLOUD_TO_GATEWAY, "policy"),
    /**
     * Install or update a signed deployment package (rolling upgrades). Schema
     * {@code package-install.schema.json}; progress and result come back as {@code PACKAGE_INSTALL} events on
     * {@link #EVT}.
     */
    PKG("pkg", Direction.CLOUD_TO_GATEWAY, "package-install"),
    /** Lock events and command results, in sequence order. Schema {@code event.schema.json}. */
    EVT("evt", Direction.GATEWAY_TO_CLOUD, "event"),
    /** The policy version the gateway applied. Schema {@code policy-ack.schema.json}. */
    POLICY_ACK("policy/ack", Direction.GATEWAY_TO_CLOUD, "policy-ack"),
    /** Birth (ONLINE) and last-will (OFFLINE), retained. Schema {@code status.schema.json}. */
    STATUS("status", Direction.GATEWAY_TO_CLOUD, "status"),
    /** The locks the gateway owns, retained. Schema {@code inventory.schema.json}. */
    INVENTORY("inventory", Direction.GATEWAY_TO_CLOUD, "inventory"),
    /**
     * The events of this gateway the cloud has committed to its database, sent after each commit;
     * only these may leave the gateway's store. Schema {@code event-ack.schema.json}.
     */
    EVT_ACK("evt/ack", Direction.CLOUD_TO_GATEWAY, "event-ack");

    /** Who publishes on a channel. */
    public enum Direction {
        CLOUD_TO_GATEWAY, GATEWAY_TO_CLOUD
    }

    private final String path;
    private final Direction direction;
    private final String schema;

    Channel(String path, Direction direction, String schema) {
        this.path = path;
        this.direction = direction;
        this.schema = schema;
    }

    /** @return the topic suffix after {@code nexefii/v1/{property}/{gateway}/} */
    public String path() {
        return path;
    }

    public Direction direction() {
        return direction;
    }

    /** @return the schema name, see {@link Schemas#resource(String)} */
    public String schema() {
        return schema;
    }

    /** @return the channel whose path is {@code path} */
    public static java.util.Optional<Channel> ofPath(String path) {
        for (Channel c : values()) {
            if (c.path.equals(path)) {
                return java.util.Optional.of(c);
            }
        }
        return java.util.Optional.empty();
    }
}
