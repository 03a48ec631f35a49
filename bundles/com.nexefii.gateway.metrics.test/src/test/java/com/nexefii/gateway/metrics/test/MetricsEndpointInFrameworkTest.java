package com.nexefii.gateway.metrics.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.common.annotation.Property;
import org.osgi.test.common.annotation.config.WithConfiguration;
import org.osgi.test.common.annotation.config.WithFactoryConfiguration;
import org.osgi.test.common.service.ServiceAware;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockRouter;
import com.nexefii.lock.api.Outcome;
import com.nexefii.lock.simulator.control.SimulatedLockControl;

// the event store needs a configuration (any: its defaults are what a gateway runs with)
@WithConfiguration(pid = "com.nexefii.event.store", location = "?", properties = {
        @Property(key = "durabilityMode", value = "GROUP_COMMIT") })
@WithConfiguration(pid = "com.nexefii.lock.events", location = "?", properties = {
        @Property(key = "propertyId", value = "hotel-metrics"),
        @Property(key = "gatewayId", value = "gw-metrics") })
@WithFactoryConfiguration(factoryPid = "com.nexefii.lock.simulator", name = "metrics", location = "?", properties = {
        @Property(key = "adapterId", value = "sim-metrics"),
        @Property(key = "lockCount", value = "3", scalar = Property.Scalar.Integer),
        @Property(key = "latencyMinMillis", value = "5", scalar = Property.Scalar.Integer),
        @Property(key = "latencyMaxMillis", value = "20", scalar = Property.Scalar.Integer),
        @Property(key = "doorOpenAfterUnlockProbability", value = "0", scalar = Property.Scalar.Double),
        @Property(key = "randomSeed", value = "11", scalar = Property.Scalar.Long) })
class MetricsEndpointInFrameworkTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @InjectBundleContext
    BundleContext context;

    @Test
    void givenCommandsAndStagedIncidents_whenPrometheusScrapes_thenTheEndpointShowsThem(
            @InjectService(timeout = 20_000) LockRouter router,
            @InjectService(timeout = 20_000) ServiceAware<SimulatedLockControl> control) throws Exception {
        String lock = await().atMost(WAIT).until(() -> router.locks().stream().findFirst().orElse(null),
                l -> l != null).lockId();
        for (int i = 0; i < 3; i++) {
            LockResult result = router.execute(LockCommand.unlock(lock, Duration.ofSeconds(1), Duration.ofSeconds(5),
                    "metrics-test")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(result.outcome()).isEqualTo(Outcome.OK);
        }
        router.execute(LockCommand.of(CommandType.LOCK, "no-such-lock", Duration.ofSeconds(5), "metrics-test"))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        SimulatedLockControl simulator = control.getService();
        String other = simulator.lockIds().get(1);
        simulator.setBattery(other, 9);
        simulator.leaveDoorAjar(other);
        simulator.forceEntry(simulator.lockIds().get(2));

        HttpResponse<String> scrape = await().atMost(WAIT).until(this::scrape,
                r -> r.statusCode() == 200 && r.body().contains("nexefii_doors_ajar{adapter=\"sim-metrics\"} 1")
                        // the router's timings arrive through EventAdmin, asynchronously
                        && r.body().contains("nexefii_lock_command_duration_seconds_count{adapter=\"sim-metrics\"} 3\n"));

        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        assertThat(scrape.body()).contains(
                "nexefii_gateway_info{gateway=\"gw-metrics\",property=\"hotel-metrics\"} 1\n",
                "nexefii_event_store_up 1\n",
                "nexefii_cloud_connector_up 0\n",
                "nexefii_locks{adapter=\"sim-metrics\",protocol=\"simulator\"} 3\n",
                "nexefii_lock_commands_total{adapter=\"sim-metrics\",command=\"UNLOCK\",outcome=\"OK\"} 3\n",
                "nexefii_lock_commands_total{adapter=\"unknown\",command=\"LOCK\",outcome=\"UNKNOWN_LOCK\"} 1\n",
                "nexefii_locks_battery_low{adapter=\"sim-metrics\"} 1\n",
                "nexefii_lock_battery_percent{lock=\"" + other + "\",adapter=\"sim-metrics\"} 9\n",
                "# TYPE nexefii_lock_command_duration_seconds histogram\n",
                "nexefii_lock_command_duration_seconds_bucket{adapter=\"sim-metrics\",le=\"+Inf\"} 3\n",
                "# TYPE nexefii_jvm_heap_used_bytes gauge\n");
        assertThat(scrape.body()).containsPattern("nexefii_lock_events_total\\{type=\"DOOR_FORCED\"\\} [1-9]");
        assertThat(scrape.body()).containsPattern("nexefii_event_store_depth [1-9]");
        // dispatch to result of the three unlocks (the simulator takes 5-20 ms each): a positive sum
        assertThat(scrape.body()).containsPattern(
                "nexefii_lock_command_duration_seconds_sum\\{adapter=\"sim-metrics\"\\} [0-9.]*[1-9][0-9.E-]*\n");
        assertThat(scrape.body()).doesNotContain("nexefii_lock_command_duration_seconds_count{adapter=\"unknown\"}");
    }

    private HttpResponse<String> scrape() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint() + "metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String endpoint() throws Exception {
        for (String runtime : new String[] { "org.osgi.service.servlet.runtime.HttpServiceRuntime",
            "org.osgi.service.http.runtime.HttpServiceRuntime" }) {
            ServiceReference<?>[] references = context.getServiceReferences(runtime, null);
            if (references == null) {
                continue;
            }
            for (ServiceReference<?> reference : references) {
                Object endpoint = reference.getProperty("osgi.http.endpoint");
                String first = endpoint instanceof String[] all ? all[0] : String.valueOf(endpoint);
                return first.endsWith("/") ? first : first + "/";
            }
        }
        throw new IllegalStateException("no HTTP runtime");
    }
}
