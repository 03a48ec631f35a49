package com.nexefii.lock.zigbee.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.annotation.versioning.ProviderType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zsmartsystems.zigbee.ExtendedPanId;
import com.zsmartsystems.zigbee.IeeeAddress;
import com.zsmartsystems.zigbee.ZigBeeBroadcastDestination;
import com.zsmartsystems.zigbee.ZigBeeChannel;
import com.zsmartsystems.zigbee.ZigBeeNodeStatus;
import com.zsmartsystems.zigbee.ZigBeeStatus;
import com.zsmartsystems.zigbee.aps.ZigBeeApsFrame;
import com.zsmartsystems.zigbee.security.ZigBeeKey;
import com.zsmartsystems.zigbee.transport.TransportConfig;
import com.zsmartsystems.zigbee.transport.TransportConfigOption;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportProgressState;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportReceive;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportState;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportTransmit;
import com.zsmartsystems.zigbee.zdo.ZdoStatus;
import com.zsmartsystems.zigbee.zdo.command.DeviceAnnounce;
import com.zsmartsystems.zigbee.zdo.command.IeeeAddressRequest;
import com.zsmartsystems.zigbee.zdo.command.IeeeAddressResponse;
import com.zsmartsystems.zigbee.zdo.command.ManagementPermitJoiningRequest;
import com.zsmartsystems.zigbee.zdo.command.ManagementPermitJoiningResponse;

/**
 * A simulated ZigBee network seen through the stack's transport interface: this class plays the
 * coordinator's network co-processor (what an Ember or Telegesis dongle does) and the air between
 * it and the simulated door locks. The stack hands it APS frames; it reports their fate as an Ember
 * NCP does ({@code RX_ACK} or {@code RX_NAK} once the destination acknowledged it or not), answers ZDO
 * requests addressed to the coordinator itself, delivers the rest to the locks and feeds the
 * locks' frames back up. Joining works as on a real network: only while the coordinator permits
 * joining, followed by a device announce.
 *
 * <p>The network outlives the stack that drives it: a gateway may shut its stack down and start a
 * new one (a bundle update); frames the locks send meanwhile are lost on the air, and the locks
 * repeat their notifications until acknowledged.
 */
