package com.nexefii.lock.zigbee.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zsmartsystems.zigbee.IeeeAddress;
import com.zsmartsystems.zigbee.aps.ZigBeeApsFrame;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportProgressState;
import com.zsmartsystems.zigbee.zcl.ZclCommand;
import com.zsmartsystems.zigbee.zcl.ZclFieldDeserializer;
import com.zsmartsystems.zigbee.zcl.ZclFrameType;
import com.zsmartsystems.zigbee.zcl.ZclHeader;
import com.zsmartsystems.zigbee.zcl.ZclStatus;
import com.zsmartsystems.zigbee.zcl.clusters.alarms.AlarmCommand;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.ClearPinCode;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.ClearPinCodeResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.ClearRfidCode;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.ClearRfidCodeResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.GetPinCode;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.GetPinCodeResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.GetRfidCode;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.GetRfidCodeResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.LockDoorResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.OperationEventNotification;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.SetPinCode;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.SetPinCodeResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.SetRfidCode;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.SetRfidCodeResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.UnlockDoorResponse;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.UnlockWithTimeout;
import com.zsmartsystems.zigbee.zcl.clusters.doorlock.UnlockWithTimeoutResponse;
import com.zsmartsystems.zigbee.zcl.clusters.general.ConfigureReportingResponse;
import com.zsmartsystems.zigbee.zcl.clusters.general.DefaultResponse;
import com.zsmartsystems.zigbee.zcl.clusters.general.ReadAttributesCommand;
import com.zsmartsystems.zigbee.zcl.clusters.general.ReadAttributesResponse;
import com.zsmartsystems.zigbee.zcl.clusters.general.ReportAttributesCommand;
import com.zsmartsystems.zigbee.zcl.clusters.general.WriteAttributesCommand;
import com.zsmartsystems.zigbee.zcl.clusters.general.WriteAttributesResponse;
import com.zsmartsystems.zigbee.zcl.field.AttributeReport;
import com.zsmartsystems.zigbee.zcl.field.ByteArray;
import com.zsmartsystems.zigbee.zcl.field.ReadAttributeStatusRecord;
import com.zsmartsystems.zigbee.zcl.field.WriteAttributeRecord;
import com.zsmartsystems.zigbee.zcl.field.WriteAttributeStatusRecord;
import com.zsmartsystems.zigbee.zcl.protocol.ZclDataType;
import com.zsmartsystems.zigbee.zdo.ZdoStatus;
import com.zsmartsystems.zigbee.zdo.command.ActiveEndpointsResponse;
import com.zsmartsystems.zigbee.zdo.command.BindResponse;
import com.zsmartsystems.zigbee.zdo.command.IeeeAddressRequest;
import com.zsmartsystems.zigbee.zdo.command.IeeeAddressResponse;
import com.zsmartsystems.zigbee.zdo.command.ManagementLeaveResponse;
import com.zsmartsystems.zigbee.zdo.command.NetworkAddressRequest;
import com.zsmartsystems.zigbee.zdo.command.NetworkAddressResponse;

/**
 * A battery-powered ZigBee door lock (HA device 0x000A) on one endpoint with the Basic, Power
 * Configuration, Identify, Alarms and Door Lock server clusters. It answers ZDO discovery and ZCL
 * commands with real frames, sends operation event notifications, alarms and attribute reports
 * (repeated until the coordinator acknowledges them with a ZCL Default Response, as a lock that
 * must not lose an audit record would), and can be made slow, silent, lossy, garbling,
 * unreachable or jammed.
 *
 * <p>All state changes happen on the network's single simulation thread.
 */
public final class SimulatedDoorLock {

    public static final int DOOR_LOCK_CLUSTER = 0x0101;
    public static final int ALARMS_CLUSTER = 0x0009;
    public static final int POWER_CONFIGURATION_CLUSTER = 0x0001;
    public static final int BASIC_CLUSTER = 0x0000;

    /** Door Lock alarm codes (ZCL 7.3.2.17 / alarm code table). */
    public static final int ALARM_DEADBOLT_JAMMED = 0x00;
    public static final int ALARM_WRONG_CODE_ENTRY_LIMIT = 0x04;
    public static final int ALARM_FRONT_ESCUTCHEON_REMOVED = 0x05;
    public static final int ALARM_FORCED_DOOR_OPEN = 0x06;

    /** Operation event sources. */
    public static final int SOURCE_KEYPAD = 0x00;
    public static final int SOURCE_RF = 0x01;
    public static final int SOURCE_MANUAL = 0x02;
    public static final int SOURCE_RFID = 0x03;
    public static final int SOURCE_INDETERMINATE = 0xFF;

