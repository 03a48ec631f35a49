package com.nexefii.cloud.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nexefii.cloud.interfaces.gateway.mqtt.ContractValidator;
import com.nexefii.mqtt.contract.Channel;
import com.nexefii.stack.fixture.Http;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Check-in, mobile key verifiable with the published JWKS, remote unlock rights, revocation to the gateway. */
class MobileKeyIT {

    static CloudStack stack;
    static Http http;

    @BeforeAll
    static void stack() {
        stack = CloudStack.get();
        http = stack.http();
    }

    /** A fresh room with one lock and guest-a1 checked in; returns the lock id. */
    private static String roomWithGuest(GatewayClient gw) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String lock = "it-" + suffix;
        gw.birth(true);
        gw.inventory(lock);
        String admin = stack.token("admin-a");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> http.get("/api/v1/properties/hotel-a/locks/" + lock, admin).status() == 200);
        assertThat(http.post("/api/v1/properties/hotel-a/zones", admin, Map.of("zoneId", "room-" + suffix, "name",
                "Room " + suffix, "kind", "ROOM", "lockIds", List.of(lock)), Map.of()).status()).isEqualTo(201);
        Instant now = Instant.now();
        Http.Answer stay = http.post("/api/v1/properties/hotel-a/stays", stack.token("staff-a"), Map.of("holder", "guest-a1",
                "roomZoneId", "room-" + suffix, "validFrom", now.minus(1, ChronoUnit.HOURS).toString(),
                "validUntil", now.plus(1, ChronoUnit.DAYS).toString()), Map.of());
        assertThat(stay.status()).isEqualTo(201);
        assertThat(stay.json().path("lockIds").get(0).asText()).isEqualTo(lock);
        return lock;
    }

    @Test
    void givenCheckedInGuest_whenRequestingAKey_thenItVerifiesWithTheJwksAndIsBoundToTheStay() throws Exception {
        try (GatewayClient gw = stack.gateway("hotel-a", "itgw-a")) {
            String lock = roomWithGuest(gw);
            Http.Answer issued = http.post("/api/v1/me/keys", stack.token("guest-a1"), Map.of(), Map.of());
            assertThat(issued.status()).isEqualTo(201);

            SignedJWT jwt = SignedJWT.parse(issued.json().path("credential").asText());
            JWKSet jwks = JWKSet.parse(http.get("/api/v1/jwks", null).body());
            ECKey key = (ECKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
            assertThat(key).isNotNull();
            assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
            var claims = jwt.getJWTClaimsSet();
            assertThat(claims.getAudience()).containsExactly("nexefii-gateway");
            assertThat(claims.getSubject()).isEqualTo("guest-a1");
            assertThat(claims.getStringClaim("property_id")).isEqualTo("hotel-a");
            assertThat(claims.getStringListClaim("locks")).contains(lock);
            assertThat(claims.getExpirationTime().toInstant()).isBefore(Instant.now().plus(2, ChronoUnit.HOURS));
            assertThat(claims.getJWTID()).isEqualTo(issued.json().path("credentialId").asText());

            // the gateway receives the same public keys in its policy
            JsonNode policy = null;
            while ((policy = gw.policies.poll(5, TimeUnit.SECONDS)) != null && !policy.path("kind").asText().equals("snapshot")) {
                // deltas are skipped here
            }
            assertThat(policy).isNotNull();
            assertThat(new ContractValidator().violations(Channel.POLICY, policy)).isEmpty();
            assertThat(policy.path("keys").path("keys").toString()).contains(jwt.getHeader().getKeyID());
        }
    }

    @Test
    void givenGuest_whenUnlockingRemotely_thenOnlyDoorsOfTheStayAreAllowed() {
        try (GatewayClient gw = stack.gateway("hotel-a", "itgw-a")) {
            String lock = roomWithGuest(gw);
            String guest = stack.token("guest-a1");
            assertThat(http.post("/api/v1/me/locks/" + lock + "/unlock", guest, null,
                    Map.of("Idempotency-Key", "it-guest-" + UUID.randomUUID())).status()).isEqualTo(202);
            long deniedBefore = http.get("/api/v1/properties/hotel-a/audit?type=REMOTE_UNLOCK_DENIED&actor=guest-a2",
                    stack.token("staff-a")).json().path("total").asLong();
            assertThat(http.post("/api/v1/me/locks/" + lock + "/unlock", stack.token("guest-a2"), null,
                    Map.of("Idempotency-Key", "it-guest-" + UUID.randomUUID())).status()).isEqualTo(403);
            assertThat(http.get("/api/v1/properties/hotel-a/audit?type=REMOTE_UNLOCK_DENIED&actor=guest-a2",
                    stack.token("staff-a")).json().path("total").asLong()).isEqualTo(deniedBefore + 1);
            assertThat(http.post("/api/v1/me/locks/" + lock + "/unlock", stack.token("guest-b1"), null,
                    Map.of("Idempotency-Key", "it-guest-" + UUID.randomUUID())).status()).isIn(403, 404);
            assertThat(http.post("/api/v1/me/keys", stack.token("guest-b1"), Map.of(), Map.of()).status()).isEqualTo(403);
        }
    }

    @Test
    void givenIssuedKey_whenStaffRevokesIt_thenTheGatewayReceivesTheRevocationWithinTwoSeconds() throws Exception {
        try (GatewayClient gw = stack.gateway("hotel-a", "itgw-a")) {
            roomWithGuest(gw);
            String credentialId = http.post("/api/v1/me/keys", stack.token("guest-a1"), Map.of(), Map.of()).json()
                    .path("credentialId").asText();
            gw.policies.clear();
            long revokedAt = System.nanoTime();
            Http.Answer revoked = http.post("/api/v1/properties/hotel-a/credentials/" + credentialId + "/revoke",
                    stack.token("staff-a"), Map.of("reason", "lost phone"), Map.of());
            assertThat(revoked.status()).isEqualTo(200);
            JsonNode delta = gw.policies.poll(2, TimeUnit.SECONDS);
            long elapsedMillis = (System.nanoTime() - revokedAt) / 1_000_000;
            assertThat(delta).as("policy delta within 2 s of the revoke call").isNotNull();
            assertThat(delta.path("kind").asText()).isEqualTo("delta");
            assertThat(delta.path("revocations").toString()).contains(credentialId);
            assertThat(new ContractValidator().violations(Channel.POLICY, delta)).isEmpty();
            assertThat(elapsedMillis).isLessThan(2_000);
            assertThat(http.post("/api/v1/properties/hotel-a/credentials/" + credentialId + "/revoke",
                    stack.token("staff-a"), Map.of(), Map.of()).status()).isEqualTo(409);
        }
    }
}
