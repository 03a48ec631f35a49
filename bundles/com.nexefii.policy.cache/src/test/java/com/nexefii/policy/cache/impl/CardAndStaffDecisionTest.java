package com.nexefii.policy.cache.impl;

import static com.nexefii.policy.cache.impl.GatewayUnderTest.CARD;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.NEIGHBOUR;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.NOW;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.OTHER_FLOOR;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.PROPERTY;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.lock.api.CommandType;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.policy.cache.AccessRequest;
import com.nexefii.policy.cache.Decision;
import com.nexefii.policy.cache.Reason;
import com.nexefii.policy.cache.StaffRequest;

/** Cards decided from grants, staff from zones, lockdown overrides. */
class CardAndStaffDecisionTest {

    @TempDir
    Path dir;
    GatewayUnderTest gateway;

    @BeforeEach
    void givenTheStandardPolicy() {
        gateway = new GatewayUnderTest(dir);
        gateway.cache.apply(gateway.standardSnapshot(42).bytes());
    }

    private Decision staff(String lock, CommandType action, String... roles) {
        return gateway.cache.decideStaff(new StaffRequest("staff-a", Set.of(roles), lock, action, NOW));
    }

    @Test
    void givenGrantedCard_whenPresentedAtItsRoom_thenGranted() {
        Decision decision = gateway.cache.decide(AccessRequest.card(CARD, ROOM, NOW));

        assertThat(decision.reason()).isEqualTo(Reason.GRANTED);
        assertThat(gateway.publisher.last().attributes()).containsEntry("method", "card");
    }

    @Test
    void givenUnknownCard_whenPresented_thenDeniedUnknownCredential() {
        assertThat(gateway.cache.decide(AccessRequest.card("card-ffff", ROOM, NOW)).reason())
                .isEqualTo(Reason.UNKNOWN_CREDENTIAL);
    }

    @Test
    void givenGrantedCard_whenPresentedElsewhere_thenDeniedWrongLock() {
        assertThat(gateway.cache.decide(AccessRequest.card(CARD, NEIGHBOUR, NOW)).reason()).isEqualTo(Reason.WRONG_LOCK);
    }

    @Test
    void givenGrantedCard_whenRevokedByDelta_thenDeniedRevoked() {
        gateway.cache.apply(Policies.delta(PROPERTY, 42, 43).revoke(CARD, NOW.plusSeconds(3600)).bytes());

        assertThat(gateway.cache.decide(AccessRequest.card(CARD, ROOM, NOW)).reason()).isEqualTo(Reason.REVOKED);
    }

    @Test
    void givenGrantedCard_whenAfterTheStay_thenDeniedExpired() {
        Instant later = NOW.plusSeconds(3 * 24 * 3600);

        assertThat(gateway.cache.decide(AccessRequest.card(CARD, ROOM, later)).reason()).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void givenStaffOfFloorOne_whenUnlockingOnFloorOne_thenAllowedByStaffZoneAndAudited() {
        Decision decision = staff(NEIGHBOUR, CommandType.UNLOCK, "staff");

        assertThat(decision.reason()).isEqualTo(Reason.STAFF_ZONE);
        assertThat(gateway.publisher.last().type()).isEqualTo(LockEventType.ACCESS_GRANTED);
        assertThat(gateway.publisher.last().attributes()).containsEntry("credentialId", "staff-a")
                .containsEntry("method", "staff");
    }

    @Test
    void givenStaffOfFloorOne_whenUnlockingOnFloorTwo_thenDeniedNotPermitted() {
        assertThat(staff(OTHER_FLOOR, CommandType.UNLOCK, "staff").reason()).isEqualTo(Reason.NOT_PERMITTED);
    }

    @Test
    void givenGuestRoleOnly_whenUnlocking_thenDeniedNotPermitted() {
        assertThat(staff(ROOM, CommandType.UNLOCK, "guest").reason()).isEqualTo(Reason.NOT_PERMITTED);
    }

    @Test
    void givenPropertyAdminWithAllZones_whenUnlockingAnyLock_thenAllowed() {
        assertThat(staff(OTHER_FLOOR, CommandType.UNLOCK, "property-admin").reason()).isEqualTo(Reason.STAFF_ZONE);
    }

    @Test
    void givenLockdown_whenStaffUnlocks_thenDeniedLockdown_butLockingStillAllowed() {
        gateway.cache.setLocalLockdown(null, true);

        assertThat(staff(ROOM, CommandType.UNLOCK, "staff").reason()).isEqualTo(Reason.LOCKDOWN);
        assertThat(staff(ROOM, CommandType.LOCK, "staff").reason()).isEqualTo(Reason.STAFF_ZONE);
    }

    @Test
    void givenLockdown_whenPropertyAdminUnlocks_thenAllowedAsLockdownOverride() {
        gateway.cache.setLocalLockdown(null, true);

        assertThat(staff(ROOM, CommandType.UNLOCK, "property-admin").reason()).isEqualTo(Reason.LOCKDOWN_OVERRIDE);
    }

    @Test
    void givenNoPolicy_whenStaffUnlocks_thenDeniedNoPolicy(@TempDir Path empty) {
        GatewayUnderTest fresh = new GatewayUnderTest(empty);

        assertThat(fresh.cache.decideStaff(new StaffRequest("staff-a", Set.of("property-admin"), ROOM,
                CommandType.UNLOCK, NOW)).reason()).isEqualTo(Reason.NO_POLICY);
    }

    @Test
    void givenZones_whenAskedForAZonesLocks_thenListed() {
        assertThat(gateway.cache.zoneLocks("floor-1")).containsExactlyInAnyOrder(ROOM, NEIGHBOUR);
        assertThat(gateway.cache.zoneLocks("nowhere")).isEmpty();
    }
}
