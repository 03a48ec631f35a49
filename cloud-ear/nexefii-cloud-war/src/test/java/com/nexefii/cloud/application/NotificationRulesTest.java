package com.nexefii.cloud.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.notification.Audience;
import com.nexefii.cloud.domain.model.notification.Notification;
import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationRulesTest {

    private static final PropertyId HOTEL_A = new PropertyId("hotel-a");

    private static AuditEvent event(String type, String lockId, String actor, Map<String, String> attributes) {
        return new AuditEvent(UUID.randomUUID(), HOTEL_A, AuditEvent.Source.GATEWAY, "gw-a1", lockId, 1L, type,
                Priority.NORMAL, Instant.parse("2026-11-25T10:00:00Z"), Instant.now(), actor, null, null, attributes);
    }

    private static List<Notification> rules(AuditEvent e) {
        return NotificationRules.notificationsFor(e, id -> Optional.empty());
    }

    @Test
    void givenADoorAjar_whenMapped_thenOnlyTheStaffOfThePropertyAreTold() {
        List<Notification> out = rules(event("DOOR_AJAR", "a-101", null, Map.of()));

        assertThat(out).singleElement().satisfies(n -> {
            assertThat(n.audience()).isEqualTo(Audience.STAFF);
            assertThat(n.kind()).isEqualTo("alert");
            assertThat(n.propertyId()).isEqualTo(HOTEL_A);
            assertThat(n.payload()).contains("\"title\":\"Door a-101 is ajar\"").contains("\"doorState\":\"AJAR\"");
        });
    }

    @Test
    void givenAKeyRevoked_whenMapped_thenOnlyItsHolderIsTold_andNotTheStaffMemberWhoRevokedIt() {
        List<Notification> out = rules(event("CREDENTIAL_REVOKED", null, "admin-a",
                Map.of("credentialId", "c-1", "holder", "guest-a1", "reason", "lost phone")));

        assertThat(out).singleElement().satisfies(n -> {
            assertThat(n.audience()).isEqualTo(Audience.user("guest-a1"));
            assertThat(n.kind()).isEqualTo("key-revoked");
        });
    }

    @Test
    void givenAGuestsRemoteUnlockSucceeded_whenMapped_thenTheIssuerHearsTheDoorOpened() {
        AuditEvent result = new AuditEvent(UUID.randomUUID(), HOTEL_A, AuditEvent.Source.GATEWAY, "gw-a1", "a-101", 7L,
                "COMMAND_RESULT", Priority.NORMAL, Instant.now(), Instant.now(), "guest-a1", UUID.randomUUID(), "OK",
                Map.of());

        List<Notification> out = NotificationRules.notificationsFor(result, id -> Optional.of("UNLOCK"));

        assertThat(out).singleElement().satisfies(n -> {
            assertThat(n.audience()).isEqualTo(Audience.user("guest-a1"));
            assertThat(n.kind()).isEqualTo("door-opened");
        });
    }

    @Test
    void givenALockCommandResult_whenMapped_thenNobodyIsToldOfADoorOpening() {
        AuditEvent result = new AuditEvent(UUID.randomUUID(), HOTEL_A, AuditEvent.Source.GATEWAY, "gw-a1", "a-101", 7L,
                "COMMAND_RESULT", Priority.NORMAL, Instant.now(), Instant.now(), "staff-a", UUID.randomUUID(), "OK",
                Map.of("commandType", "LOCK"));

        assertThat(rules(result)).isEmpty();
    }

    @Test
    void givenAStayEventWithoutHolder_whenMapped_thenNoUserNotificationIsInvented() {
        assertThat(rules(event("STAY_MOVED", null, "staff-a", Map.of("stayId", "s")))).isEmpty();
    }

    @Test
    void givenGatewayFreeText_whenMapped_thenOnlyKnownAttributesReachThePayload() {
        List<Notification> out = rules(event("BATTERY_LOW", "a-101", null, Map.of("percent", "12", "debug", "secret")));

        assertThat(out).singleElement().satisfies(n -> {
            assertThat(n.payload()).contains("\"percent\":\"12\"").contains("\"batteryPercent\":12");
            assertThat(n.payload()).doesNotContain("secret");
        });
    }

    @Test
    void givenAnUnrelatedRecord_whenMapped_thenNobodyIsTold() {
        assertThat(rules(event("MQTT_MESSAGE_REJECTED", null, null, Map.of("reason", "schema-violation")))).isEmpty();
    }
}
