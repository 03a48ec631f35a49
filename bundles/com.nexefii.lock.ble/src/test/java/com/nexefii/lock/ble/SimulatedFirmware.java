package com.nexefii.lock.ble;

import java.util.function.Consumer;

import com.nexefii.lock.ble.testing.BleLockFirmware;

/** The adapter's own simulated lock behind a fake BlueZ device. */
record SimulatedFirmware(SimulatedBleLock lock) implements BleLockFirmware {

    @Override
    public String address() {
        return lock.address();
    }

    @Override
    public String name() {
        return "Nexefii lock " + lock.lockId();
    }

    @Override
    public byte[] open(Consumer<byte[]> toGateway) {
        return lock.open(toGateway);
    }

    @Override
    public byte[] receive(byte[] frame) {
        return lock.receive(frame);
    }

    @Override
    public void closeLink() {
        lock.closeLink();
    }
}
