package com.nexefii.local.broker.impl;

import java.util.Arrays;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import com.nexefii.local.broker.LocalBroker;

/**
 * Gogo commands for a field technician provisioning on-property devices
 * ({@code broker:adddevice door-panel-3}). The new password is printed once, here only; the gateway
 * keeps its hash. Gogo finds the commands by their {@code osgi.command.*} service properties.
 */
@Component(
        service = LocalBrokerShellCommands.class,
        property = {
            "osgi.command.scope=broker",
            "osgi.command.function=devices",
            "osgi.command.function=adddevice",
            "osgi.command.function=removedevice"
        })
public class LocalBrokerShellCommands {

    private final LocalBroker broker;

    @Activate
    public LocalBrokerShellCommands(@Reference LocalBroker broker) {
        this.broker = broker;
    }

    public String devices() {
        return String.join("\n", broker.devices());
    }

    public String adddevice(String deviceId) {
        char[] password = broker.addDevice(deviceId);
        try {
            return "device " + deviceId + " may use " + LocalBroker.DEVICE_TOPIC_PREFIX + deviceId + "/# at "
                    + broker.uri() + "\npassword (shown once): " + new String(password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    public String removedevice(String deviceId) {
        return broker.removeDevice(deviceId) ? "device " + deviceId + " removed" : "no device " + deviceId;
    }
}