    /** Operation event codes. */
    public static final int EVENT_LOCK = 0x01;
    public static final int EVENT_UNLOCK = 0x02;
    public static final int EVENT_UNLOCK_FAILURE_INVALID_PIN = 0x05;
    public static final int EVENT_AUTO_LOCK = 0x0A;
    public static final int EVENT_MANUAL_UNLOCK = 0x0E;

    /** Door state attribute values (0x0003); 5 is the door-ajar value of later revisions. */
    public static final int DOOR_OPEN = 0;
    public static final int DOOR_CLOSED = 1;
    public static final int DOOR_FORCED_OPEN = 3;
    public static final int DOOR_AJAR = 5;

    /** Door lock command status codes (ZCL 8 DlStatus; 0x7E/0x85/0x89/0x8B are general ZCL codes). */
    public static final int STATUS_SUCCESS = 0x00;
    public static final int STATUS_FAILURE = 0x01;
    public static final int STATUS_DUPLICATE = 0x02;
    public static final int STATUS_OCCUPIED = 0x03;
    public static final int STATUS_NOT_AUTHORIZED = 0x7E;
    public static final int STATUS_INVALID_FIELD = 0x85;

    /** Operating mode values (attribute 0x0025). */
    public static final int MODE_NORMAL = 0;
    public static final int MODE_PRIVACY = 2;

