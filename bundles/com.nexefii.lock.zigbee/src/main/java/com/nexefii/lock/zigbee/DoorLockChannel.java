package com.nexefii.lock.zigbee;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.Credential;
import com.nexefii.lock.api.CredentialType;
import com.nexefii.lock.api.DoorState;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockState;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.zigbee.CommandQueue.Answer;
import com.nexefii.lock.zigbee.CommandQueue.Answer.Done;
import com.nexefii.lock.zigbee.CommandQueue.Answer.NoAnswer;
import com.zsmartsystems.zigbee.CommandResult;
import com.zsmartsystems.zigbee.IeeeAddress;
import com.zsmartsystems.zigbee.ZigBeeEndpoint;
import com.zsmartsystems.zigbee.ZigBeeNetworkManager;
import com.zsmartsystems.zigbee.ZigBeeNetworkState;
import com.zsmartsystems.zigbee.ZigBeeNode;
import com.zsmartsystems.zigbee.zcl.ZclCluster;
import com.zsmartsystems.zigbee.zcl.ZclCommand;
import com.zsmartsystems.zigbee.zcl.ZclCommandListener;
import com.zsmartsystems.zigbee.zcl.ZclStatus;
import com.zsmartsystems.zigbee.zcl.clusters.ZclDoorLockCluster;
import com.zsmartsystems.zigbee.zcl.clusters.alarms.AlarmCommand;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.ClearPinCode;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.ClearPinCodeResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.ClearRfidCode;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.ClearRfidCodeResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.LockDoorCommand;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.LockDoorResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.OperationEventNotification;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.SetPinCode;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.SetPinCodeResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.SetRfidCode;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.SetRfidCodeResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.UnlockDoorCommand;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.UnlockDoorResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.UnlockWithTimeout;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.UnlockWithTimeoutResponse;
import com.zsmartsystems.zigbee.zcl.clusters.general.DefaultResponse;
import com.zsmartsystems.zigbee.zcl.clusters.general.ReadAttributesResponse;
import com.zsmartsystems.zigbee.zcl.clusters.general.ReportAttributesCommand;
import com.zsmartsystems.zigbee.zcl.clusters.general.WriteAttributesResponse;
import com.zsmartsystems.zigbee.zcl.field.AttributeReport;
import com.zsmartsystems.zigbee.zcl.field.ByteArray;
import com.zsmartsystems.zigbee.zcl.field.ReadAttributeStatusRecord;
import com.zsmartsystems.zigbee.zcl.field.WriteAttributeStatusRecord;
import com.zsmartsystems.zigbee.zcl.protocol.ZclCommandDirection;
import com.zsmartsystems.zigbee.zcl.protocol.ZclDataType;

/**
 * One ZigBee door lock: its command queue, what the gateway last heard from it, and the
 * translation of lock API commands into Door Lock cluster exchanges and of the lock's reports
 * into lock events.
 */
