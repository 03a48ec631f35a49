package com.nexefii.lock.tcp.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;

import com.nexefii.lock.api.LockAdapter;
import com.nexefii.lock.api.LockInfo;

/** What a field technician does in the web console: add, change and remove lock controllers. */
@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-tcp"),
        @Property(key = "gatewayId", value = "gw-tcp") })
class TcpAdapterConfigurationInFrameworkTest {

    private static final String COMPONENT = "com.nexefii.lock.tcp.TcpLockAdapterComponent";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ServiceComponentRuntime scr;

    @Test
    void givenTheAdapterBundle_whenTheWebConsoleAsksMetatype_thenAFactoryFormWithAPasswordKeyFieldIsDescribed(
            @InjectService MetaTypeService metaType) {
        Bundle bundle = Arrays.stream(context.getBundles())
                .filter(b -> "com.nexefii.lock.tcp".equals(b.getSymbolicName())).findFirst().orElseThrow();

        assertThat(metaType.getMetaTypeInformation(bundle).getFactoryPids()).contains(ControllerFixture.FACTORY_PID);
        ObjectClassDefinition ocd = metaType.getMetaTypeInformation(bundle)
                .getObjectClassDefinition(ControllerFixture.FACTORY_PID, null);
        Map<String, AttributeDefinition> required = attributes(ocd, ObjectClassDefinition.REQUIRED);
        assertThat(required).containsKeys("adapterId", "host", "port", "key");
        assertThat(required.get("key").getType()).isEqualTo(AttributeDefinition.PASSWORD);
        assertThat(required.get("port").getDefaultValue()).containsExactly("7700");
    }

    @Test
    void givenTwoControllers_whenEachGetsAFactoryConfiguration_thenTwoAdaptersOwnTheirOwnLocks() {
        try (ControllerFixture first = new ControllerFixture(context, "tcp-floor1", Map.of(), "--locks", "2");
                ControllerFixture second = new ControllerFixture(context, "tcp-floor2", Map.of(), "--locks", "5")) {
            LockAdapter one = first.adapter();
            LockAdapter two = second.adapter();

            assertThat(one.locks()).extracting(LockInfo::lockId).containsExactly("tcp-tcp-floor1-1", "tcp-tcp-floor1-2");
            assertThat(two.locks()).hasSize(5).allSatisfy(l -> assertThat(l.adapterId()).isEqualTo("tcp-floor2"));
            assertThat(one.owns("tcp-tcp-floor2-1")).isFalse();
        }
    }

    @Test
    void givenARunningAdapter_whenItsConfigurationPointsAtAnotherController_thenTheNewControllersLocksAreServed()
            throws Exception {
        SimulatorProcess replacement = SimulatorProcess.start("--locks", "6");
        try (ControllerFixture controller = new ControllerFixture(context, "tcp-move", Map.of(), "--locks", "2")) {
            assertThat(controller.adapter().locks()).hasSize(2);

            var properties = controller.configuration.getProperties();
            properties.put("port", replacement.port());
            controller.configuration.update(properties);

            await().atMost(ControllerFixture.WAIT).until(() -> {
                var reference = controller.reference("(nexefii.lock.tcp.state=READY)");
                return reference != null && context.getService(reference).locks().size() == 6;
            });
            await().atMost(ControllerFixture.WAIT).until(() -> replacement.count("connected") == 1);
            await().atMost(ControllerFixture.WAIT).until(() -> controller.simulator.count("connected") == 0);
            assertThat(controller.context.getBundle(0).getState()).isEqualTo(Bundle.ACTIVE);
        } finally {
            replacement.close();
        }
    }

    @Test
    void givenAnInvalidPortOrKey_whenConfigured_thenTheComponentFailsToActivateNamingThePropertyButNotTheKey()
            throws Exception {
        Configuration badPort = factoryConfiguration("bad-port", Map.of("adapterId", "bad-port", "host", "127.0.0.1",
                "port", 0, "key", SimulatorProcess.KEY));
        Configuration badKey = factoryConfiguration("bad-key", Map.of("adapterId", "bad-key", "host", "127.0.0.1",
                "key", "c0ffee"));
        try {
            assertThat(awaitFailure(badPort.getPid())).contains("'port'");
            assertThat(awaitFailure(badKey.getPid())).contains("'key'").doesNotContain("c0ffee");
            assertThat(context.getServiceReferences(LockAdapter.class, "(nexefii.lock.adapter.id=bad-*)")).isEmpty();
        } finally {
            badPort.delete();
            badKey.delete();
        }
    }

    @Test
    void givenARunningAdapter_whenItsConfigurationIsDeleted_thenItsServiceAndLocksAreGone() throws Exception {
        ControllerFixture controller = new ControllerFixture(context, "tcp-gone", Map.of());
        try {
            controller.adapter();

            controller.configuration.delete();

            await().atMost(ControllerFixture.WAIT).until(() -> controller.reference("") == null);
            await().atMost(ControllerFixture.WAIT).until(() -> controller.simulator.count("connected") == 0);
        } finally {
            controller.close();
        }
    }

    private Configuration factoryConfiguration(String name, Map<String, Object> values) throws Exception {
        Configuration configuration = context.getService(context.getServiceReference(
                org.osgi.service.cm.ConfigurationAdmin.class)).getFactoryConfiguration(ControllerFixture.FACTORY_PID,
                        name, "?");
        configuration.update(new java.util.Hashtable<>(values));
        return configuration;
    }

    private String awaitFailure(String pid) {
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle(), COMPONENT);
        ComponentConfigurationDTO failed = await().atMost(ControllerFixture.WAIT)
                .until(() -> scr.getComponentConfigurationDTOs(description).stream()
                        .filter(c -> pid.equals(c.properties.get("service.pid"))).findFirst().orElse(null),
                        c -> c != null && c.state == ComponentConfigurationDTO.FAILED_ACTIVATION);
        return Objects.toString(failed.failure);
    }

    private Bundle bundle() {
        return Arrays.stream(context.getBundles()).filter(b -> "com.nexefii.lock.tcp".equals(b.getSymbolicName()))
                .findFirst().orElseThrow();
    }

    private static Map<String, AttributeDefinition> attributes(ObjectClassDefinition ocd, int filter) {
        Map<String, AttributeDefinition> byId = new java.util.HashMap<>();
        for (AttributeDefinition definition : ocd.getAttributeDefinitions(filter)) {
            byId.put(definition.getID(), definition);
        }
        return byId;
    }
}
