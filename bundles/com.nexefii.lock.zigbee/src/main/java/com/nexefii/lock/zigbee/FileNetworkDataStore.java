package com.nexefii.lock.zigbee;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zsmartsystems.zigbee.IeeeAddress;
import com.zsmartsystems.zigbee.database.ZclClusterDao;
import com.zsmartsystems.zigbee.database.ZigBeeEndpointDao;
import com.zsmartsystems.zigbee.database.ZigBeeNetworkDataStore;
import com.zsmartsystems.zigbee.database.ZigBeeNodeDao;
import com.zsmartsystems.zigbee.serialization.DefaultDeserializer;
import com.zsmartsystems.zigbee.zdo.field.NodeDescriptor;
import com.zsmartsystems.zigbee.zdo.field.NodeDescriptor.FrequencyBandType;
import com.zsmartsystems.zigbee.zdo.field.NodeDescriptor.LogicalType;
import com.zsmartsystems.zigbee.zdo.field.NodeDescriptor.MacCapabilitiesType;
import com.zsmartsystems.zigbee.zdo.field.NodeDescriptor.ServerCapabilitiesType;
import com.zsmartsystems.zigbee.zdo.field.PowerDescriptor;
import com.zsmartsystems.zigbee.zdo.field.PowerDescriptor.PowerLevelType;
import com.zsmartsystems.zigbee.zdo.field.PowerDescriptor.PowerSourceType;

/**
 * The ZigBee network's node table on disk: one properties file per node in
 * {@code <dataDirectory>/nodes}, written atomically, so the gateway knows its locks after a
 * restart or a bundle update before any of them wakes up.
 *
 * <p>Only what identifies a node and its services is kept (addresses, node and power descriptors,
 * endpoints and their clusters); attribute values are re-read from the locks. Descriptors are
 * stored in their ZDO wire format and read back with the stack's own parser.
 */
