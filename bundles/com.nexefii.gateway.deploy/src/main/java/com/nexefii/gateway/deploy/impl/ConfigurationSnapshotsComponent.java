package com.nexefii.gateway.deploy.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.nexefii.gateway.deploy.ConfigurationSnapshot;
import com.nexefii.gateway.deploy.ConfigurationSnapshots;
import com.nexefii.gateway.deploy.RestoreReport;

/**
 * Configuration snapshots as JSON files in the bundle's data area, one file per snapshot, written
 * under a temporary name and moved into place.
 */
@Component(
        service = ConfigurationSnapshots.class,
        immediate = true,
        configurationPid = ConfigurationSnapshotsComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConfigurationSnapshotsConfig.class)
public class ConfigurationSnapshotsComponent implements ConfigurationSnapshots {

    static final String PID = "com.nexefii.gateway.deploy.snapshots";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationSnapshotsComponent.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** Kept by ConfigurationAdmin itself, never restored as properties. */
    private static final Set<String> MANAGED = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ConfigurationAdmin configurationAdmin;
    private final Path directory;
    private final int kept;
    private final Set<String> excluded;

    @Activate
    public ConfigurationSnapshotsComponent(@Reference ConfigurationAdmin configurationAdmin, BundleContext context,
            ConfigurationSnapshotsConfig config) throws IOException {
        this(configurationAdmin, context.getDataFile("snapshots").toPath(), config);
    }

    ConfigurationSnapshotsComponent(ConfigurationAdmin configurationAdmin, Path directory,
            ConfigurationSnapshotsConfig config) throws IOException {
        if (config.keptSnapshots() < 1 || config.keptSnapshots() > 100) {
            throw new IllegalArgumentException("keptSnapshots: " + config.keptSnapshots() + " is outside 1..100");
        }
        this.configurationAdmin = configurationAdmin;
        this.directory = Files.createDirectories(directory);
        this.kept = config.keptSnapshots();
        this.excluded = config.excludedPids() == null ? Set.of()
                : Set.copyOf(Arrays.stream(config.excludedPids()).filter(Objects::nonNull).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList());
        LOG.info("Configuration snapshots in {}: keeping {}, restores leave {} alone", directory, kept, excluded);
    }

    @Override
    public synchronized ConfigurationSnapshot take(String reason) {
        Instant now = Instant.now();
        String id = ID_TIME.format(now) + "-" + String.format("%04d", COUNTER.incrementAndGet() % 10000);
        List<Object> configurations = new ArrayList<>();
        for (Configuration configuration : all()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("pid", configuration.getPid());
            entry.put("factoryPid", configuration.getFactoryPid());
            entry.put("bundleLocation", configuration.getBundleLocation());
            Map<String, Object> properties = new TreeMap<>();
            Dictionary<String, Object> dictionary = configuration.getProperties();
            if (dictionary != null) {
                for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
                    String key = keys.nextElement();
                    if (!MANAGED.contains(key)) {
                        properties.put(key, SnapshotJson.typed(dictionary.get(key)));
                    }
                }
            }
            entry.put("properties", properties);
            configurations.add(entry);
        }
        Map<String, Object> snapshot = new LinkedHashMap<>();
        snapshot.put("id", id);
        snapshot.put("takenAt", now.toString());
        snapshot.put("reason", reason == null ? "" : reason);
        snapshot.put("configurations", configurations);
        Path file = directory.resolve(id + ".json");
        Path partial = directory.resolve(id + ".json.part");
        try {
            Files.writeString(partial, SnapshotJson.write(snapshot), StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write configuration snapshot " + file, e);
        }
        prune();
        LOG.info("Configuration snapshot {} taken ({} configurations): {}", id, configurations.size(), reason);
        return new ConfigurationSnapshot(id, now, reason, configurations.size());
    }

    @Override
    public synchronized List<ConfigurationSnapshot> list() {
        List<ConfigurationSnapshot> snapshots = new ArrayList<>();
        for (Path file : files()) {
            try {
                Map<?, ?> snapshot = read(file);
                snapshots.add(new ConfigurationSnapshot((String) snapshot.get("id"),
                        Instant.parse((String) snapshot.get("takenAt")), (String) snapshot.get("reason"),
                        ((List<?>) snapshot.get("configurations")).size()));
            } catch (RuntimeException e) {
                LOG.warn("Unreadable configuration snapshot {} skipped: {}", file, e.toString());
            }
        }
        return snapshots;
    }

