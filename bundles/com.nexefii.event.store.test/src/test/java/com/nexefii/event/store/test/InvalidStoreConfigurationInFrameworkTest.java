package com.nexefii.event.store.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

class InvalidStoreConfigurationInFrameworkTest {

    static final String COMPONENT = "com.nexefii.event.store.log.EventStoreComponent";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configurationAdmin;

    @InjectService
    ServiceComponentRuntime scr;

    @Test
    void givenAnUnknownDurabilityMode_whenConfigured_thenActivationFailsNamingTheProperty() throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration("com.nexefii.event.store", "?");
        Dictionary<String, Object> bad = new Hashtable<>();
        bad.put("durabilityMode", "SOMETIMES");
        try {
            configuration.update(bad);

            ComponentConfigurationDTO failed = await().atMost(EventStoreInFrameworkTest.WAIT)
                    .until(this::storeConfiguration, c -> failedWith(c, "durabilityMode", "SOMETIMES"));
            assertThat(failed.failure).contains("durabilityMode");
        } finally {
            configuration.delete();
        }
    }

    @Test
    void givenACapacitySmallerThanASegment_whenConfigured_thenActivationFailsNamingTheProperty() throws Exception {
        Configuration configuration = configurationAdmin.getConfiguration("com.nexefii.event.store", "?");
        Dictionary<String, Object> bad = new Hashtable<>();
        bad.put("capacityMiB", 4L);
        bad.put("segmentSizeMiB", 16);
        try {
            configuration.update(bad);

            ComponentConfigurationDTO failed = await().atMost(EventStoreInFrameworkTest.WAIT)
                    .until(this::storeConfiguration, c -> failedWith(c, "capacityMiB", 4L));
            assertThat(failed.failure).contains("capacityMiB");
        } finally {
            configuration.delete();
        }
    }

    private ComponentConfigurationDTO storeConfiguration() {
        Bundle store = List.of(context.getBundles()).stream()
                .filter(b -> "com.nexefii.event.store".equals(b.getSymbolicName())).findFirst().orElseThrow();
        ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(store, COMPONENT);
        if (description == null) {
            return null;
        }
        return scr.getComponentConfigurationDTOs(description).stream().findFirst().orElse(null);
    }

    /** The failed activation of this test's configuration, not a stale one of the test before. */
    private static boolean failedWith(ComponentConfigurationDTO c, String property, Object value) {
        return c != null && c.state == ComponentConfigurationDTO.FAILED_ACTIVATION && c.properties != null
                && value.equals(c.properties.get(property));
    }
}
