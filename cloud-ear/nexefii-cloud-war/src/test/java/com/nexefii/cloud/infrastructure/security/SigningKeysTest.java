package com.nexefii.cloud.infrastructure.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nexefii.cloud.domain.model.credential.MobileKey;
import com.nexefii.cloud.domain.model.property.PropertyId;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();

    private MobileKey key() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new MobileKey(new PropertyId("hotel-a"), UUID.randomUUID(), UUID.randomUUID(), "guest-a1",
                List.of("sim-a-101", "pool-gate"), now, now.plusSeconds(3600), now, null);
    }

    @Test
    void givenEmptyKeyDir_whenLoaded_thenKeyIsGeneratedPrivateOnDiskAndStableOnReload() throws Exception {
        SigningKeys first = SigningKeys.load(dir, null, "nexefii-cloud", clock);
        assertThat(dir.resolve("active.jwk.json")).exists();
        assertThat(Files.getPosixFilePermissions(dir.resolve("active.jwk.json")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        SigningKeys again = SigningKeys.load(dir, null, "nexefii-cloud", clock);
        assertThat(again.activeKeyId()).isEqualTo(first.activeKeyId());
    }

    @Test
    void givenMobileKey_whenSigned_thenVerifiesWithPublishedJwksAndCarriesTheContractClaims() throws Exception {
        SigningKeys keys = SigningKeys.load(dir, null, "nexefii-cloud", clock);
        MobileKey k = key();
        SignedJWT jwt = SignedJWT.parse(keys.sign(k));

        JWKSet published = JWKSet.parse(keys.publicJwks());
        assertThat(published.getKeys()).allMatch(j -> !j.isPrivate());
        ECKey publicKey = (ECKey) published.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new ECDSAVerifier(publicKey))).isTrue();
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");

        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("nexefii-cloud");
        assertThat(claims.getAudience()).containsExactly("nexefii-gateway");
        assertThat(claims.getSubject()).isEqualTo("guest-a1");
        assertThat(claims.getStringClaim("property_id")).isEqualTo("hotel-a");
        assertThat(claims.getStringListClaim("locks")).containsExactly("sim-a-101", "pool-gate");
        assertThat(claims.getJWTID()).isEqualTo(k.credentialId().toString());
        assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(k.notBefore());
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(k.expiresAt());
    }

    @Test
    void givenRetiredKey_whenLoaded_thenItsPublicPartStaysPublishedButDoesNotSign() throws Exception {
        ECKey retired = SigningKeys.generate(clock);
        Files.createDirectories(dir.resolve("retired"));
        Files.writeString(dir.resolve("retired/old.jwk.json"), retired.toJSONString());
        SigningKeys keys = SigningKeys.load(dir, null, "nexefii-cloud", clock);

        JWKSet published = JWKSet.parse(keys.publicJwks());
        assertThat(published.getKeys()).extracting(j -> j.getKeyID()).contains(retired.getKeyID(), keys.activeKeyId());
        assertThat(SignedJWT.parse(keys.sign(key())).getHeader().getKeyID()).isEqualTo(keys.activeKeyId());
    }

    @Test
    void givenPublicOnlyKeyInConfiguration_whenLoaded_thenRefusedNamingTheProblem() throws Exception {
        String publicOnly = SigningKeys.generate(clock).toPublicJWK().toJSONString();
        assertThatThrownBy(() -> SigningKeys.load(dir, publicOnly, "nexefii-cloud", clock))
                .hasMessageContaining("private");
    }
}
