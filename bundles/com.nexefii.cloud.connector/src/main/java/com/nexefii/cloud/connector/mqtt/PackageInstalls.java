package com.nexefii.cloud.connector.mqtt;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The connector's narrow view of the gateway's package installer, so that only
 * {@link PackageInstallsComponent} touches the installer's package (an optional import: a gateway
 * without the installer still runs the connector and refuses package commands).
 */
interface PackageInstalls {

    /**
     * Starts an install and returns at once; {@code stages} hears each stage name (contract
     * {@code packageStage}) with its details, the last one terminal.
     */
    void install(String commandId, String packageName, String version, URI url, String sha256, long size,
            BiConsumer<String, Map<String, String>> stages);

    /** How an install ended, kept by the installer because its listener could not take it. */
    record Outcome(String commandId, String packageName, String version, String stage, Map<String, String> details) {
    }

    /** @return outcomes whose listener failed (the install replaced this connector), oldest first */
    List<Outcome> unreported();

    /** The outcome is in the event store: the installer may forget it. */
    void reported(String commandId);
}
