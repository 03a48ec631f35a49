package com.nexefii.cloud.infrastructure.security;

import com.nexefii.cloud.application.CredentialSigner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class SigningKeysProducer {

    @Inject
    @ConfigProperty(name = "nexefii.credential.key-dir", defaultValue = "${user.home}/.nexefii/credential-keys")
    String keyDir;
    @Inject
    @ConfigProperty(name = "nexefii.credential.key")
    Optional<String> inlineKey;
    @Inject
    @ConfigProperty(name = "nexefii.credential.issuer", defaultValue = "nexefii-cloud")
    String issuer;
    @Inject
    Clock clock;

    @Produces
    @ApplicationScoped
    CredentialSigner signer() {
        String dir = keyDir.replace("${user.home}", System.getProperty("user.home"));
        return SigningKeys.load(Path.of(dir), inlineKey.orElse(null), issuer, clock);
    }
}
