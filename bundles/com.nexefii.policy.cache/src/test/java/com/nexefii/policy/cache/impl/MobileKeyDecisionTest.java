package com.nexefii.policy.cache.impl;

import static com.nexefii.policy.cache.impl.GatewayUnderTest.GUEST_KEY;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.NOW;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.OTHER_FLOOR;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.PROPERTY;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.ROOM;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.SPA;
import static com.nexefii.policy.cache.impl.GatewayUnderTest.SPA_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.nexefii.lock.api.LockEvent;
import com.nexefii.lock.api.LockEventType;
import com.nexefii.policy.cache.AccessRequest;
import com.nexefii.policy.cache.Decision;
import com.nexefii.policy.cache.Reason;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/** Every way a mobile key is allowed or denied, each audited. */
class MobileKeyDecisionTest {

    @TempDir
    Path dir;
    GatewayUnderTest gateway;

    @BeforeEach
    void givenTheStandardPolicy() {
        gateway = new GatewayUnderTest(dir);
        assertThat(gateway.cache.apply(gateway.standardSnapshot(42).bytes()).applied()).isTrue();
    }

    private Decision decide(String token, String lock) {
        return gateway.cache.decide(token, lock, NOW);
    }

    @Test
    void givenValidKey_whenPresentedAtItsLock_thenGrantedAndAuditedWithoutTheToken() {
        String token = gateway.guestKey();

        Decision decision = decide(token, ROOM);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.reason()).isEqualTo(Reason.GRANTED);
        assertThat(decision.credentialId()).isEqualTo(GUEST_KEY);
        assertThat(decision.holder()).isEqualTo("guest-a1");
        assertThat(decision.policyVersion()).isEqualTo(42);
        LockEvent audit = gateway.publisher.last();
        assertThat(audit.type()).isEqualTo(LockEventType.ACCESS_GRANTED);
        assertThat(audit.lockId()).isEqualTo(ROOM);
        assertThat(audit.attributes()).containsEntry("credentialId", GUEST_KEY).containsEntry("reason", "GRANTED")
                .containsEntry("lockId", ROOM).containsEntry("method", "mobile-key");
        assertThat(audit.attributes().values()).noneMatch(v -> v.contains(token) || v.contains(token.split("\\.")[2]));
    }

    @Test
    void givenValidKey_whenPresentedTwice_thenBothGrantedAndBothAudited() {
        String token = gateway.guestKey();

        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.GRANTED);
        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.GRANTED);

        assertThat(gateway.publisher.events()).hasSize(2);
    }

    @Test
    void givenNoPolicyYet_whenAnyKeyPresented_thenDeniedNoPolicy(@TempDir Path empty) {
        GatewayUnderTest fresh = new GatewayUnderTest(empty);

        Decision decision = fresh.cache.decide(fresh.guestKey(), ROOM, NOW);

        assertThat(decision.reason()).isEqualTo(Reason.NO_POLICY);
        assertThat(fresh.publisher.last().type()).isEqualTo(LockEventType.ACCESS_DENIED);
        assertThat(fresh.publisher.last().attributes()).containsEntry("reason", "NO_POLICY");
    }

    @Test
    void givenGarbage_whenPresented_thenDeniedMalformedWithUnknownCredential() {
        for (String garbage : List.of("", "not-a-token", "a.b", "a.b.c.d", "....", "x".repeat(10_000))) {
            Decision decision = decide(garbage, ROOM);
            assertThat(decision.reason()).as(garbage.length() > 20 ? "long token" : garbage).isEqualTo(Reason.MALFORMED);
            assertThat(decision.credentialId()).isEqualTo(Decision.UNKNOWN_CREDENTIAL);
        }
    }

    @Test
    void givenSignedKeyWithoutLocksClaim_whenPresented_thenDeniedMalformed() {
        JWTClaimsSet.Builder claims = CloudSigner.claims(GUEST_KEY, PROPERTY, ROOM, NOW).claim("locks", null);

        assertThat(decide(gateway.signer.sign(claims), ROOM).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void givenSignedKeyWithoutExpiry_whenPresented_thenDeniedMalformed() {
        JWTClaimsSet.Builder claims = CloudSigner.claims(GUEST_KEY, PROPERTY, ROOM, NOW).expirationTime(null);

        assertThat(decide(gateway.signer.sign(claims), ROOM).reason()).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void givenKeySignedByAnotherKeyWithTheSameKid_whenPresented_thenDeniedBadSignatureAndIdMarkedUnverified() {
        CloudSigner forger = new CloudSigner(gateway.signer.kid());
        String forged = forger.sign(CloudSigner.claims(GUEST_KEY, PROPERTY, ROOM, NOW));

        Decision decision = decide(forged, ROOM);

        assertThat(decision.reason()).isEqualTo(Reason.BAD_SIGNATURE);
        assertThat(decision.verified()).isFalse();
        assertThat(gateway.publisher.last().attributes()).containsEntry("credentialVerified", "false")
                .containsEntry("credentialId", GUEST_KEY);
    }

    @Test
    void givenValidKeyWithTamperedPayload_whenPresented_thenDeniedBadSignature() {
        String[] parts = gateway.guestKey().split("\\.");
        String otherClaims = gateway.signer.sign(CloudSigner.claims(GUEST_KEY, PROPERTY, OTHER_FLOOR, NOW)).split("\\.")[1];

        assertThat(decide(parts[0] + "." + otherClaims + "." + parts[2], OTHER_FLOOR).reason())
                .isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void givenUnsignedKeyWithAlgNone_whenPresented_thenDeniedBadSignature() {
        String unsigned = new PlainJWT(CloudSigner.claims(GUEST_KEY, PROPERTY, ROOM, NOW).build()).serialize();

        assertThat(decide(unsigned, ROOM).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void givenAlgNoneHeaderWithKidAndSignature_whenPresented_thenDeniedBadSignature() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + gateway.signer.kid() + "\"}").toString();
        String[] parts = gateway.guestKey().split("\\.");

        assertThat(decide(header + "." + parts[1] + "." + parts[2], ROOM).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void givenHs256KeyedWithTheCloudsPublicKey_whenPresented_thenDeniedBadSignature() throws Exception {
        // The classic algorithm-confusion attack: use the public key as an HMAC secret.
        byte[] secret = gateway.signer.key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(gateway.signer.kid()).build(),
                CloudSigner.claims(GUEST_KEY, PROPERTY, ROOM, NOW).build());
        jwt.sign(new MACSigner(secret));

        assertThat(decide(jwt.serialize(), ROOM).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void givenKeyWithUnknownKid_whenPresented_thenDeniedUnknownKey() {
        String token = gateway.signer.sign(CloudSigner.claims(GUEST_KEY, PROPERTY, ROOM, NOW), "rotated-away");

        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void givenKeyWithoutKid_whenPresented_thenDeniedUnknownKey() {
        String token = gateway.signer.sign(CloudSigner.claims(GUEST_KEY, PROPERTY, ROOM, NOW), null);

        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.UNKNOWN_KEY);
    }

    @Test
    void givenKeyFromAnotherIssuer_whenPresented_thenDeniedWrongIssuer() {
        String token = gateway.signer.sign(GUEST_KEY, PROPERTY, ROOM, NOW, c -> c.issuer("someone-else"));

        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.WRONG_ISSUER);
    }

    @Test
    void givenKeyForAnotherAudience_whenPresented_thenDeniedWrongAudience() {
        String token = gateway.signer.sign(GUEST_KEY, PROPERTY, ROOM, NOW, c -> c.audience("nexefii-api"));

        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.WRONG_AUDIENCE);
    }

    @Test
    void givenKeyOfAnotherProperty_whenPresented_thenDeniedWrongProperty() {
        String token = gateway.signer.sign(GUEST_KEY, "hotel-b", ROOM, NOW, c -> { });

        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.WRONG_PROPERTY);
    }

    @Test
    void givenRevokedKey_whenPresented_thenDeniedRevoked() {
        String token = gateway.signer.sign(CloudSigner.claims("mk-0001", PROPERTY, ROOM, NOW));

        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.REVOKED);
    }

    @Test
    void givenExpiredKey_whenPresented_thenDeniedExpired() {
        String token = gateway.signer.sign(GUEST_KEY, PROPERTY, ROOM, NOW,
                c -> c.expirationTime(Date.from(NOW.minusSeconds(31))));

        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void givenKeyExpiredWithinTheClockSkew_whenPresented_thenGranted() {
        String token = gateway.signer.sign(GUEST_KEY, PROPERTY, ROOM, NOW,
                c -> c.expirationTime(Date.from(NOW.minusSeconds(29))));

        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.GRANTED);
    }

    @Test
    void givenKeyNotValidYet_whenPresented_thenDeniedNotYetValid() {
        String token = gateway.signer.sign(GUEST_KEY, PROPERTY, ROOM, NOW,
                c -> c.notBeforeTime(Date.from(NOW.plusSeconds(31))));

        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void givenKeyForAnotherRoom_whenPresentedAtThisOne_thenDeniedWrongLock() {
        assertThat(decide(gateway.guestKey(), OTHER_FLOOR).reason()).isEqualTo(Reason.WRONG_LOCK);
    }

    @Test
    void givenKeyListingMoreLocksThanItsGrant_whenPresentedAtTheExtraLock_thenDeniedWrongLock() {
        String token = gateway.signer.sign(GUEST_KEY, PROPERTY, ROOM, NOW,
                c -> c.claim("locks", List.of(ROOM, OTHER_FLOOR)));

        assertThat(decide(token, OTHER_FLOOR).reason()).isEqualTo(Reason.WRONG_LOCK);
        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.GRANTED);
    }

    @Test
    void givenKeyWhoseGrantEnded_whenPresented_thenDeniedExpired() {
        gateway.cache.apply(Policies.delta(PROPERTY, 42, 43)
                .grant("stay-1001", GUEST_KEY, List.of(ROOM), NOW.minus(Duration.ofDays(2)), NOW.minusSeconds(1), null)
                .bytes());

        assertThat(decide(gateway.guestKey(), ROOM).reason()).isEqualTo(Reason.EXPIRED);
    }

    @Test
    void givenKeyWhoseGrantStartsTomorrow_whenPresented_thenDeniedNotYetValid() {
        gateway.cache.apply(Policies.delta(PROPERTY, 42, 43)
                .grant("stay-1001", GUEST_KEY, List.of(ROOM), NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2)), null)
                .bytes());

        assertThat(decide(gateway.guestKey(), ROOM).reason()).isEqualTo(Reason.NOT_YET_VALID);
    }

    @Test
    void givenSpaKeyScheduledInTheMorning_whenPresentedAtThreePm_thenDeniedOutsideSchedule() {
        Instant tenAm = Instant.parse("2026-11-25T10:00:00Z");
        String token = gateway.signer.sign(SPA_KEY, PROPERTY, SPA, NOW,
                c -> c.notBeforeTime(Date.from(tenAm.minusSeconds(3600))));

        assertThat(decide(token, SPA).reason()).isEqualTo(Reason.OUTSIDE_SCHEDULE);
        assertThat(gateway.cache.decide(AccessRequest.mobileKey(token, SPA, tenAm)).reason()).isEqualTo(Reason.GRANTED);
    }

    @Test
    void givenKeyIssuedWhileGatewayWasOffline_whenPresented_thenGrantedOnItsSignatureAlone() {
        String token = gateway.signer.sign(CloudSigner.claims("mk-new", PROPERTY, ROOM, NOW));

        assertThat(decide(token, ROOM).reason()).isEqualTo(Reason.GRANTED);
    }

    @Test
    void givenPropertyLockdownFromTheCloud_whenValidKeyPresented_thenDeniedLockdown() {
        gateway.cache.apply(Policies.delta(PROPERTY, 42, 43).lockdown(true).bytes());

        assertThat(decide(gateway.guestKey(), ROOM).reason()).isEqualTo(Reason.LOCKDOWN);
    }

    @Test
    void givenZoneLockdownFromTheCloud_whenValidKeyPresentedInThatZone_thenDeniedLockdown() {
        gateway.cache.apply(Policies.delta(PROPERTY, 42, 43).lockdown(false, "floor-1").bytes());

        assertThat(decide(gateway.guestKey(), ROOM).reason()).isEqualTo(Reason.LOCKDOWN);
        assertThat(gateway.cache.inLockdown(OTHER_FLOOR)).isFalse();
    }

    @Test
    void givenLocalZoneLockdown_whenValidKeyPresented_thenDeniedLockdownUntilLifted() {
        gateway.cache.setLocalLockdown("floor-1", true);
        assertThat(decide(gateway.guestKey(), ROOM).reason()).isEqualTo(Reason.LOCKDOWN);

        gateway.cache.setLocalLockdown("floor-1", false);
        assertThat(decide(gateway.guestKey(), ROOM).reason()).isEqualTo(Reason.GRANTED);
    }

    @Test
    void givenLocalPropertyLockdown_whenCloudSnapshotSaysNoLockdown_thenStillDeniedLockdown() {
        gateway.cache.setLocalLockdown(null, true);

        gateway.cache.apply(gateway.standardSnapshot(50).bytes());

        assertThat(decide(gateway.guestKey(), ROOM).reason()).isEqualTo(Reason.LOCKDOWN);
    }

    @Test
    void givenAuditStoreFailing_whenValidKeyPresented_thenDeniedAuditFailed() {
        gateway.publisher.refusing(true);

        Decision decision = decide(gateway.guestKey(), ROOM);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).isEqualTo(Reason.AUDIT_FAILED);
    }

    @Test
    void givenRotatedKeys_whenKeySignedWithTheOldKeyPresented_thenDeniedUnknownKey() {
        String oldToken = gateway.guestKey();
        assertThat(decide(oldToken, ROOM).reason()).isEqualTo(Reason.GRANTED);
        CloudSigner next = new CloudSigner("cloud-2026-12");

        gateway.cache.apply(Policies.delta(PROPERTY, 42, 43).keys(next.publicJwks()).bytes());

        assertThat(decide(oldToken, ROOM).reason()).isEqualTo(Reason.UNKNOWN_KEY);
        assertThat(decide(next.sign(CloudSigner.claims(GUEST_KEY, PROPERTY, ROOM, NOW)), ROOM).reason())
                .isEqualTo(Reason.GRANTED);
    }

    @Test
    void givenDerEncodedSignature_whenPresented_thenDeniedBadSignature() throws Exception {
        // JWS ES256 signatures are R||S; a DER signature of the same input must not pass.
        String[] parts = gateway.guestKey().split("\\.");
        java.security.Signature der = java.security.Signature.getInstance("SHA256withECDSA");
        der.initSign(gateway.signer.key.toECPrivateKey());
        der.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        String derSignature = Base64.getUrlEncoder().withoutPadding().encodeToString(der.sign());

        assertThat(decide(parts[0] + "." + parts[1] + "." + derSignature, ROOM).reason())
                .isEqualTo(Reason.BAD_SIGNATURE);
    }
}