    @Override
    public synchronized RestoreReport restore(String snapshotId) {
        if (snapshotId == null || !snapshotId.matches("[0-9A-Za-z.\\-]+")) {
            throw new IllegalArgumentException("not a snapshot id: " + snapshotId);
        }
        Path file = directory.resolve(snapshotId + ".json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no configuration snapshot " + snapshotId + " is kept on this gateway");
        }
        Map<?, ?> snapshot = read(file);
        String undo = take("before restoring snapshot " + snapshotId).id();
        LOG.info("Restoring configuration snapshot {}...", snapshotId);
        Map<String, Configuration> current = new HashMap<>();
        for (Configuration configuration : all()) {
            if (!isExcluded(configuration.getPid(), configuration.getFactoryPid())) {
                current.put(configuration.getPid(), configuration);
            }
        }
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        try {
            for (Object item : (List<?>) snapshot.get("configurations")) {
                Map<?, ?> entry = (Map<?, ?>) item;
                String pid = (String) entry.get("pid");
                String factoryPid = (String) entry.get("factoryPid");
                if (isExcluded(pid, factoryPid)) {
                    continue;
                }
                Dictionary<String, Object> properties = properties((Map<?, ?>) entry.get("properties"));
                Configuration existing = current.remove(pid);
                if (existing != null) {
                    if (!same(existing.getProperties(), properties)) {
                        existing.update(properties);
                        updated.add(pid);
                    }
                    continue;
                }
                String location = (String) entry.get("bundleLocation");
                location = location == null ? "?" : location;
                Configuration restored;
                if (factoryPid == null) {
                    restored = configurationAdmin.getConfiguration(pid, location);
                } else if (pid.startsWith(factoryPid + "~")) {
                    restored = configurationAdmin.getFactoryConfiguration(factoryPid,
                            pid.substring(factoryPid.length() + 1), location);
                } else {
                    // an unnamed factory configuration gets a new PID: only ConfigurationAdmin makes them
                    restored = configurationAdmin.createFactoryConfiguration(factoryPid, location);
                }
                restored.update(properties);
                created.add(restored.getPid().equals(pid) ? pid : pid + " (now " + restored.getPid() + ")");
            }
            for (Configuration extra : current.values()) {
                deleted.add(extra.getPid());
                extra.delete();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("restoring configuration snapshot " + snapshotId + " stopped after "
                    + created.size() + " created, " + updated.size() + " updated, " + deleted.size()
                    + " deleted; snapshot " + undo + " holds the configuration from before", e);
        }
        Collections.sort(created);
        Collections.sort(updated);
        Collections.sort(deleted);
        LOG.info("Restoring configuration snapshot {}... done: created {}, updated {}, deleted {} (undo: {})",
                snapshotId, created, updated, deleted, undo);
        return new RestoreReport(snapshotId, undo, created, updated, deleted);
    }

    private boolean isExcluded(String pid, String factoryPid) {
        return excluded.contains(pid) || (factoryPid != null && excluded.contains(factoryPid));
    }

    private List<Configuration> all() {
        try {
            Configuration[] configurations = configurationAdmin.listConfigurations(null);
            return configurations == null ? List.of() : Arrays.asList(configurations);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list configurations", e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Dictionary<String, Object> properties(Map<?, ?> typed) {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (Map.Entry<?, ?> entry : typed.entrySet()) {
            properties.put((String) entry.getKey(), SnapshotJson.value((Map<?, ?>) entry.getValue()));
        }
        return properties;
    }

    /** Equal when every non-managed property has an equal value; arrays compare by content. */
    static boolean same(Dictionary<String, Object> current, Dictionary<String, Object> wanted) {
        Map<String, Object> a = comparable(current);
        Map<String, Object> b = comparable(wanted);
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, Object> entry : a.entrySet()) {
            if (!Objects.deepEquals(entry.getValue(), b.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> comparable(Dictionary<String, Object> dictionary) {
        Map<String, Object> map = new HashMap<>();
        if (dictionary == null) {
            return map;
        }
        for (Enumeration<String> keys = dictionary.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            if (!MANAGED.contains(key)) {
                Object value = dictionary.get(key);
                map.put(key, value instanceof java.util.Collection<?> c ? List.copyOf(c) : value);
            }
        }
        return map;
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.json")) {
            stream.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list configuration snapshots in " + directory, e);
        }
        files.sort(Collections.reverseOrder());
        return files;
    }

    private void prune() {
        List<Path> files = files();
        for (Path old : files.subList(Math.min(kept, files.size()), files.size())) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                LOG.warn("Cannot delete old configuration snapshot {}: {}", old, e.toString());
            }
        }
    }

    private static Map<?, ?> read(Path file) {
        try {
            return (Map<?, ?>) SnapshotJson.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration snapshot " + file, e);
        }
    }
}
