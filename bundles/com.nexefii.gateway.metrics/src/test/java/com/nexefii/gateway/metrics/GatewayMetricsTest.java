package com.nexefii.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;

import com.nexefii.cloud.connector.CloudConnectorStatus;
import com.nexefii.lock.api.LockCommand;
import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.lock.api.LockInfo;
import com.nexefii.lock.api.LockResult;
import com.nexefii.lock.api.LockRouter;

class GatewayMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics(new MetricsOptions("/metrics", 20, true),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void givenNoOtherServices_whenScraped_thenTheirUpGaugesAreZeroAndTheJvmIsReported() {
        String text = metrics.scrape(new GatewayMetrics.Sources(null, null, null, null, null));

        assertThat(text).contains("nexefii_event_store_up 0\n", "nexefii_cloud_connector_up 0\n",
                "nexefii_policy_cache_up 0\n", "# TYPE nexefii_jvm_heap_used_bytes gauge\n",
                "nexefii_gateway_info{gateway=\"unknown\",property=\"unknown\"} 1\n");
        assertThat(text).doesNotContain("nexefii_event_store_depth ");
    }

    @Test
    void givenCommandResultsAndTheirRouterTimings_whenScraped_thenCountsAndACumulativeHistogramPerAdapterAppear() {
        metrics.setRouter(router(new LockInfo("room-101", "simulator", "sim-a", null, null)));
        metrics.onEvent(event("room-101", LockEventType.COMMAND_RESULT,
                Map.of("commandType", "UNLOCK", "outcome", "OK")));
        metrics.onCommandCompleted("sim-a", 80_000_000L);
        metrics.onEvent(event("room-101", LockEventType.COMMAND_RESULT,
                Map.of("commandType", "UNLOCK", "outcome", "TIMEOUT")));
        metrics.onCommandCompleted("sim-a", 3_000_000_000L);
        metrics.onEvent(event("room-999", LockEventType.COMMAND_RESULT, Map.of("commandType", "LOCK",
                "outcome", "UNKNOWN_LOCK")));

        String text = metrics.scrape(new GatewayMetrics.Sources(null, null, null,
                router(new LockInfo("room-101", "simulator", "sim-a", null, null)), null));

        assertThat(text).contains(
                "nexefii_lock_commands_total{adapter=\"sim-a\",command=\"UNLOCK\",outcome=\"OK\"} 1\n",
                "nexefii_lock_commands_total{adapter=\"sim-a\",command=\"UNLOCK\",outcome=\"TIMEOUT\"} 1\n",
                "nexefii_lock_commands_total{adapter=\"unknown\",command=\"LOCK\",outcome=\"UNKNOWN_LOCK\"} 1\n",
                "nexefii_lock_command_duration_seconds_bucket{adapter=\"sim-a\",le=\"0.1\"} 1\n",
                "nexefii_lock_command_duration_seconds_bucket{adapter=\"sim-a\",le=\"2.5\"} 1\n",
                "nexefii_lock_command_duration_seconds_bucket{adapter=\"sim-a\",le=\"5\"} 2\n",
                "nexefii_lock_command_duration_seconds_bucket{adapter=\"sim-a\",le=\"+Inf\"} 2\n",
                "nexefii_lock_command_duration_seconds_count{adapter=\"sim-a\"} 2\n",
                "nexefii_locks{adapter=\"sim-a\",protocol=\"simulator\"} 1\n");
    }

    @Test
    void givenLockEvents_whenScraped_thenBatteryOfflineAjarDecisionsAndAlarmsAreCounted() {
        LockRouter router = router(new LockInfo("room-1", "ble", "ble-1", null, null),
                new LockInfo("room-2", "ble", "ble-1", null, null));
        metrics.setRouter(router);
        metrics.onEvent(event("room-1", LockEventType.BATTERY_LOW, Map.of("percent", "12")));
        metrics.onEvent(event("room-2", LockEventType.BATTERY_LEVEL, Map.of("percent", "80")));
        metrics.onEvent(event("room-2", LockEventType.LOCK_OFFLINE, Map.of()));
        metrics.onEvent(event("room-1", LockEventType.DOOR_AJAR, Map.of()));
        metrics.onEvent(event("room-2", LockEventType.DOOR_AJAR, Map.of()));
        metrics.onEvent(event("room-2", LockEventType.DOOR_CLOSED, Map.of()));
        metrics.onEvent(event("room-1", LockEventType.ACCESS_DENIED, Map.of("reason", "BAD_SIGNATURE")));
        metrics.onEvent(event("room-1", LockEventType.ACCESS_GRANTED, Map.of("reason", "GRANTED")));
        metrics.onEvent(event(null, LockEventType.GATEWAY_ALARM, Map.of("alarm", "rollback")));

        String text = metrics.scrape(new GatewayMetrics.Sources(null, null, null, router, null));

        assertThat(text).contains(
                "nexefii_lock_battery_percent{lock=\"room-1\",adapter=\"ble-1\"} 12\n",
                "nexefii_locks_battery_low{adapter=\"ble-1\"} 1\n",
                "nexefii_locks_offline{adapter=\"ble-1\"} 1\n",
                "nexefii_doors_ajar{adapter=\"ble-1\"} 1\n",
                "nexefii_access_decisions_total{outcome=\"denied\",reason=\"BAD_SIGNATURE\"} 1\n",
                "nexefii_access_decisions_total{outcome=\"granted\",reason=\"GRANTED\"} 1\n",
                "nexefii_gateway_alarms_total{alarm=\"rollback\"} 1\n",
                "nexefii_lock_events_total{type=\"DOOR_AJAR\"} 2\n");
    }

    @Test
    void givenTheCloudConnectorsCounters_whenScraped_thenEachLandsInItsFamily() {
        CloudConnectorStatus cloud = new CloudConnectorStatus() {
            @Override
            public boolean connected() {
                return true;
            }

            @Override
            public Map<String, Long> counters() {
                return Map.of("events.sent", 5L, "events.acknowledged", 4L, "commands.rejected.expired", 2L,
                        "policy.applied", 3L, "something.new", 9L);
            }
        };

        String text = metrics.scrape(new GatewayMetrics.Sources(null, cloud, null, null, null));

        assertThat(text).contains("nexefii_cloud_connected 1\n", "nexefii_cloud_events_sent_total 5\n",
                "nexefii_cloud_events_acknowledged_total 4\n",
                "nexefii_cloud_commands_rejected_total{reason=\"expired\"} 2\n",
                "nexefii_cloud_policy_messages_total{result=\"applied\"} 3\n",
                "nexefii_cloud_counter_total{name=\"something.new\"} 9\n");
    }

    @Test
    void givenAnyScrape_whenRead_thenEveryFamilyIsDeclaredOnceBeforeItsSamples() {
        String text = metrics.scrape(new GatewayMetrics.Sources(null, null, null, null, null));

        List<String> types = text.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList();
        assertThat(types).doesNotHaveDuplicates();
        text.lines().filter(l -> !l.startsWith("#")).forEach(sample -> {
            String name = sample.split("[{ ]")[0];
            assertThat(GatewayMetrics.seriesNames()).as(sample).contains(name);
        });
    }

    @Test
    void givenALabelWithQuotesAndBackslashes_whenWritten_thenItIsEscaped() {
        assertThat(PrometheusText.escapeLabel("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
        assertThat(PrometheusText.format(0.25)).isEqualTo("0.25");
        assertThat(PrometheusText.format(3.0)).isEqualTo("3");
    }

    private static LockEvent event(String lockId, LockEventType type, Map<String, String> attributes) {
        return new LockEvent(UUID.randomUUID().toString(), "hotel", "gw", lockId, 1, Instant.now(), type, attributes);
    }

    private static LockRouter router(LockInfo... locks) {
        return new LockRouter() {
            @Override
            public CompletionStage<LockResult> execute(LockCommand command) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Collection<LockInfo> locks() {
                return List.of(locks);
            }
        };
    }

}
