package com.nexefii.policy.cache.impl;

import static com.nexefii.policy.cache.impl.GatewayUnderTest.GUEST_KEY;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.NOW;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.PROPERTY;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.policy.cache.Reason;

/** A gateway that restarts offline decides from what it had applied. */
class PolicyPersistenceTest {

    @TempDir
    Path dir;
    GatewayUnderTest gateway;

    @BeforeEach
    void givenAGatewayWithTheStandardPolicy() {
        gateway = new GatewayUnderTest(dir);
        gateway.cache.apply(gateway.standardSnapshot(42).bytes());
    }

    @Test
    void givenAppliedPolicy_whenGatewayRestarts_thenSameVersionAndSameDecisions() {
        PolicyCacheComponent restarted = gateway.restart();

        assertThat(restarted.version()).isEqualTo(42);
        assertThat(restarted.decide(gateway.guestKey(), ROOM, NOW).reason()).isEqualTo(Reason.GRANTED);
        assertThat(restarted.zoneLocks("floor-1")).contains(ROOM);
    }

    @Test
    void givenRevocationAppliedFromADelta_whenGatewayRestartsOffline_thenStillRevoked() {
        gateway.cache.apply(Policies.delta(PROPERTY, 42, 43).revoke(GUEST_KEY, NOW.plusSeconds(3600)).bytes());

        PolicyCacheComponent restarted = gateway.restart();

        assertThat(restarted.version()).isEqualTo(43);
        assertThat(restarted.decide(gateway.guestKey(), ROOM, NOW).reason()).isEqualTo(Reason.REVOKED);
    }

    @Test
    void givenLocalLockdown_whenGatewayRestarts_thenStillInLockdown() {
        gateway.cache.setLocalLockdown("floor-1", true);

        PolicyCacheComponent restarted = gateway.restart();

        assertThat(restarted.inLockdown(ROOM)).isTrue();
        assertThat(restarted.decide(gateway.guestKey(), ROOM, NOW).reason()).isEqualTo(Reason.LOCKDOWN);
    }

    @Test
    void givenPersistedPolicy_whenInspected_thenOnlyTheOwnerCanReadIt() throws Exception {
        Path file = dir.resolve(PolicyCacheComponent.POLICY_FILE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void givenCorruptPolicyFile_whenGatewayRestarts_thenNoPolicyAndTheFileIsSetAside() throws Exception {
        Path file = dir.resolve(PolicyCacheComponent.POLICY_FILE);
        Files.writeString(file, "{\"v\":1,\"kind\":\"snap", StandardCharsets.UTF_8);

        PolicyCacheComponent restarted = gateway.restart();

        assertThat(restarted.version()).isZero();
        assertThat(restarted.decide(gateway.guestKey(), ROOM, NOW).reason()).isEqualTo(Reason.NO_POLICY);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("policy.json.rejected-"));
        }
        assertThat(restarted.apply(gateway.standardSnapshot(44).bytes()).applied()).isTrue();
    }

    @Test
    void givenATempFileLeftByACrashDuringWrite_whenGatewayRestarts_thenOldPolicyLoadsAndLeftoverRemoved()
            throws Exception {
        Path leftover = dir.resolve("policy.json.123456.tmp");
        Files.writeString(leftover, "{\"v\":1,\"kind\":\"snapshot\",\"propertyId\":\"hot", StandardCharsets.UTF_8);

        PolicyCacheComponent restarted = gateway.restart();

        assertThat(restarted.version()).isEqualTo(42);
        assertThat(leftover).doesNotExist();
    }

    @Test
    void givenPolicyFileOfAnotherProperty_whenGatewayRestarts_thenNotUsed() throws Exception {
        Path file = dir.resolve(PolicyCacheComponent.POLICY_FILE);
        Files.writeString(file, Files.readString(file).replace("\"hotel-a\"", "\"hotel-b\""));

        assertThat(gateway.restart().version()).isZero();
    }

    @Test
    void givenUnreadableLockdownFile_whenGatewayRestarts_thenFailsClosedIntoLockdown() throws Exception {
        Files.writeString(dir.resolve(PolicyCacheComponent.LOCKDOWN_FILE), "garbage");

        assertThat(gateway.restart().inLockdown(ROOM)).isTrue();
    }
}
