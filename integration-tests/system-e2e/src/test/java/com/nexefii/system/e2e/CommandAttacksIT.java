package com.nexefii.system.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

/**
 * Flow 6, MQTT side: malformed, oversized and replayed commands on a gateway's command topic are
 * refused by the gateway, which stays connected and reports each refusal to the cloud (a
 * COMMAND_RESULT when the command can be named, else a GATEWAY_ALARM command-rejected).
 *
 * Only the cloud's certificate may write command topics, so the test publishes with it. The broker
 * forces the client id to the certificate's CN: the test takes over the cloud's persistent session
 * for a moment (clean session off, so the cloud's subscriptions survive) and the cloud reconnects
 * by itself.
 */
class CommandAttacksIT {
    private final SystemStack stack = SystemStack.get();

    @Test
    void givenMalformedOversizedAndReplayedCommands_whenTheGatewayReceivesThem_thenItRefusesEachAndStaysConnected() throws Exception {
        String staff = stack.token("staff-a");
        String since = Instant.now().minusSeconds(1).toString();
        String topic = "nexefii/v1/hotel-a/gw-a1/cmd";
        String commandId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        String valid = "{\"v\":1,\"commandId\":\"" + commandId + "\",\"propertyId\":\"hotel-a\",\"gatewayId\":\"gw-a1\","
                + "\"lockId\":\"sim-001\",\"type\":\"UNLOCK\",\"params\":{},\"issuedAt\":\"" + now + "\",\"expiresAt\":\""
                + now.plusSeconds(60) + "\",\"issuedBy\":\"system-e2e\"}";
        char[] big = new char[200 * 1024];
        Arrays.fill(big, 'x');
        String oversized = "{\"v\":1,\"padding\":\"" + new String(big) + "\"}";

        List<String> gatewayStatus = new CopyOnWriteArrayList<>();
        MqttClient observer = new MqttClient(stack.mqttUrl(), "nexefii-observer", new MemoryPersistence());
        observer.connect(stack.mqttOptions("nexefii-observer"));
        try {
            observer.subscribe("nexefii/v1/hotel-a/gw-a1/status", 1, (t, m) -> {
                if (!m.isRetained()) {
                    gatewayStatus.add(new String(m.getPayload(), StandardCharsets.UTF_8));
                }
            });

            MqttClient cloud = new MqttClient(stack.mqttUrl(), "nexefii-cloud", new MemoryPersistence());
            MqttConnectOptions options = stack.mqttOptions("nexefii-cloud");
            options.setCleanSession(false);
            cloud.connect(options);
            try {
                for (String payload : List.of("not json {", oversized, "{\"v\":1,\"commandId\":\"not-a-uuid\"}", valid, valid)) {
                    cloud.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
                }
            } finally {
                cloud.disconnect();
                cloud.close();
            }

            await("the gateway's answers in the cloud's audit").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(results(staff, since, commandId)).hasSize(2);
                assertThat(alarms(staff, since)).hasSizeGreaterThanOrEqualTo(3);
            });
            List<JsonNode> results = results(staff, since, commandId);
            assertThat(results).anySatisfy(r -> assertThat(r.path("outcome").asText()).isEqualTo("OK"));
            assertThat(results).anySatisfy(r -> assertThat(r.toString()).contains("DUPLICATE"));
            // the gateway never dropped its connection (no last will)
            assertThat(gatewayStatus).noneMatch(s -> s.contains("OFFLINE"));
        } finally {
            observer.disconnect();
            observer.close();
        }
    }

    private List<JsonNode> results(String staff, String since, String commandId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : stack.audit(staff, "hotel-a", "type=COMMAND_RESULT&gatewayId=gw-a1&from=" + SystemStack.enc(since))) {
            if (commandId.equals(e.path("commandId").asText())) {
                out.add(e);
            }
        }
        return out;
    }

    private List<JsonNode> alarms(String staff, String since) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : stack.audit(staff, "hotel-a", "type=GATEWAY_ALARM&gatewayId=gw-a1&from=" + SystemStack.enc(since))) {
            if (e.toString().contains("command-rejected")) {
                out.add(e);
            }
        }
        return out;
    }
}