final class FileNetworkDataStore implements ZigBeeNetworkDataStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileNetworkDataStore.class);
    private static final String SUFFIX = ".node";

    private final Path nodes;

    FileNetworkDataStore(Path dataDirectory) {
        this.nodes = Objects.requireNonNull(dataDirectory, "dataDirectory").resolve("nodes");
        try {
            Files.createDirectories(nodes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + nodes, e);
        }
    }

    @Override
    public Set<IeeeAddress> readNetworkNodes() {
        Set<IeeeAddress> addresses = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(nodes, "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    addresses.add(new IeeeAddress(name.substring(0, name.length() - SUFFIX.length())));
                } catch (IllegalArgumentException e) {
                    LOG.warn("Ignoring {}: not named after an IEEE address", file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + nodes, e);
        }
        return addresses;
    }

    @Override
    public ZigBeeNodeDao readNode(IeeeAddress address) {
        Path file = file(address);
        if (!Files.exists(file)) {
            return null;
        }
        Properties stored = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            stored.load(in);
            return toDao(stored);
        } catch (IOException | RuntimeException e) {
            // A damaged file must not keep the network from starting: the node is rediscovered.
            LOG.warn("Cannot read ZigBee node {} from {}; it will be rediscovered", address, file, e);
            return null;
        }
    }

    @Override
    public void writeNode(ZigBeeNodeDao node) {
        Properties stored = fromDao(node);
        Path file = file(node.getIeeeAddress());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                stored.store(out, "ZigBee node " + node.getIeeeAddress());
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("Cannot write ZigBee node {} to {}", node.getIeeeAddress(), file, e);
        }
    }

    @Override
    public void removeNode(IeeeAddress address) {
        try {
            Files.deleteIfExists(file(address));
        } catch (IOException e) {
            LOG.error("Cannot remove ZigBee node {}", address, e);
        }
    }

    private Path file(IeeeAddress address) {
        return nodes.resolve(address.toString() + SUFFIX);
    }

    static Properties fromDao(ZigBeeNodeDao node) {
        Properties stored = new Properties();
        stored.setProperty("ieeeAddress", node.getIeeeAddress().toString());
        if (node.getNetworkAddress() != null) {
            stored.setProperty("networkAddress", Integer.toString(node.getNetworkAddress()));
        }
        if (node.getNodeDescriptor() != null) {
            stored.setProperty("nodeDescriptor", hex(encode(node.getNodeDescriptor())));
        }
        if (node.getPowerDescriptor() != null) {
            stored.setProperty("powerDescriptor", hex(encode(node.getPowerDescriptor())));
        }
        List<ZigBeeEndpointDao> endpoints = node.getEndpoints() == null ? List.of() : node.getEndpoints();
        stored.setProperty("endpoints", endpoints.stream().map(e -> Integer.toString(e.getEndpointId()))
                .collect(Collectors.joining(",")));
        for (ZigBeeEndpointDao endpoint : endpoints) {
            String prefix = "endpoint." + endpoint.getEndpointId() + ".";
            putInteger(stored, prefix + "profile", endpoint.getProfileId());
            putInteger(stored, prefix + "device", endpoint.getDeviceId());
            putInteger(stored, prefix + "version", endpoint.getDeviceVersion());
            stored.setProperty(prefix + "in", join(clusterIds(endpoint.getInputClusters(), endpoint.getInputClusterIds())));
            stored.setProperty(prefix + "out",
                    join(clusterIds(endpoint.getOutputClusters(), endpoint.getOutputClusterIds())));
        }
        return stored;
    }

    static ZigBeeNodeDao toDao(Properties stored) {
        ZigBeeNodeDao node = new ZigBeeNodeDao();
        node.setIeeeAddress(new IeeeAddress(stored.getProperty("ieeeAddress")));
        String nwk = stored.getProperty("networkAddress");
        if (nwk != null) {
            node.setNetworkAddress(Integer.valueOf(nwk));
        }
        String nodeDescriptor = stored.getProperty("nodeDescriptor");
        if (nodeDescriptor != null) {
            NodeDescriptor descriptor = new NodeDescriptor();
            descriptor.deserialize(new DefaultDeserializer(unhex(nodeDescriptor)));
            node.setNodeDescriptor(descriptor);
            node.setMacCapabilities(descriptor.getMacCapabilities());
        } else {
            node.setMacCapabilities(new HashSet<>());
        }
        String powerDescriptor = stored.getProperty("powerDescriptor");
        if (powerDescriptor != null) {
            PowerDescriptor descriptor = new PowerDescriptor();
            descriptor.deserialize(new DefaultDeserializer(unhex(powerDescriptor)));
            node.setPowerDescriptor(descriptor);
        }
        List<ZigBeeEndpointDao> endpoints = new ArrayList<>();
        for (Integer id : split(stored.getProperty("endpoints", ""))) {
            String prefix = "endpoint." + id + ".";
            ZigBeeEndpointDao endpoint = new ZigBeeEndpointDao();
            endpoint.setEndpointId(id);
            String profile = stored.getProperty(prefix + "profile");
            if (profile != null) {
                endpoint.setProfileId(Integer.valueOf(profile));
            }
            String device = stored.getProperty(prefix + "device");
            if (device != null) {
                endpoint.setDeviceId(Integer.parseInt(device));
            }
            String version = stored.getProperty(prefix + "version");
            if (version != null) {
                endpoint.setDeviceVersion(Integer.parseInt(version));
            }
            List<Integer> in = split(stored.getProperty(prefix + "in", ""));
            List<Integer> out = split(stored.getProperty(prefix + "out", ""));
            endpoint.setInputClusterIds(in);
            endpoint.setOutputClusterIds(out);
            endpoint.setInputClusters(clusters(in, false));
            endpoint.setOutputClusters(clusters(out, true));
            endpoints.add(endpoint);
        }
        node.setEndpoints(endpoints);
        return node;
    }

    /** The stack's endpoint DAO lists its clusters as cluster DAOs; the id lists are often left empty. */
    static List<Integer> clusterIds(List<ZclClusterDao> clusters, List<Integer> ids) {
        if (clusters != null && !clusters.isEmpty()) {
            return clusters.stream().map(ZclClusterDao::getClusterId).sorted().collect(Collectors.toList());
        }
        return ids == null ? List.of() : ids;
    }

    private static List<ZclClusterDao> clusters(List<Integer> ids, boolean client) {
        List<ZclClusterDao> clusters = new ArrayList<>();
        for (int id : ids) {
            ZclClusterDao cluster = new ZclClusterDao();
            cluster.setClusterId(id);
            cluster.setClient(client);
            cluster.setAttributes(new HashMap<>());
            cluster.setSupportedCommandsGenerated(new HashSet<>());
            cluster.setSupportedCommandsReceived(new HashSet<>());
            clusters.add(cluster);
        }
        return clusters;
    }

    /** The 13-byte node descriptor of ZigBee spec 2.3.2.3, the layout the stack parses. */
    static int[] encode(NodeDescriptor descriptor) {
        int logicalType = descriptor.getLogicalType() == LogicalType.UNKNOWN ? 7 : descriptor.getLogicalType().ordinal();
        int byte0 = logicalType | (descriptor.isComplexDescriptorAvailable() ? 0x08 : 0)
                | (descriptor.isUserDescriptorAvailable() ? 0x10 : 0);
        int bands = 0;
        for (FrequencyBandType band : descriptor.getFrequencyBands()) {
            bands |= band == FrequencyBandType.FREQ_868_MHZ ? 0x01 : band == FrequencyBandType.FREQ_902_MHZ ? 0x04 : 0x08;
        }
        int byte1 = descriptor.getApsFlags() & 0x07 | bands << 3;
        int mac = 0;
        Set<MacCapabilitiesType> capabilities = descriptor.getMacCapabilities();
        mac |= capabilities.contains(MacCapabilitiesType.ALTERNATIVE_PAN) ? 0x01 : 0;
        mac |= capabilities.contains(MacCapabilitiesType.FULL_FUNCTION_DEVICE) ? 0x02 : 0;
        mac |= capabilities.contains(MacCapabilitiesType.MAINS_POWER) ? 0x04 : 0;
        mac |= capabilities.contains(MacCapabilitiesType.RECEIVER_ON_WHEN_IDLE) ? 0x08 : 0;
        mac |= capabilities.contains(MacCapabilitiesType.SECURITY_CAPABLE) ? 0x40 : 0;
        int server = descriptor.getStackCompliance() << 9;
        for (ServerCapabilitiesType capability : descriptor.getServerCapabilities()) {
            server |= 1 << capability.ordinal();
        }
        int descriptorCapabilities = (descriptor.isExtendedEndpointListAvailable() ? 0x01 : 0)
                | (descriptor.isExtendedSimpleDescriptorListAvailable() ? 0x02 : 0);
        int manufacturer = descriptor.getManufacturerCode();
        int incoming = descriptor.getIncomingTransferSize();
        int outgoing = descriptor.getOutGoingTransferSize();
        return new int[] { byte0, byte1, mac, manufacturer & 0xFF, manufacturer >> 8 & 0xFF,
                descriptor.getBufferSize() & 0xFF, incoming & 0xFF, incoming >> 8 & 0xFF, server & 0xFF,
                server >> 8 & 0xFF, outgoing & 0xFF, outgoing >> 8 & 0xFF, descriptorCapabilities };
    }

    /** The 2-byte power descriptor of ZigBee spec 2.3.2.4. */
    static int[] encode(PowerDescriptor descriptor) {
        int mode = descriptor.getCurrentPowerMode().ordinal() > 2 ? 0x0F : descriptor.getCurrentPowerMode().ordinal();
        int sources = 0;
        for (PowerSourceType source : descriptor.getAvailablePowerSources()) {
            sources |= powerSourceBit(source);
        }
        PowerLevelType level = descriptor.getPowerLevel();
        int levelBits = level == PowerLevelType.FULL ? 0x0C : level == PowerLevelType.MEDIUM ? 0x08
                : level == PowerLevelType.LOW ? 0x04 : level == PowerLevelType.CRITICAL ? 0x00 : 0x0F;
        return new int[] { mode | sources << 4, powerSourceBit(descriptor.getCurrentPowerSource()) | levelBits << 4 };
    }

    private static int powerSourceBit(PowerSourceType source) {
        switch (source) {
            case MAINS:
                return 0x01;
            case RECHARGABLE_BATTERY:
                return 0x02;
            case DISPOSABLE_BATTERY:
                return 0x04;
            default:
                return 0x00;
        }
    }

    private static void putInteger(Properties stored, String key, Integer value) {
        if (value != null) {
            stored.setProperty(key, Integer.toString(value));
        }
    }

    private static String join(List<Integer> values) {
        return values == null ? "" : values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private static List<Integer> split(String values) {
        if (values == null || values.isBlank()) {
            return Collections.emptyList();
        }
        return Arrays.stream(values.split(",")).map(String::trim).map(Integer::valueOf).collect(Collectors.toList());
    }

    static String hex(int[] bytes) {
        StringBuilder builder = new StringBuilder();
        for (int b : bytes) {
            builder.append(String.format("%02X", b & 0xFF));
        }
        return builder.toString();
    }

    static int[] unhex(String hex) {
        int[] bytes = new int[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
