package com.nexefii.lock.simulator.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.util.tracker.ServiceTracker;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventPublisher;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.testing.RecordingListener;

@WithConfiguration(pid = Pids.EVENTS, location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-test"),
        @Property(key = "gatewayId", value = "gw-test") })
class LockEventPublisherInFrameworkTest {

    private static final String COMPONENT = "com.nexefii.lock.events.LockEventPublisherComponent";

    @InjectBundleContext
    BundleContext context;

    @Test
    void givenAConfiguredPublisher_whenAnEventIsPublished_thenItCarriesTheConfiguredIdentity(
            @InjectService(timeout = 10_000) LockEventPublisher publisher) {
        LockEvent event = publisher.publish("room-1", LockEventType.LOCKED, Map.of());

        assertThat(event.propertyId()).isEqualTo("hotel-test");
        assertThat(event.gatewayId()).isEqualTo("gw-test");
        assertThat(event.sequence()).isPositive();
    }

    @Test
    void givenAPublishedEvent_whenThePublisherComponentRestarts_thenTheSequenceContinuesAboveIt(
            @InjectService(timeout = 10_000) LockEventPublisher publisher,
            @InjectService ServiceComponentRuntime scr) throws Exception {
        long before = publisher.publish(null, LockEventType.GATEWAY_ALARM, Map.of("alarm", "test")).sequence();
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(eventsBundle(), COMPONENT);

        scr.disableComponent(description).getValue();
        await().atMost(RecordingListener.WAIT).until(() -> context.getServiceReference(LockEventPublisher.class) == null);
        scr.enableComponent(description).getValue();

        assertThat(publishThroughNewService().sequence()).isGreaterThan(before);
    }

    @Test
    void givenAPublishedEvent_whenTheEventsBundleRestarts_thenTheSequenceContinuesAboveIt(
            @InjectService(timeout = 10_000) LockEventPublisher publisher) throws Exception {
        long before = publisher.publish(null, LockEventType.GATEWAY_ALARM, Map.of("alarm", "test")).sequence();

        eventsBundle().stop();
        eventsBundle().start();

        assertThat(publishThroughNewService().sequence()).isGreaterThan(before);
    }

    @Test
    void givenAGatewayIdWithCapitals_whenConfigured_thenThePublisherFailsActivationNamingGatewayId(
            @InjectService ConfigurationAdmin configurationAdmin, @InjectService ServiceComponentRuntime scr)
            throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration(Pids.EVENTS, "?");
        Dictionary<String, Object> valid = configuration.getProperties();
        try {
            Dictionary<String, Object> invalid = new Hashtable<>();
            invalid.put("propertyId", "hotel-test");
            invalid.put("gatewayId", "Gateway_1");
            configuration.update(invalid);

            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(eventsBundle(), COMPONENT);
            ComponentConfigurationDTO failed = await().atMost(RecordingListener.WAIT).until(
                    () -> scr.getComponentConfigurationDTOs(description).stream()
                            .filter(c -> c.state == ComponentConfigurationDTO.FAILED_ACTIVATION).findFirst()
                            .orElse(null),
                    c -> c != null);
            assertThat(failed.failure).contains("gatewayId");
            // SCR may keep the registration of a component that failed activation, but nobody gets an object
            ServiceReference<LockEventPublisher> reference = context.getServiceReference(LockEventPublisher.class);
            if (reference != null) {
                assertThat(context.getService(reference)).isNull();
            }
        } finally {
            configuration.update(valid);
        }
        assertThat(publishThroughNewService().gatewayId()).isEqualTo("gw-test");
    }

    private LockEvent publishThroughNewService() throws Exception {
        var tracker = new ServiceTracker<LockEventPublisher, LockEventPublisher>(context, LockEventPublisher.class,
                null);
        tracker.open();
        try {
            LockEventPublisher restarted = tracker.waitForService(TimeUnit.SECONDS.toMillis(10));
            assertThat(restarted).isNotNull();
            return restarted.publish(null, LockEventType.GATEWAY_ALARM, Map.of("alarm", "after-restart"));
        } finally {
            tracker.close();
        }
    }

    private Bundle eventsBundle() {
        for (Bundle bundle : context.getBundles()) {
            if ("com.nexefii.lock.events".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("com.nexefii.lock.events is not installed");
    }
}
