package com.nexefii.policy.cache.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

/**
 * The policies these tests feed the cache, and the file it writes, are valid against the MQTT
 * contract's schema: the cache is tested on what the cloud really sends.
 */
class FixturesMatchTheContractTest {

    private static JsonSchema policySchema() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mapPrefix("https://nexefii.com/schemas/mqtt/v1/",
                        "classpath:com/nexefii/mqtt/contract/v1/")));
        return factory.getSchema(URI.create("https://nexefii.com/schemas/mqtt/v1/policy.schema.json"));
    }

    @Test
    void givenTheTestPolicies_whenValidatedAgainstTheContract_thenValid(@TempDir Path dir) throws Exception {
        GatewayUnderTest gateway = new GatewayUnderTest(dir);
        JsonSchema schema = policySchema();

        assertThat(schema.validate(gateway.standardSnapshot(42).node())).isEmpty();
        assertThat(schema.validate(Policies.delta("hotel-a", 42, 43).revoke("mk-1", GatewayUnderTest.NOW)
                .removeGrant("g").staff("staff").zone("floor-2").lockdown(true).node())).isEmpty();
    }

    @Test
    void givenThePersistedPolicyFile_whenValidatedAgainstTheContract_thenValid(@TempDir Path dir) throws Exception {
        GatewayUnderTest gateway = new GatewayUnderTest(dir);
        gateway.cache.apply(gateway.standardSnapshot(42).bytes());

        byte[] file = Files.readAllBytes(dir.resolve(PolicyCacheComponent.POLICY_FILE));

        assertThat(policySchema().validate(Policies.JSON.readTree(file))).isEmpty();
    }
}
