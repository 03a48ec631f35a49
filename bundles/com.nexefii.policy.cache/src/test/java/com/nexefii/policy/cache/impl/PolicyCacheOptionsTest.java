package com.nexefii.policy.cache.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class PolicyCacheOptionsTest {

    /** Stands in for the annotation instance SCR builds from ConfigAdmin properties. */
    record Config(String dataDirectory, String credentialIssuer, String credentialAudience, int clockSkewSeconds,
            String scheduleTimeZone, String[] lockdownOverrideRoles, int verifiedCredentialCacheSize,
            int maxPolicyBytes) implements PolicyCacheConfig {

        static Config defaults() {
            return new Config("", "nexefii-cloud", "nexefii-gateway", 30, "", new String[] {"property-admin"}, 10_000,
                    16 * 1024 * 1024);
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return PolicyCacheConfig.class;
        }
    }

    @Test
    void givenDefaults_whenParsed_thenBundleDataAreaAndSystemZoneUsed() {
        PolicyCacheOptions options = PolicyCacheOptions.from(Config.defaults(), Path.of("/data"));

        assertThat(options.dataDirectory()).isEqualTo(Path.of("/data"));
        assertThat(options.scheduleZone()).isEqualTo(ZoneId.systemDefault());
        assertThat(options.lockdownOverrideRoles()).containsExactly("property-admin");
    }

    @Test
    void givenUnknownTimeZone_whenParsed_thenErrorNamesTheProperty() {
        Config bad = new Config("", "nexefii-cloud", "nexefii-gateway", 30, "Mars/Olympus", new String[0], 0, 4096);

        assertThatIllegalArgumentException().isThrownBy(() -> PolicyCacheOptions.from(bad, Path.of("/data")))
                .withMessageStartingWith("scheduleTimeZone");
    }

    @Test
    void givenTooMuchClockSkew_whenParsed_thenErrorNamesTheProperty() {
        Config bad = new Config("", "nexefii-cloud", "nexefii-gateway", 3600, "", new String[0], 0, 4096);

        assertThatIllegalArgumentException().isThrownBy(() -> PolicyCacheOptions.from(bad, Path.of("/data")))
                .withMessageStartingWith("clockSkewSeconds");
    }

    @Test
    void givenBlankIssuer_whenParsed_thenErrorNamesTheProperty() {
        Config bad = new Config("", " ", "nexefii-gateway", 30, "", new String[0], 0, 4096);

        assertThatIllegalArgumentException().isThrownBy(() -> PolicyCacheOptions.from(bad, Path.of("/data")))
                .withMessageStartingWith("credentialIssuer");
    }

    @Test
    void givenNoDataDirectoryAndNoDataArea_whenParsed_thenErrorNamesTheProperty() {
        assertThatIllegalArgumentException().isThrownBy(() -> PolicyCacheOptions.from(Config.defaults(), null))
                .withMessageStartingWith("dataDirectory");
    }
}
