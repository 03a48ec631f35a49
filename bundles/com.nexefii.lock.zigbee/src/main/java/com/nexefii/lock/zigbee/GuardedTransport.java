package com.nexefii.lock.zigbee;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zsmartsystems.zigbee.ExtendedPanId;
import com.zsmartsystems.zigbee.IeeeAddress;
import com.zsmartsystems.zigbee.ZigBeeChannel;
import com.zsmartsystems.zigbee.ZigBeeNetworkState;
import com.zsmartsystems.zigbee.ZigBeeNodeStatus;
import com.zsmartsystems.zigbee.ZigBeeStatus;
import com.zsmartsystems.zigbee.aps.ZigBeeApsFrame;
import com.zsmartsystems.zigbee.security.ZigBeeKey;
import com.zsmartsystems.zigbee.transport.TransportConfig;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportProgressState;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportReceive;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportState;
import com.zsmartsystems.zigbee.transport.ZigBeeTransportTransmit;
import com.zsmartsystems.zigbee.zdo.field.NodeDescriptor;

/**
 * Sits between a dongle driver and the stack. The stack throws on some malformed frames
 * (truncated payloads, fields out of range); thrown into a dongle's receive thread that could end
 * the thread and with it the whole network. Here such a frame is dropped, logged and counted.
 */
final class GuardedTransport implements ZigBeeTransportTransmit {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedTransport.class);

    private final ZigBeeTransportTransmit dongle;
    private final AtomicLong malformedFrames = new AtomicLong();

    GuardedTransport(ZigBeeTransportTransmit dongle) {
        this.dongle = Objects.requireNonNull(dongle, "dongle");
    }

    /** @return frames from the network the stack could not read, since start */
    long malformedFrames() {
        return malformedFrames.get();
    }

    @Override
    public void setZigBeeTransportReceive(ZigBeeTransportReceive stack) {
        dongle.setZigBeeTransportReceive(stack == null ? null : new ZigBeeTransportReceive() {
            @Override
            public void receiveCommand(ZigBeeApsFrame frame) {
                try {
                    stack.receiveCommand(frame);
                } catch (RuntimeException e) {
                    long count = malformedFrames.incrementAndGet();
                    LOG.warn("Dropped malformed ZigBee frame #{} from {}: {} ({})", count,
                            String.format("%04X", frame.getSourceAddress()), e.getClass().getSimpleName(), frame);
                }
            }

            @Override
            public void setTransportState(ZigBeeTransportState state) {
                stack.setTransportState(state);
            }

            @Override
            public void nodeStatusUpdate(ZigBeeNodeStatus status, Integer networkAddress, IeeeAddress ieeeAddress) {
                stack.nodeStatusUpdate(status, networkAddress, ieeeAddress);
            }

            @Override
            public void receiveCommandState(int msgTag, ZigBeeTransportProgressState state) {
                stack.receiveCommandState(msgTag, state);
            }
        });
    }

    @Override
    public ZigBeeStatus initialize() {
        return dongle.initialize();
    }

    @Override
    public ZigBeeStatus startup(boolean reinitialize) {
        return dongle.startup(reinitialize);
    }

    @Override
    public void shutdown() {
        dongle.shutdown();
    }

    @Override
    public String getVersionString() {
        return dongle.getVersionString();
    }

    @Override
    public IeeeAddress getIeeeAddress() {
        return dongle.getIeeeAddress();
    }

    @Override
    public boolean setIeeeAddress(IeeeAddress ieeeAddress) {
        return dongle.setIeeeAddress(ieeeAddress);
    }

    @Override
    public Integer getNwkAddress() {
        return dongle.getNwkAddress();
    }

    @Override
    public boolean setNwkAddress(int networkAddress) {
        return dongle.setNwkAddress(networkAddress);
    }

    @Override
    public void sendCommand(int msgTag, ZigBeeApsFrame apsFrame) {
        dongle.sendCommand(msgTag, apsFrame);
    }

    @Override
    public ZigBeeChannel getZigBeeChannel() {
        return dongle.getZigBeeChannel();
    }

    @Override
    public ZigBeeStatus setZigBeeChannel(ZigBeeChannel channel) {
        return dongle.setZigBeeChannel(channel);
    }

    @Override
    public int getZigBeePanId() {
        return dongle.getZigBeePanId();
    }

    @Override
    public ZigBeeStatus setZigBeePanId(int panId) {
        return dongle.setZigBeePanId(panId);
    }

    @Override
    public ExtendedPanId getZigBeeExtendedPanId() {
        return dongle.getZigBeeExtendedPanId();
    }

    @Override
    public ZigBeeStatus setZigBeeExtendedPanId(ExtendedPanId panId) {
        return dongle.setZigBeeExtendedPanId(panId);
    }

    @Override
    public ZigBeeStatus setZigBeeNetworkKey(ZigBeeKey key) {
        return dongle.setZigBeeNetworkKey(key);
    }

    @Override
    public ZigBeeKey getZigBeeNetworkKey() {
        return dongle.getZigBeeNetworkKey();
    }

    @Override
    public ZigBeeStatus setTcLinkKey(ZigBeeKey key) {
        return dongle.setTcLinkKey(key);
    }

    @Override
    public ZigBeeKey getTcLinkKey() {
        return dongle.getTcLinkKey();
    }

    @Override
    public void updateTransportConfig(TransportConfig configuration) {
        dongle.updateTransportConfig(configuration);
    }

    @Override
    public void setDefaultProfileId(int defaultProfileId) {
        dongle.setDefaultProfileId(defaultProfileId);
    }

    @Override
    public void setDefaultDeviceId(int defaultDeviceId) {
        dongle.setDefaultDeviceId(defaultDeviceId);
    }

    @Override
    public void setDefaultLocalEndpointId(int localEndpointId) {
        dongle.setDefaultLocalEndpointId(localEndpointId);
    }

    @Override
    public void setNodeDescriptor(IeeeAddress ieeeAddress, NodeDescriptor nodeDescriptor) {
        dongle.setNodeDescriptor(ieeeAddress, nodeDescriptor);
    }

    @Override
    public ZigBeeStatus setNetworkState(ZigBeeNetworkState networkState) {
        return dongle.setNetworkState(networkState);
    }
}
