package com.nexefii.cloud.interfaces.gateway.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.nexefii.mqtt.contract.Channel;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Validates payloads against the JSON Schemas shipped in the MQTT contract module. */
public final class ContractValidator {

    private static final String BASE = "https://nexefii.com/schemas/mqtt/v1/";
    private final Map<Channel, JsonSchema> schemas = new EnumMap<>(Channel.class);

    public ContractValidator() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mapPrefix(BASE, "classpath:com/nexefii/mqtt/contract/v1/")));
        for (Channel channel : Channel.values()) {
            JsonSchema schema = factory.getSchema(URI.create(BASE + channel.schema() + ".schema.json"));
            // resolve every $ref now, on the deploying thread, not later on an MQTT thread
            schema.initializeValidators();
            schemas.put(channel, schema);
        }
    }

    /** @return the violations, empty when the payload is valid */
    public String violations(Channel channel, JsonNode payload) {
        Set<ValidationMessage> errors = schemas.get(channel).validate(payload);
        return errors.stream().limit(5).map(ValidationMessage::getMessage).collect(Collectors.joining("; "));
    }
}
