package com.nexefii.lock.simulator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogReaderService;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.testing.RecordingListener;

@WithConfiguration(pid = Pids.EVENTS, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-it"),
        @Property(key = "gatewayId", value = "gw-it") })
class SimulatorConfigurationInFrameworkTest {

    private static final String COMPONENT = "com.nexefii.lock.simulator.SimulatorComponent";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configurationAdmin;

    @InjectService
    ServiceComponentRuntime scr;

    @Test
    void givenARunningSimulator_whenItsLockCountIsChangedInConfigAdmin_thenTheNewFleetServesWithoutRestart()
            throws Exception {
        Configuration configuration = configurationAdmin.getFactoryConfiguration(Pids.SIMULATOR, "resize", "?");
        try {
            configuration.update(simulator("cfg-sim", Map.of("lockCount", "2")));
            LockAdapter before = awaitAdapter("cfg-sim", 2);
            long frameworkStarted = frameworkBundle().getLastModified();
            Bundle simulatorBundle = adapterReference("cfg-sim").getBundle();

            configuration.update(simulator("cfg-sim", Map.of("lockCount", "5")));

            LockAdapter after = awaitAdapter("cfg-sim", 5);
            assertThat(after.locks()).hasSize(5);
            assertThat(after).isNotSameAs(before);
            assertThat(frameworkBundle().getState()).isEqualTo(Bundle.ACTIVE);
            assertThat(frameworkBundle().getLastModified()).isEqualTo(frameworkStarted);
            assertThat(simulatorBundle.getState()).isEqualTo(Bundle.ACTIVE);
        } finally {
            configuration.delete();
        }
    }

    @Test
    void givenAnInvalidSimulatorConfiguration_whenApplied_thenTheComponentStaysInactiveAndTheWrongPropertyIsLogged(
            @InjectService LogReaderService logReader) throws Exception {
        Configuration configuration = configurationAdmin.getFactoryConfiguration(Pids.SIMULATOR, "broken", "?");
        try {
            configuration.update(simulator("bad-sim", Map.of("latencyMinMillis", "-5")));

            ComponentConfigurationDTO failed = await().atMost(RecordingListener.WAIT)
                    .until(() -> configurationOf(configuration.getPid()), c -> c != null
                            && (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION
                                    || c.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE));
            assertThat(failed.state).isEqualTo(ComponentConfigurationDTO.FAILED_ACTIVATION);
            assertThat(failed.failure).contains("latencyMinMillis");
            assertThat(adapterReferences("bad-sim")).isEmpty();
            await().atMost(RecordingListener.WAIT).untilAsserted(() -> assertThat(logMessages(logReader))
                    .anySatisfy(line -> assertThat(line).contains("latencyMinMillis")));
        } finally {
            configuration.delete();
        }
    }

    private static Dictionary<String, Object> simulator(String adapterId, Map<String, String> overrides) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("adapterId", adapterId);
        properties.put("latencyMinMillis", "10");
        properties.put("latencyMaxMillis", "20");
        properties.put("doorOpenAfterUnlockProbability", "0");
        overrides.forEach(properties::put);
        return properties;
    }

    private ComponentConfigurationDTO configurationOf(String pid) {
        Bundle simulator = List.of(context.getBundles()).stream()
                .filter(b -> "com.nexefii.lock.simulator".equals(b.getSymbolicName())).findFirst().orElseThrow();
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(simulator, COMPONENT);
        if (description == null) {
            return null;
        }
        return scr.getComponentConfigurationDTOs(description).stream()
                .filter(c -> pid.equals(c.properties.get("service.pid"))).findFirst().orElse(null);
    }

    private static List<String> logMessages(LogReaderService logReader) {
        return Collections.list(logReader.getLog()).stream().map(SimulatorConfigurationInFrameworkTest::describe)
                .toList();
    }

    private static String describe(LogEntry entry) {
        Throwable exception = entry.getException();
        return entry.getMessage() + (exception == null ? "" : " " + exception);
    }

    private LockAdapter awaitAdapter(String adapterId, int lockCount) {
        return await().atMost(RecordingListener.WAIT).until(() -> {
            for (ServiceReference<LockAdapter> reference : adapterReferences(adapterId)) {
                LockAdapter adapter = context.getService(reference);
                if (adapter != null && adapter.locks().size() == lockCount) {
                    return adapter;
                }
            }
            return null;
        }, a -> a != null);
    }

    private ServiceReference<LockAdapter> adapterReference(String adapterId) throws InvalidSyntaxException {
        return adapterReferences(adapterId).iterator().next();
    }

    private Collection<ServiceReference<LockAdapter>> adapterReferences(String adapterId)
            throws InvalidSyntaxException {
        return context.getServiceReferences(LockAdapter.class, "(" + LockAdapter.ADAPTER_ID + "=" + adapterId + ")");
    }

    private static Bundle frameworkBundle() {
        return FrameworkUtil.getBundle(SimulatorConfigurationInFrameworkTest.class).getBundleContext().getBundle(0);
    }
}