@ProviderType
public final class SimulatedZigbeeNetwork implements ZigBeeTransportTransmit, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedZigbeeNetwork.class);

    /**
     * Time on the air between the dongle accepting a frame and the destination acting on it. Real
     * radios take milliseconds too, and the stack expects a frame's TX_ACK before its answer.
     */
    static final long AIR_TIME_MILLIS = 15;

    private final String name;
    private final IeeeAddress coordinatorAddress;
    private final ScheduledExecutorService simulation;
    private final Map<IeeeAddress, SimulatedDoorLock> devices = new ConcurrentHashMap<>();
    private final AtomicInteger apsCounter = new AtomicInteger();
    private final AtomicInteger zdoTransactionId = new AtomicInteger();
    private final AtomicInteger nextNetworkAddress = new AtomicInteger(0x2A01);

    private volatile ZigBeeTransportReceive stack;
    private volatile boolean online;
    private volatile boolean childrenRejoined;
    private volatile long permitJoinUntilMillis;
    private volatile Duration retransmitInterval = Duration.ofSeconds(2);
    private volatile ZigBeeChannel channel = ZigBeeChannel.CHANNEL_11;
    private volatile int panId = 0x1A62;
    private volatile ExtendedPanId extendedPanId = new ExtendedPanId("DDDDDDDDDDDDDDDD");
    private volatile ZigBeeKey networkKey = new ZigBeeKey();
    private volatile ZigBeeKey linkKey = new ZigBeeKey();

    /**
     * @param name names the simulation thread and the log lines
     * @param coordinatorAddress the IEEE address of the simulated dongle
     */
    public SimulatedZigbeeNetwork(String name, IeeeAddress coordinatorAddress) {
        this.name = Objects.requireNonNull(name, "name");
        this.coordinatorAddress = Objects.requireNonNull(coordinatorAddress, "coordinatorAddress");
        this.simulation = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "zigbee-simulation-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    // ---- what a test or the demo controls -------------------------------------------------

    public String name() {
        return name;
    }

    /** @return a new lock that is not yet part of the network */
    public SimulatedDoorLock newLock(IeeeAddress ieeeAddress) {
        return new SimulatedDoorLock(this, ieeeAddress);
    }

    /**
     * The lock tries to join. It succeeds only while the coordinator permits joining; it then
     * gets a network address, the dongle reports the join and the lock announces itself.
     *
     * @return false when joining is not permitted now
     */
    public boolean join(SimulatedDoorLock lock) {
        if (!permitJoinOpen()) {
            LOG.info("{}: lock {} cannot join: joining is not permitted", name, lock.ieeeAddress());
            return false;
        }
        admit(lock);
        onSimulationThread(() -> {
            ZigBeeTransportReceive receiver = stack;
            if (receiver != null && online) {
                receiver.nodeStatusUpdate(ZigBeeNodeStatus.UNSECURED_JOIN, lock.networkAddress(), lock.ieeeAddress());
            }
            uplink(Frames.zdo(lock.networkAddress(), ZigBeeBroadcastDestination.BROADCAST_RX_ON.getKey(),
                    DeviceAnnounce.CLUSTER_ID, new DeviceAnnounce(lock.networkAddress(), lock.ieeeAddress(), 0x80),
                    zdoTransactionId.getAndIncrement() & 0xFF, nextApsCounter()));
        });
        return true;
    }

    /**
     * Puts a lock on the network as if it had joined long ago (a commissioned site): no announce;
     * the coordinator lists it among its children, so a starting stack discovers it.
     */
    public SimulatedDoorLock admit(SimulatedDoorLock lock) {
        if (!lock.joined()) {
            lock.joinedAs(nextNetworkAddress.getAndIncrement());
        }
        devices.put(lock.ieeeAddress(), lock);
        return lock;
    }

    /** The lock leaves the network on its own (factory reset, removal); the dongle reports it. */
    public void leave(SimulatedDoorLock lock) {
        onSimulationThread(() -> {
            if (devices.remove(lock.ieeeAddress()) == null) {
                return;
            }
            int nwk = lock.networkAddress();
            lock.left();
            ZigBeeTransportReceive receiver = stack;
            if (receiver != null && online) {
                receiver.nodeStatusUpdate(ZigBeeNodeStatus.DEVICE_LEFT, nwk, lock.ieeeAddress());
            }
        });
    }

    public Collection<SimulatedDoorLock> locks() {
        return List.copyOf(devices.values());
    }

    public Optional<SimulatedDoorLock> lock(IeeeAddress ieeeAddress) {
        return Optional.ofNullable(devices.get(ieeeAddress));
    }

    public boolean permitJoinOpen() {
        return System.currentTimeMillis() < permitJoinUntilMillis;
    }

    /** @return true while a started stack is attached */
    public boolean online() {
        return online;
    }

    /** How often a lock repeats an unacknowledged notification. */
    public SimulatedZigbeeNetwork retransmitInterval(Duration interval) {
        this.retransmitInterval = Objects.requireNonNull(interval, "interval");
        return this;
    }

    public Duration retransmitInterval() {
        return retransmitInterval;
    }

    @Override
    public void close() {
        online = false;
        simulation.shutdownNow();
    }

    // ---- the dongle, as the stack sees it ---------------------------------------------------

    @Override
    public ZigBeeStatus initialize() {
        LOG.info("{}: simulated coordinator {} initialised", name, coordinatorAddress);
        return ZigBeeStatus.SUCCESS;
    }

    @Override
    public ZigBeeStatus startup(boolean reinitialize) {
        ZigBeeTransportReceive receiver = stack;
        if (receiver == null) {
            return ZigBeeStatus.INVALID_STATE;
        }
        online = true;
        childrenRejoined = false;
        receiver.setTransportState(ZigBeeTransportState.ONLINE);
        LOG.info("{}: simulated network up on channel {} PAN {} with {} locks", name, channel,
                String.format("%04X", panId), devices.size());
        return ZigBeeStatus.SUCCESS;
    }

    @Override
    public void shutdown() {
        online = false;
        stack = null;
        LOG.info("{}: simulated coordinator shut down; {} locks stay on the air", name, devices.size());
    }

    @Override
    public String getVersionString() {
        return "Nexefii simulated coordinator 1.0";
    }

    @Override
    public IeeeAddress getIeeeAddress() {
        return coordinatorAddress;
    }

    @Override
    public Integer getNwkAddress() {
        return Frames.COORDINATOR;
    }

    @Override
    public void setZigBeeTransportReceive(ZigBeeTransportReceive receiver) {
        this.stack = receiver;
    }

    @Override
    public void sendCommand(int msgTag, ZigBeeApsFrame frame) {
        onSimulationThread(() -> route(msgTag, frame));
    }

    @Override
    public ZigBeeChannel getZigBeeChannel() {
        return channel;
    }

    @Override
    public ZigBeeStatus setZigBeeChannel(ZigBeeChannel channel) {
        this.channel = channel;
        return ZigBeeStatus.SUCCESS;
    }

    @Override
    public int getZigBeePanId() {
        return panId;
    }

    @Override
    public ZigBeeStatus setZigBeePanId(int panId) {
        this.panId = panId;
        return ZigBeeStatus.SUCCESS;
    }

    @Override
    public ExtendedPanId getZigBeeExtendedPanId() {
        return extendedPanId;
    }

    @Override
    public ZigBeeStatus setZigBeeExtendedPanId(ExtendedPanId panId) {
        this.extendedPanId = panId;
        return ZigBeeStatus.SUCCESS;
    }

    @Override
    public ZigBeeStatus setZigBeeNetworkKey(ZigBeeKey key) {
        this.networkKey = key;
        return ZigBeeStatus.SUCCESS;
    }

    @Override
    public ZigBeeKey getZigBeeNetworkKey() {
        return networkKey;
    }

    @Override
    public ZigBeeStatus setTcLinkKey(ZigBeeKey key) {
        this.linkKey = key;
        return ZigBeeStatus.SUCCESS;
    }

    @Override
    public ZigBeeKey getTcLinkKey() {
        return linkKey;
    }

    @Override
    public void updateTransportConfig(TransportConfig configuration) {
        for (TransportConfigOption option : configuration.getOptions()) {
            configuration.setResult(option, ZigBeeStatus.SUCCESS);
        }
    }

    // ---- the air (simulation thread) ---------------------------------------------------

    private void route(int msgTag, ZigBeeApsFrame frame) {
        if (stack == null || !online) {
            return;
        }
        int destination = frame.getDestinationAddress();
        // Like an Ember NCP: no TX_ACK for an accepted frame, only the "message sent" outcome
        // (RX_ACK / RX_NAK) once the destination acknowledged it or could not be reached.
        if (ZigBeeBroadcastDestination.isBroadcast(destination)) {
            // the dongle reports a broadcast as sent (RX_ACK) once it has gone out
            schedule(() -> {
                progress(msgTag, ZigBeeTransportProgressState.RX_ACK);
                schedule(() -> {
                    coordinatorZdo(frame, true);
                    devices.values().forEach(lock -> lock.receiveBroadcast(frame));
                }, AIR_TIME_MILLIS);
            }, AIR_TIME_MILLIS);
            return;
        }
        if (destination == Frames.COORDINATOR) {
            // frames for the coordinator itself are delivered locally: acknowledged, then answered
            schedule(() -> {
                progress(msgTag, ZigBeeTransportProgressState.RX_ACK);
                schedule(() -> coordinatorZdo(frame, false), AIR_TIME_MILLIS);
            }, AIR_TIME_MILLIS);
            return;
        }
        SimulatedDoorLock lock = byNetworkAddress(destination);
        if (lock == null) {
            progress(msgTag, ZigBeeTransportProgressState.RX_NAK);
            return;
        }
        lock.receive(msgTag, frame);
    }

    private void coordinatorZdo(ZigBeeApsFrame frame, boolean broadcast) {
        if (frame.getProfile() != Frames.ZDO_PROFILE) {
            return;
        }
        int[] payload = frame.getPayload();
        int tid = payload.length > 0 ? payload[0] : 0;
        try {
            switch (frame.getCluster()) {
                case 0x0036: { // Mgmt_Permit_Joining_req
                    ManagementPermitJoiningRequest request = new ManagementPermitJoiningRequest();
                    request.deserialize(Frames.reader(payload));
                    int seconds = request.getPermitDuration();
                    permitJoinUntilMillis = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(seconds);
                    LOG.info("{}: permit join {} s", name, seconds);
                    if (!broadcast) {
                        uplink(Frames.zdo(Frames.COORDINATOR, Frames.COORDINATOR,
                                ManagementPermitJoiningResponse.CLUSTER_ID,
                                new ManagementPermitJoiningResponse(ZdoStatus.SUCCESS), tid, nextApsCounter()));
                    }
                    break;
                }
                case 0x0001: { // IEEE_addr_req about the coordinator: also lists its children
                    IeeeAddressRequest request = new IeeeAddressRequest();
                    request.deserialize(Frames.reader(payload));
                    if (request.getNwkAddrOfInterest() != Frames.COORDINATOR) {
                        break;
                    }
                    List<Integer> children = new ArrayList<>();
                    if (request.getRequestType() == 1 && !childrenRejoined) {
                        // Sleepy children that lost their parent while the coordinator was down rejoin
                        // when it is back; the stack asking for the child list is the moment it listens.
                        childrenRejoined = true;
                        devices.values().forEach(lock -> stack.nodeStatusUpdate(ZigBeeNodeStatus.SECURED_REJOIN,
                                lock.networkAddress(), lock.ieeeAddress()));
                    }
                    if (request.getRequestType() == 1) {
                        devices.values().stream().map(SimulatedDoorLock::networkAddress).sorted()
                                .skip(request.getStartIndex()).forEach(children::add);
                    }
                    uplink(Frames.zdo(Frames.COORDINATOR, Frames.COORDINATOR, IeeeAddressResponse.CLUSTER_ID,
                            new IeeeAddressResponse(ZdoStatus.SUCCESS, coordinatorAddress, Frames.COORDINATOR,
                                    request.getStartIndex(), children),
                            tid, nextApsCounter()));
                    break;
                }
                case 0x0002: // Node_Desc_req: coordinator, mains powered, receiver always on
                    if (!broadcast) {
                        uplink(Frames.zdoRaw(Frames.COORDINATOR, Frames.COORDINATOR, 0x8002, new int[] { tid, 0x00,
                                0x00, 0x00, 0x00, 0x40, 0x8E, 0x34, 0x12, 0x52, 0x80, 0x00, 0x41, 0x2C, 0x80, 0x00,
                                0x00 }, nextApsCounter()));
                    }
                    break;
                case 0x0003: // Power_Desc_req: mains
                    if (!broadcast) {
                        uplink(Frames.zdoRaw(Frames.COORDINATOR, Frames.COORDINATOR, 0x8003,
                                new int[] { tid, 0x00, 0x00, 0x00, 0x10, 0xC1 }, nextApsCounter()));
                    }
                    break;
                default:
                    if (!broadcast && frame.getCluster() < 0x8000) {
                        uplink(Frames.zdoRaw(Frames.COORDINATOR, Frames.COORDINATOR, frame.getCluster() | 0x8000,
                                new int[] { tid, 0x84 }, nextApsCounter()));
                    }
                    break;
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: coordinator could not handle ZDO frame {}", name, frame, e);
        }
    }

    private SimulatedDoorLock byNetworkAddress(int nwk) {
        for (SimulatedDoorLock lock : devices.values()) {
            if (lock.networkAddress() == nwk) {
                return lock;
            }
        }
        return null;
    }

    /** A frame from a lock (or the coordinator's own ZDO answers) reaches the stack, if one listens. */
    void uplink(ZigBeeApsFrame frame) {
        ZigBeeTransportReceive receiver = stack;
        if (receiver == null || !online) {
            LOG.debug("{}: no stack listening, frame lost: {}", name, frame);
            return;
        }
        try {
            receiver.receiveCommand(frame);
        } catch (RuntimeException e) {
            // A stack that chokes on a frame must not stop the air.
            LOG.warn("{}: the stack failed on frame {}", name, frame, e);
        }
    }

    void progress(int msgTag, ZigBeeTransportProgressState state) {
        ZigBeeTransportReceive receiver = stack;
        if (receiver != null && online) {
            receiver.receiveCommandState(msgTag, state);
        }
    }

    int nextApsCounter() {
        return apsCounter.getAndIncrement() & 0xFF;
    }

    void onSimulationThread(Runnable task) {
        if (!simulation.isShutdown()) {
            simulation.execute(guarded(task));
        }
    }

    void schedule(Runnable task, long delayMillis) {
        if (!simulation.isShutdown()) {
            simulation.schedule(guarded(task), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    ScheduledFuture<?> repeat(Runnable task, long periodMillis) {
        return simulation.scheduleWithFixedDelay(guarded(task), 0, Math.max(1, periodMillis), TimeUnit.MILLISECONDS);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: simulation step failed", name, e);
            }
        };
    }

    static String hex(byte[] bytes) {
        StringBuilder builder = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            builder.append(String.format("%02X", b & 0xFF));
        }
        return builder.toString();
    }

    @Override
    public String toString() {
        return "SimulatedZigbeeNetwork[" + name + ", " + devices.size() + " locks]";
    }
}
