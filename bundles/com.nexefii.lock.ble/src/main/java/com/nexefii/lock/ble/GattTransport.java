package com.nexefii.lock.ble;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** The part of a GATT stack this adapter needs: connect to a lock, write, be notified. */
public interface GattTransport extends AutoCloseable {

    /**
     * Connects to a lock and subscribes to its notification characteristic. Real connection setup
     * takes 0.4 to 3 seconds.
     *
     * @param address the lock's BLE address
     * @param timeout give up after this long
     * @param notifications receives every notification from the lock, on a transport thread
     * @param disconnected run once when the link drops or is closed
     */
    CompletionStage<Connection> connect(String address, Duration timeout, Consumer<byte[]> notifications,
            Runnable disconnected);

    /** An open GATT link to one lock. */
    interface Connection extends AutoCloseable {

        /** Writes the command characteristic (write with response). */
        CompletionStage<Void> write(byte[] value);

        boolean isOpen();

        @Override
        void close();
    }

    @Override
    void close();
}