final class DoorLockChannel implements CommandQueue.Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(DoorLockChannel.class);
    private static final Pattern PIN = Pattern.compile("[0-9]{1,16}");
    private static final Pattern CARD_UID = Pattern.compile("([0-9A-Fa-f]{2}){1,16}");
    private static final int RECENT_NOTIFICATIONS = 64;

    private final String lockId;
    private final IeeeAddress ieeeAddress;
    private final String protocol;
    private final String adapterId;
    private final LockEventPublisher publisher;
    private final Supplier<ZigBeeNetworkManager> network;
    private final CredentialSlots slots;
    private final int batteryLowPercent;
    private final CommandQueue queue;
    private final ZclCommandListener notificationsHandled = command -> command instanceof OperationEventNotification
            || command instanceof AlarmCommand;

    private volatile String model;
    private volatile BoltState bolt = BoltState.UNKNOWN;
    private volatile DoorState door = DoorState.UNKNOWN;
    private volatile boolean lockdown;
    private volatile int batteryPercent = -1;
    private volatile ZigBeeNode attachedNode;
    private volatile boolean onboarded;
    private final Map<String, Boolean> recentNotifications = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_NOTIFICATIONS;
        }
    };

    DoorLockChannel(String lockId, IeeeAddress ieeeAddress, String protocol, String adapterId, String model,
            LockEventPublisher publisher, Supplier<ZigBeeNetworkManager> network, CredentialSlots slots,
            ZigbeeAdapterOptions options, Executor workers, ScheduledExecutorService timer) {
        this.lockId = Objects.requireNonNull(lockId, "lockId");
        this.ieeeAddress = Objects.requireNonNull(ieeeAddress, "ieeeAddress");
        this.protocol = protocol;
        this.adapterId = adapterId;
        this.model = model;
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.network = Objects.requireNonNull(network, "network");
        this.slots = Objects.requireNonNull(slots, "slots");
        this.batteryLowPercent = options.batteryLowPercent();
        this.queue = new CommandQueue(lockId, workers, timer, this, options.retries(), options.answerTimeout());
    }

    String lockId() {
        return lockId;
    }

    IeeeAddress ieeeAddress() {
        return ieeeAddress;
    }

    LockInfo info() {
        return new LockInfo(lockId, protocol, adapterId, model, ieeeAddress.toString());
    }

    void model(String model) {
        this.model = model;
    }

    void onboarded() {
        this.onboarded = true;
    }

    boolean isOnboarded() {
        return onboarded;
    }

    /** @return the lock's state as last heard */
    LockState state() {
        ZigBeeNetworkManager manager = network.get();
        boolean online = manager != null && manager.getNetworkState() == ZigBeeNetworkState.ONLINE
                && manager.getNode(ieeeAddress) != null;
        return new LockState(lockId, bolt, door, lockdown, batteryPercent, online);
    }

    /** Checks what can be checked without the lock, then queues the command. */
    CompletableFuture<LockResult> execute(LockCommand command) {
        String invalid = invalidReason(command);
        if (invalid != null) {
            Outcome outcome = invalid.startsWith("unsupported:") ? Outcome.UNSUPPORTED : Outcome.INVALID;
            return CompletableFuture.completedFuture(
                    LockResult.failed(command, outcome, invalid.replaceFirst("^unsupported: ", "")));
        }
        return queue.submit(command);
    }

    void close(String reason) {
        queue.close(reason);
    }

    static String invalidReason(LockCommand command) {
        Credential credential = command.credential();
        if (command.type() != CommandType.SET_CREDENTIAL && command.type() != CommandType.CLEAR_CREDENTIAL) {
            return null;
        }
        switch (credential.type()) {
            case PIN:
                if (command.type() == CommandType.SET_CREDENTIAL
                        && (credential.secret() == null || !PIN.matcher(credential.secret()).matches())) {
                    return "a PIN must be 1 to 16 digits";
                }
                return null;
            case CARD:
                if (!CARD_UID.matcher(credential.id()).matches()) {
                    return "a card credential's id must be its UID in hex (1 to 16 bytes)";
                }
                return null;
            default:
                return "unsupported: ZigBee door locks store PIN and RFID codes only, not " + credential.type();
        }
    }

    // ---- commands -------------------------------------------------------------------------

    @Override
    public Answer attempt(LockCommand command, int attempt, Duration wait) throws InterruptedException {
        // each exchange of the attempt may wait this long: a sleepy lock answers one frame per poll
        Budget budget = new Budget(wait, command);
        ZigBeeNetworkManager manager = network.get();
        if (manager == null || manager.getNetworkState() != ZigBeeNetworkState.ONLINE) {
            return new NoAnswer("ZigBee network not online", true);
        }
        ZigBeeNode node = manager.getNode(ieeeAddress);
        ZigBeeEndpoint endpoint = node == null ? null : doorLockEndpoint(node);
        if (endpoint == null) {
            return new NoAnswer("lock " + ieeeAddress + " is not on the network", true);
        }
        ZclDoorLockCluster doorLock = (ZclDoorLockCluster) endpoint.getInputCluster(DoorLockEvents.DOOR_LOCK_CLUSTER);
        switch (command.type()) {
            case LOCK:
                return boltCommand(command, doorLock, new LockDoorCommand(new ByteArray(new byte[0])),
                        BoltState.LOCKED, budget);
            case UNLOCK:
                if (command.relockAfter() == null) {
                    return boltCommand(command, doorLock, new UnlockDoorCommand(new ByteArray(new byte[0])),
                            BoltState.UNLOCKED, budget);
                }
                long seconds = Math.min(0xFFFF, Math.max(1, (command.relockAfter().toMillis() + 999) / 1000));
                return boltCommand(command, doorLock, new UnlockWithTimeout((int) seconds, ""), BoltState.UNLOCKED,
                        budget);
            case QUERY_STATE:
                return queryState(endpoint, doorLock, budget);
            case LOCKDOWN_ON:
                return lockdown(command, doorLock, true, budget);
            case LOCKDOWN_OFF:
                return lockdown(command, doorLock, false, budget);
            case SET_CREDENTIAL:
                return setCredential(command, doorLock, budget);
            case CLEAR_CREDENTIAL:
                return clearCredential(command, doorLock, budget);
            default:
                return new Done(Outcome.UNSUPPORTED, state(), "command " + command.type() + " has no ZigBee mapping");
        }
    }

    private Answer boltCommand(LockCommand command, ZclDoorLockCluster doorLock, ZclCommand zcl, BoltState target,
            Budget budget) throws InterruptedException {
        Object answer = exchange(doorLock.sendCommand((com.zsmartsystems.zigbee.zcl.clusters.doorlock.ZclDoorLockCommand) zcl), budget);
        if (answer instanceof Answer a) {
            return a;
        }
        Integer status = commandStatus(answer);
        if (status == null) {
            return unexpected(answer);
        }
        if (status == DoorLockStatus.SUCCESS) {
            bolt = target;
            return new Done(Outcome.OK, state(), null);
        }
        if (status == DoorLockStatus.FAILURE) {
            // FAILURE alone does not say why: a bolt stuck half-way is a jam, anything else a refusal
            Object read = exchange(doorLock.readAttributes(List.of(DoorLockEvents.ATTR_LOCK_STATE)), budget);
            if (read instanceof ReadAttributesResponse response) {
                applyAttributes(response);
                if (bolt == BoltState.JAMMED) {
                    return new Done(Outcome.JAMMED, state(),
                            "lock answered FAILURE (0x01) and reports its bolt not fully locked");
                }
            }
        }
        return new Done(DoorLockStatus.outcome(command.type(), status), state(),
                "lock answered " + DoorLockStatus.describe(status));
    }

    private Answer queryState(ZigBeeEndpoint endpoint, ZclDoorLockCluster doorLock, Budget budget)
            throws InterruptedException {
        Object answer = exchange(doorLock.readAttributes(List.of(DoorLockEvents.ATTR_LOCK_STATE,
                DoorLockEvents.ATTR_DOOR_STATE, DoorLockEvents.ATTR_OPERATING_MODE)), budget);
        if (answer instanceof Answer a) {
            return a;
        }
        if (!(answer instanceof ReadAttributesResponse response)) {
            return mapDefaultOrUnexpected(CommandType.QUERY_STATE, answer);
        }
        applyAttributes(response);
        ZclCluster power = endpoint.getInputCluster(DoorLockEvents.POWER_CONFIGURATION_CLUSTER);
        if (power != null) {
            Object battery = exchange(power.readAttributes(List.of(DoorLockEvents.ATTR_BATTERY_PERCENTAGE)), budget);
            if (battery instanceof Answer a) {
                return a;
            }
            if (battery instanceof ReadAttributesResponse batteryResponse) {
                applyAttributes(batteryResponse);
            }
        }
        return new Done(Outcome.OK, state(), null);
    }

    private Answer lockdown(LockCommand command, ZclDoorLockCluster doorLock, boolean on, Budget budget)
            throws InterruptedException {
        Object supported = exchange(doorLock.readAttributes(List.of(DoorLockEvents.ATTR_SUPPORTED_OPERATING_MODES)),
                budget);
        if (supported instanceof Answer a) {
            return a;
        }
        if (!(supported instanceof ReadAttributesResponse response)) {
            return mapDefaultOrUnexpected(command.type(), supported);
        }
        ReadAttributeStatusRecord modes = response.getRecords().isEmpty() ? null : response.getRecords().get(0);
        boolean privacy = modes != null && modes.getStatus() == ZclStatus.SUCCESS
                && modes.getAttributeValue() instanceof Number bitmap
                && (bitmap.intValue() & 1 << DoorLockEvents.MODE_PRIVACY) != 0;
        if (!privacy) {
            return new Done(Outcome.UNSUPPORTED, state(),
                    "the lock does not offer the Privacy operating mode that ZigBee lockdown uses");
        }
        int mode = on ? DoorLockEvents.MODE_PRIVACY : DoorLockEvents.MODE_NORMAL;
        Object written = exchange(
                doorLock.writeAttribute(DoorLockEvents.ATTR_OPERATING_MODE, ZclDataType.ENUMERATION_8_BIT, mode), budget);
        if (written instanceof Answer a) {
            return a;
        }
        if (!(written instanceof WriteAttributesResponse writeResponse)) {
            return mapDefaultOrUnexpected(command.type(), written);
        }
        for (WriteAttributeStatusRecord record : writeResponse.getRecords()) {
            if (record.getStatus() != ZclStatus.SUCCESS) {
                int status = record.getStatus().getId();
                return new Done(DoorLockStatus.outcome(command.type(), status), state(),
                        "lock refused operating mode " + mode + ": " + DoorLockStatus.describe(status));
            }
        }
        boolean changed = lockdown != on;
        lockdown = on;
        if (changed) {
            publisher.publish(lockId, LockEventType.LOCKDOWN_CHANGED, Map.of("lockdown", Boolean.toString(on)));
        }
        return new Done(Outcome.OK, state(), null);
    }

    private Answer setCredential(LockCommand command, ZclDoorLockCluster doorLock, Budget budget)
            throws InterruptedException {
        Credential credential = command.credential();
        int slot;
        try {
            slot = slots.assign(credential.type(), credential.id());
        } catch (IllegalStateException full) {
            return new Done(Outcome.REJECTED, state(), full.getMessage());
        }
        ZclCommand zcl = credential.type() == CredentialType.PIN
                ? new SetPinCode(slot, 1, 0, new ByteArray(credential.secret().getBytes(StandardCharsets.US_ASCII)))
                : new SetRfidCode(slot, 1, 0, new ByteArray(unhex(credential.id())));
        Object answer = exchange(doorLock.sendCommand((com.zsmartsystems.zigbee.zcl.clusters.doorlock.ZclDoorLockCommand) zcl), budget);
        if (answer instanceof Answer a) {
            return a;
        }
        Integer status = commandStatus(answer);
        if (status == null) {
            return unexpected(answer);
        }
        if (status == DoorLockStatus.SUCCESS) {
            return new Done(Outcome.OK, state(), "user slot " + slot);
        }
        return new Done(DoorLockStatus.outcome(command.type(), status), state(),
                "lock answered " + DoorLockStatus.describe(status) + " for user slot " + slot);
    }

    private Answer clearCredential(LockCommand command, ZclDoorLockCluster doorLock, Budget budget)
            throws InterruptedException {
        Credential credential = command.credential();
        OptionalInt slot = slots.find(credential.type(), credential.id());
        if (slot.isEmpty()) {
            return new Done(Outcome.OK, state(), "the credential was not stored on this lock");
        }
        ZclCommand zcl = credential.type() == CredentialType.PIN ? new ClearPinCode(slot.getAsInt())
                : new ClearRfidCode(slot.getAsInt());
        Object answer = exchange(doorLock.sendCommand((com.zsmartsystems.zigbee.zcl.clusters.doorlock.ZclDoorLockCommand) zcl), budget);
        if (answer instanceof Answer a) {
            return a;
        }
        Integer status = commandStatus(answer);
        if (status == null) {
            return unexpected(answer);
        }
        Outcome outcome = DoorLockStatus.outcome(command.type(), status);
        if (outcome == Outcome.OK) {
            slots.release(credential.type(), credential.id());
            return new Done(Outcome.OK, state(), "user slot " + slot.getAsInt() + " cleared");
        }
        return new Done(outcome, state(), "lock answered " + DoorLockStatus.describe(status));
    }

    /**
     * Waits for one ZCL transaction, no longer than the budget allows; on time-out the transaction is
     * cancelled so the next attempt is not queued behind it in the stack.
     *
     * @return the lock's answer, or a {@link NoAnswer}
     */
    private static Object exchange(Future<CommandResult> future, Budget budget) throws InterruptedException {
        long deadline = budget.next();
        synchronized (future) {
            while (!future.isDone()) {
                long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMillis <= 0) {
                    break;
                }
                // the stack notifies the future's monitor on completion; the slice bounds a missed notify
                future.wait(Math.min(leftMillis, 50));
            }
        }
        if (!future.isDone()) {
            future.cancel(true);
            return new NoAnswer("no answer in time", false);
        }
        if (future.isCancelled()) {
            // the stack gives up (and cancels) once its own retries could not deliver the frame
            return new NoAnswer("not delivered: the network could not reach the lock", true);
        }
        CommandResult result;
        try {
            result = future.get();
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            return new NoAnswer("transaction failed: " + e, true);
        }
        if (result == null || result.getResponse() == null) {
            return new NoAnswer("not delivered to the lock", true);
        }
        return result.getResponse();
    }

    private static Integer commandStatus(Object answer) {
        if (answer instanceof LockDoorResponse r) {
            return r.getStatus();
        }
        if (answer instanceof UnlockDoorResponse r) {
            return r.getStatus();
        }
        if (answer instanceof UnlockWithTimeoutResponse r) {
            return r.getStatus();
        }
        if (answer instanceof SetPinCodeResponse r) {
            return r.getStatus();
        }
        if (answer instanceof ClearPinCodeResponse r) {
            return r.getStatus();
        }
        if (answer instanceof SetRfidCodeResponse r) {
            return r.getStatus();
        }
        if (answer instanceof ClearRfidCodeResponse r) {
            return r.getStatus();
        }
        if (answer instanceof DefaultResponse r && r.getStatusCode() != null) {
            return r.getStatusCode().getId();
        }
        return null;
    }

    private Answer mapDefaultOrUnexpected(CommandType type, Object answer) {
        if (answer instanceof DefaultResponse r && r.getStatusCode() != null) {
            int status = r.getStatusCode().getId();
            return new Done(DoorLockStatus.outcome(type, status), state(), "lock answered " + DoorLockStatus.describe(status));
        }
        return unexpected(answer);
    }

    private static Answer unexpected(Object answer) {
        // a notification that happened to carry our sequence number: the real answer may still come
        return new NoAnswer("unexpected answer " + answer.getClass().getSimpleName(), false);
    }

    private void applyAttributes(ReadAttributesResponse response) {
        for (ReadAttributeStatusRecord record : response.getRecords()) {
            if (record.getStatus() == ZclStatus.SUCCESS && record.getAttributeValue() instanceof Number value) {
                applyAttribute(response.getClusterId(), record.getAttributeIdentifier(), value.intValue());
            }
        }
    }

    private void applyAttribute(int cluster, int attribute, int value) {
        if (cluster == DoorLockEvents.DOOR_LOCK_CLUSTER) {
            switch (attribute) {
                case DoorLockEvents.ATTR_LOCK_STATE:
                    bolt = DoorLockEvents.bolt(value);
                    break;
                case DoorLockEvents.ATTR_DOOR_STATE:
                    door = DoorLockEvents.door(value);
                    break;
                case DoorLockEvents.ATTR_OPERATING_MODE:
                    lockdown = value == DoorLockEvents.MODE_PRIVACY;
                    break;
                default:
                    break;
            }
        } else if (cluster == DoorLockEvents.POWER_CONFIGURATION_CLUSTER
                && attribute == DoorLockEvents.ATTR_BATTERY_PERCENTAGE) {
            int percent = DoorLockEvents.batteryPercent(value);
            if (percent >= 0) {
                batteryPercent = percent;
            }
        }
    }

    // ---- what the lock reports -------------------------------------------------------------

    /** Registers with the node's clusters so the stack does not refuse the lock's notifications. */
    void attach(ZigBeeNode node) {
        if (node == attachedNode) {
            return;
        }
        ZigBeeEndpoint endpoint = doorLockEndpoint(node);
        if (endpoint == null) {
            return;
        }
        attachedNode = node;
        for (int cluster : new int[] { DoorLockEvents.DOOR_LOCK_CLUSTER, DoorLockEvents.ALARMS_CLUSTER }) {
            ZclCluster zcl = endpoint.getInputCluster(cluster);
            if (zcl != null) {
                zcl.addCommandListener(notificationsHandled);
            }
        }
    }

    /**
     * A frame the lock sent on its own. Events are published before the lock gets its Default
     * Response, so an event the publisher did not take (store full, store failing) is sent again by
     * the lock instead of being lost. Repeats of an event already published are acknowledged again
     * but not published twice.
     */
    void fromLock(ZclCommand command, ZigBeeNetworkManager manager) {
        List<DoorLockEvents.Event> events;
        String key = command.getClusterId() + ":" + command.getCommandId() + ":" + command.getTransactionId();
        synchronized (this) {
            if (command instanceof OperationEventNotification n) {
                events = DoorLockEvents.operation(n.getOperationEventSource(), n.getOperationEventCode(),
                        n.getUserId() == null ? 0 : n.getUserId(), slots::credentialAt);
                DoorLockEvents.boltAfter(n.getOperationEventCode()).ifPresent(b -> bolt = b);
            } else if (command instanceof AlarmCommand alarm) {
                events = DoorLockEvents.alarm(alarm.getAlarmCode(), alarm.getClusterIdentifier());
                if (alarm.getAlarmCode() == 0 && alarm.getClusterIdentifier() == DoorLockEvents.DOOR_LOCK_CLUSTER) {
                    bolt = BoltState.JAMMED;
                }
            } else if (command instanceof ReportAttributesCommand report) {
                events = new java.util.ArrayList<>();
                for (AttributeReport attribute : report.getReports()) {
                    if (!(attribute.getAttributeValue() instanceof Number value)) {
                        continue;
                    }
                    int cluster = command.getClusterId();
                    if (cluster == DoorLockEvents.DOOR_LOCK_CLUSTER
                            && attribute.getAttributeIdentifier() == DoorLockEvents.ATTR_DOOR_STATE) {
                        events.addAll(DoorLockEvents.doorState(value.intValue()));
                    } else if (cluster == DoorLockEvents.POWER_CONFIGURATION_CLUSTER
                            && attribute.getAttributeIdentifier() == DoorLockEvents.ATTR_BATTERY_PERCENTAGE) {
                        int previous = batteryPercent;
                        events.addAll(DoorLockEvents.battery(DoorLockEvents.batteryPercent(value.intValue()), previous,
                                batteryLowPercent));
                    }
                    applyAttribute(cluster, attribute.getAttributeIdentifier(), value.intValue());
                }
            } else {
                return;
            }
            if (recentNotifications.containsKey(key)) {
                LOG.debug("Lock {} repeated notification {}: acknowledging again", lockId, key);
            } else {
                try {
                    for (DoorLockEvents.Event event : events) {
                        publisher.publish(lockId, event.type(), event.attributes());
                    }
                } catch (RuntimeException e) {
                    LOG.error("Lock {}: event not accepted, leaving the notification unacknowledged so the lock repeats it",
                            lockId, e);
                    return;
                }
                recentNotifications.put(key, Boolean.TRUE);
            }
        }
        acknowledge(command, manager);
    }

    private static void acknowledge(ZclCommand command, ZigBeeNetworkManager manager) {
        if (command.isDisableDefaultResponse() || manager == null) {
            return;
        }
        DefaultResponse response = new DefaultResponse(command.getCommandId(), ZclStatus.SUCCESS);
        response.setTransactionId(command.getTransactionId());
        response.setClusterId(command.getClusterId());
        response.setDestinationAddress(command.getSourceAddress());
        response.setCommandDirection(ZclCommandDirection.CLIENT_TO_SERVER);
        response.setDisableDefaultResponse(true);
        response.setApsSecurity(command.getApsSecurity());
        manager.sendTransaction(response);
    }

    /** The time one exchange may take: the answer timeout, never past the command's deadline. */
    private record Budget(Duration perExchange, LockCommand command) {
        long next() {
            long now = System.nanoTime();
            return now + Math.min(perExchange.toNanos(), command.remaining().toNanos());
        }
    }

    static ZigBeeEndpoint doorLockEndpoint(ZigBeeNode node) {
        for (ZigBeeEndpoint endpoint : node.getEndpoints()) {
            if (endpoint.getInputCluster(DoorLockEvents.DOOR_LOCK_CLUSTER) instanceof ZclDoorLockCluster) {
                return endpoint;
            }
        }
        return null;
    }

    private static byte[] unhex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
