package com.nexefii.cloud.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.nexefii.cloud.domain.model.audit.AuditEvent;
import com.nexefii.cloud.domain.model.audit.Priority;
import com.nexefii.cloud.domain.model.property.PropertyId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Ingest bookkeeping that needs no database: duplicate counting per gateway, battery attribute. */
class AuditServiceTest {

    private static AuditEvent event(UUID id, String gateway, long seq) {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        return new AuditEvent(id, new PropertyId("hotel-a"), AuditEvent.Source.GATEWAY, gateway, "sim-a-101", seq,
                "UNLOCKED", Priority.NORMAL, now, now, null, null, null, Map.of());
    }

    @Test
    void givenALoneDuplicateInABatch_whenCounted_thenItIsOneDuplicateOfItsGateway() {
        UUID stored = UUID.randomUUID();
        assertThat(AuditService.duplicatesByGateway(List.of(event(stored, "gw-a1", 7)), Set.of()))
                .containsExactly(Map.entry("gw-a1", 1));
    }

    @Test
    void givenALoneDuplicateBesideAnotherGatewaysNewEvents_whenCounted_thenEachGatewayGetsItsOwnCount() {
        UUID stored = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        assertThat(AuditService.duplicatesByGateway(List.of(event(fresh, "gw-a2", 1), event(stored, "gw-a1", 7)),
                Set.of(fresh))).containsEntry("gw-a1", 1).containsEntry("gw-a2", 0);
    }

    @Test
    void givenTheSameNewEventTwiceInOneBatch_whenCounted_thenTheSecondCopyIsTheDuplicate() {
        UUID fresh = UUID.randomUUID();
        assertThat(AuditService.duplicatesByGateway(List.of(event(fresh, "gw-a1", 3), event(fresh, "gw-a1", 3)),
                Set.of(fresh))).containsExactly(Map.entry("gw-a1", 1));
    }

    @Test
    void givenAnEventAGatewayStoredTwiceAfterACrash_whenItsCopyArrivesWithTheNextSeq_thenNoSeqIsMissing() {
        UUID forced = UUID.randomUUID();
        // seq 8 is the re-sent copy of seq 7 (one event id): dropped by the ingest, but its seq was used
        List<AuditEvent> delivered = List.of(event(forced, "gw-a1", 7), event(forced, "gw-a1", 8),
                event(UUID.randomUUID(), "gw-a1", 9));
        assertThat(AuditService.sequenceGaps(6L, delivered)).isEmpty();
        assertThat(AuditService.sequenceGaps(6L, List.of(delivered.get(0), delivered.get(2))))
                .singleElement().satisfies(gap -> assertThat(gap).containsExactly(8, 8, 1));
    }

    @Test
    void givenOldResentEventsAndAHole_whenChecked_thenOnlyTheHoleIsReported() {
        List<AuditEvent> delivered = List.of(event(UUID.randomUUID(), "gw-a1", 3), event(UUID.randomUUID(), "gw-a1", 11),
                event(UUID.randomUUID(), "gw-a1", 14));
        assertThat(AuditService.sequenceGaps(10L, delivered)).singleElement()
                .satisfies(gap -> assertThat(gap).containsExactly(12, 13, 2));
        assertThat(AuditService.sequenceGaps(null, delivered)).hasSize(2);
    }

    @Test
    void givenBatteryEventOfAnyAdapter_whenParsed_thenItsPercentAttributeIsTheLevel() {
        // every adapter and simulator sends "percent" (lock API LockEventType, contract README)
        assertThat(AuditService.parseBattery(Map.of("percent", "42"))).isEqualTo(42);
        assertThat(AuditService.parseBattery(Map.of("percent", "101"))).isNull();
        assertThat(AuditService.parseBattery(Map.of("percent", "low"))).isNull();
        assertThat(AuditService.parseBattery(Map.of())).isNull();
    }

    private static AuditEvent presented(String actor, UUID commandId, Map<String, String> attributes) {
        return new AuditEvent(UUID.randomUUID(), new PropertyId("hotel-a"), AuditEvent.Source.GATEWAY, "gw-a1", "a-101",
                1L, "UNLOCKED", Priority.NORMAL, Instant.now(), Instant.now(), actor, commandId, null, attributes);
    }

    @Test
    void givenAKeyPresentation_whenNamedFromTheBatchLookups_thenItsActorIsTheCredentialsHolder() {
        UUID key = UUID.randomUUID();
        AuditEvent e = presented(null, null, Map.of("credentialId", key.toString()));

        assertThat(AuditService.withActor(e, Map.of(key, "guest-a1"), Map.of()).actor()).isEqualTo("guest-a1");
    }

    @Test
    void givenAnUnknownCredentialAndACommand_whenNamed_thenTheCommandsIssuerIsTheActor() {
        UUID command = UUID.randomUUID();
        AuditEvent e = presented(null, command, Map.of("credentialId", UUID.randomUUID().toString()));

        assertThat(AuditService.withActor(e, Map.of(), Map.of(command, "staff-a")).actor()).isEqualTo("staff-a");
    }

    @Test
    void givenAnActorOrAHolderAlreadyNamed_whenNamed_thenTheLookupsDoNotOverrideIt() {
        UUID key = UUID.randomUUID();
        Map<UUID, String> holders = Map.of(key, "someone-else");

        assertThat(AuditService.withActor(presented("guest-a1", null, Map.of("credentialId", key.toString())), holders,
                Map.of()).actor()).isEqualTo("guest-a1");
        assertThat(AuditService.withActor(presented(null, null, Map.of("credentialId", key.toString(), "holder",
                "guest-a2")), holders, Map.of()).actor()).isEqualTo("guest-a2");
    }
}
