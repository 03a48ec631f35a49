package com.nexefii.lock.ble.testing;

import java.util.function.Consumer;

/** The lock behind a {@link FakeBluez} device: what it answers to the frames the gateway writes. */
public interface BleLockFirmware {

    /** Bluetooth address, {@code AA:BB:CC:DD:EE:FF}. */
    String address();

    /** The device name BlueZ shows. */
    String name();

    /**
     * A gateway subscribed to the notify characteristic: a new session.
     *
     * @param toGateway frames the lock sends later on its own (events)
     * @return the greeting frame, sent at once
     */
    byte[] open(Consumer<byte[]> toGateway);

    /** @return the response frame, or {@code null} when the lock does not answer */
    byte[] receive(byte[] frame);

    /** The link is gone: the session ends. */
    void closeLink();
}
