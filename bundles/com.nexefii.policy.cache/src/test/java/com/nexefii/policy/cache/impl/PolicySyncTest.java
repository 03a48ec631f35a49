package com.nexefii.policy.cache.impl;

import static com.nexefii.policy.cache.impl.GatewayUnderTest.GUEST_KEY;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.NOW;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.PROPERTY;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.policy.cache.ApplyResult;
import com.nexefii.policy.cache.ApplyResult.Status;
import com.nexefii.policy.cache.Reason;

/** Snapshots, deltas and versions, as the cloud connector feeds them. */
class PolicySyncTest {

    @TempDir
    Path dir;
    GatewayUnderTest gateway;

    @BeforeEach
    void givenAFreshGateway() {
        gateway = new GatewayUnderTest(dir);
    }

    private ApplyResult apply(Policies policy) {
        return gateway.cache.apply(policy.bytes());
    }

    @Test
    void givenNoPolicy_whenSnapshotArrives_thenAppliedAndVersionReported() {
        ApplyResult result = apply(gateway.standardSnapshot(42));

        assertThat(result.status()).isEqualTo(Status.APPLIED);
        assertThat(result.appliedVersion()).isEqualTo(42);
        assertThat(result.needSnapshot()).isFalse();
        assertThat(gateway.cache.version()).isEqualTo(42);
    }

    @Test
    void givenVersion42_whenOlderOrSameSnapshotArrives_thenIgnored() {
        apply(gateway.standardSnapshot(42));

        assertThat(apply(gateway.standardSnapshot(42)).status()).isEqualTo(Status.IGNORED);
        ApplyResult older = apply(Policies.snapshot(PROPERTY, 41));
        assertThat(older.status()).isEqualTo(Status.IGNORED);
        assertThat(older.appliedVersion()).isEqualTo(42);
        assertThat(gateway.cache.decide(gateway.guestKey(), ROOM, NOW).reason()).isEqualTo(Reason.GRANTED);
    }

    @Test
    void givenVersion42_whenNewerSnapshotWithoutTheGrantArrives_thenItReplacesEverything() {
        apply(gateway.standardSnapshot(42));

        apply(Policies.snapshot(PROPERTY, 50).keys(gateway.signer.publicJwks())
                .grant("other", "mk-other", List.of(ROOM), NOW.minusSeconds(60), NOW.plusSeconds(60), null));

        assertThat(gateway.cache.version()).isEqualTo(50);
        assertThat(gateway.cache.zoneLocks("floor-1")).isEmpty();
        // mk-0001's revocation went with the old snapshot; the guest key stands on its signature
        assertThat(gateway.cache.decide(gateway.guestKey(), ROOM, NOW).reason()).isEqualTo(Reason.GRANTED);
    }

    @Test
    void givenVersion42_whenDeltaFrom42Arrives_thenApplied() {
        apply(gateway.standardSnapshot(42));

        ApplyResult result = apply(Policies.delta(PROPERTY, 42, 43).revoke(GUEST_KEY, NOW.plusSeconds(3600)));

        assertThat(result.status()).isEqualTo(Status.APPLIED);
        assertThat(gateway.cache.version()).isEqualTo(43);
        assertThat(gateway.cache.decide(gateway.guestKey(), ROOM, NOW).reason()).isEqualTo(Reason.REVOKED);
    }

    @Test
    void givenVersion42_whenDeltaFrom41Arrives_thenNeedSnapshotAndNothingChanges() {
        apply(gateway.standardSnapshot(42));

        ApplyResult result = apply(Policies.delta(PROPERTY, 41, 44).revoke(GUEST_KEY, NOW.plusSeconds(3600)));

        assertThat(result.needSnapshot()).isTrue();
        assertThat(result.appliedVersion()).isEqualTo(42);
        assertThat(gateway.cache.decide(gateway.guestKey(), ROOM, NOW).reason()).isEqualTo(Reason.GRANTED);
    }

    @Test
    void givenNoPolicy_whenDeltaFromZeroArrives_thenNeedSnapshot() {
        assertThat(apply(Policies.delta(PROPERTY, 0, 1)).needSnapshot()).isTrue();
        assertThat(gateway.cache.version()).isZero();
    }

    @Test
    void givenVersion43_whenDeltaRedelivered_thenIgnored() {
        apply(gateway.standardSnapshot(42));
        Policies delta = Policies.delta(PROPERTY, 42, 43).revoke("mk-x", NOW.plusSeconds(60));
        apply(delta);

        assertThat(apply(delta).status()).isEqualTo(Status.IGNORED);
    }

    @Test
    void givenGrant_whenDeltaRemovesIt_thenItsCardIsUnknown() {
        apply(gateway.standardSnapshot(42));

        apply(Policies.delta(PROPERTY, 42, 43).removeGrant("card-1001"));

        assertThat(gateway.cache.decide(com.nexefii.policy.cache.AccessRequest.card(GatewayUnderTest.CARD, ROOM, NOW))
                .reason()).isEqualTo(Reason.UNKNOWN_CREDENTIAL);
    }

