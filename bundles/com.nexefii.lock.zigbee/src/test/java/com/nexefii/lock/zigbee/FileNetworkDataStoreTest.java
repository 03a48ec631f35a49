package com.nexefii.lock.zigbee;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zsmartsystems.zigbee.IeeeAddress;
import com.zsmartsystems.zigbee.database.ZigBeeEndpointDao;
import com.zsmartsystems.zigbee.database.ZigBeeNodeDao;
import com.zsmartsystems.zigbee.zdo.field.NodeDescriptor;
import com.zsmartsystems.zigbee.zdo.field.NodeDescriptor.LogicalType;
import com.zsmartsystems.zigbee.zdo.field.NodeDescriptor.MacCapabilitiesType;
import com.zsmartsystems.zigbee.zdo.field.PowerDescriptor;
import com.zsmartsystems.zigbee.zdo.field.PowerDescriptor.CurrentPowerModeType;
import com.zsmartsystems.zigbee.zdo.field.PowerDescriptor.PowerLevelType;
import com.zsmartsystems.zigbee.zdo.field.PowerDescriptor.PowerSourceType;

/** The node table on disk: what is written is read back as the stack wrote it. */
class FileNetworkDataStoreTest {

    @TempDir
    Path dir;

    private static ZigBeeNodeDao sleepyLock() {
        ZigBeeNodeDao node = new ZigBeeNodeDao();
        node.setIeeeAddress(new IeeeAddress("5EC0000000000A01"));
        node.setNetworkAddress(0x2A01);
        // end device, 2.4 GHz, battery, receiver off when idle, manufacturer 0x1234
        node.setNodeDescriptor(new NodeDescriptor(0, 82, 0x80, false, 0x1234, 2, 0, 82, false, 0x08));
        node.setPowerDescriptor(new PowerDescriptor(1, 0x04, 0x04, 0x0C));
        ZigBeeEndpointDao endpoint = new ZigBeeEndpointDao();
        endpoint.setEndpointId(1);
        endpoint.setProfileId(0x0104);
        endpoint.setDeviceId(0x000A);
        endpoint.setDeviceVersion(1);
        endpoint.setInputClusterIds(List.of(0x0000, 0x0001, 0x0009, 0x0101));
        endpoint.setOutputClusterIds(List.of(0x0019));
        node.setEndpoints(List.of(endpoint));
        return node;
    }

    @Test
    void givenANode_whenWrittenAndReadBack_thenAddressesDescriptorsAndClustersSurvive() {
        FileNetworkDataStore store = new FileNetworkDataStore(dir);
        store.writeNode(sleepyLock());

        FileNetworkDataStore reopened = new FileNetworkDataStore(dir);
        assertThat(reopened.readNetworkNodes()).containsExactly(new IeeeAddress("5EC0000000000A01"));
        ZigBeeNodeDao node = reopened.readNode(new IeeeAddress("5EC0000000000A01"));

        assertThat(node.getNetworkAddress()).isEqualTo(0x2A01);
        assertThat(node.getNodeDescriptor().getLogicalType()).isEqualTo(LogicalType.END_DEVICE);
        assertThat(node.getNodeDescriptor().getManufacturerCode()).isEqualTo(0x1234);
        assertThat(node.getNodeDescriptor().getMacCapabilities()).doesNotContain(MacCapabilitiesType.RECEIVER_ON_WHEN_IDLE);
        assertThat(node.getPowerDescriptor().getCurrentPowerMode()).isEqualTo(CurrentPowerModeType.RECEIVER_ON_PERIODICALLY);
        assertThat(node.getPowerDescriptor().getAvailablePowerSources()).isEqualTo(Set.of(PowerSourceType.DISPOSABLE_BATTERY));
        assertThat(node.getPowerDescriptor().getPowerLevel()).isEqualTo(PowerLevelType.FULL);
        ZigBeeEndpointDao endpoint = node.getEndpoints().get(0);
        assertThat(endpoint.getDeviceId()).isEqualTo(0x000A);
        assertThat(endpoint.getInputClusterIds()).containsExactly(0x0000, 0x0001, 0x0009, 0x0101);
        assertThat(endpoint.getInputClusters()).hasSize(4);
        assertThat(endpoint.getOutputClusterIds()).containsExactly(0x0019);
    }

    @Test
    void givenADamagedFile_whenRead_thenTheNodeIsSkippedNotTheNetwork() throws Exception {
        FileNetworkDataStore store = new FileNetworkDataStore(dir);
        Files.writeString(dir.resolve("nodes/5EC0000000000A02.node"), "ieeeAddress=5EC0000000000A02\nnodeDescriptor=ZZ\n");
        Files.writeString(dir.resolve("nodes/not-an-address.node"), "x");

        assertThat(store.readNetworkNodes()).containsExactly(new IeeeAddress("5EC0000000000A02"));
        assertThat(store.readNode(new IeeeAddress("5EC0000000000A02"))).isNull();
    }

    @Test
    void givenANode_whenRemoved_thenItIsGone() {
        FileNetworkDataStore store = new FileNetworkDataStore(dir);
        store.writeNode(sleepyLock());

        store.removeNode(new IeeeAddress("5EC0000000000A01"));

        assertThat(store.readNetworkNodes()).isEmpty();
    }
}
