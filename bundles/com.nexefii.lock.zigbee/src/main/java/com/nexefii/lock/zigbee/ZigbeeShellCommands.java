package com.nexefii.lock.zigbee;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockInfo;

/**
 * Gogo commands for installers: {@code zigbee:adapters}, {@code zigbee:locks},
 * {@code zigbee:permitjoin <adapterId> <seconds>}, {@code zigbee:remove <lockId>}.
 */
@Component(service = ZigbeeShellCommands.class, property = {
        "osgi.command.scope=zigbee",
        "osgi.command.function=adapters",
        "osgi.command.function=locks",
        "osgi.command.function=permitjoin",
        "osgi.command.function=remove" })
public class ZigbeeShellCommands {

    private final List<ZigbeeLockAdapter> adapters = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + LockAdapter.PROTOCOL + "=" + ZigbeeLockNetwork.PROTOCOL + ")")
    void addAdapter(LockAdapter adapter) {
        if (adapter instanceof ZigbeeLockAdapter zigbee) {
            adapters.add(zigbee);
        }
    }

    void removeAdapter(LockAdapter adapter) {
        adapters.remove(adapter);
    }

    public String adapters() {
        StringBuilder out = new StringBuilder();
        for (ZigbeeLockAdapter adapter : adapters) {
            out.append(adapter.adapterId()).append(adapter.online() ? "  online  " : "  offline  ")
                    .append(adapter.locks().size()).append(" locks\n");
        }
        return out.toString();
    }

    public String locks() {
        StringBuilder out = new StringBuilder();
        for (ZigbeeLockAdapter adapter : adapters) {
            for (LockInfo lock : adapter.locks()) {
                out.append(lock.lockId()).append("  ").append(adapter.adapterId()).append("  ")
                        .append(lock.address()).append("  ").append(lock.model()).append('\n');
            }
        }
        return out.toString();
    }

    public String permitjoin(String adapterId, int seconds) {
        for (ZigbeeLockAdapter adapter : adapters) {
            if (adapter.adapterId().equals(adapterId)) {
                return adapter.permitJoin(seconds) ? "joining permitted for " + seconds + " s on " + adapterId
                        : adapterId + " is offline";
            }
        }
        return "no ZigBee adapter " + adapterId;
    }

    public String remove(String lockId) {
        for (ZigbeeLockAdapter adapter : adapters) {
            if (adapter.remove(lockId)) {
                return "asked " + lockId + " to leave";
            }
        }
        return "no ZigBee lock " + lockId;
    }
}
