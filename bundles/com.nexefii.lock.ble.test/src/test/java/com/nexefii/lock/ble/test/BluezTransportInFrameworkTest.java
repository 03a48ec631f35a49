package com.nexefii.lock.ble.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.BoltState;
import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.ble.testing.FakeBluez;
import com.nexefii.lock.ble.testing.PrivateDbusDaemon;

/**
 * The BLUEZ transport inside Felix: dbus-java from the bluez-dbus-osgi bundle finds its unix socket
 * transport and native library there, and a command crosses a real dbus-daemon to a lock behind a
 * fake org.bluez.
 */
@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-test"),
        @Property(key = "gatewayId", value = "gw-test") })
class BluezTransportInFrameworkTest {

    private static final String MASTER_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="; // test fixture

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    private PrivateDbusDaemon dbus;
    private FakeBluez bluez;
    private ReadmeLockFirmware lock;
    private Configuration configuration;

    @BeforeEach
    void startBluez() throws Exception {
        dbus = new PrivateDbusDaemon();
        bluez = new FakeBluez(dbus.address());
        lock = new ReadmeLockFirmware("ble-501", "AA:BB:CC:00:05:01", Base64.getDecoder().decode(MASTER_KEY));
        bluez.addLock(lock, true);
    }

    @AfterEach
    void stop() throws Exception {
        if (configuration != null) {
            configuration.delete();
            // let the adapter disconnect from the bus before the bus goes away
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> adapter("ble-bluez") == null);
        }
        if (bluez != null) {
            bluez.close();
        }
        if (dbus != null) {
            dbus.close(); // a daemon left running would outlive the test JVM
        }
    }

    private void configure(String adapterId, String bluezAdapter) throws Exception {
        configuration = configAdmin.getFactoryConfiguration("com.nexefii.lock.ble", adapterId, "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("nexefii.lock.adapter.id", adapterId);
        p.put("transport", "BLUEZ");
        p.put("bluezAdapter", bluezAdapter);
        p.put("bluezBusAddress", dbus.address());
        p.put("locks", new String[] {"ble-501@AA:BB:CC:00:05:01"});
        p.put(".masterKey", MASTER_KEY);
        p.put("connectTimeoutMs", 3000L);
        configuration.update(p);
    }

    private LockAdapter adapter(String adapterId) throws Exception {
        Collection<ServiceReference<LockAdapter>> refs = context.getServiceReferences(LockAdapter.class,
                "(&(" + LockAdapter.PROTOCOL + "=ble)(" + LockAdapter.ADAPTER_ID + "=" + adapterId + "))");
        return refs.isEmpty() ? null : context.getService(refs.iterator().next());
    }

    @Test
    void givenBluezFactoryConfiguration_whenUnlocking_thenFrameCrossesDbusAndLockAnswers() throws Exception {
        configure("ble-bluez", "hci0");
        LockAdapter adapter = Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> adapter("ble-bluez"),
                a -> a != null);

        LockResult result = adapter.execute(LockCommand.unlock("ble-501", Duration.ofSeconds(5), Duration.ofSeconds(10),
                "staff-test")).toCompletableFuture().get(15, TimeUnit.SECONDS);

        assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OK);
        assertThat(result.state().bolt()).isEqualTo(BoltState.UNLOCKED);
        assertThat(lock.opcodesReceived).containsExactly(0x02);
        assertThat(adapter.execute(LockCommand.of(CommandType.QUERY_STATE, "ble-501", Duration.ofSeconds(5), "t"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS).outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void givenBadBluezAdapterName_whenConfigured_thenComponentStaysInactiveNamingTheProperty(
            @InjectService ServiceComponentRuntime scr) throws Exception {
        configure("ble-bad-adapter", "hci0/../x");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> scr.getComponentDescriptionDTOs().stream()
                .filter(d -> d.name.equals("com.nexefii.lock.ble.BleLockAdapter"))
                .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream())
                .anyMatch(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                        && c.failure != null && c.failure.contains("'bluezAdapter'")));
        assertThat(adapter("ble-bad-adapter")).isNull();
    }
}
