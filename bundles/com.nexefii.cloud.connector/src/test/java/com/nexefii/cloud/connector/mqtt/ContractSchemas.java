package com.nexefii.cloud.connector.mqtt;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** The contract's JSON Schemas, loaded from the contract bundle on the test class path. */
final class ContractSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix("https://nexefii.com/schemas/mqtt/v1/",
                    "classpath:com/nexefii/mqtt/contract/v1/")));

    private ContractSchemas() {
    }

    static Set<ValidationMessage> validate(String schema, JsonNode document) {
        JsonSchema s = FACTORY.getSchema(com.networknt.schema.SchemaLocation.of("https://nexefii.com/schemas/mqtt/v1/" + schema + ".schema.json"),
                com.networknt.schema.SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        return s.validate(document);
    }
}
