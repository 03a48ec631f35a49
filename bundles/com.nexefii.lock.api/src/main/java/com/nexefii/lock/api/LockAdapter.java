package com.nexefii.lock.api;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * One lock protocol's gateway to its locks. Registered as an OSGi service by each adapter bundle
 * (one per radio dongle or lock controller configuration) with the {@link #PROTOCOL} and
 * {@link #ADAPTER_ID} service properties.
 */
@ConsumerType
public interface LockAdapter {

    /** Service property: the protocol name, e.g. {@code zigbee}, {@code ble}, {@code tcp}, {@code simulator}. */
    String PROTOCOL = "nexefii.lock.protocol";

    /** Service property: this adapter instance's id, unique on the gateway. */
    String ADAPTER_ID = "nexefii.lock.adapter.id";

    /** @return the protocol this adapter speaks, the value of {@link #PROTOCOL} */
    String protocol();

    /** @return the id of this adapter instance, the value of {@link #ADAPTER_ID} */
    String adapterId();

    /** @return a snapshot of the locks this adapter currently owns */
    Collection<LockInfo> locks();

    /** @return the lock with this id if this adapter owns it */
    default Optional<LockInfo> lock(String lockId) {
        return locks().stream().filter(l -> l.lockId().equals(lockId)).findFirst();
    }

    /** @return true when this adapter owns the lock */
    default boolean owns(String lockId) {
        return lock(lockId).isPresent();
    }

    /**
     * Executes a command before its deadline.
     *
     * <p>The stage never completes exceptionally: a command for a lock this adapter does not own
     * completes with {@link Outcome#UNKNOWN_LOCK}, one that misses its deadline with
     * {@link Outcome#TIMEOUT}, one cut short because the adapter stops with
     * {@link Outcome#CANCELLED}. The adapter also publishes a {@link LockEventType#COMMAND_RESULT}
     * event for it.
     *
     * @param command what to do; its deadline bounds the whole exchange including retries
     * @return the single result of this command
     */
    CompletionStage<LockResult> execute(LockCommand command);
}
