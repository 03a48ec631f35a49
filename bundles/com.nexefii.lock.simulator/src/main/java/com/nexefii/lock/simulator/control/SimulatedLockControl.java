package com.nexefii.lock.simulator.control;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import com.nexefii.lock.api.CredentialType;
import com.nexefii.lock.api.LockState;

/**
 * Staging hooks for one simulated controller, registered beside its
 * {@link com.nexefii.lock.api.LockAdapter} with the same
 * {@link com.nexefii.lock.api.LockAdapter#ADAPTER_ID} service property.
 *
 * <p>Each method acts as the physical world would, returns once the lock has reacted and its
 * events are published, and answers the lock's state afterwards. Unknown lock ids throw
 * {@link IllegalArgumentException}; a stopped simulator throws {@link IllegalStateException}.
 */
@ProviderType
public interface SimulatedLockControl {

    /** @return the simulated controller's adapter id */
    String adapterId();

    /** @return the ids of the simulated locks, in order */
    List<String> lockIds();

    /** @return the lock's simulated state, whether or not it is reachable */
    LockState state(String lockId);

    /** Someone opens the door; with the bolt thrown this is a forced entry. */
    LockState openDoor(String lockId);

    /** Someone closes the door; a relock that waited for the door happens now. */
    LockState closeDoor(String lockId);

    /** The door is open and stays open: reported ajar at once instead of after the configured time. */
    LockState leaveDoorAjar(String lockId);

    /** The door is forced open while the bolt is thrown. */
    LockState forceEntry(String lockId);

    /** The bolt jams: lock and unlock answer JAMMED until {@link #clearJam(String)}. */
    LockState jam(String lockId);

    /** Maintenance frees the bolt, which is left thrown. */
    LockState clearJam(String lockId);

    /** Sets the battery level (0-100); 0 takes the lock offline. */
    LockState setBattery(String lockId, int percent);

    /** Takes the lock out of or back into radio range. */
    LockState setOnline(String lockId, boolean online);

    /**
     * Someone presents a credential at the lock: it opens for a credential stored in it (and for a
     * PIN, the right digits) unless in lockdown, and reports ACCESS_DENIED otherwise.
     */
    LockState presentCredential(String lockId, CredentialType type, String credentialId, String secret);
}