    @Test
    void givenStaffZones_whenDeltaEmptiesARoleAndAZone_thenBothRemoved() {
        apply(gateway.standardSnapshot(42));

        apply(Policies.delta(PROPERTY, 42, 43).staff("staff").zone("floor-2"));

        assertThat(gateway.cache.zoneLocks("floor-2")).isEmpty();
        assertThat(gateway.cache.zoneLocks("floor-1")).isNotEmpty();
    }

    @Test
    void givenPolicyOfAnotherProperty_whenApplied_thenRejected() {
        ApplyResult result = apply(Policies.snapshot("hotel-b", 42));

        assertThat(result.status()).isEqualTo(Status.REJECTED);
        assertThat(result.rejection()).get().asString().contains("hotel-b");
        assertThat(gateway.cache.version()).isZero();
    }

    @Test
    void givenBrokenMessages_whenApplied_thenEachRejectedWithTheFieldNamed() {
        apply(gateway.standardSnapshot(42));
        Map<String, byte[]> broken = Map.of(
                "not a valid policy", "{not json".getBytes(StandardCharsets.UTF_8),
                "extra", Policies.snapshot(PROPERTY, 50).set("extra", 1).bytes(),
                "version", Policies.snapshot(PROPERTY, 50).set("version", "50").bytes(),
                "Duplicate field", "{\"v\":1,\"v\":1,\"kind\":\"snapshot\",\"propertyId\":\"hotel-a\",\"version\":50,\"issuedAt\":\"2026-11-25T10:00:00Z\"}".getBytes(StandardCharsets.UTF_8),
                "kind", Policies.snapshot(PROPERTY, 50).set("kind", "full").bytes(),
                "fromVersion", Policies.snapshot(PROPERTY, 50).set("kind", "delta").bytes(),
                "issuedAt", Policies.snapshot(PROPERTY, 50).set("issuedAt", "yesterday").bytes(),
                "validUntil", Policies.snapshot(PROPERTY, 50).grant("g", "c", List.of(ROOM), NOW, NOW.minusSeconds(1), null).bytes(),
                "schedule", Policies.snapshot(PROPERTY, 50).grant("g", "c", List.of(ROOM), NOW, NOW.plusSeconds(1), "9-5").bytes(),
                "lock id", Policies.snapshot(PROPERTY, 50).grant("g", "c", List.of("bad lock/#"), NOW, NOW.plusSeconds(1), null).bytes());

        broken.forEach((expected, payload) -> {
            ApplyResult result = gateway.cache.apply(payload);
            assertThat(result.status()).as(expected).isEqualTo(Status.REJECTED);
            assertThat(result.rejection()).as(expected).get().asString().contains(expected);
            assertThat(result.appliedVersion()).isEqualTo(42);
        });
        assertThat(gateway.cache.decide(gateway.guestKey(), ROOM, NOW).reason()).isEqualTo(Reason.GRANTED);
    }

    @Test
    void givenJwksWithAPrivateKey_whenApplied_thenRejected() {
        Map<String, Object> leaked = Map.of("keys", List.of(gateway.signer.key.toJSONObject()));

        ApplyResult result = apply(gateway.standardSnapshot(42).keys(leaked));

        assertThat(result.rejection()).get().asString().contains("private key material");
    }

    @Test
    void givenOversizedMessage_whenApplied_thenRejectedUnread() {
        byte[] huge = new byte[1024 * 1024 + 1];

        assertThat(gateway.cache.apply(huge).rejection()).get().asString().contains("maxPolicyBytes");
        assertThat(gateway.cache.apply(null).status()).isEqualTo(Status.REJECTED);
    }

    @Test
    void givenRevocationsThatExpired_whenNextDeltaApplied_thenPruned() {
        apply(gateway.standardSnapshot(42).revoke("mk-old", NOW.minusSeconds(1)));
        assertThat(gateway.cache.version()).isEqualTo(42);

        apply(Policies.delta(PROPERTY, 42, 43).revoke("mk-new", NOW.plus(Duration.ofHours(1))));

        PolicyMessage persisted = readPersisted();
        assertThat(persisted.revocations()).extracting(PolicyMessage.RevocationDoc::credentialId)
                .containsExactlyInAnyOrder("mk-0001", "mk-new");
    }

    @Test
    void givenTheContractsExamples_whenSnapshotThenDeltaApplied_thenBothApplyAndTheDeltaRevokes() throws Exception {
        Path examples = Path.of("../com.nexefii.mqtt.contract/src/test/resources/examples");

        ApplyResult snapshot = gateway.cache.apply(Files.readAllBytes(examples.resolve("policy-snapshot.json")));
        ApplyResult delta = gateway.cache.apply(Files.readAllBytes(examples.resolve("policy-delta.json")));

        assertThat(snapshot.status()).isEqualTo(Status.APPLIED);
        assertThat(delta.status()).isEqualTo(Status.APPLIED);
        assertThat(gateway.cache.version()).isEqualTo(43);
        assertThat(readPersisted().revocations()).extracting(PolicyMessage.RevocationDoc::credentialId)
                .contains("mk-7f3a");
    }

    private PolicyMessage readPersisted() {
        try {
            return PolicyJson.read(Files.readAllBytes(dir.resolve(PolicyCacheComponent.POLICY_FILE)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
