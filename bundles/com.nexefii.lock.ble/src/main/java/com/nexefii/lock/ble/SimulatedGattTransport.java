package com.nexefii.lock.ble;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A GATT transport backed by {@link SimulatedBleLock}s: frames really go through the locks' firmware
 * logic, with radio-like connection setup times, response latency and link drops.
 */
public final class SimulatedGattTransport implements GattTransport {

    private final Map<String, SimulatedBleLock> locks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService radio;
    private final long connectMinMs;
    private final long connectMaxMs;
    private final long responseLatencyMs;
    private final double dropRate;
    private final Random random;

    public SimulatedGattTransport(long connectMinMs, long connectMaxMs, long responseLatencyMs, double dropRate,
            long seed) {
        this.connectMinMs = connectMinMs;
        this.connectMaxMs = Math.max(connectMinMs, connectMaxMs);
        this.responseLatencyMs = responseLatencyMs;
        this.dropRate = dropRate;
        this.random = new Random(seed);
        this.radio = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ble-simulated-radio");
            t.setDaemon(true);
            return t;
        });
    }

    private final java.util.concurrent.atomic.AtomicInteger writesToDrop = new java.util.concurrent.atomic.AtomicInteger();

    /** Drops the link on each of the next {@code n} writes, as a lock walking out of range would. */
    public void dropNextWrites(int n) {
        writesToDrop.set(n);
    }

    public void add(SimulatedBleLock lock) {
        locks.put(lock.address(), lock);
    }

    public SimulatedBleLock lockAt(String address) {
        return locks.get(address);
    }

    @Override
    public CompletionStage<Connection> connect(String address, Duration timeout, Consumer<byte[]> notifications,
            Runnable disconnected) {
        CompletableFuture<Connection> result = new CompletableFuture<>();
        SimulatedBleLock lock = locks.get(address);
        long setup = connectMinMs + (connectMaxMs > connectMinMs ? nextLong(connectMaxMs - connectMinMs) : 0);
        if (lock == null || lock.isOutOfRange() || setup > timeout.toMillis()) {
            radio.schedule(() -> result.completeExceptionally(new TimeoutException("no connection to " + address)),
                    Math.min(setup, timeout.toMillis()), TimeUnit.MILLISECONDS);
            return result;
        }
        radio.schedule(() -> {
            SimulatedConnection connection = new SimulatedConnection(lock, notifications, disconnected);
            byte[] hello = lock.open(connection::deliver);
            result.complete(connection);
            connection.deliver(hello);
        }, setup, TimeUnit.MILLISECONDS);
        return result;
    }

    private synchronized long nextLong(long bound) {
        return (long) (random.nextDouble() * bound);
    }

    private synchronized boolean drop() {
        return dropRate > 0 && random.nextDouble() < dropRate;
    }

    @Override
    public void close() {
        radio.shutdownNow();
    }

    private final class SimulatedConnection implements Connection {
        private final SimulatedBleLock lock;
        private final Consumer<byte[]> notifications;
        private final Runnable disconnected;
        private volatile boolean open = true;

        SimulatedConnection(SimulatedBleLock lock, Consumer<byte[]> notifications, Runnable disconnected) {
            this.lock = lock;
            this.notifications = notifications;
            this.disconnected = disconnected;
        }

        void deliver(byte[] frame) {
            if (open) {
                radio.execute(() -> {
                    if (open) {
                        notifications.accept(frame);
                    }
                });
            }
        }

        @Override
        public CompletionStage<Void> write(byte[] value) {
            if (!open) {
                return CompletableFuture.failedFuture(new IllegalStateException("link closed"));
            }
            if (writesToDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || drop() || lock.isOutOfRange()) {
                // the link is gone at once, as for a real radio; the stack reports it a moment later
                open = false;
                lock.closeLink();
                radio.execute(disconnected);
                return CompletableFuture.failedFuture(new IllegalStateException("link dropped"));
            }
            byte[] response = lock.receive(value);
            if (response != null) {
                radio.schedule(() -> deliver(response), responseLatencyMs, TimeUnit.MILLISECONDS);
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            if (open) {
                open = false;
                lock.closeLink();
                disconnected.run();
            }
        }
    }
}
