package com.nexefii.mqtt.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The example payloads of the README are valid, and the schemas catch the mistakes that matter. */
class ContractSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonSchema schema(String name) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mapPrefix("https://nexefii.com/schemas/mqtt/v1/",
                        "classpath:com/nexefii/mqtt/contract/v1/")));
        return factory.getSchema(java.net.URI.create("https://nexefii.com/schemas/mqtt/v1/" + name + ".schema.json"));
    }

    static JsonNode example(String file) throws IOException {
        try (InputStream in = ContractSchemasTest.class.getResourceAsStream("/examples/" + file)) {
            return JSON.readTree(in);
        }
    }

    @ParameterizedTest(name = "{1} is valid against {0}")
    @CsvSource({
        "command, command-unlock.json",
        "event, event-unlocked.json",
        "event, event-command-result.json",
        "policy, policy-snapshot.json",
        "policy, policy-delta.json",
        "policy-ack, policy-ack.json",
        "status, status-birth.json",
        "inventory, inventory.json",
        "package-install, package-install.json",
        "event, event-package-install-progress.json",
        "event, event-package-install-rolled-back.json",
        "event-ack, event-ack.json"
    })
    void givenDocumentedExample_whenValidated_thenNoErrors(String schema, String file) throws IOException {
        Set<ValidationMessage> errors = schema(schema).validate(example(file));
        assertThat(errors).isEmpty();
    }

    @ParameterizedTest(name = "{1} is rejected by {0}")
    @CsvSource({
        "command, bad-command-wildcard-gateway.json",
        "command, bad-command-extra-field.json",
        "event, bad-result-without-outcome.json",
        "package-install, bad-package-install-http-url.json",
        "package-install, bad-package-install-uppercase-hash.json",
        "event, bad-package-install-event-without-stage.json",
        "event-ack, bad-event-ack-open-range.json"
    })
    void givenBrokenPayload_whenValidated_thenRejected(String schema, String file) throws IOException {
        assertThat(schema(schema).validate(example(file))).isNotEmpty();
    }
}
