package com.nexefii.cloud.interfaces.bench.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BenchSwitchTest {

    private static ResourceInfo resource(Class<?> type, Method method) {
        return new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return method;
            }

            @Override
            public Class<?> getResourceClass() {
                return type;
            }
        };
    }

    /** Records what a feature registers. */
    private static FeatureContext recording(List<Object> registered) {
        return (FeatureContext) Proxy.newProxyInstance(FeatureContext.class.getClassLoader(),
                new Class<?>[] { FeatureContext.class }, (proxy, method, args) -> {
                    if (method.getName().equals("register")) {
                        registered.add(args[0]);
                    }
                    return proxy;
                });
    }

    @Test
    void givenSwitchOff_whenBenchEndpointsAreConfigured_thenARefusingFilterGuardsBoth() throws Exception {
        List<Object> registered = new ArrayList<>();
        BenchSwitch off = new BenchSwitch(false);
        off.configure(resource(BenchResource.class, BenchResource.class.getMethod("open")), recording(registered));
        off.configure(resource(BenchResource.class, BenchResource.class.getMethod("authenticated")), recording(registered));
        assertThat(registered).hasSize(2).allMatch(ContainerRequestFilter.class::isInstance);
    }

    @Test
    void givenSwitchOn_whenConfigured_thenNothingGuardsThemAndOtherResourcesAreNeverTouched() throws Exception {
        List<Object> registered = new ArrayList<>();
        new BenchSwitch(true).configure(resource(BenchResource.class, BenchResource.class.getMethod("open")),
                recording(registered));
        new BenchSwitch(false).configure(resource(Object.class, Object.class.getMethod("toString")), recording(registered));
        assertThat(registered).isEmpty();
    }

    @Test
    void givenBothEndpoints_whenCalled_thenTheyAnswerTheSameBody() {
        BenchResource bench = new BenchResource();
        assertThat(bench.open()).isEqualTo(bench.authenticated()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void givenThePackagedDefaults_thenTheBenchEndpointsAreOff() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
        assertThat(defaults.getProperty(BenchSwitch.ENABLED)).isEqualTo("false");
    }
}
