package com.nexefii.bench.mqtt;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

/** Raw Paho QoS 1 publishing with a fixed in-flight window: at most {@code window} unacknowledged messages. */
public final class QosOnePublisher {

    private QosOnePublisher() {
    }

    /** Publishes all payloads in order; returns once the last has been handed to Paho. */
    public static void publishAll(MqttAsyncClient client, String topic, List<byte[]> payloads, int window)
            throws Exception {
        Semaphore slots = new Semaphore(window);
        AtomicLong failed = new AtomicLong();
        IMqttActionListener release = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                slots.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable error) {
                failed.incrementAndGet();
                slots.release();
            }
        };
        for (byte[] payload : payloads) {
            slots.acquire();
            client.publish(topic, payload, 1, false, null, release);
        }
        slots.acquire(window);
        if (failed.get() > 0) {
            throw new IllegalStateException(failed.get() + " QoS 1 publishes failed");
        }
    }
}
