package com.nexefii.lock.zigbee.simulator;

import com.zsmartsystems.zigbee.ZigBeeCommand;
import com.zsmartsystems.zigbee.ZigBeeNwkAddressMode;
import com.zsmartsystems.zigbee.aps.ZigBeeApsFrame;
import com.zsmartsystems.zigbee.serialization.DefaultDeserializer;
import com.zsmartsystems.zigbee.serialization.DefaultSerializer;
import com.zsmartsystems.zigbee.zcl.ZclCommand;
import com.zsmartsystems.zigbee.zcl.ZclFieldDeserializer;
import com.zsmartsystems.zigbee.zcl.ZclFieldSerializer;
import com.zsmartsystems.zigbee.zcl.ZclHeader;
import com.zsmartsystems.zigbee.zcl.protocol.ZclCommandDirection;
import com.zsmartsystems.zigbee.zcl.ZclFrameType;

/**
 * Builds and reads APS frames with the stack's own ZCL/ZDO serialisation, so what the simulated
 * devices put on the "air" is byte for byte what a real device would send.
 */
final class Frames {

    static final int ZDO_PROFILE = 0x0000;
    static final int HA_PROFILE = 0x0104;
    static final int COORDINATOR = 0x0000;
    static final int DEVICE_ENDPOINT = 1;
    static final int COORDINATOR_ENDPOINT = 1;

    private Frames() {
    }

    static ZclFieldDeserializer reader(int[] payload) {
        return new ZclFieldDeserializer(new DefaultDeserializer(payload));
    }

    static ZclFieldSerializer writer() {
        return new ZclFieldSerializer(new DefaultSerializer());
    }

    /** A ZDO frame from {@code source} to {@code destination}: the transaction id is the first byte. */
    static ZigBeeApsFrame zdo(int source, int destination, int cluster, ZigBeeCommand command, int transactionId,
            int apsCounter) {
        command.setTransactionId(transactionId);
        ZclFieldSerializer serializer = writer();
        command.serialize(serializer);
        return frame(source, destination, ZDO_PROFILE, cluster, 0, 0, serializer.getPayload(), apsCounter);
    }

    /** A ZDO frame whose payload is built by hand (descriptors the stack can only read). */
    static ZigBeeApsFrame zdoRaw(int source, int destination, int cluster, int[] payload, int apsCounter) {
        return frame(source, destination, ZDO_PROFILE, cluster, 0, 0, payload, apsCounter);
    }

    /** A ZCL frame from a device endpoint to the coordinator. */
    static ZigBeeApsFrame zcl(int source, int cluster, ZclCommand command, int transactionId,
            boolean disableDefaultResponse, int apsCounter) {
        ZclHeader header = new ZclHeader();
        header.setFrameType(command.isGenericCommand() ? ZclFrameType.ENTIRE_PROFILE_COMMAND
                : ZclFrameType.CLUSTER_SPECIFIC_COMMAND);
        header.setCommandId(command.getCommandId());
        header.setSequenceNumber(transactionId);
        header.setDirection(ZclCommandDirection.SERVER_TO_CLIENT);
        header.setDisableDefaultResponse(disableDefaultResponse);
        ZclFieldSerializer serializer = writer();
        command.serialize(serializer);
        int[] payload = header.serialize(serializer, serializer.getPayload());
        return frame(source, COORDINATOR, HA_PROFILE, cluster, DEVICE_ENDPOINT, COORDINATOR_ENDPOINT, payload,
                apsCounter);
    }

    static ZigBeeApsFrame frame(int source, int destination, int profile, int cluster, int sourceEndpoint,
            int destinationEndpoint, int[] payload, int apsCounter) {
        ZigBeeApsFrame frame = new ZigBeeApsFrame();
        frame.setSourceAddress(source);
        frame.setDestinationAddress(destination);
        frame.setAddressMode(ZigBeeNwkAddressMode.DEVICE);
        frame.setProfile(profile);
        frame.setCluster(cluster);
        frame.setSourceEndpoint(sourceEndpoint);
        frame.setDestinationEndpoint(destinationEndpoint);
        frame.setApsCounter(apsCounter & 0xFF);
        frame.setPayload(payload);
        frame.setReceivedLqi(200);
        frame.setReceivedRssi(-60);
        return frame;
    }

    static int u16(int[] payload, int offset) {
        return payload[offset] | payload[offset + 1] << 8;
    }

    static void putU16(int[] payload, int offset, int value) {
        payload[offset] = value & 0xFF;
        payload[offset + 1] = value >> 8 & 0xFF;
    }
}
