package com.nexefii.cloud.infrastructure.security;

import com.nexefii.cloud.application.CredentialSigner;
import com.nexefii.cloud.domain.model.credential.MobileKey;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's mobile-key signing keys (ES256). The active private key is read from
 * {@code <keyDir>/active.jwk.json}, or from an inline JWK given through configuration, and is
 * generated there on first start when neither exists (development). Public keys of retired keys in
 * {@code <keyDir>/retired/*.jwk.json} stay published until the credentials they signed expired.
 */
public final class SigningKeys implements CredentialSigner {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
    public static final String AUDIENCE = "nexefii-gateway";

    private final ECKey active;
    private final List<JWK> published;
    private final String issuer;

    public SigningKeys(ECKey active, List<JWK> retiredPublic, String issuer) {
        if (!active.isPrivate()) {
            throw new IllegalArgumentException("the active credential key must contain its private part");
        }
        this.active = active;
        this.issuer = issuer;
        List<JWK> keys = new ArrayList<>();
        keys.add(active.toPublicJWK());
        retiredPublic.stream().map(JWK::toPublicJWK).forEach(keys::add);
        this.published = List.copyOf(keys);
    }

    /** Loads (or on first start, generates) the keys of a key directory. */
    public static SigningKeys load(Path keyDir, String inlineJwk, String issuer, Clock clock) {
        try {
            ECKey activeKey;
            if (inlineJwk != null && !inlineJwk.isBlank()) {
                activeKey = ECKey.parse(inlineJwk);
                LOG.info("Credential signing key {} taken from configuration", activeKey.getKeyID());
            } else {
                Path file = keyDir.resolve("active.jwk.json");
                if (Files.exists(file)) {
                    activeKey = ECKey.parse(Files.readString(file));
                    LOG.info("Credential signing key {} loaded from {}", activeKey.getKeyID(), file);
                } else {
                    activeKey = generate(clock);
                    Files.createDirectories(keyDir);
                    Files.writeString(file, activeKey.toJSONString(), StandardCharsets.UTF_8);
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        LOG.warn("Cannot restrict permissions of {}", file);
                    }
                    LOG.warn("Generated a new credential signing key {} in {} (development setup; see README for"
                            + " providing and rotating keys)", activeKey.getKeyID(), file);
                }
            }
            List<JWK> retired = new ArrayList<>();
            Path retiredDir = keyDir.resolve("retired");
            if (Files.isDirectory(retiredDir)) {
                try (Stream<Path> files = Files.list(retiredDir)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".jwk.json")).sorted().toList()) {
                        retired.add(JWK.parse(Files.readString(f)).toPublicJWK());
                    }
                }
            }
            return new SigningKeys(activeKey, retired, issuer);
        } catch (IOException e) {
            throw new UncheckedIOException("nexefii.credential.key-dir: cannot read or write " + keyDir, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("nexefii.credential.key / key-dir: not a valid EC P-256 JWK", e);
        }
    }

    public static ECKey generate(Clock clock) throws JOSEException {
        String kid = "nexefii-" + DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(clock.instant())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                .generate();
    }

    @Override
    public String sign(MobileKey key) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(key.holder())
                .claim("property_id", key.propertyId().value())
                .claim("locks", key.lockIds())
                .notBeforeTime(Date.from(key.notBefore()))
                .expirationTime(Date.from(key.expiresAt()))
                .issueTime(Date.from(key.issuedAt()))
                .jwtID(key.credentialId().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(active.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(active));
        } catch (JOSEException e) {
            throw new IllegalStateException("signing mobile key " + key.credentialId() + " failed", e);
        }
        return jwt.serialize();
    }

    @Override
    public Map<String, Object> publicJwks() {
        return new JWKSet(published).toJSONObject(true);
    }

    @Override
    public List<Map<String, Object>> publicKeys() {
        return published.stream().map(JWK::toJSONObject).toList();
    }

    public String activeKeyId() {
        return active.getKeyID();
    }
}
