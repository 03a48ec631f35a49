package com.nexefii.lock.simulator;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.nexefii.lock.api.CredentialType;
import com.nexefii.lock.api.LockState;
import com.nexefii.lock.simulator.control.SimulatedLockControl;

/**
 * Gogo shell commands ({@code simlock:open room-101}, ...) for technicians and demos. Gogo finds
 * them by the {@code osgi.command.*} service properties; no dependency on the shell is needed.
 */
@Component(
        service = SimulatorShellCommands.class,
        property = {
            "osgi.command.scope=simlock",
            "osgi.command.function=locks",
            "osgi.command.function=state",
            "osgi.command.function=open",
            "osgi.command.function=close",
            "osgi.command.function=ajar",
            "osgi.command.function=force",
            "osgi.command.function=jam",
            "osgi.command.function=unjam",
            "osgi.command.function=battery",
            "osgi.command.function=offline",
            "osgi.command.function=online",
            "osgi.command.function=present"
        })
public class SimulatorShellCommands {

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private final List<SimulatedLockControl> controls = new CopyOnWriteArrayList<>();

    public String locks() {
        return controls.stream()
                .flatMap(c -> c.lockIds().stream().map(id -> c.adapterId() + " " + c.state(id)))
                .collect(Collectors.joining("\n"));
    }

    public LockState state(String lockId) {
        return owner(lockId).state(lockId);
    }

    public LockState open(String lockId) {
        return owner(lockId).openDoor(lockId);
    }

    public LockState close(String lockId) {
        return owner(lockId).closeDoor(lockId);
    }

    public LockState ajar(String lockId) {
        return owner(lockId).leaveDoorAjar(lockId);
    }

    public LockState force(String lockId) {
        return owner(lockId).forceEntry(lockId);
    }

    public LockState jam(String lockId) {
        return owner(lockId).jam(lockId);
    }

    public LockState unjam(String lockId) {
        return owner(lockId).clearJam(lockId);
    }

    public LockState battery(String lockId, int percent) {
        return owner(lockId).setBattery(lockId, percent);
    }

    public LockState offline(String lockId) {
        return owner(lockId).setOnline(lockId, false);
    }

    public LockState online(String lockId) {
        return owner(lockId).setOnline(lockId, true);
    }

    /** {@code present room-101 CARD 04A2B9} or {@code present room-101 PIN guest-7 1234}. */
    public LockState present(String lockId, String type, String credentialId, String... secret) {
        return owner(lockId).presentCredential(lockId, CredentialType.valueOf(type.toUpperCase()), credentialId,
                secret.length == 0 ? null : secret[0]);
    }

    private SimulatedLockControl owner(String lockId) {
        return controls.stream().filter(c -> c.lockIds().contains(lockId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no simulated lock " + lockId));
    }
}
