package com.nexefii.cloud.application;

import com.nexefii.cloud.domain.model.command.Command;
import com.nexefii.cloud.domain.model.property.PropertyId;
import java.util.concurrent.CompletionStage;

/** Port to the gateways (implemented over MQTT). */
public interface GatewayLink {

    boolean connected();

    /**
     * Hands a command to the broker for its gateway.
     *
     * @return completes when the broker acknowledged it (PUBACK), exceptionally when it could not
     */
    CompletionStage<Void> sendCommand(Command command);

    /** Publishes a policy document (snapshot retained, delta not) to one gateway. */
    CompletionStage<Void> sendPolicy(PropertyId propertyId, String gatewayId, byte[] document, boolean retained);

    /** Publishes an ingest acknowledgement (contract {@code evt/ack}, not retained) to one gateway. */
    CompletionStage<Void> sendEventAck(PropertyId propertyId, String gatewayId, byte[] document);

    /** Publishes a package install command (contract channel {@code pkg}, not retained) to one gateway. */
    CompletionStage<Void> sendPackageInstall(PropertyId propertyId, String gatewayId, byte[] command);
}
