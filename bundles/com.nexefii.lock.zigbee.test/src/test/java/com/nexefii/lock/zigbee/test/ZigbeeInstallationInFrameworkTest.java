package com.nexefii.lock.zigbee.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.zigbee.simulator.SimulatedDoorLock;
import com.nexefii.lock.zigbee.simulator.SimulatedZigbeeNetwork;
import com.nexefii.lock.testing.RecordingListener;
import com.zsmartsystems.zigbee.IeeeAddress;

/** Installing and removing locks, configuration from ConfigAdmin, and the network kept across restarts. */
@WithConfiguration(pid = Pids.EVENTS, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-it"),
        @Property(key = "gatewayId", value = "gw-it") })
class ZigbeeInstallationInFrameworkTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    ServiceComponentRuntime scr;

    @Test
    void givenPermitJoinSavedInTheConsole_whenANewLockJoinsAndLaterLeaves_thenItAppearsAndDisappears() throws Exception {
        try (RecordingListener events = new RecordingListener(context);
                ZigbeeSite site = ZigbeeSite.withLocks(context, configAdmin, "join", 0, Map.of())) {
            Object serviceId = site.adapterReference().getProperty(Constants.SERVICE_ID);
            SimulatedZigbeeNetwork air = site.air();
            SimulatedDoorLock newcomer = air.newLock(new IeeeAddress("5EC0000000000C01"));
            String lockId = ZigbeeSite.lockId(newcomer);
            assertThat(air.join(newcomer)).as("joining is closed by default").isFalse();

            site.configureAdapter(Map.of("permitJoinSeconds", 60));
            await().atMost(ZigbeeSite.WAIT).until(air::permitJoinOpen);
            assertThat(air.join(newcomer)).isTrue();

            assertThat(events.awaitEvent(lockId, LockEventType.LOCK_ADDED).attributes())
                    .containsEntry("address", "5EC0000000000C01").containsEntry("adapterId", "zb-join");
            site.awaitInstalled(newcomer);
            assertThat(site.run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "installer")).outcome())
                    .isEqualTo(Outcome.OK);
            assertThat(site.adapterReference().getProperty(Constants.SERVICE_ID))
                    .as("opening joining does not restart the adapter").isEqualTo(serviceId);

            air.leave(newcomer);

            events.awaitEvent(lockId, LockEventType.LOCK_REMOVED);
            assertThat(site.lockIds()).doesNotContain(lockId);
            assertThat(site.run(LockCommand.of(CommandType.LOCK, lockId, DEADLINE, "installer")).outcome())
                    .isEqualTo(Outcome.UNKNOWN_LOCK);
        }
    }

    @Test
    void givenAnInstalledLock_whenTheComponentRestartsWhileTheLockIsOutOfReach_thenItIsKnownFromDiskAndServedLater()
            throws Exception {
        try (RecordingListener events = new RecordingListener(context);
                ZigbeeSite site = ZigbeeSite.withLocks(context, configAdmin, "restart", 1, Map.of())) {
            SimulatedDoorLock lock = site.locks().get(0);
            String lockId = ZigbeeSite.lockId(lock);
            ComponentDescriptionDTO component = scr.getComponentDescriptionDTOs().stream()
                    .filter(d -> Pids.ADAPTER_COMPONENT.equals(d.name)).findFirst().orElseThrow();

            scr.disableComponent(component).getValue();
            await().atMost(ZigbeeSite.WAIT).until(() -> context.getServiceReferences(LockAdapter.class, site.filter()).isEmpty());
            lock.reachable(false);
            int addedBefore = events.of(lockId, LockEventType.LOCK_ADDED).size();
            scr.enableComponent(component).getValue();

            assertThat(site.adapter().locks()).extracting(l -> l.lockId()).containsExactly(lockId);
            lock.reachable(true);
            assertThat(site.run(LockCommand.of(CommandType.QUERY_STATE, lockId, DEADLINE, "console")).outcome())
                    .isEqualTo(Outcome.OK);
            assertThat(events.of(lockId, LockEventType.LOCK_ADDED)).hasSize(addedBefore);
        }
    }

    @Test
    void givenAnInvalidConfiguration_thenActivationFailsNamingTheProperty() throws Exception {
        Configuration bad = configAdmin.createFactoryConfiguration(Pids.ZIGBEE, "?");
        try {
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(LockAdapter.ADAPTER_ID, "zb-bad");
            properties.put("dongleType", "SIMULATED");
            properties.put("serialPort", "bad");
            properties.put("channel", 30);
            bad.update(properties);

            ComponentConfigurationDTO failed = await().atMost(ZigbeeSite.WAIT).until(() -> scr
                    .getComponentDescriptionDTOs().stream().filter(d -> Pids.ADAPTER_COMPONENT.equals(d.name))
                    .flatMap(d -> scr.getComponentConfigurationDTOs(d).stream())
                    .filter(c -> "zb-bad".equals(c.properties.get(LockAdapter.ADAPTER_ID))).findFirst().orElse(null),
                    c -> c != null && c.state == ComponentConfigurationDTO.FAILED_ACTIVATION);

            assertThat(failed.failure).contains("channel: must be 11-26, was 30");
            assertThat(context.getServiceReferences(LockAdapter.class, "(" + LockAdapter.ADAPTER_ID + "=zb-bad)"))
                    .allSatisfy(r -> assertThat(context.getService(r)).isNull());
        } finally {
            bad.delete();
        }
    }

    @Test
    void givenANetworkKey_thenItIsNeverAServiceProperty() throws Exception {
        try (ZigbeeSite site = ZigbeeSite.withLocks(context, configAdmin, "secret", 0,
                Map.of(".networkKey", "00112233445566778899AABBCCDDEEFF"))) {
            for (String key : site.adapterReference().getPropertyKeys()) {
                assertThat(String.valueOf(site.adapterReference().getProperty(key))).doesNotContain("00112233");
            }
        }
    }

    @Test
    void givenTheGogoCommands_whenAnInstallerPermitsJoiningAndRemovesALock_thenTheNetworkFollows() throws Exception {
        try (RecordingListener events = new RecordingListener(context);
                ZigbeeSite site = ZigbeeSite.withLocks(context, configAdmin, "shell", 1, Map.of())) {
            String lockId = ZigbeeSite.lockId(site.locks().get(0));
            Object shell = context.getService(context.getServiceReferences((String) null,
                    "(&(osgi.command.scope=zigbee)(osgi.command.function=permitjoin))")[0]);

            assertThat(invoke(shell, "locks")).contains(lockId);
            assertThat(invoke(shell, "adapters")).contains("zb-shell  online");
            assertThat(invoke(shell, "permitjoin", "zb-shell", 30)).isEqualTo("joining permitted for 30 s on zb-shell");
            await().atMost(ZigbeeSite.WAIT).until(site.air()::permitJoinOpen);

            assertThat(invoke(shell, "remove", lockId)).isEqualTo("asked " + lockId + " to leave");

            events.awaitEvent(lockId, LockEventType.LOCK_REMOVED);
            assertThat(site.lockIds()).isEmpty();
            assertThat(site.air().locks()).isEmpty();
        }
    }

    /** The commands' class is private to the adapter bundle: call them as the shell would, by name. */
    private static String invoke(Object shell, String function, Object... arguments) throws Exception {
        for (java.lang.reflect.Method method : shell.getClass().getMethods()) {
            if (method.getName().equals(function) && method.getParameterCount() == arguments.length) {
                return (String) method.invoke(shell, arguments);
            }
        }
        throw new AssertionError("no command " + function);
    }
}
