package com.nexefii.lock.ble.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventListener;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;

@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-test"),
        @Property(key = "gatewayId", value = "gw-test") })
class BleAdapterInFrameworkTest {

    private static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // test fixture

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    private final List<LockEvent> events = new CopyOnWriteArrayList<>();
    private final List<Configuration> created = new ArrayList<>();
    private ServiceRegistration<LockEventListener> listener;

    @BeforeEach
    void listen() {
        listener = context.registerService(LockEventListener.class, events::add, new Hashtable<>());
    }

    @AfterEach
    void cleanUp() throws Exception {
        listener.unregister();
        for (Configuration c : created) {
            c.delete();
        }
    }

    private void configure(String adapterId, String masterKey, String... locks) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("com.nexefii.lock.ble", adapterId, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("nexefii.lock.adapter.id", adapterId);
        p.put("locks", locks);
        p.put(".masterKey", masterKey);
        p.put("simulatedConnectMinMs", 5L);
        p.put("simulatedConnectMaxMs", 20L);
        p.put("simulatedLatencyMs", 5L);
        c.update(p);
        created.add(c);
    }

    private LockAdapter awaitAdapter(String adapterId) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> adapter(adapterId), a -> a != null);
    }

    private LockAdapter adapter(String adapterId) throws Exception {
        Collection<ServiceReference<LockAdapter>> refs = context.getServiceReferences(LockAdapter.class,
                "(&(" + LockAdapter.PROTOCOL + "=ble)(" + LockAdapter.ADAPTER_ID + "=" + adapterId + "))");
        return refs.isEmpty() ? null : context.getService(refs.iterator().next());
    }

    @Test
    void givenFactoryConfiguration_whenUnlocking_thenLockAnswersAndResultIsAudited() throws Exception {
        configure("ble-a", MASTER_KEY, "ble-201@AA:BB:CC:00:00:01", "ble-202@AA:BB:CC:00:00:02");
        LockAdapter adapter = awaitAdapter("ble-a");
        assertThat(adapter.locks()).extracting(l -> l.lockId()).containsExactly("ble-201", "ble-202");

        LockResult result = adapter.execute(LockCommand.unlock("ble-201", Duration.ofSeconds(5), Duration.ofSeconds(10),
                "staff-test")).toCompletableFuture().get(15, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(Outcome.OK);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                .anyMatch(e -> e.type() == LockEventType.COMMAND_RESULT
                        && result.commandId().equals(e.attributes().get("commandId"))));
        assertThat(events).allSatisfy(e -> assertThat(e.propertyId()).isEqualTo("hotel-test"));
    }

    @Test
    void givenShortMasterKey_whenConfigured_thenComponentStaysInactive(@InjectService ServiceComponentRuntime scr)
            throws Exception {
        configure("ble-bad", "c2hvcnQ=", "ble-301@AA:BB:CC:00:00:03");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.name.equals("com.nexefii.lock.ble.BleLockAdapter"))
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream())
                .anyMatch(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                        && c.failure != null && c.failure.contains("'.masterKey'")));
        assertThat(adapter("ble-bad")).isNull();
    }

    @Test
    void givenCommandsInFlight_whenBundleUpdated_thenEachEndsWithOneResultAndNewVersionServes() throws Exception {
        configure("ble-swap", MASTER_KEY, "ble-401@AA:BB:CC:00:00:04", "ble-402@AA:BB:CC:00:00:05");
        LockAdapter before = awaitAdapter("ble-swap");
        List<CompletableFuture<LockResult>> inFlight = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            inFlight.add(before.execute(LockCommand.of(CommandType.LOCK, i % 2 == 0 ? "ble-401" : "ble-402",
                    Duration.ofSeconds(20), "swap-test")).toCompletableFuture());
        }
        Bundle ble = FrameworkUtil.getBundle(before.getClass());
        long stamp = ble.getLastModified();

        ble.update();

        for (CompletableFuture<LockResult> f : inFlight) {
            assertThat(f.get(20, TimeUnit.SECONDS).outcome()).isIn(Outcome.OK, Outcome.CANCELLED);
        }
        List<String> ids = inFlight.stream().map(f -> f.join().commandId()).toList();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.stream()
                .filter(e -> e.type() == LockEventType.COMMAND_RESULT && ids.contains(e.attributes().get("commandId")))
                .count() == ids.size());
        assertThat(ble.getLastModified()).isGreaterThanOrEqualTo(stamp);
        assertThat(ble.getState()).isEqualTo(Bundle.ACTIVE);
        LockAdapter after = awaitAdapter("ble-swap");
        assertThat(after).isNotSameAs(before);
        assertThat(after.execute(LockCommand.of(CommandType.QUERY_STATE, "ble-401", Duration.ofSeconds(10), "swap-test"))
                .toCompletableFuture().get(15, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
    }
}
