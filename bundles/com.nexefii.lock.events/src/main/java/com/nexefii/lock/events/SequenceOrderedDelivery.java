package com.nexefii.lock.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import com.nexefii.lock.api.LockEvent;

/**
 * Hands events to the non-durable listeners in sequence order once their publishers have settled
 * them (durable, or refused), while those publishers wait for durability concurrently and outside
 * the publish lock.
 *
 * <p>Combining, not a turnstile: whichever publishing thread finds the oldest event settled delivers
 * every settled event in a row, then wakes their publishers, each of which parks on its own thread.
 * A turnstile (each publisher waits for its predecessor) would chain one wake-up per event through
 * the scheduler; here a group made durable by one fsync is delivered in one pass.
 */
final class SequenceOrderedDelivery {

    /** One published event's place in the order. */
    static final class Slot {
        static final int PENDING = 0;
        static final int DURABLE = 1;
        static final int REFUSED = 2;
        static final int DELIVERED = 3;

        final LockEvent event;
        final Thread publisher;
        volatile int state = PENDING;

        Slot(LockEvent event, Thread publisher) {
            this.event = event;
            this.publisher = publisher;
        }
    }

    private final ReentrantLock guard = new ReentrantLock();
    private final ArrayDeque<Slot> queue = new ArrayDeque<>();
    private final Consumer<LockEvent> deliverer;
    private boolean draining;
    /** The thread draining, while {@link #draining}. */
    private Thread drainer;

    /** @param deliverer hands one event to the non-durable listeners; must not throw */
    SequenceOrderedDelivery(Consumer<LockEvent> deliverer) {
        this.deliverer = deliverer;
    }

    /** Takes the event's place; called in sequence order (under the publish lock). */
    Slot enqueue(LockEvent event) {
        Slot slot = new Slot(event, Thread.currentThread());
        guard.lock();
        try {
            queue.addLast(slot);
        } finally {
            guard.unlock();
        }
        return slot;
    }

    /**
     * Settles the slot. When it is durable, returns once its event has been delivered (by this
     * thread or another publishing thread); a refused event is skipped and this returns at once.
     * A listener that publishes from inside its {@code onEvent} gets its event delivered right after
     * the current run, without waiting: waiting for its own thread would never end.
     */
    void settle(Slot slot, boolean durable) {
        boolean drain;
        guard.lock();
        try {
            slot.state = durable ? Slot.DURABLE : Slot.REFUSED;
            if (draining && drainer == Thread.currentThread()) {
                return;
            }
            drain = !draining;
            if (drain) {
                draining = true;
                drainer = Thread.currentThread();
            }
        } finally {
            guard.unlock();
        }
        if (drain) {
            drain();
        }
        if (durable) {
            awaitDelivered(slot);
        }
    }

    private void drain() {
        List<Slot> batch = new ArrayList<>();
        while (true) {
            guard.lock();
            try {
                Slot head;
                while ((head = queue.peekFirst()) != null && head.state != Slot.PENDING) {
                    batch.add(queue.pollFirst());
                }
                if (batch.isEmpty()) {
                    // whoever settles the pending head next drains
                    draining = false;
                    drainer = null;
                    return;
                }
            } finally {
                guard.unlock();
            }
            for (Slot slot : batch) {
                if (slot.state == Slot.DURABLE) {
                    try {
                        deliverer.accept(slot.event);
                    } catch (RuntimeException e) {
                        // the deliverer logs and counts listener failures; nothing may stop the order
                    }
                }
            }
            for (Slot slot : batch) {
                if (slot.state == Slot.DURABLE) {
                    slot.state = Slot.DELIVERED;
                    if (slot.publisher != Thread.currentThread()) {
                        LockSupport.unpark(slot.publisher);
                    }
                }
            }
            batch.clear();
        }
    }

    private static void awaitDelivered(Slot slot) {
        boolean interrupted = false;
        while (slot.state != Slot.DELIVERED) {
            LockSupport.park(slot);
            if (Thread.interrupted()) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