    /** Names in {@link #receivedCommands()}. */
    public static final String LOCK_DOOR = "Cluster:0101:00";
    public static final String UNLOCK_DOOR = "Cluster:0101:01";
    public static final String UNLOCK_WITH_TIMEOUT = "Cluster:0101:03";
    public static final String SET_PIN_CODE = "Cluster:0101:05";
    public static final String CLEAR_PIN_CODE = "Cluster:0101:07";
    public static final String SET_RFID_CODE = "Cluster:0101:16";
    public static final String CLEAR_RFID_CODE = "Cluster:0101:18";
    public static final String READ_DOOR_LOCK_ATTRIBUTES = "General:0101:00";
    public static final String WRITE_DOOR_LOCK_ATTRIBUTES = "General:0101:02";
    public static final String DEFAULT_RESPONSE_DOOR_LOCK = "General:0101:0B";
    /** The last exchange of the gateway's installation of a lock (it reads the model). */
    public static final String READ_BASIC_ATTRIBUTES = "General:0000:00";

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDoorLock.class);
    private static final int ENDPOINT = Frames.DEVICE_ENDPOINT;
    private static final int DEVICE_ID_DOOR_LOCK = 0x000A;
    private static final int MANUFACTURER_CODE = 0x1234;

    private final SimulatedZigbeeNetwork network;
    private final IeeeAddress ieeeAddress;
    private final AtomicInteger uplinkTransactionId = new AtomicInteger(0x80);
    private final Map<Integer, ScheduledFuture<?>> unacknowledged = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Map<Integer, byte[]> pins = new ConcurrentHashMap<>();
    private final Map<Integer, byte[]> rfids = new ConcurrentHashMap<>();

    private volatile int networkAddress = -1;
    private volatile Duration pollInterval = Duration.ZERO;
    private volatile boolean silent;
    private volatile boolean jammed;
    private volatile boolean reachable = true;
    private final AtomicInteger framesToDrop = new AtomicInteger();
    private final AtomicInteger responsesToGarble = new AtomicInteger();
    private volatile Integer nextStatus;
    private volatile boolean pinSupported = true;
    private volatile boolean rfidSupported = true;
    private volatile int supportedOperatingModes = 0b0000_0111;
    private volatile int maxUsers = 30;

    private volatile int lockState = 1;
    private volatile int doorState = DOOR_CLOSED;
    private volatile int operatingMode = MODE_NORMAL;
    private volatile int batteryPercent = 100;
    private volatile String model = "Nexefii SimLock ZB-1";

    SimulatedDoorLock(SimulatedZigbeeNetwork network, IeeeAddress ieeeAddress) {
        this.network = Objects.requireNonNull(network, "network");
        this.ieeeAddress = Objects.requireNonNull(ieeeAddress, "ieeeAddress");
    }

    // ---- what a test or the demo controls -------------------------------------------------

    public IeeeAddress ieeeAddress() {
        return ieeeAddress;
    }

    /** @return the short network address, -1 while not joined */
    public int networkAddress() {
        return networkAddress;
    }

    public boolean joined() {
        return networkAddress >= 0;
    }

    /**
     * Makes the lock a sleepy end device: frames for it wait at its parent until it polls, every
     * {@code interval} (real locks: about 7.5 s). Zero: the receiver is always on.
     */
    public SimulatedDoorLock pollInterval(Duration interval) {
        this.pollInterval = Objects.requireNonNull(interval, "interval");
        return this;
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** A silent lock hears frames but never answers (not even an APS acknowledgement). */
    public SimulatedDoorLock silent(boolean silent) {
        this.silent = silent;
        return this;
    }

    /** A jammed bolt cannot move: lock and unlock fail, the lock reports the jam. */
    public SimulatedDoorLock jammed(boolean jammed) {
        this.jammed = jammed;
        return this;
    }

    /** An unreachable lock (out of range, battery removed): its parent reports delivery failures. */
    public SimulatedDoorLock reachable(boolean reachable) {
        this.reachable = reachable;
        return this;
    }

    /** The next {@code count} frames sent to the lock are lost on the air. */
    public SimulatedDoorLock dropNextFrames(int count) {
        framesToDrop.set(count);
        return this;
    }

    /** The next {@code count} ZCL answers of the lock are truncated to a malformed frame. */
    public SimulatedDoorLock garbleNextResponses(int count) {
        responsesToGarble.set(count);
        return this;
    }

    /** The next door lock command is refused with this status code (no state change). */
    public SimulatedDoorLock respondNextWith(int status) {
        this.nextStatus = status;
        return this;
    }

    public SimulatedDoorLock pinSupported(boolean supported) {
        this.pinSupported = supported;
        return this;
    }

    public SimulatedDoorLock rfidSupported(boolean supported) {
        this.rfidSupported = supported;
        return this;
    }

    /** Bitmap of supported operating modes (bit 2 = privacy, which the gateway uses for lockdown). */
    public SimulatedDoorLock supportedOperatingModes(int bitmap) {
        this.supportedOperatingModes = bitmap;
        return this;
    }

    public SimulatedDoorLock model(String model) {
        this.model = Objects.requireNonNull(model, "model");
        return this;
    }

    /** @return the names of the ZDO/ZCL commands the lock received, in order (dropped ones included) */
    public List<String> receivedCommands() {
        return List.copyOf(received);
    }

    /** @return how many frames of this command the lock received */
    public long received(String commandName) {
        return received.stream().filter(commandName::equals).count();
    }

    public boolean locked() {
        return lockState == 1;
    }

    public int lockState() {
        return lockState;
    }

    public int operatingMode() {
        return operatingMode;
    }

    public int doorState() {
        return doorState;
    }

    /** @return the PIN stored for a user slot, or null */
    public String pin(int userId) {
        byte[] pin = pins.get(userId);
        return pin == null ? null : new String(pin, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** @return the RFID code stored for a user slot as hex, or null */
    public String rfid(int userId) {
        byte[] code = rfids.get(userId);
        return code == null ? null : SimulatedZigbeeNetwork.hex(code);
    }

    public Map<Integer, String> pins() {
        Map<Integer, String> copy = new java.util.TreeMap<>();
        pins.keySet().forEach(id -> copy.put(id, pin(id)));
        return copy;
    }

    public Map<Integer, String> rfids() {
        Map<Integer, String> copy = new java.util.TreeMap<>();
        rfids.keySet().forEach(id -> copy.put(id, rfid(id)));
        return copy;
    }

    /** @return how many notifications and reports still wait for the coordinator's acknowledgement */
    public int unacknowledgedUplinks() {
        return unacknowledged.size();
    }

    /** Someone operated the lock locally: it changes state and notifies the coordinator. */
    public void operate(int source, int eventCode, int userId) {
        network.onSimulationThread(() -> {
            if (eventCode == EVENT_LOCK || eventCode == EVENT_AUTO_LOCK) {
                lockState = 1;
            } else if (eventCode == EVENT_UNLOCK || eventCode == EVENT_MANUAL_UNLOCK) {
                lockState = 2;
            }
            notifyOperation(source, eventCode, userId);
        });
    }

    /** The lock raises a Door Lock alarm (jam, tamper, forced door) through its Alarms cluster. */
    public void raiseAlarm(int alarmCode) {
        network.onSimulationThread(() -> sendReliably(ALARMS_CLUSTER, new AlarmCommand(alarmCode, DOOR_LOCK_CLUSTER)));
    }

    /** The door sensor changes: the lock reports its door state attribute. */
    public void doorState(int state) {
        network.onSimulationThread(() -> {
            doorState = state;
            report(DOOR_LOCK_CLUSTER, 0x0003, ZclDataType.ENUMERATION_8_BIT, state);
        });
    }

    /** The battery drains: the lock reports BatteryPercentageRemaining (in half percent). */
    public void batteryPercent(int percent) {
        network.onSimulationThread(() -> {
            batteryPercent = percent;
            report(POWER_CONFIGURATION_CLUSTER, 0x0021, ZclDataType.UNSIGNED_8_BIT_INTEGER, percent * 2);
        });
    }

    /** Sends frames a real network also carries now and then: truncated, unknown cluster, bad profile. */
    public void sendMalformedFrames() {
        network.onSimulationThread(() -> {
            int nwk = networkAddress;
            network.uplink(Frames.frame(nwk, Frames.COORDINATOR, Frames.HA_PROFILE, DOOR_LOCK_CLUSTER, ENDPOINT,
                    Frames.COORDINATOR_ENDPOINT, new int[] { 0x19 }, network.nextApsCounter()));
            network.uplink(Frames.frame(nwk, Frames.COORDINATOR, Frames.HA_PROFILE, DOOR_LOCK_CLUSTER, ENDPOINT,
                    Frames.COORDINATOR_ENDPOINT, new int[] { 0x19, 0x05, 0x20, 0x01 }, network.nextApsCounter()));
            network.uplink(Frames.frame(nwk, Frames.COORDINATOR, Frames.HA_PROFILE, 0xFC42, ENDPOINT,
                    Frames.COORDINATOR_ENDPOINT, new int[] { 0x1D, 0x34, 0x12, 0x07, 0x99, 0xFF }, network.nextApsCounter()));
            network.uplink(Frames.frame(nwk, Frames.COORDINATOR, 0x7777, DOOR_LOCK_CLUSTER, ENDPOINT,
                    Frames.COORDINATOR_ENDPOINT, new int[] { 0x00 }, network.nextApsCounter()));
            network.uplink(Frames.frame(nwk, Frames.COORDINATOR, Frames.HA_PROFILE, DOOR_LOCK_CLUSTER, ENDPOINT,
                    Frames.COORDINATOR_ENDPOINT, new int[0], network.nextApsCounter()));
        });
    }

    // ---- radio side (simulation thread) -------------------------------------------------

    void joinedAs(int nwk) {
        this.networkAddress = nwk;
    }

    void left() {
        this.networkAddress = -1;
        unacknowledged.values().forEach(f -> f.cancel(false));
        unacknowledged.clear();
    }

    /** A unicast frame from the coordinator reached this lock's parent. */
    void receive(int msgTag, ZigBeeApsFrame frame) {
        String name = commandName(frame);
        received.add(name);
        if (!reachable) {
            network.progress(msgTag, ZigBeeTransportProgressState.RX_NAK);
            return;
        }
        if (framesToDrop.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0 || silent) {
            LOG.debug("Lock {} drops {}", ieeeAddress, name);
            return;
        }
        network.schedule(() -> {
            if (!joined()) {
                network.progress(msgTag, ZigBeeTransportProgressState.RX_NAK);
                return;
            }
            // the APS acknowledgement travels back before the lock's answer does
            network.progress(msgTag, ZigBeeTransportProgressState.RX_ACK);
            network.schedule(() -> handle(frame), SimulatedZigbeeNetwork.AIR_TIME_MILLIS);
        }, Math.max(SimulatedZigbeeNetwork.AIR_TIME_MILLIS, delayToNextPoll()));
    }

    /** A broadcast frame: only address queries about this lock are answered. */
    void receiveBroadcast(ZigBeeApsFrame frame) {
        if (silent || !reachable || frame.getProfile() != Frames.ZDO_PROFILE) {
            return;
        }
        try {
            ZclFieldDeserializer reader = Frames.reader(frame.getPayload());
            if (frame.getCluster() == NetworkAddressRequest.CLUSTER_ID) {
                NetworkAddressRequest request = new NetworkAddressRequest();
                request.deserialize(reader);
                if (ieeeAddress.equals(request.getIeeeAddr())) {
                    zdoAnswer(NetworkAddressResponse.CLUSTER_ID, new NetworkAddressResponse(ZdoStatus.SUCCESS,
                            ieeeAddress, networkAddress, 0, List.of()), request.getTransactionId());
                }
            } else if (frame.getCluster() == IeeeAddressRequest.CLUSTER_ID) {
                IeeeAddressRequest request = new IeeeAddressRequest();
                request.deserialize(reader);
                if (request.getNwkAddrOfInterest() == networkAddress) {
                    zdoAnswer(IeeeAddressResponse.CLUSTER_ID, new IeeeAddressResponse(ZdoStatus.SUCCESS,
                            ieeeAddress, networkAddress, 0, List.of()), request.getTransactionId());
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Lock {} ignores unreadable broadcast", ieeeAddress, e);
        }
    }

    private long delayToNextPoll() {
        long interval = pollInterval.toMillis();
        if (interval <= 0) {
            return 0;
        }
        return interval - System.currentTimeMillis() % interval;
    }

    private void handle(ZigBeeApsFrame frame) {
        try {
            if (frame.getProfile() == Frames.ZDO_PROFILE) {
                handleZdo(frame);
            } else {
                handleZcl(frame);
            }
        } catch (RuntimeException e) {
            LOG.warn("Lock {} could not handle frame {}", ieeeAddress, frame, e);
        }
    }

    private void handleZdo(ZigBeeApsFrame frame) {
        int[] payload = frame.getPayload();
        int tid = payload[0];
        int nwk = networkAddress;
        switch (frame.getCluster()) {
            case 0x0000: // NWK_addr_req
                zdoAnswer(NetworkAddressResponse.CLUSTER_ID,
                        new NetworkAddressResponse(ZdoStatus.SUCCESS, ieeeAddress, nwk, 0, List.of()), tid);
                break;
            case 0x0001: // IEEE_addr_req
                zdoAnswer(IeeeAddressResponse.CLUSTER_ID,
                        new IeeeAddressResponse(ZdoStatus.SUCCESS, ieeeAddress, nwk, 0, List.of()), tid);
                break;
            case 0x0002: // Node_Desc_req
                network.uplink(Frames.zdoRaw(nwk, Frames.COORDINATOR, 0x8002, nodeDescriptorResponse(tid),
                        network.nextApsCounter()));
                break;
            case 0x0003: // Power_Desc_req
                network.uplink(Frames.zdoRaw(nwk, Frames.COORDINATOR, 0x8003, powerDescriptorResponse(tid),
                        network.nextApsCounter()));
                break;
            case 0x0004: // Simple_Desc_req
                network.uplink(Frames.zdoRaw(nwk, Frames.COORDINATOR, 0x8004, simpleDescriptorResponse(tid),
                        network.nextApsCounter()));
                break;
            case 0x0005: // Active_EP_req
                zdoAnswer(ActiveEndpointsResponse.CLUSTER_ID,
                        new ActiveEndpointsResponse(ZdoStatus.SUCCESS, nwk, List.of(ENDPOINT)), tid);
                break;
            case 0x0021: // Bind_req
                zdoAnswer(BindResponse.CLUSTER_ID, new BindResponse(ZdoStatus.SUCCESS), tid);
                break;
            case 0x0034: // Mgmt_Leave_req
                zdoAnswer(ManagementLeaveResponse.CLUSTER_ID, new ManagementLeaveResponse(ZdoStatus.SUCCESS), tid);
                network.leave(this);
                break;
            default:
                network.uplink(Frames.zdoRaw(nwk, Frames.COORDINATOR, frame.getCluster() | 0x8000,
                        new int[] { tid, 0x84 }, network.nextApsCounter()));
                break;
        }
    }

    private void zdoAnswer(int cluster, com.zsmartsystems.zigbee.zdo.ZdoResponse response, int tid) {
        network.uplink(Frames.zdo(networkAddress, Frames.COORDINATOR, cluster, response, tid,
                network.nextApsCounter()));
    }

    private int[] nodeDescriptorResponse(int tid) {
        int macCapabilities = 0x80 | (pollInterval.isZero() ? 0x08 : 0x00);
        int[] payload = new int[4 + 13];
        payload[0] = tid;
        payload[1] = 0x00;
        Frames.putU16(payload, 2, networkAddress);
        payload[4] = 0x02; // end device
        payload[5] = 0x40; // 2.4 GHz
        payload[6] = macCapabilities;
        Frames.putU16(payload, 7, MANUFACTURER_CODE);
        payload[9] = 0x52; // max buffer size
        Frames.putU16(payload, 10, 0x0052);
        Frames.putU16(payload, 12, 0x0000);
        Frames.putU16(payload, 14, 0x0052);
        payload[16] = 0x00;
        return payload;
    }

    private int[] powerDescriptorResponse(int tid) {
        int mode = pollInterval.isZero() ? 0x00 : 0x01;
        int[] payload = new int[] { tid, 0x00, 0, 0, mode | 0x40, 0x04 | 0xC0 };
        Frames.putU16(payload, 2, networkAddress);
        return payload;
    }

    private int[] simpleDescriptorResponse(int tid) {
        int[] in = { BASIC_CLUSTER, POWER_CONFIGURATION_CLUSTER, 0x0003, ALARMS_CLUSTER, DOOR_LOCK_CLUSTER };
        int[] out = { 0x0019 };
        int length = 6 + 2 * in.length + 1 + 2 * out.length + 1;
        int[] payload = new int[5 + length];
        payload[0] = tid;
        payload[1] = 0x00;
        Frames.putU16(payload, 2, networkAddress);
        payload[4] = length;
        payload[5] = ENDPOINT;
        Frames.putU16(payload, 6, Frames.HA_PROFILE);
        Frames.putU16(payload, 8, DEVICE_ID_DOOR_LOCK);
        payload[10] = 0x01;
        payload[11] = in.length;
        int offset = 12;
        for (int cluster : in) {
            Frames.putU16(payload, offset, cluster);
            offset += 2;
        }
        payload[offset++] = out.length;
        for (int cluster : out) {
            Frames.putU16(payload, offset, cluster);
            offset += 2;
        }
        return payload;
    }

    private void handleZcl(ZigBeeApsFrame frame) {
        ZclFieldDeserializer reader = Frames.reader(frame.getPayload());
        ZclHeader header = new ZclHeader(reader);
        int tid = header.getSequenceNumber();
        int cluster = frame.getCluster();
        if (header.getFrameType() == ZclFrameType.ENTIRE_PROFILE_COMMAND) {
            handleGeneral(cluster, header, reader, tid);
            return;
        }
        if (cluster != DOOR_LOCK_CLUSTER) {
            answer(cluster, new DefaultResponse(header.getCommandId(), ZclStatus.UNSUP_CLUSTER_COMMAND), tid);
            return;
        }
        Integer forced = nextStatus;
        nextStatus = null;
        switch (header.getCommandId()) {
            case 0x00: // Lock Door
                answer(cluster, new LockDoorResponse(forced != null ? forced : moveBolt(1, SOURCE_RF, EVENT_LOCK)), tid);
                break;
            case 0x01: // Unlock Door
                answer(cluster, new UnlockDoorResponse(forced != null ? forced : moveBolt(2, SOURCE_RF, EVENT_UNLOCK)),
                        tid);
                break;
            case 0x03: { // Unlock with Timeout
                UnlockWithTimeout command = new UnlockWithTimeout();
                command.deserialize(reader);
                int status = forced != null ? forced : moveBolt(2, SOURCE_RF, EVENT_UNLOCK);
                answer(cluster, new UnlockWithTimeoutResponse(status), tid);
                if (status == STATUS_SUCCESS) {
                    network.schedule(() -> {
                        if (lockState == 2 && !jammed) {
                            lockState = 1;
                            notifyOperation(SOURCE_INDETERMINATE, EVENT_AUTO_LOCK, 0);
                        }
                    }, TimeUnit.SECONDS.toMillis(command.getTimeoutInSeconds()));
                }
                break;
            }
            case 0x05: { // Set PIN Code
                if (!pinSupported) {
                    answer(cluster, new DefaultResponse(header.getCommandId(), ZclStatus.UNSUP_CLUSTER_COMMAND), tid);
                    break;
                }
                SetPinCode command = new SetPinCode();
                command.deserialize(reader);
                answer(cluster, new SetPinCodeResponse(forced != null ? forced
                        : store(pins, command.getUserId(), command.getPin())), tid);
                break;
            }
            case 0x06: { // Get PIN Code
                GetPinCode command = new GetPinCode();
                command.deserialize(reader);
                byte[] pin = pins.get(command.getUserId());
                answer(cluster, new GetPinCodeResponse(command.getUserId(), pin == null ? 0 : 1, 0,
                        new ByteArray(pin == null ? new byte[0] : pin)), tid);
                break;
            }
            case 0x07: { // Clear PIN Code
                if (!pinSupported) {
                    answer(cluster, new DefaultResponse(header.getCommandId(), ZclStatus.UNSUP_CLUSTER_COMMAND), tid);
                    break;
                }
                ClearPinCode command = new ClearPinCode();
                command.deserialize(reader);
                if (forced == null) {
                    pins.remove(command.getUserId());
                }
                answer(cluster, new ClearPinCodeResponse(forced != null ? forced : STATUS_SUCCESS), tid);
                break;
            }
            case 0x16: { // Set RFID Code
                if (!rfidSupported) {
                    answer(cluster, new DefaultResponse(header.getCommandId(), ZclStatus.UNSUP_CLUSTER_COMMAND), tid);
                    break;
                }
                SetRfidCode command = new SetRfidCode();
                command.deserialize(reader);
                answer(cluster, new SetRfidCodeResponse(forced != null ? forced
                        : store(rfids, command.getUserId(), command.getRfidCode())), tid);
                break;
            }
            case 0x17: { // Get RFID Code
                GetRfidCode command = new GetRfidCode();
                command.deserialize(reader);
                byte[] code = rfids.get(command.getUserId());
                answer(cluster, new GetRfidCodeResponse(command.getUserId(), code == null ? 0 : 1, 0,
                        new ByteArray(code == null ? new byte[0] : code)), tid);
                break;
            }
            case 0x18: { // Clear RFID Code
                if (!rfidSupported) {
                    answer(cluster, new DefaultResponse(header.getCommandId(), ZclStatus.UNSUP_CLUSTER_COMMAND), tid);
                    break;
                }
                ClearRfidCode command = new ClearRfidCode();
                command.deserialize(reader);
                if (forced == null) {
                    rfids.remove(command.getUserId());
                }
                answer(cluster, new ClearRfidCodeResponse(forced != null ? forced : STATUS_SUCCESS), tid);
                break;
            }
            default:
                answer(cluster, new DefaultResponse(header.getCommandId(), ZclStatus.UNSUP_CLUSTER_COMMAND), tid);
                break;
        }
    }

    private int moveBolt(int target, int source, int eventCode) {
        if (jammed) {
            lockState = 0;
            sendReliably(ALARMS_CLUSTER, new AlarmCommand(ALARM_DEADBOLT_JAMMED, DOOR_LOCK_CLUSTER));
            return STATUS_FAILURE;
        }
        if (operatingMode == MODE_PRIVACY && target == 2) {
            return STATUS_NOT_AUTHORIZED;
        }
        lockState = target;
        notifyOperation(source, eventCode, 0);
        return STATUS_SUCCESS;
    }

    private int store(Map<Integer, byte[]> codes, int userId, ByteArray code) {
        if (userId < 0 || userId >= maxUsers) {
            return STATUS_INVALID_FIELD;
        }
        byte[] value = code == null ? new byte[0] : code.get();
        for (Map.Entry<Integer, byte[]> entry : codes.entrySet()) {
            if (entry.getKey() != userId && Arrays.equals(entry.getValue(), value)) {
                return STATUS_DUPLICATE;
            }
        }
        codes.put(userId, value);
        return STATUS_SUCCESS;
    }

    private void handleGeneral(int cluster, ZclHeader header, ZclFieldDeserializer reader, int tid) {
        switch (header.getCommandId()) {
            case 0x00: { // Read Attributes
                ReadAttributesCommand command = new ReadAttributesCommand();
                command.deserialize(reader);
                List<ReadAttributeStatusRecord> records = new ArrayList<>();
                for (int id : command.getIdentifiers()) {
                    records.add(readAttribute(cluster, id));
                }
                answer(cluster, new ReadAttributesResponse(records), tid);
                break;
            }
            case 0x02: { // Write Attributes
                WriteAttributesCommand command = new WriteAttributesCommand();
                command.deserialize(reader);
                List<WriteAttributeStatusRecord> records = new ArrayList<>();
                for (WriteAttributeRecord record : command.getRecords()) {
                    WriteAttributeStatusRecord status = new WriteAttributeStatusRecord();
                    status.setAttributeIdentifier(record.getAttributeIdentifier());
                    status.setStatus(writeAttribute(cluster, record));
                    records.add(status);
                }
                answer(cluster, new WriteAttributesResponse(records), tid);
                break;
            }
            case 0x06: // Configure Reporting
                answer(cluster, new ConfigureReportingResponse(ZclStatus.SUCCESS, List.of()), tid);
                break;
            case 0x0B: { // Default Response: the coordinator acknowledges a notification
                DefaultResponse response = new DefaultResponse();
                response.deserialize(reader);
                if (response.getStatusCode() != ZclStatus.SUCCESS) {
                    // a refusal (say, a stack that had not yet registered the cluster): keep repeating
                    break;
                }
                ScheduledFuture<?> retransmission = unacknowledged.remove(tid);
                if (retransmission != null) {
                    retransmission.cancel(false);
                }
                break;
            }
            default:
                answer(cluster, new DefaultResponse(header.getCommandId(), ZclStatus.UNSUP_GENERAL_COMMAND), tid);
                break;
        }
    }

    private ReadAttributeStatusRecord readAttribute(int cluster, int id) {
        ReadAttributeStatusRecord record = new ReadAttributeStatusRecord();
        record.setAttributeIdentifier(id);
        record.setStatus(ZclStatus.SUCCESS);
        if (cluster == DOOR_LOCK_CLUSTER && id == 0x0000) {
            record.setAttributeDataType(ZclDataType.ENUMERATION_8_BIT);
            record.setAttributeValue(lockState);
        } else if (cluster == DOOR_LOCK_CLUSTER && id == 0x0003) {
            record.setAttributeDataType(ZclDataType.ENUMERATION_8_BIT);
            record.setAttributeValue(doorState);
        } else if (cluster == DOOR_LOCK_CLUSTER && id == 0x0025) {
            record.setAttributeDataType(ZclDataType.ENUMERATION_8_BIT);
            record.setAttributeValue(operatingMode);
        } else if (cluster == DOOR_LOCK_CLUSTER && id == 0x0026) {
            record.setAttributeDataType(ZclDataType.BITMAP_16_BIT);
            record.setAttributeValue(supportedOperatingModes);
        } else if (cluster == DOOR_LOCK_CLUSTER && id == 0x0011) {
            record.setAttributeDataType(ZclDataType.UNSIGNED_16_BIT_INTEGER);
            record.setAttributeValue(maxUsers);
        } else if (cluster == POWER_CONFIGURATION_CLUSTER && id == 0x0021) {
            record.setAttributeDataType(ZclDataType.UNSIGNED_8_BIT_INTEGER);
            record.setAttributeValue(batteryPercent * 2);
        } else if (cluster == BASIC_CLUSTER && id == 0x0004) {
            record.setAttributeDataType(ZclDataType.CHARACTER_STRING);
            record.setAttributeValue("Nexefii");
        } else if (cluster == BASIC_CLUSTER && id == 0x0005) {
            record.setAttributeDataType(ZclDataType.CHARACTER_STRING);
            record.setAttributeValue(model);
        } else {
            record.setStatus(ZclStatus.UNSUPPORTED_ATTRIBUTE);
        }
        return record;
    }

    private ZclStatus writeAttribute(int cluster, WriteAttributeRecord record) {
        if (cluster != DOOR_LOCK_CLUSTER || record.getAttributeIdentifier() != 0x0025) {
            return ZclStatus.READ_ONLY;
        }
        int mode = ((Number) record.getAttributeValue()).intValue();
        if (mode < 0 || mode > 15 || (supportedOperatingModes & 1 << mode) == 0) {
            return ZclStatus.INVALID_VALUE;
        }
        operatingMode = mode;
        return ZclStatus.SUCCESS;
    }

    private void answer(int cluster, ZclCommand response, int tid) {
        ZigBeeApsFrame frame = Frames.zcl(networkAddress, cluster, response, tid, true, network.nextApsCounter());
        if (responsesToGarble.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            frame.setPayload(Arrays.copyOf(frame.getPayload(), Math.min(3, frame.getPayload().length)));
        }
        network.uplink(frame);
    }

    private void notifyOperation(int source, int eventCode, int userId) {
        sendReliably(DOOR_LOCK_CLUSTER, new OperationEventNotification(source, eventCode, userId,
                new ByteArray(new byte[0]), 0, ""));
    }

    private void report(int cluster, int attribute, ZclDataType type, int value) {
        AttributeReport report = new AttributeReport();
        report.setAttributeIdentifier(attribute);
        report.setAttributeDataType(type);
        report.setAttributeValue(value);
        sendReliably(cluster, new ReportAttributesCommand(List.of(report)));
    }

    /**
     * Sends a notification and repeats it, same ZCL sequence number but a fresh APS counter, until
     * the coordinator's Default Response arrives.
     */
    private void sendReliably(int cluster, ZclCommand command) {
        if (!joined()) {
            return;
        }
        int tid = uplinkTransactionId.getAndUpdate(n -> n >= 0xFF ? 0x80 : n + 1);
        Runnable transmit = () -> {
            if (joined()) {
                network.uplink(Frames.zcl(networkAddress, cluster, command, tid, false, network.nextApsCounter()));
            }
        };
        unacknowledged.put(tid, network.repeat(transmit, network.retransmitInterval().toMillis()));
    }

    private static String commandName(ZigBeeApsFrame frame) {
        try {
            if (frame.getProfile() == Frames.ZDO_PROFILE) {
                return "ZDO:" + String.format("%04X", frame.getCluster());
            }
            ZclHeader header = new ZclHeader(Frames.reader(frame.getPayload()));
            return (header.getFrameType() == ZclFrameType.ENTIRE_PROFILE_COMMAND ? "General:" : "Cluster:")
                    + String.format("%04X:%02X", frame.getCluster(), header.getCommandId());
        } catch (RuntimeException e) {
            return "Unreadable";
        }
    }

    @Override
    public String toString() {
        return "SimulatedDoorLock[" + ieeeAddress + " nwk=" + String.format("%04X", networkAddress) + "]";
    }
}
